"""Build the book: validate, execute what changed, build into a staging folder, swap on success.

Jupyter Book's own cache keys a notebook on its code cells only, so new data would leave stale
outputs. Here each notebook's key also covers the rows it read (traced through
``northeast.data``, with a digest of the rows taken when the kernel read them) and the package's
code, so editing one CSV value re-executes exactly the notebooks that read that row, even when the
edit lands while the build runs. A damaged cache is discarded with a notice. A failed build exits non-zero and leaves ``_build/html`` as it was.

Layout under ``_build/`` (or ``$NORTHEAST_BUILD_DIR``)::

    html                the published book: a link to .published/book-*, replaced in one rename
                        by a successful build (never missing, never half-written)
    .published/         the folder the link points to (only the files the pages use)
    .stage/executed/    executed notebooks and manifest.json (keys, traced reads, output digests)
    .stage/src/         the book's source as Jupyter Book sees it (executed notebooks, pages)
    .stage/out/         Jupyter Book's output folder, kept for Sphinx's incremental rebuild

The book's source is the project the package sits in (``northeast.paths.ROOT``): ``_config.yml``,
``_toc.yml``, ``book/`` and the notebooks the table of contents names. The tests and the benchmark
build a temporary copy of the project by running ``python -m northeast build`` inside the copy.
"""
from __future__ import annotations

import contextlib
import errno
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
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote

import nbformat

from .. import data as data_module
from ..paths import DATA_FILES, ROOT, data_dir

# What the book's source is made of, relative to the project root.
BOOK_FILES = ("_config.yml", "_toc.yml")
BOOK_DIRS = ("book",)
# Package modules that shape no notebook output: editing them re-executes nothing.
TOOLING = {"tooling", "__main__.py", "validate.py"}  # top-level names under northeast/
# Libraries whose version can change what a notebook prints or draws: an upgrade re-executes all.
LIBRARIES = ("numpy", "pandas", "matplotlib", "statsmodels", "scipy", "pint", "myst-nb", "ipykernel")
# Libraries that turn the staged source into HTML: an upgrade rebuilds every page.
RENDERERS = ("jupyter-book", "sphinx", "myst-nb", "myst-parser", "sphinx-book-theme", "pydata-sphinx-theme")
# Cell tags that change how a cell is executed (the rest only change how it is shown).
EXECUTION_TAGS = ("raises-exception", "skip-execution")
TIMEOUT = 600  # seconds per cell
WORKERS = 2  # notebooks executed at a time
# Environment of every kernel: fixed hash seed and backend, and the package the build itself runs.
KERNEL_ENV = {"PYTHONHASHSEED": "0", "MPLBACKEND": "module://matplotlib_inline.backend_inline",
              "SOURCE_DATE_EPOCH": "0", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}


class BuildError(RuntimeError):
    """A step failed; the message names the file and line, or the notebook and cell."""


@dataclass
class Report:
    executed: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    sphinx_ran: bool = False
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Layout:
    """The build folder's parts; read from NORTHEAST_BUILD_DIR when the build starts."""

    build: Path

    @property
    def stage(self) -> Path:
        return self.build / ".stage"

    @property
    def executed(self) -> Path:
        return self.stage / "executed"

    @property
    def src(self) -> Path:
        return self.stage / "src"

    @property
    def out(self) -> Path:
        return self.stage / "out"

    @property
    def html(self) -> Path:
        return self.build / "html"

    @property
    def manifest(self) -> Path:
        return self.executed / "manifest.json"

    @property
    def published(self) -> Path:
        return self.stage / "published.digest"


def layout() -> Layout:
    return Layout(Path(os.environ.get("NORTHEAST_BUILD_DIR", ROOT / "_build")).resolve())


def _sha(*parts: bytes | str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()


def _versions(names) -> list[str]:
    found = []
    for name in names:
        try:
            found.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} missing")
    return found


