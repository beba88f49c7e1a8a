"""Conversion of the reference data (../shared/reference-data) into the curated tables of data/.

One module per reference folder (a "step"), each with the metadata of what it reads beside it:
SOURCES (rows of sources.csv), METRICS (new rows of metrics.csv) and rows(reference) (rows of
series.csv, values as the files print them). `python -m etl` runs every step and rewrites
data/series.csv: the rows of each (source_id, vintage) a step produces are replaced by what it
produces now; all other rows (curated by hand before the steps existed) are kept as they are. Rows are
sorted by metric, region, vintage and year, so a run is deterministic. Missing sources, metrics and
provinces are appended to sources.csv, metrics.csv and places.csv; existing rows there are not edited.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from . import (communique_excerpts, curated_additions, exchange_rate, fiscal_expenditure_2005_2024,
               grp_revised_5th_census, nbs_exports_2016_2024, nbs_fai_2000_2017, nbs_fai_funds_2018_2024, nbs_national_annual,
               nbs_scrape_2000_2019, population_yearend_2000_2020, population_yearend_2015_2024)
from .copies import with_copy
from .core import METRIC_COLUMNS, PLACE_COLUMNS, SERIES_COLUMNS, SOURCE_COLUMNS, sort_key
from .readers import ReferenceError, read_english_wide, read_nbs_gbk_export
from .regions import PROVINCES, full_names

STEPS = (grp_revised_5th_census, nbs_exports_2016_2024, population_yearend_2015_2024, population_yearend_2000_2020,
         nbs_national_annual, nbs_scrape_2000_2019, nbs_fai_2000_2017, nbs_fai_funds_2018_2024, fiscal_expenditure_2005_2024,
         exchange_rate, communique_excerpts, curated_additions)   # last: a curator's rows (etl/additions/), each with its own source


def step_sources(step, reference: Path) -> list[dict]:
    found = step.sources(reference) if hasattr(step, "sources") else list(step.SOURCES)
    return [with_copy(source) for source in found]


def generated_rows(reference: Path) -> list[dict]:
    """Every row the steps produce, checked (numbers, one row per key), sorted."""
    rows, keys = [], {}
    for step in STEPS:
        for row in step.rows(reference):
            if row is None:
                continue
            try:
                float(row["value"])
            except ValueError:
                raise ReferenceError(f"{step.__name__}: {row['region']} {row['metric']} {row['year']}: "
                                     f"{row['value']!r} is not a number") from None
            key = (row["region"], row["metric"], row["year"], row["vintage"])
            if key in keys:
                raise ReferenceError(f"{step.__name__} and {keys[key]} both give {'/'.join(key)}")
            keys[key] = step.__name__
            rows.append(row)
    return sorted(rows, key=sort_key)


def read_rows(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def to_csv(rows: list[dict], columns) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def series_text(reference: Path, current: list[dict]) -> str:
    """series.csv as the steps make it: hand-curated rows kept, step-owned rows regenerated."""
    new = generated_rows(reference)
    owned = {(r["source_id"], r["vintage"]) for r in new}
    kept = [r for r in current if (r["source_id"], r["vintage"]) not in owned]
    return to_csv(sorted(kept + new, key=sort_key), SERIES_COLUMNS)


def province_places(reference: Path) -> list[dict]:
    """A places.csv row per province: ISO code, English name as in the NBS English export, Chinese as in the GBK export."""
    english = read_english_wide(reference / population_yearend_2000_2020.FOLDER / population_yearend_2000_2020.FILE)
    chinese = full_names(read_nbs_gbk_export(reference / grp_revised_5th_census.FOLDER / grp_revised_5th_census.PROVINCES_FILE).rows)
    out = []
    for _, code, name in PROVINCES:
        if name not in english.rows:
            raise ReferenceError(f"{english.path}: no region {name!r}")
        out.append({"code": code, "name": name, "name_zh": chinese[code], "level": "province", "parent": "CN"})
    return out


def _appended(path: Path, key: str, wanted: list[dict], columns) -> str:
    """The file's text with the wanted rows whose key is missing appended (existing lines untouched)."""
    text = path.read_text(encoding="utf-8")
    present = {row[key] for row in read_rows(path)}
    missing, seen = [], set()
    for row in wanted:
        if row[key] not in present and row[key] not in seen:
            missing.append(row)
            seen.add(row[key])
    if not missing:
        return text
    body = to_csv(missing, columns).split("\n", 1)[1]
    return text if not body else (text if text.endswith("\n") else text + "\n") + body


def outputs(reference: Path, data: Path) -> dict[Path, str]:
    """Each data file the steps own -> its text after a run."""
    sources = [s for step in STEPS for s in step_sources(step, reference)]
    metrics = [m for step in STEPS for m in step.METRICS]
    return {
        data / "series.csv": series_text(reference, read_rows(data / "series.csv")),
        data / "sources.csv": _appended(data / "sources.csv", "source_id", sources, SOURCE_COLUMNS),
        data / "metrics.csv": _appended(data / "metrics.csv", "metric_id", metrics, METRIC_COLUMNS),
        data / "places.csv": _appended(data / "places.csv", "code", province_places(reference), PLACE_COLUMNS),
    }


def run(reference: Path, data: Path, check: bool = False) -> list[Path]:
    """Write (or, with check, only compare) the owned files; return those that differ(ed)."""
    changed = []
    for path, text in outputs(reference, data).items():
        if path.read_text(encoding="utf-8") != text:
            changed.append(path)
            if not check:
                path.write_text(text, encoding="utf-8")
    return changed


def summary_table(reference: Path) -> str:
    """The Markdown table of what the steps produce (metric, vintage, source, regions, years, unit, rows),
    as data/SERIES_NOTES.md prints it."""
    groups: dict[tuple, list[dict]] = {}
    for row in generated_rows(reference):
        groups.setdefault((row["metric"], row["vintage"], row["source_id"]), []).append(row)
    lines = ["| metric | vintage | source_id | regions | years | unit | rows |", "| --- | --- | --- | --- | --- | --- | --- |"]
    for (metric, vintage, source_id), rows in groups.items():
        regions = {r["region"] for r in rows}
        provinces = sorted(regions - {"CN"})
        names = "31 provinces" if len(provinces) == len(PROVINCES) else ", ".join(provinces)
        where = " + ".join(x for x in (names, "CN" if "CN" in regions else "") if x)
        years = sorted({int(r["year"]) for r in rows})
        span = f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])
        unit = ", ".join(sorted({r["unit"] for r in rows}))
        lines.append(f"| `{metric}` | `{vintage}` | `{source_id}` | {where} | {span} | {unit} | {len(rows)} |")
    return "\n".join(lines) + "\n"
