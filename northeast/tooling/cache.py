"""The build's cache: the build folder's layout, the build error, the notebooks' cache keys (code,
package, traced reads), the manifest of executed notebooks and which notebooks are stale."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import nbformat

from .. import data as data_module
from ..paths import ROOT

# Package modules that shape no notebook output: editing them re-executes nothing.
TOOLING = {"tooling", "__main__.py", "validate"}  # top-level names under northeast/
# Libraries whose version can change what a notebook prints or draws: an upgrade re-executes all.
LIBRARIES = ("numpy", "pandas", "matplotlib", "statsmodels", "scipy", "pint", "myst-nb", "ipykernel")
# Cell tags that change how a cell is executed (the rest only change how it is shown).
EXECUTION_TAGS = ("raises-exception", "skip-execution")


class BuildError(RuntimeError):
    """A step failed; the message names the file and line, or the notebook and cell."""


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


def package_files() -> list[Path]:
    """Every file of the package a chapter's result can depend on: code, and also the data it ships
    (``claims/checks.csv``), its chart style and any YAML, template or table added beside them;
    only the build tooling, validation and caches are left out."""
    package = ROOT / "northeast"
    return sorted(p for p in package.rglob("*") if p.is_file()
                  and not TOOLING.intersection(p.relative_to(package).parts[:1])
                  and "__pycache__" not in p.parts and p.suffix not in {".pyc", ".pyo"}
                  and not p.name.startswith(".") and not p.name.endswith(("~", ".swp", ".tmp")))


def _chart_fonts() -> list[str]:
    """The font files the house style draws with (a font installed or upgraded on the machine
    changes every chart, though no project file changed)."""
    from matplotlib import font_manager, rc_context

    style = ROOT / "northeast" / "house.mplstyle"
    found = []
    with rc_context(fname=str(style)) if style.is_file() else rc_context():
        for weight in ("normal", "bold"):
            path = Path(font_manager.findfont(font_manager.FontProperties(weight=weight), fallback_to_default=True))
            try:
                found.append(f"font {path.name}:{_sha(path.read_bytes())}")
            except OSError:
                found.append(f"font {path.name} unreadable")
    return found


def package_digest() -> str:
    """Hash of what the notebooks run besides their own code and traced rows: the package's files
    (``package_files``), the fonts the charts use, and the library versions."""
    package = ROOT / "northeast"
    return _sha(sys.version.split()[0], *_versions(LIBRARIES), *_chart_fonts(),
                *(f"{p.relative_to(package)}:{_sha(p.read_bytes())}" for p in package_files()))


def _read(notebook) -> nbformat.NotebookNode:
    return notebook if isinstance(notebook, nbformat.NotebookNode) else nbformat.read(notebook, as_version=4)


def code_digest(notebook) -> str:
    """Hash of what the kernel runs: the code cells, the tags that change their execution and the
    ``{eval}`` expressions of the Markdown (evaluated after the last cell, ``prose``). The rest of
    the Markdown, captions and display tags are not in it: editing them re-stages the page without
    executing anything (the outputs are merged into the current notebook, see ``merged``)."""
    from .prose import expressions

    nb = _read(notebook)
    evaluated = expressions(nb)
    return _sha(*(c.source + "\0" + ",".join(t for t in c.metadata.get("tags", []) if t in EXECUTION_TAGS)
                  for c in nb.cells if c.cell_type == "code"),
                *(["{eval}", *evaluated] if evaluated else []))


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


def in_cache(executed: Path, name: str) -> Path | None:
    """The path of a manifest entry's executed copy, or None when the name (read from a file anyone
    may have edited) would leave the cache folder: '../../x', an absolute path, a link out."""
    if not name or "\0" in name or ".." in Path(name).parts:
        return None
    path = executed / name.lstrip("/")
    try:
        inside = path.resolve().is_relative_to(executed.resolve()) and path.resolve() != executed.resolve()
    except (OSError, RuntimeError):
        return None
    return path if inside else None


# Parts of the build folder that must be files, and folders: anything else there (a folder where a
# file belongs, a file or link where a folder belongs) is damage that every build would trip over.
def _layout_files(lay: "Layout") -> list[Path]:
    return [lay.build / ".lock", lay.build / "report.json", lay.stage / "book-files.sha256", lay.published,
            lay.manifest]


def _layout_folders(lay: "Layout") -> list[Path]:
    return [lay.build, lay.stage, lay.executed, lay.src, lay.out]


def clear_way(path: Path, root: Path) -> None:
    """Make ``path`` writable as a plain file inside ``root``: remove a folder or a link standing at
    it and a file or link standing where one of its folders should be. Nothing outside ``root``
    is touched (links are removed, never followed)."""
    for parent in reversed(path.relative_to(root).parents[:-1]):
        folder = root / parent
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            folder.unlink()
    if path.is_symlink():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)


def repair_layout(lay: "Layout", log=print) -> None:
    """Discard damage to the build folder's own files (never the published book) with a notice;
    it only costs work the build then does again."""
    for folder in _layout_folders(lay):
        if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
            log(f"notice: {folder} should be a folder; removing what stands there")
            folder.unlink()
    for path in _layout_files(lay):
        if path.is_dir() and not path.is_symlink():
            log(f"notice: {path} should be a file; removing the folder that stands there")
            shutil.rmtree(path)


def _manifest_damage(manifest, executed: Path) -> str:
    """What is wrong with a manifest's shape ('' when nothing is)."""
    if not isinstance(manifest, dict):
        return f"a JSON {type(manifest).__name__}, not an object"
    for name, entry in manifest.items():
        if in_cache(executed, name) is None:
            return f"the entry {name[:80]!r} names a file outside the cache"
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
        damage = _manifest_damage(manifest, lay.executed)
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        damage = str(exc)
    if not damage:
        return manifest
    log(f"notice: the build cache {lay.manifest} is damaged ({damage}); discarding it and executing every notebook again")
    shutil.rmtree(lay.executed, ignore_errors=True)
    return {}


def _cache_intact(executed: Path, notebook: Path, entry: dict) -> bool:
    """The executed copy is there with the bytes the manifest recorded (not truncated or edited),
    and they are a notebook (a manifest rewritten to match a damaged copy must not pass)."""
    try:
        content = _cached(executed, notebook).read_bytes()
        if _sha(content) != entry.get("output"):
            return False
        nbformat.reads(content.decode("utf-8"), as_version=4)
    except (OSError, ValueError, RecursionError, nbformat.reader.NotJSONError):
        return False
    return True


def _write_atomic(path: Path, content: bytes) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)  # a damaged cache: a folder where the file goes
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
        else:
            try:
                key = notebook_key(notebook, entry.get("reads", []), folder, package)
            except (KeyError, ValueError, TypeError) as exc:  # a recorded read the data cannot answer
                log(f"notice: the cached reads of {_name(notebook)} do not fit the data ({type(exc).__name__}: "
                    f"{exc}); executing it again")
                key = None
            if entry.get("key") != key:
                stale.append(notebook)
    return stale