def package_digest() -> str:
    """Hash of the package code that notebooks run (not the build tooling) and the library versions."""
    package = ROOT / "northeast"
    files = sorted(p for p in package.rglob("*") if p.is_file() and p.suffix in {".py", ".mplstyle"}
                   and not TOOLING.intersection(p.relative_to(package).parts[:1])
                   and "__pycache__" not in p.parts)
    return _sha(sys.version.split()[0], *_versions(LIBRARIES),
                *(f"{p.relative_to(package)}:{_sha(p.read_bytes())}" for p in files))


def _read(notebook) -> nbformat.NotebookNode:
    return notebook if isinstance(notebook, nbformat.NotebookNode) else nbformat.read(notebook, as_version=4)


def code_digest(notebook) -> str:
    """Hash of what the kernel runs: the code cells and the tags that change their execution.
    Markdown, captions and display tags are not in it: editing them re-stages the page without
    executing anything (the outputs are merged into the current notebook, see ``merged``)."""
    nb = _read(notebook)
    return _sha(*(c.source + "\0" + ",".join(t for t in c.metadata.get("tags", []) if t in EXECUTION_TAGS)
                  for c in nb.cells if c.cell_type == "code"))


def reads_digest(reads: list[dict], folder: Path | None = None) -> str:
    """Hash of the data a notebook read: as recorded when the kernel read them (each read's
    ``digest``), or with ``folder``, the same calls re-selected from the current files."""
    return _sha(*(f"{r['table']}:{json.dumps(r['filters'], sort_keys=True)}:"
                  f"{r['digest'] if folder is None else data_module.digest(r['table'], r['filters'], folder)}"
                  for r in reads))


def notebook_key(notebook, reads: list[dict], folder: Path, package: str) -> str:
    return _sha(code_digest(notebook), package, reads_digest(reads, folder))


def _name(notebook: Path) -> str:
    """How a notebook is named in messages and in the manifest: its path in the project."""
    notebook = Path(notebook)
    try:
        return notebook.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(notebook)


def _cached(executed: Path, notebook: Path) -> Path:
    """Where the executed copy of a notebook is kept."""
    return executed / _name(notebook).lstrip("/")


def _manifest_damage(manifest) -> str:
    """What is wrong with a manifest's shape ('' when nothing is)."""
    if not isinstance(manifest, dict):
        return f"a JSON {type(manifest).__name__}, not an object"
    for name, entry in manifest.items():
        reads = entry.get("reads") if isinstance(entry, dict) else None
        if (not isinstance(entry.get("key") if isinstance(entry, dict) else None, str) or not isinstance(reads, list)
                or not isinstance(entry.get("output"), str)
                or not all(isinstance(r, dict) and r.get("table") in data_module.TABLES
                           and isinstance(r.get("digest"), str) and isinstance(r.get("filters"), dict)
                           and all(isinstance(v, list) for v in r["filters"].values()) for r in reads)):
            return f"the entry for {name!r} is not {{key, output, reads}}"
    return ""


def _load_manifest(lay: Layout, log=print) -> dict:
    """The cache's manifest; a damaged cache (not JSON, not UTF-8, a folder, the wrong shape) is
    discarded with a notice, which only costs executing every notebook again."""
    if not lay.manifest.exists() and not lay.manifest.is_symlink():
        return {}
    try:
        manifest = json.loads(lay.manifest.read_bytes().decode("utf-8"))
        damage = _manifest_damage(manifest)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        damage = str(exc)
    if not damage:
        return manifest
    log(f"notice: the build cache {lay.manifest} is damaged ({damage}); discarding it and executing every notebook again")
    shutil.rmtree(lay.executed, ignore_errors=True)
    return {}


def _cache_intact(executed: Path, notebook: Path, entry: dict) -> bool:
    """The executed copy is there with the bytes the manifest recorded (not truncated or edited)."""
    try:
        return _sha(_cached(executed, notebook).read_bytes()) == entry.get("output")
    except OSError:
        return False


