"""Build the book: validate, execute what changed, build into a staging folder, swap on success.

Jupyter Book's own cache keys a notebook on its code cells only, so new data would leave stale
outputs. Here each notebook's key also covers the rows it read (traced through
``northeast.data``) and the package's code, so editing one CSV value re-executes exactly the
notebooks that read that row. A failed build exits non-zero and leaves ``_build/html`` as it was.

Layout under ``_build/``::

    html/               the published book (replaced only by a successful build)
    .stage/executed/    executed notebooks and manifest.json (keys and traced reads)
    .stage/src/         the book's source as Jupyter Book sees it (executed notebooks, pages)
    .stage/out/         Jupyter Book's output folder, kept for Sphinx's incremental rebuild
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from . import data as data_module
from .paths import ROOT, data_dir

BUILD = Path(os.environ.get("NORTHEAST_BUILD_DIR", ROOT / "_build"))
STAGE = BUILD / ".stage"
EXECUTED = STAGE / "executed"
SRC = STAGE / "src"
OUT = STAGE / "out"
HTML = BUILD / "html"
MANIFEST = EXECUTED / "manifest.json"
# What the book's source is made of, relative to the project root.
BOOK_FILES = ("_config.yml", "_toc.yml", "logo.png", "favicon.ico")
BOOK_DIRS = ("book",)
DATA_FILES = ("*.csv", "datapackage.json", "README.md", "*.md")
# Package modules that shape no notebook output: editing them re-executes nothing.
TOOLING = {"build.py", "bench.py", "__main__.py", "validate.py", "pages.py"}
TIMEOUT = 600  # seconds per cell


class BuildError(RuntimeError):
    """A step failed; the message names the file and line, or the notebook and cell."""


@dataclass
class Report:
    executed: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    sphinx_ran: bool = False
    seconds: dict[str, float] = field(default_factory=dict)


def _sha(*parts: bytes | str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()


def package_digest() -> str:
    """Hash of the package code that notebooks run (not the build tooling)."""
    package = ROOT / "northeast"
    files = sorted(p for p in package.rglob("*") if p.is_file() and p.suffix in {".py", ".mplstyle"}
                   and p.name not in TOOLING and "__pycache__" not in p.parts)
    return _sha(*(f"{p.relative_to(package)}:{_sha(p.read_bytes())}" for p in files))


def code_digest(notebook: Path) -> str:
    nb = nbformat.read(notebook, as_version=4)
    kernel = nb.metadata.get("kernelspec", {}).get("name", "python3")
    return _sha(kernel, *(c.source for c in nb.cells if c.cell_type == "code"))


def reads_digest(reads: list[dict], folder: Path) -> str:
    """Hash of the data a notebook read last time, re-selected from the current files."""
    return _sha(*(f"{r['table']}:{json.dumps(r['filters'], sort_keys=True)}:{data_module.digest(r['table'], r['filters'], folder)}"
                  for r in reads))


def notebook_key(notebook: Path, reads: list[dict], folder: Path, package: str) -> str:
    return _sha(code_digest(notebook), package, reads_digest(reads, folder))


def _load_manifest() -> dict:
    return json.loads(MANIFEST.read_text()) if MANIFEST.exists() else {}


def _save_manifest(manifest: dict) -> None:
    EXECUTED.mkdir(parents=True, exist_ok=True)
    tmp = MANIFEST.with_suffix(".tmp")
    tmp.write_text(json.dumps(manifest, indent=1, sort_keys=True))
    tmp.replace(MANIFEST)


def stale_notebooks(notebooks: list[Path], manifest: dict, folder: Path, force: bool = False) -> list[Path]:
    """Notebooks whose code, package or traced data changed since their last execution."""
    package = package_digest()
    stale = []
    for notebook in notebooks:
        entry = manifest.get(notebook.name)
        if (force or not entry or not (EXECUTED / notebook.name).exists()
                or entry["key"] != notebook_key(notebook, entry["reads"], folder, package)):
            stale.append(notebook)
    return stale


def _cell_failure(notebook: Path, nb, index: int, what: str) -> BuildError:
    source = nb.cells[index].source.strip().splitlines()
    first = source[0] if source else ""
    return BuildError(f"{notebook.relative_to(ROOT)}: cell {index + 1} ({first[:60]!r}): {what}")


def execute(notebook: Path, folder: Path) -> tuple[nbformat.NotebookNode, list[dict]]:
    """Run a notebook in a fresh kernel; return it with outputs and the data reads it made."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(notebook, as_version=4)
    with tempfile.NamedTemporaryFile("r", suffix=".jsonl", delete=False) as trace:
        trace_path = Path(trace.name)
    env = dict(os.environ, NORTHEAST_TRACE=str(trace_path), NORTHEAST_VALIDATED=str(folder),
               NORTHEAST_DATA_DIR=str(folder), PYTHONHASHSEED="0", MPLBACKEND="module://matplotlib_inline.backend_inline")
    client = NotebookClient(nb, timeout=TIMEOUT, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(notebook.parent)}})
    try:
        try:
            client.execute(env=env)
        except CellExecutionError as exc:
            failed = next((i for i, c in enumerate(nb.cells)
                           if any(o.get("output_type") == "error" for o in c.get("outputs", []))), 0)
            error = next((o for o in nb.cells[failed].get("outputs", []) if o.get("output_type") == "error"), {})
            what = f"{error.get('ename', 'error')}: {error.get('evalue', str(exc)[-300:])}"
            raise _cell_failure(notebook, nb, failed, what) from None
        for index, cell in enumerate(nb.cells):
            for output in cell.get("outputs", []):
                if output.get("output_type") == "stream" and output.get("name") == "stderr":
                    raise _cell_failure(notebook, nb, index, "wrote to stderr: " + output.get("text", "")[:300])
        reads = [json.loads(line) for line in trace_path.read_text().splitlines() if line.strip()]
    finally:
        trace_path.unlink(missing_ok=True)
    unique = {json.dumps(r, sort_keys=True): r for r in reads}
    return nb, [unique[k] for k in sorted(unique)]


