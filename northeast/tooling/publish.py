"""From executed notebooks to the published book: staging the book's source, running Jupyter Book
(Sphinx), and publishing its output atomically without the files no page uses any more."""
from __future__ import annotations

import contextlib
import errno
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import unquote

import nbformat

from ..paths import DATA_FILES, ROOT
from .cache import BuildError, Layout, _cached, _name, _sha, _versions, clear_way

# What the book's source is made of, relative to the project root.
BOOK_FILES = ("_config.yml", "_toc.yml")
BOOK_DIRS = ("book",)
# Libraries that turn the staged source into HTML: an upgrade rebuilds every page.
RENDERERS = ("jupyter-book", "sphinx", "myst-nb", "myst-parser", "sphinx-book-theme", "pydata-sphinx-theme")


def merged(notebook: Path, executed: Path) -> bytes:
    """The current notebook (prose, captions, tags) with the outputs of its cached execution and
    its ``{eval}`` expressions replaced by their results (``prose.render``). The cache key covers
    every code cell and expression, so the code cells of both match one to one."""
    from .prose import METADATA_KEY, render

    source = nbformat.read(notebook, as_version=4)
    ran = nbformat.read(executed, as_version=4)
    code = [c for c in ran.cells if c.cell_type == "code"]
    for cell, done in zip((c for c in source.cells if c.cell_type == "code"), code):
        cell.outputs = done.outputs
        cell.execution_count = done.execution_count
    results = ran.metadata.get(METADATA_KEY, {}).get("expressions", {})
    for cell in source.cells:
        if cell.cell_type == "markdown":
            cell.source = render(cell.source, results, _name(notebook))
    if "language_info" in ran.metadata:
        source.metadata["language_info"] = ran.metadata["language_info"]
    return nbformat.writes(source).encode()


def _sync_file(source: bytes, target: Path, wanted: set[Path], root: Path) -> None:
    """Write only when the bytes differ, so Sphinx sees an unchanged file as unchanged."""
    wanted.add(target)
    if target.is_file() and not target.is_symlink() and target.read_bytes() == source:
        return
    clear_way(target, root)   # a damaged stage: a folder or link where this file goes
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
        _sync_file(content, target, wanted, lay.src)
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


def start_jupyter_book(lay: Layout) -> subprocess.Popen:
    """Start Jupyter Book's ``build`` of the staged source (``sphinx_runner``): it imports Sphinx
    and the extensions now and builds when ``run_jupyter_book`` says so, so a build can start it
    while the notebooks run. Any Sphinx warning fails that build."""
    import importlib.util

    if importlib.util.find_spec("jupyter_book") is None:
        raise BuildError("jupyter-book is not installed in this environment; run `make book`")
    command = [sys.executable, "-m", "northeast.tooling.sphinx_runner", str(lay.src), "--path-output", str(lay.out),
               "--warningiserror", "--keep-going"]
    return subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=ROOT, env=dict(os.environ, PYTHONHASHSEED="0"))


def stop_jupyter_book(runner: subprocess.Popen | None) -> None:
    """Let a started Jupyter Book that was not needed exit (it reads no ``build``)."""
    if runner is not None and runner.poll() is None:
        try:
            runner.communicate("", timeout=30)
        except subprocess.TimeoutExpired:
            runner.kill()
            runner.communicate()


def run_jupyter_book(lay: Layout, fresh: bool = False, runner: subprocess.Popen | None = None) -> None:
    """Build the staged source with Jupyter Book (``runner``, started ahead, or one started now);
    any Sphinx warning fails the build. ``fresh`` forgets Sphinx's saved state first, so every
    page is read and written again."""
    if fresh:
        shutil.rmtree(lay.out, ignore_errors=True)
    # myst-nb writes its style sheet after the pages; a page written while an older copy is there
    # links it with a ?v= checksum that a clean build does not add. Without it, both write the same.
    for sheet in (lay.out / "_build" / "html" / "_static").glob("mystnb.*.css"):
        sheet.unlink()
    runner = runner or start_jupyter_book(lay)
    stdout, stderr = runner.communicate("build\n")
    if runner.returncode != 0:
        # Sphinx does not re-read a page whose warnings were already reported: forget the
        # environment so the next build reports them again instead of passing silently.
        shutil.rmtree(lay.out / "_build" / ".doctrees", ignore_errors=True)
        output = re.sub(r"\x1b\[[0-9;]*m", "", stdout + stderr).replace(str(lay.src) + "/", "")
        # without rules, blank lines and a Python traceback's frames: what Jupyter Book says
        lines = [line for line in output.strip().splitlines() if line.strip("=\t ")
                 and not line.startswith(("Traceback", "  ")) and line.strip("^ ")]
        problems = [line for line in lines if "WARNING" in line or "ERROR" in line
                    or re.search(r"Error: \S", line)]   # an exception with its message, not a bare name
        raise BuildError("Jupyter Book failed:\n" + "\n".join(problems or lines[-12:]))


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
    them with an empty list of pages, a clean build has none; each title's and index entry's pages
    sorted (an incremental build lists them in another order); page titles as plain text (Sphinx
    writes them as HTML, section titles as text: the search page shows both with textContent).
    Written as Sphinx writes it."""
    _, prefix, suffix = SEARCH_INDEX
    if not (text.startswith(prefix) and text.endswith(suffix)):
        return text
    index = json.loads(text[len(prefix):-len(suffix)])
    for key in ("terms", "titleterms"):
        if isinstance(index.get(key), dict):
            index[key] = {word: pages for word, pages in index[key].items() if pages != []}
    if isinstance(index.get("titles"), list):  # page titles as text, as section titles are (search_fixes.py)
        index["titles"] = [html.unescape(re.sub(r"<[^>]*>", "", t)) if isinstance(t, str) else t
                           for t in index["titles"]]
    for key in ("alltitles", "indexentries"):  # each entry's pages in one order, however Sphinx met them
        if isinstance(index.get(key), dict):
            index[key] = {word: sorted(places, key=json.dumps) for word, places in index[key].items()}
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