def _write_atomic(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_bytes(content)
        tmp.replace(path)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise


def _save_manifest(manifest: dict, lay: Layout) -> None:
    _write_atomic(lay.manifest, json.dumps(manifest, indent=1, sort_keys=True).encode())


def stale_notebooks(notebooks: list[Path], manifest: dict, folder: Path, force: bool = False,
                    executed: Path | None = None, log=print) -> list[Path]:
    """Notebooks whose code, package or traced data changed since their last execution.

    ``manifest`` maps a notebook's name (``_name``) to ``{"key", "reads"}`` as saved by the last
    execution; ``executed`` is the folder holding the executed copies (default: the build's)."""
    executed = executed or layout().executed
    package = package_digest()
    stale = []
    for notebook in notebooks:
        entry = manifest.get(_name(notebook))
        if force or not entry:
            stale.append(notebook)
        elif not _cache_intact(executed, notebook, entry):
            log(f"notice: the cached execution of {_name(notebook)} is missing or damaged; executing it again")
            stale.append(notebook)
        elif entry.get("key") != notebook_key(notebook, entry.get("reads", []), folder, package):
            stale.append(notebook)
    return stale


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
        reads = [json.loads(line) for line in trace_path.read_text().splitlines() if line.strip()]
        stable_output_ids(nb)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    unique = {json.dumps(r, sort_keys=True): r for r in reads}
    return nb, [unique[k] for k in sorted(unique)], code


def execute_stale(stale: list[Path], manifest: dict, folder: Path, report: Report, lay: Layout) -> None:
    """Execute the stale notebooks two at a time; save each success to the cache at once."""
    package = package_digest()
    failures = []
    with ThreadPoolExecutor(max_workers=max(1, min(WORKERS, len(stale)))) as pool:
        futures = [(notebook, pool.submit(execute, notebook, folder)) for notebook in stale]
        for notebook, future in futures:
            try:
                nb, reads, code = future.result()
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
    if failures:
        raise BuildError("notebook execution failed:\n" + "\n".join(failures))


def merged(notebook: Path, executed: Path) -> bytes:
    """The current notebook (prose, captions, tags) with the outputs of its cached execution.
    The cache key covers every code cell, so the code cells of both match one to one."""
    source = nbformat.read(notebook, as_version=4)
    ran = nbformat.read(executed, as_version=4)
    code = [c for c in ran.cells if c.cell_type == "code"]
    for cell, done in zip((c for c in source.cells if c.cell_type == "code"), code):
        cell.outputs = done.outputs
        cell.execution_count = done.execution_count
    if "language_info" in ran.metadata:
        source.metadata["language_info"] = ran.metadata["language_info"]
    return nbformat.writes(source).encode()


def _sync_file(source: bytes, target: Path, wanted: set[Path]) -> None:
    """Write only when the bytes differ, so Sphinx sees an unchanged file as unchanged."""
    wanted.add(target)
    if target.exists() and target.read_bytes() == source:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(source)


def stage_sources(notebooks: list[Path], folder: Path, lay: Layout) -> str:
    """Lay out the book's source in .stage/src; return a digest of all of it."""
    from .pages import generated_pages

    wanted: set[Path] = set()
    files: dict[Path, bytes] = {}
    for name in BOOK_FILES:
        if (ROOT / name).is_file():
            files[lay.src / name] = (ROOT / name).read_bytes()
    for directory in BOOK_DIRS:
        for path in sorted((ROOT / directory).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and ".ipynb_checkpoints" not in path.parts:
                files[lay.src / path.relative_to(ROOT)] = path.read_bytes()
    for pattern in DATA_FILES:
        for path in sorted(folder.glob(pattern)):
            files[lay.src / "data" / path.name] = path.read_bytes()
    for notebook in notebooks:
        name = _name(notebook)
        files[lay.src / name] = merged(notebook, _cached(lay.executed, notebook))
    generated = generated_pages(folder)
    for relative, text in generated.items():
        files[lay.src / relative] = text.encode()  # a generated page wins over a file of that name
    if lay.src / "_toc.yml" in files:
        files[lay.src / "_toc.yml"] = _with_generated_sections(files[lay.src / "_toc.yml"], list(generated))
    for target, content in files.items():
        _sync_file(content, target, wanted)
    if lay.src.exists():
        for path in sorted(lay.src.rglob("*"), reverse=True):
            if path.is_file() and path not in wanted:
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()
    return _sha(*_versions(RENDERERS), *(f"{p.relative_to(lay.src)}:{_sha(p.read_bytes())}" for p in sorted(wanted)))


def _with_generated_sections(toc: bytes, generated: list[str]) -> bytes:
    """The table of contents with the pages generated under a page's folder (the catalogue's
    pages, ``book/catalogue/*.md``) as that page's sections; unchanged when there are none."""
    import yaml

    parents = {name.rsplit("/", 1)[0] for name in generated if name.count("/") > 1}
    if not parents:
        return toc
    tree = yaml.safe_load(toc.decode("utf-8"))

    def walk(node):
        if isinstance(node, dict):
            if node.get("file") in parents:
                node["sections"] = [{"file": name.removesuffix(".md")} for name in generated
                                    if name.startswith(node["file"] + "/")]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(tree)
    return yaml.safe_dump(tree, sort_keys=False, allow_unicode=True).encode("utf-8")


def run_jupyter_book(lay: Layout, fresh: bool = False) -> None:
    """Build the staged source with Jupyter Book; any Sphinx warning fails the build.
    ``fresh`` forgets Sphinx's saved state first, so every page is read and written again."""
    program = shutil.which("jupyter-book", path=str(Path(sys.executable).parent))
    if not program:
        raise BuildError("jupyter-book is not installed in this environment; run `make book`")
    if fresh:
        shutil.rmtree(lay.out, ignore_errors=True)
    # myst-nb writes its style sheet after the pages; a page written while an older copy is there
    # links it with a ?v= checksum that a clean build does not add. Without it, both write the same.
    for sheet in (lay.out / "_build" / "html" / "_static").glob("mystnb.*.css"):
        sheet.unlink()
    command = [program, "build", str(lay.src), "--path-output", str(lay.out), "--warningiserror", "--keep-going"]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT,
                            env=dict(os.environ, PYTHONHASHSEED="0"))
    if result.returncode != 0:
        # Sphinx does not re-read a page whose warnings were already reported: forget the
        # environment so the next build reports them again instead of passing silently.
        shutil.rmtree(lay.out / "_build" / ".doctrees", ignore_errors=True)
        output = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout + result.stderr).replace(str(lay.src) + "/", "")
        lines = output.strip().splitlines()
        problems = [line for line in lines if "WARNING" in line or "ERROR" in line or "Error" in line]
        raise BuildError("Jupyter Book failed:\n" + "\n".join(problems or lines[-40:]))


