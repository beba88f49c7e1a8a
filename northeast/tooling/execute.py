"""Running notebooks for the build: a fresh kernel per notebook with its data reads traced, cell
failures said as notebook, cell and line, and outputs made byte-stable between runs."""
from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import nbformat

from ..paths import ROOT
from .cache import (BuildError, Layout, _cached, _name, _save_manifest, _sha, _write_atomic, code_digest,
                    package_digest, reads_digest)
from .prose import METADATA_KEY, collect, evaluation_cell, expressions

if TYPE_CHECKING:
    from .build import Report

TIMEOUT = 600  # seconds per cell
WORKERS = 2  # notebooks executed at a time
# Environment of every kernel: fixed hash seed and backend, and the package the build itself runs.
KERNEL_ENV = {"PYTHONHASHSEED": "0", "MPLBACKEND": "module://matplotlib_inline.backend_inline",
              "SOURCE_DATE_EPOCH": "0", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}



def _cell_failure(name: str, nb, index: int, what: str) -> BuildError:
    """'notebooks/x.ipynb, cell 5 (code cell 3):' then what went wrong, and where the failing line is
    not known, the cell's first line to find it by."""
    source = nb.cells[index].source.strip().splitlines()
    code_number = sum(1 for c in nb.cells[: index + 1] if c.cell_type == "code")
    where = "" if " at line " in what or not source else f"\n    the cell starts: {source[0][:100]}"
    return BuildError(f"{name}, cell {index + 1} (code cell {code_number}):\n    {what}{where}")


def _error_line(traceback: list[str], nb, index: int) -> str:
    """' at line 4: assert share > 0' for the failing line of cell ``index``, from an IPython
    traceback ('Cell In[3], line 4'); when the error was raised inside a function another cell
    defined, that cell's line too. Empty when the traceback does not say."""
    text = re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(traceback))
    frames = re.findall(r"Cell In\[(\d*)\], line (\d+)", text)
    if not frames:
        return ""

    def quote(source: str, number: int) -> str:
        lines = source.splitlines()
        return lines[number - 1].strip()[:120] if 0 < number <= len(lines) else ""

    first_count, first_line = frames[0]    # the outermost frame: the cell being executed
    code = quote(nb.cells[index].source, int(first_line))
    where = f" at line {first_line}" + (f": {code}" if code else "")
    last_count, last_line = frames[-1]     # the innermost: where the error was raised
    if last_count != first_count:
        cells = [i for i, c in enumerate(nb.cells) if str(c.get("execution_count")) == last_count]
        if cells:
            raised = quote(nb.cells[cells[0]].source, int(last_line))
            where += f" (raised in cell {cells[0]}, line {last_line}" + (f": {raised})" if raised else ")")
    return where


STYLER_TABLE = re.compile(r'<table id="T_([0-9a-f]{3,32})"')
OBJECT_ADDRESS = re.compile(r" at 0x[0-9a-f]{6,16}>")


def stable_output_ids(nb: nbformat.NotebookNode) -> None:
    """Make two executions print the same bytes where Python would not: the random ids pandas'
    Styler gives its tables (``T_1a2b3``, from uuid4) become ids made from the cell and output
    position (only ids declared by a ``<table id="T_...">`` in the same output are touched), and
    the memory address in the plain-text fallback of a rich output (``<Styler at 0x7f...>``) goes."""
    for index, cell in enumerate(nb.cells):
        for number, output in enumerate(cell.get("outputs", [])):
            bundle = output.get("data", {})
            plain = bundle.get("text/plain")
            if plain and len(bundle) > 1:
                bundle["text/plain"] = OBJECT_ADDRESS.sub(">", "".join(plain) if isinstance(plain, list) else plain)
            html = bundle.get("text/html")
            if not html:
                continue
            text = "".join(html) if isinstance(html, list) else html
            for k, uuid in enumerate(dict.fromkeys(STYLER_TABLE.findall(text))):
                text = re.sub(rf"\bT_{uuid}(?![0-9a-f])", f"T_c{index}o{number}t{k}", text)
            output["data"]["text/html"] = text


