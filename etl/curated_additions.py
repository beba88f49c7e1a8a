"""Step `etl/additions/`: official figures a curator adds by hand before a reference file holds them
(next year's communiqué, an announced revision), each row with its own source and vintage. The
tables live in the project (etl/additions/series.csv and sources.csv), not in ../shared/; see
etl/additions/README.md. A folder other than the project's is read when NORTHEAST_ADDITIONS names it
(the tests use a copy)."""
from __future__ import annotations

import csv
import os
from pathlib import Path

from .core import SERIES_COLUMNS, SOURCE_COLUMNS, series_row
from .readers import ReferenceError

FOLDER = Path(__file__).with_name("additions")
METRICS: list[dict] = []   # an added row uses a metric data/metrics.csv already has


def folder() -> Path:
    return Path(os.environ.get("NORTHEAST_ADDITIONS", FOLDER))


def _table(name: str, columns) -> list[tuple[int, dict]]:
    path = folder() / name
    if not path.is_file():
        return []
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != tuple(columns):
            raise ReferenceError(f"{path}: the header must be {','.join(columns)}")
        return [(reader.line_num, row) for row in reader]


def sources(reference: Path) -> list[dict]:
    return [row for _, row in _table("sources.csv", SOURCE_COLUMNS)]


def rows(reference: Path):
    known = {row["source_id"] for row in sources(reference)}
    for line, row in _table("series.csv", SERIES_COLUMNS):
        where = f"{folder() / 'series.csv'}:{line}"
        if row["source_id"] not in known:
            raise ReferenceError(f"{where}: source {row['source_id']!r} is not in {folder() / 'sources.csv'} "
                                 "(each added row cites its own document)")
        if not row["year"].strip().isdigit():
            raise ReferenceError(f"{where}: year {row['year']!r} is not a year")
        yield series_row(row["region"], row["metric"], int(row["year"]), row["value"], row["unit"], row["vintage"],
                         row["source_id"], row["note"], row["flag"])