def execute_stale(stale: list[Path], manifest: dict, folder: Path, report: Report) -> None:
    """Execute the stale notebooks two at a time; save each success to the cache at once."""
    package = package_digest()

    def run(notebook: Path):
        nb, reads = execute(notebook, folder)
        return notebook, nb, reads

    failures = []
    with ThreadPoolExecutor(max_workers=min(2, os.cpu_count() or 1)) as pool:
        for future in [pool.submit(run, n) for n in stale]:
            try:
                notebook, nb, reads = future.result()
            except BuildError as exc:
                failures.append(str(exc))
                continue
            EXECUTED.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, EXECUTED / notebook.name)
            manifest[notebook.name] = {"key": notebook_key(notebook, reads, folder, package), "reads": reads}
            _save_manifest(manifest)
            report.executed.append(notebook.name)
    if failures:
        raise BuildError("notebook execution failed:\n" + "\n".join(failures))


def _sync_file(source: bytes, target: Path, wanted: set[Path]) -> None:
    """Write only when the bytes differ, so Sphinx sees an unchanged file as unchanged."""
    wanted.add(target)
    if target.exists() and target.read_bytes() == source:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(source)


def stage_sources(notebooks: list[Path], folder: Path) -> str:
    """Lay out the book's source in .stage/src; return a digest of all of it."""
    from .pages import generated_pages

    wanted: set[Path] = set()
    for name in BOOK_FILES:
        if (ROOT / name).exists():
            _sync_file((ROOT / name).read_bytes(), SRC / name, wanted)
    for directory in BOOK_DIRS:
        for path in sorted((ROOT / directory).rglob("*")):
            if path.is_file():
                _sync_file(path.read_bytes(), SRC / path.relative_to(ROOT), wanted)
    for pattern in DATA_FILES:
        for path in sorted(folder.glob(pattern)):
            _sync_file(path.read_bytes(), SRC / "data" / path.name, wanted)
    for notebook in notebooks:
        _sync_file((EXECUTED / notebook.name).read_bytes(), SRC / "notebooks" / notebook.name, wanted)
    for relative, text in generated_pages(folder).items():
        _sync_file(text.encode(), SRC / relative, wanted)
    for path in sorted(SRC.rglob("*"), reverse=True):
        if path.is_file() and path not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
    return _sha(*(f"{p.relative_to(SRC)}:{_sha(p.read_bytes())}" for p in sorted(wanted)))