# Pages Sphinx and Jupyter Book write whatever the source holds (index.html sends readers to the
# root page); every other page must come from a source file.
SPHINX_PAGES = {"index", "genindex", "search", "py-modindex"}
REFERENCE = re.compile(r"""(?:^|["'(/])((?:_images|_downloads)/[^"'#?\s)]+)""")


def _unreferenced(out: Path, docs: set[str]) -> set[Path]:
    """Files in Sphinx's output that the current pages do not use: images and downloads of earlier
    builds (Sphinx's incremental output keeps them), pages and page sources of removed pages."""
    used = {out / unquote(reference) for page in out.rglob("*.html")  # ../_images/x.png: top-level folders
            for reference in REFERENCE.findall(page.read_text(encoding="utf-8", errors="replace"))}
    unused = set()
    for path in out.rglob("*"):
        relative = path.relative_to(out)
        top = relative.parts[0]
        if not path.is_file():
            continue
        if top in ("_images", "_downloads") and path not in used:
            unused.add(path)
        elif path.suffix == ".html" and top != "_static":
            doc = relative.with_suffix("").as_posix()
            if doc not in docs and doc not in SPHINX_PAGES:
                unused.add(path)
        elif top == "_sources":
            doc = relative.relative_to("_sources").as_posix()
            if not any(doc == d + suffix for d in docs for suffix in (".md", ".ipynb", ".rst", ".txt", ".md.txt")):
                unused.add(path)
    return unused


