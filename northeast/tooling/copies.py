"""Temporary copies of the project, for the benchmark and the tests: copying what the book is built
from, running ``python -m northeast build`` inside a copy and reading its log, reading and writing
its tables, and describing the machine a timing was taken on."""
from __future__ import annotations

import csv
import io
import os
import platform
import json
import shutil
import subprocess
import sys
from pathlib import Path

from ..paths import ROOT, data_dir, shared_dir

# What a copy of the project needs to build the book.
PROJECT_FILES = ("_config.yml", "_toc.yml", "pyproject.toml")
PROJECT_DIRS = ("book", "notebooks", "northeast")
IGNORE = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "*.pyc")


def copy_project(dest: Path, data: Path | None = None) -> Path:
    """Copy what the book is built from (config, pages, notebooks, package, data) into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        if (ROOT / name).is_file():
            shutil.copy2(ROOT / name, dest / name)
    for name in PROJECT_DIRS:
        shutil.copytree(ROOT / name, dest / name, ignore=IGNORE, dirs_exist_ok=True)
    shutil.copytree(data or data_dir(), dest / "data", ignore=IGNORE, dirs_exist_ok=True)
    return dest


def copy_committed(dest: Path, ref: str = "HEAD") -> Path:
    """Copy the same files as ``copy_project``, as committed at ``ref`` (not the working tree, where
    someone may be halfway through an edit)."""
    dest.mkdir(parents=True, exist_ok=True)
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-tree", "--name-only", ref], check=True,
                            capture_output=True, text=True).stdout.split()
    wanted = [p for p in (*PROJECT_FILES, *PROJECT_DIRS, "data") if p in listed]
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref, *wanted], check=True, capture_output=True)
    subprocess.run(["tar", "-x", "-C", str(dest)], input=archive.stdout, check=True)
    return dest


def project_env(project: Path, build: Path) -> dict[str, str]:
    """Environment for ``python -m northeast`` run inside a copy: its data, its build folder."""
    env = dict(os.environ, NORTHEAST_DATA_DIR=str(project / "data"), NORTHEAST_BUILD_DIR=str(build),
               NORTHEAST_SHARED_DIR=str(shared_dir()))
    env.pop("NORTHEAST_TRACE", None)
    env.pop("NORTHEAST_VALIDATED", None)
    env.pop("PYTHONPATH", None)
    return env


def run_build(project: Path, build: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """``python -m northeast build`` inside the copy (its own package, data and book); the build's
    ``report.json`` is attached as ``result.report`` (empty when the build wrote none)."""
    result = subprocess.run([sys.executable, "-m", "northeast", "build", *args], cwd=project,
                            env=project_env(project, build), capture_output=True, text=True)
    path = build / "report.json"
    result.report = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    path.unlink(missing_ok=True)   # the next build writes its own; never read a stale one
    if check and result.returncode != 0:
        raise RuntimeError(f"build {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def _stems(names) -> list[str]:
    return [Path(n).stem for n in names]


def scheduled(result: subprocess.CompletedProcess) -> list[str]:
    """The notebooks (by stem) a build set out to execute, whether or not it succeeded."""
    return _stems(result.report.get("notebooks", {}).get("scheduled", []))


def executed(result: subprocess.CompletedProcess) -> list[str]:
    """The notebooks (by stem) a successful build executed."""
    done = set(_stems(result.report.get("notebooks", {}).get("executed", [])))
    return [n for n in scheduled(result) if n in done] if result.returncode == 0 else []   # in scheduled order


def sphinx_ran(result: subprocess.CompletedProcess) -> bool:
    return result.report.get("sphinx") == "ran"


def read_rows(path: Path) -> tuple[list[str], list[dict]]:
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_rows(path: Path, fields: list[str], rows: list[dict]) -> None:
    """Write a table back the way the data files are written (minimal quoting, LF)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")



def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, {platform.system()}"


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min)"