def run_jupyter_book() -> None:
    """Build the staged source with Jupyter Book; any Sphinx warning fails the build."""
    program = shutil.which("jupyter-book", path=str(Path(sys.executable).parent))
    if not program:
        raise BuildError("jupyter-book is not installed in this environment; run `make book`")
    command = [program, "build", str(SRC), "--path-output", str(OUT), "--warningiserror", "--keep-going"]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        # Sphinx does not re-read a page whose warnings were already reported: forget the
        # environment so the next build reports them again instead of passing silently.
        shutil.rmtree(OUT / "_build" / ".doctrees", ignore_errors=True)
        output = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr).replace(str(SRC) + "/", "")
        lines = output.strip().splitlines()
        problems = [line for line in lines if "WARNING" in line or "ERROR" in line or "Error" in line]
        raise BuildError("Jupyter Book failed:\n" + "\n".join(problems or lines[-40:]))


def publish() -> None:
    """Swap the staged HTML in for the published one."""
    fresh = BUILD / "html.new"
    old = BUILD / "html.old"
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)
    shutil.copytree(OUT / "_build" / "html", fresh)
    if HTML.exists():
        HTML.rename(old)
    fresh.rename(HTML)
    shutil.rmtree(old, ignore_errors=True)


def notebooks_in_book() -> list[Path]:
    return sorted((ROOT / "notebooks").glob("*.ipynb"))


def build(force: bool = False, log=print) -> int:
    """The whole build; returns the exit code. Prints what it did and why it failed."""
    try:
        report = run(force=force, log=log)
    except BuildError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        print("the previous _build/html was left as it was" if HTML.exists() else "no book was published",
              file=sys.stderr)
        return 1
    log(f"executed {len(report.executed)} notebook(s): {', '.join(report.executed) or '-'}; "
        f"reused {len(report.reused)}; Sphinx {'ran' if report.sphinx_ran else 'skipped (nothing changed)'}")
    log(f"book: {HTML}/index.html")
    return 0


def run(force: bool = False, log=print) -> Report:
    from .validate import validate

    report = Report()
    folder = data_dir()
    started = time.perf_counter()
    problems = validate(folder)
    if problems:
        raise BuildError("the data do not validate:\n" + "\n".join(map(str, problems)))
    report.seconds["validate"] = time.perf_counter() - started
    notebooks = notebooks_in_book()
    manifest = _load_manifest()
    stale = stale_notebooks(notebooks, manifest, folder, force)
    report.reused = [n.name for n in notebooks if n not in stale]
    if stale:
        log(f"executing {len(stale)} notebook(s): {', '.join(n.name for n in stale)}")
    started = time.perf_counter()
    execute_stale(stale, manifest, folder, report)
    report.seconds["execute"] = time.perf_counter() - started
    digest = stage_sources(notebooks, folder)
    published = BUILD / ".stage" / "published.digest"
    if HTML.exists() and published.exists() and published.read_text() == digest and not force:
        return report
    started = time.perf_counter()
    run_jupyter_book()
    report.sphinx_ran = True
    report.seconds["sphinx"] = time.perf_counter() - started
    publish()
    published.write_text(digest)
    return report
