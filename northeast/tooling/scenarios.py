"""The regeneration scenarios (issue 10): four changes a user makes to ``data/`` that the book must
follow without a chapter being touched, the state a scenario starts from and is undone to, and
their timing and table for the benchmark (``make bench``)."""
from __future__ import annotations

import json
import shutil
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from ..facts import GRP_VINTAGE
from .copies import read_rows, run_build, scheduled, sphinx_ran, write_rows

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
INDEX_METRIC = "grp_index"   # real growth, previous year = 100: added with next year's GRP
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
    latest year, and no population for it; the GRP index of the same vintage gets the same year (NBS
    publishes the two together), so the ranks on real growth and the synthetic comparison extend too."""
    path = folder / "series.csv"
    fields, rows = read_rows(path)
    mine = [r for r in rows if all(r[k] == v for k, v in REVISED.items())]
    latest = max(int(r["year"]) for r in mine)
    added = [{**r, "year": str(latest + 1), "note": "regeneration test: next year's figure",
              "value": f"{float(r['value']) * growth:.{_decimals(r['value'])}f}"}
             for r in mine if int(r["year"]) == latest]
    index = [r for r in rows if r["metric"] == INDEX_METRIC and r["vintage"] == GRP_VINTAGE and int(r["year"]) == latest]
    added += [{**r, "year": str(latest + 1), "note": "regeneration test: next year's figure",
               "value": f"{growth * 100:.{_decimals(r['value'])}f}"} for r in index]
    write_rows(path, fields, rows + added)
    return Change("series", added, [],
                  f"series.csv: {REVISED['metric']} and {INDEX_METRIC} {latest + 1} added for "
                  f"{', '.join(dict.fromkeys(r['region'] for r in added))} "
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
    """(d) Remove the printed conversion of an investment figure (the first such row), and the audit's
    checks that name it (validation stops a check naming a figure the data lack, as the Updating
    page says: the curator deletes or edits that check too)."""
    path = folder / "statistics.csv"
    fields, rows = read_rows(path)
    row = next(r for r in rows if r["theme"] == OPTIONAL_THEME and r["note"].startswith(OPTIONAL_NOTE))
    line = rows.index(row) + 2
    rows.remove(row)
    write_rows(path, fields, rows)
    checks = checks_table(folder.parent)
    dropped = []
    if checks.is_file():
        check_fields, check_rows = read_rows(checks)
        dropped = [c["id"] for c in check_rows if row["stat_id"] in c["stats"].split()]
        write_rows(checks, check_fields, [c for c in check_rows if c["id"] not in dropped])
    return Change("statistics", [], [row],
                  f"statistics.csv line {line} ({row['stat_id']}, the {row['unit']} {row['note'].split(';')[0]}) removed"
                  + (f"; checks.csv: {', '.join(dropped)} removed" if dropped else ""))


def checks_table(project: Path) -> Path:
    """The audit's checks table of a project (copy)."""
    return project / "northeast" / "claims" / "checks.csv"


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
    """Keep the data, the audit's checks table and the build folder as they are now, to start each
    scenario from them."""
    for part, name in ((project / "data", "data"), (build, "build")):
        shutil.rmtree(folder / name, ignore_errors=True)
        shutil.copytree(part, folder / name, symlinks=True)  # copy2 keeps the times Sphinx compares
    if checks_table(project).is_file():
        shutil.copy2(checks_table(project), folder / "checks.csv")


def restore_state(project: Path, build: Path, folder: Path) -> None:
    for part, name in ((project / "data", "data"), (build, "build")):
        shutil.rmtree(part, ignore_errors=True)
        shutil.copytree(folder / name, part, symlinks=True)
    if (folder / "checks.csv").is_file():
        shutil.copy2(folder / "checks.csv", checks_table(project))


REVISION_RUNS = 3  # scenario (a), whose ratio has a target, is timed this often: the median counts


def time_scenarios(project: Path, build: Path, workdir: Path) -> list[tuple]:
    """Each scenario from the current state (a built book): change, rebuild, time; then restore.
    Returns (label, seconds, notebooks executed, Sphinx ran, succeeded, description) per scenario;
    for scenario (a) the median of its runs (one build on a shared machine varies by a tenth or more)."""
    state = workdir / "state"
    save_state(project, build, state)
    rows = []
    try:
        for label, scenario in SCENARIOS.items():
            runs = []
            for _ in range(REVISION_RUNS if label.startswith("a:") else 1):
                change = scenario(project / "data")
                started = time.perf_counter()
                result = run_build(project, build, check=False)
                runs.append(time.perf_counter() - started)
                restore_state(project, build, state)
                if result.returncode != 0:
                    break
            seconds = statistics.median(runs)
            ok = result.returncode == 0
            rows.append((label, seconds, len(scheduled(result)), sphinx_ran(result), ok, change.description))
            each = f" (median of {', '.join(f'{r:.1f}' for r in runs)})" if len(runs) > 1 else ""
            print(f"  {label}: {seconds:.1f} s{each}, {'built' if ok else 'build FAILED'}; "
                  f"executed {', '.join(scheduled(result)) or 'nothing'}", flush=True)
            if not ok:  # what stopped it: the lines between "build failed:" and "the previous book ..."
                why = result.stderr.split("build failed:", 1)[-1].split("\nthe previous book")[0]
                print("\n".join("      " + line for line in why.strip().splitlines()), flush=True)
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
