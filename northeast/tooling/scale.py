"""The scale benchmark (issue 13): a copy whose statistics table is grown to 100,000 rows by code,
validated and built from clean, measured for time, peak memory of the whole process tree, page
weight and search (``python -m northeast.tooling.bench --scale``)."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from .copies import copy_project, load, machine, project_env, read_rows, write_rows

SCALE_ROWS = 100_000
SCALE_VALIDATE_SECONDS = 10.0
SCALE_BUILD_SECONDS = 120.0
SCALE_MEMORY_BYTES = 2 * 1024 ** 3
PAGE_BYTES = int(1.5 * 1024 ** 2)
# What a page loads with it: style sheets, preloads, icons, scripts, images (not its links to other pages).
TAG = re.compile(r"<(link|script|img)\b([^>]*)>", re.IGNORECASE)
ATTRIBUTE = re.compile(r'\b(rel|href|src)="([^"]*)"')
LOADED_RELS = {"stylesheet", "preload", "modulepreload", "icon"}


def grow_statistics(folder: Path, rows: int = SCALE_ROWS) -> int:
    """Fill ``statistics.csv`` up to ``rows`` figures with copies of the real ones, each as valid as
    its original. No chapter may pick a copy up by mistake: the copies are filed under the
    "population" theme, which no chapter reads, each original's copies under a metric of their own
    (``bench_<n>``, defined in metrics.csv like the original's) and a year of their own (1001, 1002,
    ...), without the original's note (where the audit finds "conversion of <id>"). Returns how many
    rows were added."""
    path = folder / "statistics.csv"
    fields, real = read_rows(path)
    metric_fields, metrics = read_rows(folder / "metrics.csv")
    by_id = {m["metric_id"]: m for m in metrics}
    count = max(0, rows - len(real))
    added = []
    for i in range(count):
        index, copy = i % len(real), i // len(real) + 1
        original = real[index]
        added.append({**original, "stat_id": f"{original['stat_id']}-x{copy}", "theme": "population",
                      "metric": f"bench_{index:03d}", "period": str(1000 + copy), "note": ""})
    new_metrics = [{**by_id[real[index]["metric"]], "metric_id": f"bench_{index:03d}",
                    "label": f"Generated copy of {by_id[real[index]['metric']]['label']}"}
                   for index in range(min(count, len(real)))]
    write_rows(folder / "metrics.csv", metric_fields, metrics + new_metrics)
    write_rows(path, fields, real + added)
    return count


def _tree_rss(root: int) -> int:
    """Resident memory of a process and all its descendants, in bytes (from /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            rss[int(entry.name)] = int((entry / "statm").read_text().split()[1]) * page
        except (OSError, IndexError, ValueError):
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry.name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total


def measured(command: list[str], cwd: Path, env: dict) -> tuple[subprocess.CompletedProcess, float, int]:
    """Run a command; return its result, the seconds it took and the peak memory of its whole
    process tree (kernels and Sphinx included), sampled every 0.2 s."""
    import threading

    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0]
    done = threading.Event()

    def sample():
        while not done.wait(0.2):
            peak[0] = max(peak[0], _tree_rss(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = process.communicate()
    done.set()
    sampler.join()
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr), time.perf_counter() - started, peak[0]


def page_weights(html: Path) -> dict[str, tuple[int, int]]:
    """Each page: (its HTML bytes, HTML plus the local style sheets, scripts and images it loads)."""
    weights = {}
    for page in sorted(html.rglob("*.html")):
        text = page.read_text(encoding="utf-8", errors="replace")
        assets = set()
        for tag, attributes in TAG.findall(text):
            found = dict(ATTRIBUTE.findall(attributes))
            ref = found.get("src") or (found.get("href") if LOADED_RELS & set(found.get("rel", "").split()) else None)
            if ref and "://" not in ref and not ref.startswith(("data:", "//")):
                assets.add((page.parent / ref.split("#")[0].split("?")[0]).resolve())
        size = page.stat().st_size
        weights[page.relative_to(html).as_posix()] = (
            size, size + sum(a.stat().st_size for a in assets if a.is_file()))
    return weights


def search_finds(html: Path, word: str) -> list[str]:
    """The pages Sphinx's search index lists for a word."""
    text = (html / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(text[text.index("(") + 1:text.rindex(")")])
    found = index["terms"].get(word.lower(), [])
    found = [found] if isinstance(found, int) else found
    return [index["docnames"][i] for i in found]


def bench_scale(keep: bool = False, rows: int = SCALE_ROWS) -> int:
    """Validate and build a copy whose statistics table is grown to ``rows`` figures; report time,
    peak memory and the heaviest page against the targets."""
    workdir = Path(tempfile.mkdtemp(prefix="northeast-scale-"))
    project = copy_project(workdir / "project")
    build = workdir / "build"
    added = grow_statistics(project / "data", rows)
    env = project_env(project, build)
    print(f"scale benchmark: {rows} statistics rows ({added} generated) in {workdir} ({machine()}; {load()})", flush=True)
    try:
        checked, validate_s, validate_mem = measured([sys.executable, "-m", "northeast", "validate"], project, env)
        print(f"  validate: {validate_s:.1f} s, peak {validate_mem / 2 ** 20:.0f} MB, exit {checked.returncode}", flush=True)
        built, build_s, build_mem = measured([sys.executable, "-m", "northeast", "build"], project, env)
        took = re.search(r"took .*", built.stdout)
        print(f"  build: {build_s:.1f} s, peak {build_mem / 2 ** 20:.0f} MB, exit {built.returncode}; "
              f"{took.group(0) if took else built.stderr[-2000:]}", flush=True)
        weights = page_weights(build / "html") if built.returncode == 0 else {}
        heaviest = max(weights.items(), key=lambda item: item[1][1], default=("none", (0, 0)))
        first_id = read_rows(project / "data" / "statistics.csv")[1][-1]["stat_id"]
        word = first_id.split("-")[0]
        found = [d for d in search_finds(build / "html", word) if d.startswith("book/catalogue")] if weights else []
    finally:
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)
    peak = max(validate_mem, build_mem)
    checks = [
        (f"validate {validate_s:.1f} s", f"<= {SCALE_VALIDATE_SECONDS:g} s", checked.returncode == 0 and validate_s <= SCALE_VALIDATE_SECONDS),
        (f"build {build_s:.1f} s", f"<= {SCALE_BUILD_SECONDS:g} s", built.returncode == 0 and build_s <= SCALE_BUILD_SECONDS),
        (f"peak memory {peak / 2 ** 30:.2f} GB", f"<= {SCALE_MEMORY_BYTES / 2 ** 30:g} GB", peak <= SCALE_MEMORY_BYTES),
        (f"heaviest page {heaviest[0]} {heaviest[1][1] / 2 ** 20:.2f} MB with its files "
         f"({heaviest[1][0] / 2 ** 20:.2f} MB of HTML; {len(weights)} pages)", f"<= {PAGE_BYTES / 2 ** 20:g} MB",
         bool(weights) and heaviest[1][1] <= PAGE_BYTES),
        (f"search for {word!r} finds {len(found)} catalogue page(s)", ">= 1", bool(found)),
    ]
    print()
    print(f"Scale benchmark, {date.today().isoformat()}, {rows} statistics rows, {machine()}")
    print(f"At the end: {load()}")
    print()
    print("| measure | target | |")
    print("| --- | --- | --- |")
    for figure, target, met in checks:
        print(f"| {figure} | {target} | {'met' if met else 'NOT met'} |")
    return 0 if all(met for _, _, met in checks) else 1
