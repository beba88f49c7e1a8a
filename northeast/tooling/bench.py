"""Time the build on a temporary copy of the project: ``make bench`` (``python -m northeast.tooling.bench``).

Four builds, in this order, on a copy (the real ``_build/`` and ``data/`` are never touched):

1. clean: an empty build folder;
2. no-op: the same again, nothing changed;
3. one value: the last digit of one figure in ``data/series.csv`` that a chapter uses is revised
   (of the latest year, among the figures the fewest chapters read);
4. forced: the same state built with ``--force`` (every notebook executed, every page written), the
   baseline the incremental build is measured against.

Between 2 and 3, the four regeneration scenarios (``SCENARIOS``: an official value revised, next
year's rows for one series, an article whose text is not at hand, an optional row removed), each
applied to the state after the no-op build and timed, then undone.

Targets: no-op <= 10 % of clean; one value <= 40 % of forced; scenario (a), a one-value revision,
<= 35 % of clean.

Then the scale benchmark (``bench_scale``; alone with ``--scale``): a copy whose statistics table is
grown to 100,000 rows by code (copies of the real figures under new ids), validated and built from
clean. Targets: validate <= 10 s, build <= 120 s, peak memory of the whole process tree <= 2 GB,
every page <= 1.5 MB with the files it loads, and search still finding figures on the catalogue pages.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..facts import GRP_VINTAGE
from ..paths import ROOT, data_dir, shared_dir

# What a copy of the project needs to build the book.
PROJECT_FILES = ("_config.yml", "_toc.yml", "pyproject.toml")
PROJECT_DIRS = ("book", "notebooks", "northeast")
IGNORE = shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints", "*.pyc")
NOOP_TARGET = 0.10
EDIT_TARGET = 0.40


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
    """``python -m northeast build`` inside the copy (its own package, data and book)."""
    result = subprocess.run([sys.executable, "-m", "northeast", "build", *args], cwd=project,
                            env=project_env(project, build), capture_output=True, text=True)
    if check and result.returncode != 0:
        raise RuntimeError(f"build {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def scheduled(result: subprocess.CompletedProcess) -> list[str]:
    """The notebooks (by stem) a build set out to execute, from its log, whether or not it succeeded."""
    match = re.search(r"^executing \d+ of \d+ notebooks: (.*)$", result.stdout, re.MULTILINE)
    return match.group(1).split(", ") if match else []


def executed(result: subprocess.CompletedProcess) -> list[str]:
    """The notebooks (by stem) a successful build executed, from its log."""
    return scheduled(result) if result.returncode == 0 else []


def sphinx_ran(result: subprocess.CompletedProcess) -> bool:
    return "Sphinx ran" in result.stdout


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



# Regeneration scenarios (issue 10): the four changes a user makes to data/ that the book must follow
# without a chapter being touched. The regeneration tests (tests/test_regeneration.py) apply them to a
# copy of the project and check the pages; the benchmark times the rebuild each one causes. Each takes
# the copy's data folder, edits it, and returns what changed. Rows are chosen from the data by what
# they are, never by a typed value.

# (a) The official series the long-view chapter draws and states in prose: GRP at current prices of the
# vintage the chapters use (facts.GRP_VINTAGE), for Liaoning, whose latest level the chapter prints.
REVISED = {"metric": "grp_nominal", "vintage": GRP_VINTAGE}
REVISED_REGION = "CN-LN"
REVISION_FACTOR = 1.05  # an upward revision of the size the economic census brings
# (b) Next year's GRP arrives before next year's population, the series GRP is divided by.
NEXT_YEAR_GROWTH = 1.04
DIVISOR_METRIC = "population_year_end"
# (c) A new article whose text is not at hand (fictional, named as such: it exists only in the copy).
NEW_SOURCE_ID = "regen-test-article-without-text"
NEW_STAT_ID = "regen-test-01"
# (d) An optional row: the US-dollar conversion an article printed beside the cost of a plant (a
# conversion is its own row, see data/README.md). The investment chapter uses it only for one
# sentence (the conversion as printed and the exchange rate it implies); the cost itself stays.
OPTIONAL_THEME = "investment"
OPTIONAL_NOTE = "conversion of "


@dataclass
class Change:
    """What a scenario did to the data: the table, the rows as they are now (revised or added) and
    as they were (revised or removed), and a sentence for logs that quotes no value."""

    table: str
    new: list[dict]
    old: list[dict]
    description: str
    notice_ids: tuple[str, ...] = ()  # what a notice about the change may name it by (ids, file:line)


def _decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def revise_official_value(folder: Path, factor: float = REVISION_FACTOR) -> Change:
    """(a) Revise the latest year of Liaoning's GRP (the chapters' vintage) by ``factor``, printed with
    the same number of decimals as before."""
    path = folder / "series.csv"
    fields, rows = read_rows(path)
    mine = [r for r in rows if r["region"] == REVISED_REGION and all(r[k] == v for k, v in REVISED.items())]
    row = max(mine, key=lambda r: int(r["year"]))
    old = dict(row)
    row["value"] = f"{float(old['value']) * factor:.{_decimals(old['value'])}f}"
    write_rows(path, fields, rows)
    return Change("series", [dict(row)], [old],
                  f"series.csv line {rows.index(row) + 2} ({row['region']}, {row['metric']}, {row['year']}, "
                  f"{row['vintage']}) revised by {factor - 1:+.0%}")


def add_next_year(folder: Path, growth: float = NEXT_YEAR_GROWTH) -> Change:
    """(b) Add the year after the latest of GRP (the chapters' vintage) for every region that has the
    latest year, and no population for it."""
    path = folder / "series.csv"
    fields, rows = read_rows(path)
    mine = [r for r in rows if all(r[k] == v for k, v in REVISED.items())]
    latest = max(int(r["year"]) for r in mine)
    added = [{**r, "year": str(latest + 1), "note": "regeneration test: next year's figure",
              "value": f"{float(r['value']) * growth:.{_decimals(r['value'])}f}"}
             for r in mine if int(r["year"]) == latest]
    write_rows(path, fields, rows + added)
    return Change("series", added, [],
                  f"series.csv: {REVISED['metric']} {latest + 1} added for {', '.join(r['region'] for r in added)} "
                  f"({DIVISOR_METRIC} {latest + 1} not yet)")


def add_article_without_text(folder: Path) -> Change:
    """(c) A new source with no ``path`` (its text is not at hand) and one figure citing it: Jilin's
    high-tech manufacturing growth in the year after the latest figure of that metric."""
    fields, sources = read_rows(folder / "sources.csv")
    year = 1 + max(int(r["period"][:4]) for r in read_rows(folder / "statistics.csv")[1]
                   if r["metric"] == "high_tech_manufacturing_va_growth")
    source = {k: "" for k in fields} | {
        "source_id": NEW_SOURCE_ID, "publisher": "Regeneration test (fictional)",
        "title": "A new article whose text is not at hand", "published": f"{year + 1}-01-15",
        "kind": "news article", "note": "Fictional source of the regeneration test; it exists only in a copy of data/."}
    write_rows(folder / "sources.csv", fields, sources + [source])
    fields, stats = read_rows(folder / "statistics.csv")
    stat = {k: "" for k in fields} | {
        "stat_id": NEW_STAT_ID, "source_id": NEW_SOURCE_ID, "theme": "industry", "region": "CN-JL",
        "metric": "high_tech_manufacturing_va_growth", "period": str(year), "value": "9.9", "unit": "percent",
        "qualifier": "exact", "quote": "value added of high-tech manufacturing grew 9.9 percent",
        "note": "Fictional figure of the regeneration test."}
    write_rows(folder / "statistics.csv", fields, stats + [stat])
    return Change("statistics", [stat], [],
                  f"sources.csv: {NEW_SOURCE_ID} added with no path; statistics.csv: {NEW_STAT_ID} cites it",
                  notice_ids=(NEW_SOURCE_ID, NEW_STAT_ID, f"sources.csv:{len(sources) + 2}",
                              f"statistics.csv:{len(stats) + 2}"))


def remove_optional_row(folder: Path) -> Change:
    """(d) Remove the printed conversion of an investment figure (the first such row)."""
    path = folder / "statistics.csv"
    fields, rows = read_rows(path)
    row = next(r for r in rows if r["theme"] == OPTIONAL_THEME and r["note"].startswith(OPTIONAL_NOTE))
    line = rows.index(row) + 2
    rows.remove(row)
    write_rows(path, fields, rows)
    return Change("statistics", [], [row],
                  f"statistics.csv line {line} ({row['stat_id']}, the {row['unit']} {row['note'].split(';')[0]}) removed")


SCENARIOS = {
    "a: official value revised": revise_official_value,
    "b: next year, no divisor yet": add_next_year,
    "c: article without text": add_article_without_text,
    "d: optional row removed": remove_optional_row,
}
REVISION_TARGET = 0.35  # scenario (a) rebuild / clean build


def rows_readers(build: Path, table: str, rows: list[dict]) -> tuple[list[str], list[str]]:
    """The notebooks whose traced reads of ``table`` select any of ``rows``: those that ask for them
    by a filter (they use them), and all, counting reads of the whole table (an audit of everything)."""
    from ..data import select
    import pandas as pd

    manifest = json.loads((build / ".stage" / "executed" / "manifest.json").read_text())
    frame = pd.DataFrame(rows, dtype=str)
    users, everyone = [], []
    for name, entry in sorted(manifest.items()):
        for read in entry["reads"]:
            if read["table"] == table and not select(frame, read["filters"]).empty:
                if read["filters"] and name not in users:
                    users.append(name)
                if name not in everyone:
                    everyone.append(name)
    return users, everyone


def save_state(project: Path, build: Path, folder: Path) -> None:
    """Keep the data and the build folder as they are now, to start each scenario from them."""
    for part, name in ((project / "data", "data"), (build, "build")):
        shutil.rmtree(folder / name, ignore_errors=True)
        shutil.copytree(part, folder / name, symlinks=True)  # copy2 keeps the times Sphinx compares


def restore_state(project: Path, build: Path, folder: Path) -> None:
    for part, name in ((project / "data", "data"), (build, "build")):
        shutil.rmtree(part, ignore_errors=True)
        shutil.copytree(folder / name, part, symlinks=True)


def time_scenarios(project: Path, build: Path, workdir: Path) -> list[tuple]:
    """Each scenario from the current state (a built book): change, rebuild, time; then restore.
    Returns (label, seconds, notebooks executed, Sphinx ran, succeeded, description) per scenario."""
    state = workdir / "state"
    save_state(project, build, state)
    rows = []
    try:
        for label, scenario in SCENARIOS.items():
            change = scenario(project / "data")
            started = time.perf_counter()
            result = run_build(project, build, check=False)
            seconds = time.perf_counter() - started
            ok = result.returncode == 0
            rows.append((label, seconds, len(scheduled(result)), sphinx_ran(result), ok, change.description))
            print(f"  {label}: {seconds:.1f} s, {'built' if ok else 'build FAILED'}; "
                  f"executed {', '.join(scheduled(result)) or 'nothing'}", flush=True)
            if not ok:  # what stopped it: the lines between "build failed:" and "the previous book ..."
                why = result.stderr.split("build failed:", 1)[-1].split("\nthe previous book")[0]
                print("\n".join("      " + line for line in why.strip().splitlines()), flush=True)
            restore_state(project, build, state)
    finally:
        shutil.rmtree(state, ignore_errors=True)
    return rows


def print_scenarios(rows: list[tuple], clean: float) -> bool:
    """The scenarios' table and the one-value revision's ratio to the clean build; True when it is
    within the target (the no-op ratio is printed with the other builds)."""
    print()
    print("| scenario | seconds | of clean | notebooks executed | Sphinx | result |")
    print("| --- | ---: | ---: | ---: | --- | --- |")
    for label, seconds, count, sphinx, ok, _ in rows:
        print(f"| {label} | {seconds:.1f} | {seconds / clean:.0%} | {count} | {'ran' if sphinx else 'skipped'} | "
              f"{'built' if ok else 'build failed'} |")
    for label, *_, description in rows:
        print(f"  {label}: {description}")
    label, seconds, _, _, ok, _ = next(r for r in rows if r[0].startswith("a:"))
    within = ok and seconds / clean <= REVISION_TARGET
    print(f"one-value revision / clean = {seconds / clean:.1%} (target <= {REVISION_TARGET:.0%}): "
          f"{'met' if within else 'NOT met'}{'' if ok else ' (the build failed)'}")
    return within


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


def bench(keep: bool = False, ref: str | None = None) -> int:
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
        timed("clean build")
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
    noop_ok, edit_ok = noop <= NOOP_TARGET, edit <= EDIT_TARGET
    print(f"no-op / clean = {noop:.1%} (target <= {NOOP_TARGET:.0%}): {'met' if noop_ok else 'NOT met'}")
    print(f"one value / forced = {edit:.1%} (target <= {EDIT_TARGET:.0%}): {'met' if edit_ok else 'NOT met'}")
    scenarios_ok = print_scenarios(scenarios, seconds["clean build"])
    return 0 if noop_ok and edit_ok and scenarios_ok else 1


# --- scale: the build at 100,000 statistics rows (issue 13) -----------------------------------------

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


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m northeast.tooling.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary copy and its build")
    parser.add_argument("--commit", metavar="REF", help="benchmark the project as committed at REF (e.g. HEAD) "
                        "instead of the working tree")
    parser.add_argument("--scale", action="store_true", help=f"only the scale benchmark: validate and build with "
                        f"{SCALE_ROWS:,} statistics rows")
    parser.add_argument("--skip-scale", action="store_true", help="only the incremental-build benchmark")
    args = parser.parse_args(argv)
    status = 0 if args.scale else bench(keep=args.keep, ref=args.commit)
    if not args.skip_scale:
        print()
        status = bench_scale(keep=args.keep) or status
    return status


if __name__ == "__main__":
    sys.exit(main())
