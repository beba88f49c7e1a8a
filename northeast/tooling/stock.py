"""The same book built by stock Jupyter Book, for the benchmark's clean-build ratio (issue 19).

Our build executes only the notebooks whose data changed, caches the synthetic control's fits and
stages the pages it generates; stock Jupyter Book (the pinned one) executes every notebook itself.
To compare like with like, the stock build gets exactly the source our clean build handed to Sphinx
(``.stage/src``: the same pages, the generated Sources and Catalogue pages included), with every
notebook's outputs removed, ``execute_notebooks: force`` and no project cache (the synthetic fits'
cache points at an empty folder). It runs ``jupyter-book build`` and nothing else.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import yaml

from .copies import project_env

# Our clean build should take at most this share of stock Jupyter Book's.
STOCK_TARGET = 0.6


def stock_source(staged: Path, dest: Path) -> Path:
    """A copy of the staged source with outputs stripped and Jupyter Book told to execute everything."""
    shutil.copytree(staged, dest, ignore=shutil.ignore_patterns("_build"))
    for path in sorted(dest.rglob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.outputs, cell.execution_count = [], None
        nbformat.write(nb, path)
    config_path = dest / "_config.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["execute"] = {"execute_notebooks": "force", "timeout": 600}
    config_path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return dest


def stock_build(project: Path, staged: Path, workdir: Path) -> tuple[float, subprocess.CompletedProcess]:
    """Seconds stock ``jupyter-book build`` takes on the staged source, and its result."""
    source = stock_source(staged, workdir / "stock-src")
    env = project_env(project, workdir / "stock-build")
    env["PYTHONPATH"] = str(project)                 # the copy's package, as our build's kernels get it
    env["NORTHEAST_SYNTH_CACHE"] = str(workdir / "stock-synth-cache")   # no project cache
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    started = time.perf_counter()
    result = subprocess.run([str(jupyter_book) if jupyter_book.exists() else "jupyter-book", "build", str(source)],
                            cwd=source, env=env, capture_output=True, text=True)
    return time.perf_counter() - started, result


def executed_count(result: subprocess.CompletedProcess) -> int:
    """Notebooks myst-nb reports executing ('Executing notebook ...' lines)."""
    return sum("Executing notebook" in line for line in (result.stdout + result.stderr).splitlines())


def describe_failure(result: subprocess.CompletedProcess) -> str:
    lines = (result.stdout + result.stderr).strip().splitlines()
    return os.linesep.join(lines[-15:])