SEARCH_INDEX = ("searchindex.js", "Search.setIndex(", ")")


def _pruned_search_index(text: str) -> str:
    """Sphinx's search index without the words no page holds any more: an incremental build keeps
    them with an empty list of pages, a clean build has none. Written as Sphinx writes it."""
    _, prefix, suffix = SEARCH_INDEX
    if not (text.startswith(prefix) and text.endswith(suffix)):
        return text
    index = json.loads(text[len(prefix):-len(suffix)])
    for key in ("terms", "titleterms"):
        if isinstance(index.get(key), dict):
            index[key] = {word: pages for word, pages in index[key].items() if pages != []}
    return prefix + json.dumps(index, sort_keys=True) + suffix


def _staged_docs(lay: Layout) -> set[str]:
    return {p.relative_to(lay.src).with_suffix("").as_posix() for p in lay.src.rglob("*")
            if p.suffix in (".md", ".ipynb", ".rst") and p.is_file()}


def _os_failure(exc: OSError, doing: str) -> BuildError:
    """An operating-system error while ``doing`` something, said plainly (never a traceback)."""
    what = "the disk is full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
    where = f" ({exc.filename})" if exc.filename else ""
    hint = "; free some space and build again" if exc.errno == errno.ENOSPC else ""
    return BuildError(f"{doing}: {what}{where}{hint}")


def publish(lay: Layout) -> None:
    """Copy Sphinx's output into a new folder under ``.published/`` and point ``html`` at it by
    replacing the symbolic link in one rename: at every moment ``html`` is the whole old book or
    the whole new one. Only the files the pages use are copied. A failure (a full disk) removes
    the partial copy and leaves ``html`` as it was."""
    source = lay.out / "_build" / "html"
    versions = lay.build / ".published"
    link = lay.build / "html.new"
    fresh = None
    try:
        versions.mkdir(parents=True, exist_ok=True)
        fresh = Path(tempfile.mkdtemp(prefix="book-", dir=versions))
        fresh.chmod(0o755)  # readable by a web server, as a folder made by copytree would be
        unused = _unreferenced(source, _staged_docs(lay))
        for path in sorted(source.rglob("*")):
            if path.is_file() and path not in unused:
                target = fresh / path.relative_to(source)
                target.parent.mkdir(parents=True, exist_ok=True)
                if path.relative_to(source).as_posix() == SEARCH_INDEX[0]:
                    target.write_text(_pruned_search_index(path.read_text(encoding="utf-8")), encoding="utf-8")
                else:
                    shutil.copy2(path, target)
        if link.is_dir() and not link.is_symlink():
            shutil.rmtree(link)  # left by a build before html was a link
        link.unlink(missing_ok=True)
        link.symlink_to(fresh.relative_to(lay.build))
        if lay.html.is_dir() and not lay.html.is_symlink():
            lay.html.rename(versions / f"old-{fresh.name}")  # once: the book of a build before html was a link
        os.replace(link, lay.html)
    except OSError as exc:
        if fresh is not None:
            shutil.rmtree(fresh, ignore_errors=True)
        with contextlib.suppress(OSError):
            link.unlink(missing_ok=True)
        raise _os_failure(exc, "publishing the book failed") from None
    for old in versions.iterdir():
        if old != fresh:
            shutil.rmtree(old, ignore_errors=True)


def toc_files() -> list[str]:
    """Every page the table of contents names (without suffix), in order."""
    from .toc import toc_files as pages_in_toc

    return pages_in_toc()


def notebooks_in_book() -> list[Path]:
    """The notebooks the table of contents names (a notebook outside it is neither run nor shown)."""
    paths = [ROOT / (re.sub(r"\.ipynb$", "", f) + ".ipynb") for f in toc_files()]
    return [p for p in paths if p.is_file()]


def _forget_removed(notebooks: list[Path], manifest: dict, lay: Layout) -> None:
    """Drop the cache of notebooks no longer in the book."""
    names = {_name(n) for n in notebooks}
    for name in [n for n in manifest if n not in names]:
        del manifest[name]
        (lay.executed / name.lstrip("/")).unlink(missing_ok=True)


