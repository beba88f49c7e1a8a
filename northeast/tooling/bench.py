"""Time the build on a temporary copy of the project: ``make bench`` (``python -m northeast.tooling.bench``).

Four builds, in this order, on a copy (the real ``_build/`` and ``data/`` are never touched):

1. clean: an empty build folder;
2. no-op: the same again, nothing changed;
3. one value: the last digit of one figure in ``data/series.csv`` that a chapter uses is revised
   (of the latest year, among the figures the fewest chapters read);
4. forced: the same state built with ``--force`` (every notebook executed, every page written), the
   baseline the incremental build is measured against.

Between 2 and 3, the four regeneration scenarios (``scenarios.SCENARIOS``: an official value revised, next
year's rows for one series, an article whose text is not at hand, an optional row removed), each
applied to the state after the no-op build and timed (scenario a three times, the median counting), then
undone.

Targets: no-op <= 10 % of clean; one value <= 40 % of forced; scenario (a), a one-value revision,
<= 35 % of clean.

After the clean build, the same book built by stock Jupyter Book (``stock.stock_build``: the staged
source, outputs stripped, ``execute_notebooks: force``, no project cache), and our clean build's share
of its time. Target: <= 60 % (``--no-stock`` leaves it out, as for a run at an older commit).

Then the scale benchmark (``scale.bench_scale``; alone with ``--scale``): a copy whose statistics table is
grown to 100,000 rows by code (copies of the real figures under new ids), validated and built from
clean. Targets: validate <= 10 s, build <= 120 s, peak memory of the whole process tree <= 2 GB,
every page <= 1.5 MB with the files it loads, and search still finding figures on the catalogue pages.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from ..paths import ROOT
from .copies import copy_committed, copy_project, executed, load, machine, read_rows, run_build, sphinx_ran, write_rows
from .scale import SCALE_ROWS, bench_scale
from .scenarios import print_scenarios, time_scenarios
from .stock import STOCK_TARGET, describe_failure, executed_count, stock_build
# Also importable from here, for the tests that name them as parts of the benchmark.
from .scenarios import (DIVISOR_METRIC, SCENARIOS, Change, add_article_without_text, add_next_year,  # noqa: F401,E402
                        checks_table, remove_optional_row, restore_state, revise_official_value, rows_readers,
                        save_state)

NOOP_TARGET = 0.10
EDIT_TARGET = 0.40


def readers_of_series(build: Path, project: Path) -> dict[int, tuple[list[str], list[str]]]:
    """For each row of series.csv (by index): the notebooks that use it (a call whose filters select
    it) and all the notebooks whose traced reads select it (with a call that reads the whole table,
    as an audit of every figure does)."""
    from ..data import select
    import pandas as pd

    manifest = json.loads((build / ".stage" / "executed" / "manifest.json").read_text())
    frame = pd.read_csv(project / "data" / "series.csv", dtype=str, keep_default_na=False)
    readers: dict[int, tuple[list[str], list[str]]] = {}
    for name, entry in sorted(manifest.items()):
        for read in entry["reads"]:
            if read["table"] == "series":
                for index in select(frame, read["filters"]).index:
                    users, everyone = readers.setdefault(int(index), ([], []))
                    if read["filters"] and name not in users:
                        users.append(name)
                    if name not in everyone:
                        everyone.append(name)
    return readers


def edit_one_value(project: Path, build: Path) -> str:
    """Revise one official figure that one chapter uses, as a statistical office revises its latest
    year: the last printed digit goes up by one. Among the rows some chapter selects by name, take
    one that the fewest chapters read, of the latest year. Return what was changed."""
    path = project / "data" / "series.csv"
    fields, rows = read_rows(path)
    readers = readers_of_series(build, project)
    used = {i: r for i, r in readers.items() if r[0]} or readers
    fewest = min((len(r[1]) for r in used.values()), default=0)
    candidates = [i for i, r in used.items() if len(r[1]) == fewest] or list(range(len(rows)))
    index = max(candidates, key=lambda i: (int(rows[i]["year"]), -i))
    row = rows[index]
    old = row["value"]
    decimals = len(old.split(".")[1]) if "." in old else 0
    row["value"] = f"{float(old) + 10 ** -decimals:.{decimals}f}"
    write_rows(path, fields, rows)
    users, everyone = readers.get(index, ([], []))
    # no values in the description: it is copied into the book, where numbers come only from data/
    return (f"series.csv line {index + 2} ({row['region']}, {row['metric']}, {row['year']}): last digit "
            f"revised; used by {', '.join(users) or 'no chapter'}, read by {', '.join(everyone) or 'no chapter'}")




def bench(keep: bool = False, ref: str | None = None, stock: bool = True) -> int:
    if ref:  # the commit, not a name that may move while the benchmark runs
        ref = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", ref], check=True,
                             capture_output=True, text=True).stdout.strip()
    workdir = Path(tempfile.mkdtemp(prefix="northeast-bench-"))
    project = copy_committed(workdir / "project", ref) if ref else copy_project(workdir / "project")
    build = workdir / "build"
    rows = []

    def timed(label: str, *args: str):
        started = time.perf_counter()
        result = run_build(project, build, *args)
        seconds = time.perf_counter() - started
        ran = executed(result)
        rows.append((label, seconds, len(ran), sphinx_ran(result)))
        took = re.search(r"took .*", result.stdout)
        print(f"  {label}: {seconds:.1f} s, executed {len(ran)} notebook(s), "
              f"Sphinx {'ran' if sphinx_ran(result) else 'skipped'}; {took.group(0) if took else ''}", flush=True)
        return result

    print(f"benchmark on a copy of {'commit ' + ref if ref else 'the working tree'} in {workdir} "
          f"({machine()}; {load()})", flush=True)
    try:
        clean = timed("clean build")
        per_notebook = (getattr(clean, "report", None) or {}).get("notebook_seconds", {})
        if stock:
            stock_seconds, stock_result = stock_build(project, build / ".stage" / "src", workdir)
            print(f"  stock jupyter-book build: {stock_seconds:.1f} s, executed {executed_count(stock_result)} "
                  f"notebook(s), exit {stock_result.returncode}", flush=True)
            if stock_result.returncode != 0:
                print(describe_failure(stock_result), flush=True)
        timed("no-op rebuild")
        scenarios = time_scenarios(project, build, workdir)
        change = edit_one_value(project, build)
        print(f"  edit: {change}", flush=True)
        timed("one value edited")
        timed("same edit, --force", "--force")
    finally:
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)
    seconds = {label: s for label, s, _, _ in rows}
    noop = seconds["no-op rebuild"] / seconds["clean build"]
    edit = seconds["one value edited"] / seconds["same edit, --force"]
    print()
    print(f"Benchmark, {date.today().isoformat()}, {machine()}" + (f", commit {ref}" if ref else ""))
    print(f"Edit: {change}")
    print(f"At the end: {load()} (other work on the machine slows every row)")
    print()
    print("| build | seconds | notebooks executed | Sphinx |")
    print("| --- | ---: | ---: | --- |")
    for label, s, count, sphinx in rows:
        print(f"| {label} | {s:.1f} | {count} | {'ran' if sphinx else 'skipped'} |")
    print()
    if per_notebook:   # each chapter's execution in the clean build (the synthetic comparison's cache starts empty)
        print("| notebook (clean build) | seconds |")
        print("| --- | ---: |")
        for name, s in sorted(per_notebook.items(), key=lambda item: -item[1]):
            print(f"| {Path(name).stem} | {s:.1f} |")
        print()
    noop_ok, edit_ok = noop <= NOOP_TARGET, edit <= EDIT_TARGET
    stock_ok = True
    if stock:
        ratio = seconds["clean build"] / stock_seconds
        stock_ok = stock_result.returncode == 0 and ratio <= STOCK_TARGET
        print(f"clean / stock jupyter-book build = {seconds['clean build']:.1f} / {stock_seconds:.1f} s = {ratio:.1%} "
              f"(target <= {STOCK_TARGET:.0%}): {'met' if stock_ok else 'NOT met'}"
              + ("" if stock_result.returncode == 0 else " (the stock build failed)"))
    print(f"no-op / clean = {noop:.1%} (target <= {NOOP_TARGET:.0%}): {'met' if noop_ok else 'NOT met'}")
    print(f"one value / forced = {edit:.1%} (target <= {EDIT_TARGET:.0%}): {'met' if edit_ok else 'NOT met'}")
    scenarios_ok = print_scenarios(scenarios, seconds["clean build"])
    return 0 if noop_ok and edit_ok and scenarios_ok and stock_ok else 1



def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m northeast.tooling.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary copy and its build")
    parser.add_argument("--commit", "--ref", metavar="REF", help="benchmark the project as committed at REF (e.g. HEAD) "
                        "instead of the working tree")
    parser.add_argument("--scale", action="store_true", help=f"only the scale benchmark: validate and build with "
                        f"{SCALE_ROWS:,} statistics rows")
    parser.add_argument("--skip-scale", action="store_true", help=f"leave out the scale benchmark ({SCALE_ROWS:,} "
                        "rows): the comparison then runs in minutes")
    parser.add_argument("--no-stock", action="store_true", help="leave out the stock Jupyter Book build")
    args = parser.parse_args(argv)
    status = 0 if args.scale else bench(keep=args.keep, ref=args.commit, stock=not args.no_stock)
    if not args.skip_scale:
        print()
        status = bench_scale(keep=args.keep) or status
    return status


if __name__ == "__main__":
    sys.exit(main())
