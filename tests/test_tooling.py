"""The project's tooling: the reader of _toc.yml, clearing notebooks for commit, the per-checkout
Jupyter kernel, the guard against a plain `jupyter-book build`, and the declared dependencies
against the lock."""
from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import nbformat
import yaml
import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from northeast.paths import ROOT
from northeast.tooling.toc import html_pages, toc_files

V4 = nbformat.v4


def load(path: Path):
    """A module from a file outside the package (tools/, book/_ext/)."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


clean_notebooks = load(ROOT / "tools" / "clean_notebooks.py")
require_make_book = load(ROOT / "book" / "_ext" / "require_make_book.py")


# --- the table of contents ----------------------------------------------------------------------

def test_toc_lists_every_page_once_in_reading_order_with_sections_and_without_suffixes(tmp_path):
    toc = tmp_path / "_toc.yml"
    toc.write_text("""format: jb-book
root: intro
parts:
  - caption: One
    chapters:
      - file: notebooks/a.ipynb
        sections:
          - file: notebooks/a_more
          - file: book/aside.md
      - file: notebooks/b
  - caption: Two
    chapters:
      - url: https://example.org
        title: elsewhere
      - file: book/end.md
""")
    expected = ["intro", "notebooks/a", "notebooks/a_more", "book/aside", "notebooks/b", "book/end"]
    assert toc_files(toc) == expected
    assert html_pages(toc) == [f"{page}.html" for page in expected]


def test_the_books_toc_starts_at_its_root_and_names_every_chapter_notebook():
    pages = toc_files()
    assert pages[0] == yaml.safe_load((ROOT / "_toc.yml").read_text())["root"]
    chapters = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert sorted(p.split("/")[-1] for p in pages if p.startswith("notebooks/")) == chapters


# --- clearing notebooks -------------------------------------------------------------------------

def _session_notebook() -> nbformat.NotebookNode:
    """A notebook as an editor saves it after a run: outputs, counts, timings, its own kernel."""
    nb = V4.new_notebook(metadata={
        "kernelspec": {"name": "northeast-0123456789", "display_name": "Python (northeast report, /x)",
                       "language": "python"},
        "language_info": {"name": "python", "version": "3.11.2", "mimetype": "text/x-python"},
        "widgets": {"state": {}}})
    nb.cells = [
        V4.new_markdown_cell("# Title", metadata={"tags": ["keep-me"]}),
        V4.new_code_cell("print(1)", execution_count=3, outputs=[V4.new_output("stream", text="1\n")],
                         metadata={"tags": ["remove-cell"], "scrolled": True,
                                   "mystnb": {"figure": {"name": "fig-x"}},
                                   "execution": {"iopub.execute_input": "2026-11-28T10:00:00.000Z"}}),
    ]
    return nb


def test_clean_notebooks_strips_outputs_counts_and_timings_keeps_tags_and_is_idempotent(tmp_path):
    path = tmp_path / "chapter.ipynb"
    nbformat.write(_session_notebook(), path)
    dirty = path.read_bytes()

    assert clean_notebooks.main(["--check", str(path)]) == 1
    assert path.read_bytes() == dirty, "--check changed the notebook"

    assert clean_notebooks.main([str(path)]) == 0
    nb = nbformat.read(path, as_version=4)
    code = nb.cells[1]
    assert code.outputs == [] and code.execution_count is None
    assert code.metadata == {"tags": ["remove-cell"], "mystnb": {"figure": {"name": "fig-x"}}}
    assert nb.cells[0].metadata == {"tags": ["keep-me"]}
    assert nb.metadata == {"kernelspec": clean_notebooks.KERNELSPEC, "language_info": {"name": "python"}}

    once = path.read_bytes()
    assert clean_notebooks.main([str(path)]) == 0
    assert path.read_bytes() == once, "cleaning a clean notebook changed it"
    assert clean_notebooks.main(["--check", str(path)]) == 0


def test_committed_notebooks_are_clean():
    notebooks = sorted(str(p) for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert notebooks
    assert clean_notebooks.main(["--check", *notebooks]) == 0, "run `make clean-notebooks` and commit"


# --- make kernel ---------------------------------------------------------------------------------

def _kernel_command(checkout: Path) -> str:
    for name in ("Makefile", "requirements.txt", "pyproject.toml"):
        shutil.copy2(ROOT / name, checkout / name)
    result = subprocess.run(["make", "-n", "kernel"], cwd=checkout, capture_output=True, text=True, check=True)
    return next(line for line in result.stdout.splitlines() if "ipykernel install" in line)


def test_make_kernel_names_the_kernel_after_the_checkout(tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    first.mkdir()
    second.mkdir()
    name = re.compile(r"--name (\S+)")
    one, two = _kernel_command(first), _kernel_command(second)
    assert name.search(one).group(1) != name.search(two).group(1), "two checkouts share one kernel name"
    assert name.search(_kernel_command(first)).group(1) == name.search(one).group(1)
    assert str(first) in one, "the display name does not say which checkout"


# --- a plain `jupyter-book build` --------------------------------------------------------------

def test_missing_pages_names_the_toc_pages_without_a_source_file(tmp_path):
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "intro.md").write_text("# Intro\n")
    (tmp_path / "nb.ipynb").write_text("{}")
    found = require_make_book.missing_pages(tmp_path, ["book/intro", "nb.ipynb", "book/sources"],
                                            [".rst", ".md", ".ipynb"])
    assert found == ["book/sources"]


def test_plain_jupyter_book_build_stops_at_once_and_says_to_run_make_book(tmp_path):
    program = shutil.which("jupyter-book", path=str(Path(sys.executable).parent))
    assert program, "jupyter-book is not installed next to this Python"
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy2(ROOT / name, tmp_path / name)
    for name in ("book", "notebooks"):
        shutil.copytree(ROOT / name, tmp_path / name)
    result = subprocess.run([program, "build", str(tmp_path)], capture_output=True, text=True, timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Run `make book`" in output
    assert "book/sources" in output and "book/catalogue" in output
    assert "reading sources" not in output, "Sphinx read the pages before the build stopped"


def test_jupyter_book_started_ahead_exits_without_building_when_not_needed(tmp_path):
    """The build starts Jupyter Book while the notebooks run; a build that then needs no Sphinx run
    lets it go: it exits cleanly and writes nothing."""
    from types import SimpleNamespace

    from northeast.tooling.publish import start_jupyter_book, stop_jupyter_book

    lay = SimpleNamespace(src=tmp_path / "src", out=tmp_path / "out")
    runner = start_jupyter_book(lay)
    stop_jupyter_book(runner)
    assert runner.returncode == 0, runner.stderr.read() if runner.stderr else ""
    assert not lay.out.exists()


def test_jupyter_book_started_ahead_reports_a_failed_build(tmp_path):
    from types import SimpleNamespace

    from northeast.tooling.cache import BuildError
    from northeast.tooling.publish import run_jupyter_book

    (tmp_path / "src").mkdir()   # no _config.yml, no _toc.yml: Jupyter Book cannot build it
    lay = SimpleNamespace(src=tmp_path / "src", out=tmp_path / "out")
    with pytest.raises(BuildError, match="Jupyter Book failed") as failure:
        run_jupyter_book(lay)
    assert "Table of Contents" in str(failure.value)        # Jupyter Book's own words
    assert "Traceback" not in str(failure.value) and 'File "' not in str(failure.value)


# --- dependencies -------------------------------------------------------------------------------

def test_every_declared_dependency_is_locked_at_a_version_in_its_range():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = [Requirement(r) for r in project["dependencies"]]
    declared += [Requirement(r) for extra in project.get("optional-dependencies", {}).values() for r in extra]
    locked = {}
    for lock in ("requirements.txt", "requirements-lab.txt"):   # the book's lock; JupyterLab's on top of it
        for line in (ROOT / lock).read_text().splitlines():
            if lock != "requirements.txt" and (not line.strip() or line.startswith("#")):
                continue
            name, _, version = line.strip().partition("==")
            assert version, f"{lock}: {line!r} is not an exact pin"
            assert canonicalize_name(name) not in locked, f"{name} is pinned in both lock files"
            locked[canonicalize_name(name)] = version
    assert declared
    for requirement in declared:
        version = locked.get(canonicalize_name(requirement.name))
        assert version, f"{requirement.name} is declared in pyproject.toml but not pinned in requirements.txt"
        assert requirement.specifier.contains(version), f"{requirement.name}=={version} is outside {requirement.specifier}"


def test_the_stock_build_gets_the_staged_source_without_outputs_and_executes_everything(tmp_path):
    """make bench's stock Jupyter Book build: the same staged pages, notebooks stripped of their outputs,
    execute_notebooks: force (our own setting, 'off', would let it render the executed copies)."""
    import nbformat
    import yaml
    from northeast.tooling.stock import stock_source
    staged = tmp_path / "src"
    (staged / "notebooks").mkdir(parents=True)
    (staged / "_config.yml").write_text("title: T\nexecute:\n  execute_notebooks: \"off\"\n", encoding="utf-8")
    (staged / "intro.md").write_text("# Intro\n", encoding="utf-8")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1", execution_count=3, outputs=[
        nbformat.v4.new_output("execute_result", {"text/plain": "2"}, execution_count=3)])])
    nbformat.write(nb, staged / "notebooks" / "a.ipynb")
    copy = stock_source(staged, tmp_path / "stock")
    assert (copy / "intro.md").read_text(encoding="utf-8") == "# Intro\n"
    cell = nbformat.read(copy / "notebooks" / "a.ipynb", as_version=4).cells[0]
    assert cell.outputs == [] and cell.execution_count is None and cell.source == "1 + 1"
    config = yaml.safe_load((copy / "_config.yml").read_text(encoding="utf-8"))
    assert config["execute"]["execute_notebooks"] == "force" and config["title"] == "T"
    assert nbformat.read(staged / "notebooks" / "a.ipynb", as_version=4).cells[0].outputs   # the stage untouched