def execute(notebook: Path, folder: Path) -> tuple[nbformat.NotebookNode, list[dict], str]:
    """Run a notebook in a fresh kernel; return it with outputs, the data reads it made and the
    digest of the code that ran."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
    from traitlets.config import Config

    name = _name(notebook)
    nb = nbformat.read(notebook, as_version=4)
    code = code_digest(nb)
    evaluated = expressions(nb)
    if evaluated:   # run after the last cell, then taken off (prose.collect)
        nb.cells.append(nbformat.v4.new_code_cell(evaluation_cell(evaluated)))
    scratch = Path(tempfile.mkdtemp(prefix="northeast-kernel-"))
    trace_path = scratch / "trace.jsonl"
    trace_path.touch()
    env = dict(os.environ, **KERNEL_ENV, NORTHEAST_TRACE=str(trace_path), NORTHEAST_VALIDATED=str(folder),
               NORTHEAST_DATA_DIR=str(folder),
               PYTHONPATH=os.pathsep.join([str(ROOT)] + [p for p in [os.environ.get("PYTHONPATH")] if p]))
    # IPC sockets in a private folder: no TCP port, hence no "running over TCP without encryption".
    config = Config({"KernelManager": {"transport": "ipc", "ip": str(scratch / "kernel")}})
    client = NotebookClient(nb, timeout=TIMEOUT, kernel_name="python3", record_timing=False, config=config,
                            resources={"metadata": {"path": str(Path(notebook).parent)}})
    current = [0]

    def on_cell_execute(cell, cell_index, **_):
        current[0] = cell_index

    client.on_cell_execute = on_cell_execute
    try:
        try:
            client.execute(env=env)
        except CellTimeoutError:
            raise _cell_failure(name, nb, current[0], f"timed out after {TIMEOUT} s") from None
        except CellExecutionError as exc:
            error = next((o for o in nb.cells[current[0]].get("outputs", []) if o.get("output_type") == "error"), {})
            evalue = f": {exc.evalue}" if exc.evalue else ""
            what = f"{exc.ename}{evalue}{_error_line(error.get('traceback', []), nb, current[0])}"
            raise _cell_failure(name, nb, current[0], what) from None
        except DeadKernelError:
            raise _cell_failure(name, nb, current[0], "the kernel died (out of memory?)") from None
        except Exception as exc:  # the kernel did not start, a broken notebook file, ...
            raise BuildError(f"{name}:\n    {type(exc).__name__}: {exc}") from None
        for index, cell in enumerate(nb.cells):
            for output in cell.get("outputs", []):
                if output.get("output_type") == "stream" and output.get("name") == "stderr":
                    raise _cell_failure(name, nb, index, "wrote to stderr: " + output.get("text", "")[:300].strip())
        if evaluated:
            nb.metadata.setdefault(METADATA_KEY, {})["expressions"] = collect(nb, evaluated, name)
        reads = [json.loads(line) for line in trace_path.read_text().splitlines() if line.strip()]
        stable_output_ids(nb)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    unique = {json.dumps(r, sort_keys=True): r for r in reads}
    return nb, [unique[k] for k in sorted(unique)], code


def _timed(function, *args):
    started = time.perf_counter()
    return function(*args), time.perf_counter() - started


def execute_stale(stale: list[Path], manifest: dict, folder: Path, report: Report, lay: Layout) -> None:
    """Execute the stale notebooks two at a time; save each success to the cache at once."""
    package = package_digest()
    failures = []
    with ThreadPoolExecutor(max_workers=max(1, min(WORKERS, len(stale)))) as pool:
        futures = [(notebook, pool.submit(_timed, execute, notebook, folder)) for notebook in stale]
        for notebook, future in futures:
            try:
                (nb, reads, code), seconds = future.result()
            except BuildError as exc:
                failures.append(str(exc))
                continue
            name = _name(notebook)
            output = nbformat.writes(nb).encode()
            _write_atomic(_cached(lay.executed, notebook), output)
            # keyed on the rows as the kernel read them: data edited during the run leave it stale
            manifest[name] = {"key": _sha(code, package, reads_digest(reads)), "reads": reads, "output": _sha(output)}
            _save_manifest(manifest, lay)
            report.executed.append(name)
            report.notebook_seconds[name] = seconds
    if failures:
        raise BuildError("notebook execution failed:\n" + "\n".join(failures))