@contextlib.contextmanager
def _locked(lay: Layout, log=print):
    """One build at a time per build folder: a second build waits for the first, then finds most
    of its work done (builds into other folders are not affected)."""
    import fcntl

    lay.build.mkdir(parents=True, exist_ok=True)
    with open(lay.build / ".lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log(f"another build is running in {lay.build}; waiting for it (or set NORTHEAST_BUILD_DIR)")
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def build(force: bool = False, log=print) -> int:
    """The whole build; returns the exit code. Prints what it did and why it failed."""
    lay = layout()
    started = time.perf_counter()
    try:
        report = run(force=force, log=log, lay=lay)
    except OSError as exc:  # a full disk, a file that cannot be written
        error: BuildError | None = _os_failure(exc, "the build could not write its files")
    except BuildError as exc:
        error = exc
    else:
        error = None
    if error is not None:
        print(f"build failed: {error}", file=sys.stderr)
        print(f"the previous book in {lay.html} was left as it was" if lay.html.exists() else "no book was published",
              file=sys.stderr)
        return 1
    timings = ", ".join(f"{k} {v:.1f} s" for k, v in report.seconds.items())
    log(f"executed {len(report.executed)}, reused {len(report.reused)}; "
        f"Sphinx {'ran' if report.sphinx_ran else 'skipped (nothing changed)'}")
    log(f"took {time.perf_counter() - started:.1f} s ({timings})")
    log(f"book: {lay.html}/index.html")
    return 0


def _published_digest(lay: Layout) -> str:
    """The digest of the source the published book was built from ('' when unknown or damaged)."""
    try:
        return lay.published.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def run(force: bool = False, log=print, lay: Layout | None = None) -> Report:
    """Validate, execute the stale notebooks, stage, build with Sphinx when the source changed,
    publish. Raises BuildError; ``lay.html`` is only ever replaced by a complete new book."""
    from ..validate import check

    lay = lay or layout()
    report = Report()
    folder = data_dir().resolve()
    with _locked(lay, log):
        started = time.perf_counter()
        problems, notices = check(folder)
        if problems:
            raise BuildError("the data do not validate:\n" + "\n".join(map(str, problems)))
        for item in notices:
            log(str(item))
        report.seconds["validate"] = time.perf_counter() - started
        notebooks = notebooks_in_book()
        manifest = _load_manifest(lay, log)
        _forget_removed(notebooks, manifest, lay)
        stale = stale_notebooks(notebooks, manifest, folder, force, executed=lay.executed, log=log)
        report.reused = [_name(n) for n in notebooks if n not in stale]
        if stale:
            log(f"executing {len(stale)} of {len(notebooks)} notebooks: {', '.join(n.stem for n in stale)}")
        started = time.perf_counter()
        execute_stale(stale, manifest, folder, report, lay)
        report.seconds["execute"] = time.perf_counter() - started
        started = time.perf_counter()
        digest = stage_sources(notebooks, folder, lay)
        report.seconds["stage"] = time.perf_counter() - started
        if not force and lay.html.exists() and _published_digest(lay) == digest:
            return report
        started = time.perf_counter()
        if lay.published.is_dir():
            shutil.rmtree(lay.published)
        lay.published.unlink(missing_ok=True)
        # A changed table of contents or configuration changes pages whose source did not change
        # (their previous/next links, numbering): Sphinx must then write every page again.
        book_files = _sha(*((ROOT / name).read_bytes() for name in BOOK_FILES if (ROOT / name).is_file()))
        stamp = lay.stage / "book-files.sha256"
        changed = not stamp.is_file() or stamp.read_text() != book_files
        run_jupyter_book(lay, fresh=force or changed)
        stamp.write_text(book_files)
        report.sphinx_ran = True
        report.seconds["sphinx"] = time.perf_counter() - started
        publish(lay)
        lay.published.write_text(digest)
    return report
