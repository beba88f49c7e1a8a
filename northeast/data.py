"""Load the curated tables as typed DataFrames.

Notebooks read data only through these functions. Each call names the rows it wants
(``statistics(theme="trade")``); the call is recorded when ``NORTHEAST_TRACE`` names a file, so
the build knows exactly which rows each notebook depends on and re-executes it only when those
rows change (see ``northeast.tooling.build``).
"""
from __future__ import annotations

import hashlib
import io
import json
import os
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import units
from .paths import data_dir
from .periods import parse_period

TABLES = ("sources", "places", "metrics", "statistics", "series")


class DataError(ValueError):
    """The data folder does not validate; the message lists every problem as file:line:column."""


def _raw(name: str, folder: Path) -> pd.DataFrame:
    """The table as text, parsed once per content of the file (a notebook asks for rows hundreds of
    times; keyed on the bytes, not the file time, so an edit is never missed). Callers only select
    from it (``select`` copies), never change it."""
    return _parse_csv((Path(folder) / f"{name}.csv").read_bytes())


@lru_cache(maxsize=32)
def _parse_csv(content: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(content), dtype=str, keep_default_na=False, encoding="utf-8")


def normalise_filters(filters: dict) -> dict:
    """Each filter as a sorted list of strings, whatever was passed (a str, a number, a Series)."""
    normal = {}
    for column, wanted in filters.items():
        values = [wanted] if isinstance(wanted, (str, bytes)) or not hasattr(wanted, "__iter__") else list(wanted)
        normal[column] = sorted({str(v.item() if hasattr(v, "item") else v) for v in values})
    return normal


def select(frame: pd.DataFrame, filters: dict) -> pd.DataFrame:
    """Rows whose columns equal the filter values (a value or a list of values)."""
    mask = pd.Series(True, index=frame.index)
    for column, wanted in normalise_filters(filters).items():
        if column not in frame.columns:
            raise KeyError(f"no column {column!r} to filter on (columns: {', '.join(frame.columns)})")
        mask &= frame[column].isin(wanted)
    return frame[mask]


def rows_digest(rows: pd.DataFrame) -> str:
    """Hash of raw rows (as read, before typing): equal digests mean equal data."""
    return hashlib.sha256(rows.to_csv(index=False).encode()).hexdigest()


def digest(name: str, filters: dict, folder: Path | None = None) -> str:
    """Hash of the raw rows a call selects: equal digests mean the call would return equal data."""
    folder = Path(folder or data_dir())
    return rows_digest(select(_raw(name, folder), filters))


def _record(name: str, filters: dict, rows: pd.DataFrame) -> None:
    """Note the call and the digest of the rows it returned, taken when they were read: a file
    edited during the build then changes the digest the build compares with next time."""
    trace = os.environ.get("NORTHEAST_TRACE")
    if trace:
        with open(trace, "a", encoding="utf-8") as out:
            out.write(json.dumps({"table": name, "filters": filters, "digest": rows_digest(rows)}, sort_keys=True) + "\n")


# Folders this process validated itself, as the build does before anything else (``validated_here``).
_VALIDATED_HERE: set[str] = set()


def validated_here(folder: Path) -> None:
    """Say that this process has just validated ``folder`` (the build, before it stages the pages it
    generates from the data), so that reading it here does not validate it a second time."""
    _VALIDATED_HERE.add(str(Path(folder).resolve()))


@lru_cache(maxsize=None)
def _checked(folder: str) -> None:
    """Validate once per process; the build sets NORTHEAST_VALIDATED for its kernels after checking
    the folder itself, and says so for its own process with ``validated_here``."""
    if os.environ.get("NORTHEAST_VALIDATED") == folder or str(Path(folder).resolve()) in _VALIDATED_HERE:
        return
    from .validate import validate

    problems = validate(Path(folder))
    if problems:
        raise DataError("the data do not validate:\n" + "\n".join(map(str, problems)))


def _load(name: str, filters: dict) -> pd.DataFrame:
    folder = data_dir()
    _checked(str(folder))
    filters = normalise_filters(filters)
    rows = select(_raw(name, folder), filters)
    _record(name, filters, rows)
    return rows.reset_index(drop=True)


def _typed_values(frame: pd.DataFrame) -> pd.DataFrame:
    """value as a number (the printed text kept in value_printed) and converted to its base unit."""
    frame = frame.rename(columns={"value": "value_printed"})
    frame.insert(frame.columns.get_loc("value_printed"), "value", frame["value_printed"].astype(float))
    frame["unit_family"] = frame["unit"].map(units.family)
    frame["unit_base"] = frame["unit"].map(units.base_unit)
    frame["value_base"] = frame["value"] * frame["unit"].map(units.factor_to_base).astype(float)
    return frame


def sources(**filters) -> pd.DataFrame:
    return _load("sources", filters)


def places(**filters) -> pd.DataFrame:
    return _load("places", filters)


def metrics(**filters) -> pd.DataFrame:
    return _load("metrics", filters)


def statistics(**filters) -> pd.DataFrame:
    """Article figures, e.g. ``statistics(theme="trade")`` or ``statistics(stat_id=[...])``.

    Adds: value (float), value_printed (text as in the CSV), value_base/unit_base (converted),
    unit_family, period_kind/period_start/period_end (end inclusive), period_years.
    """
    frame = _typed_values(_load("statistics", filters))
    periods = [parse_period(p) for p in frame["period"]]
    frame["period_kind"] = [p.kind for p in periods]
    frame["period_start"] = pd.to_datetime([p.start for p in periods])
    frame["period_end"] = pd.to_datetime([p.end for p in periods])
    frame["period_years"] = [p.years for p in periods]
    return frame


def series(**filters) -> pd.DataFrame:
    """Official annual series, e.g. ``series(metric="grp_nominal", vintage="revised")``."""
    frame = _typed_values(_load("series", filters))
    frame["year"] = frame["year"].astype(int)
    return frame


def stat(stat_id: str) -> pd.Series:
    """One figure by its id (KeyError naming the id when it is not in statistics.csv)."""
    frame = statistics(stat_id=stat_id)
    if frame.empty:
        raise KeyError(f"no figure {stat_id!r} in data/statistics.csv")
    return frame.iloc[0]
