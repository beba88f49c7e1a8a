"""Printed figures and how to find them: the ``Figure`` model (a figure with its rounding interval) and
``lookup``, the one way to fetch exactly one row of a table by its columns.

``lookup`` is used by the audit and by the chapters alike. It returns the row or raises ``LookupError``
naming the table and the lookup (``data/statistics.csv: no figure for metric='x', region='CN-LN',
period='2023'``), so a chapter that needs a row the data do not hold says which one.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pandas as pd

from .. import data, units
from ..report import figure_text
from ..paths import ROOT, data_dir
from .rounding import Interval, decimals, printed_interval


@dataclass(frozen=True)
class Figure:
    """A printed figure (statistics.csv row or series.csv value) with its rounding interval."""
    ref: str          # stat_id, or "source_id:region:metric:year" for a series value
    source_id: str
    region: str
    metric: str
    period: str
    printed: str
    unit: str
    qualifier: str = "exact"
    entity: str = ""
    note: str = ""
    quote: str = ""
    flag: str = ""

    @classmethod
    def of(cls, row) -> "Figure":
        """A Figure from a row of data.statistics(...) or data.series(...)."""
        if "stat_id" in row.index:
            return cls(row["stat_id"], row["source_id"], row["region"], row["metric"], row["period"],
                       row["value_printed"], row["unit"], row["qualifier"], row["entity"], row["note"],
                       row["quote"], row.get("flag", ""))
        ref = f"{row['source_id']}:{row['region']}:{row['metric']}:{row['year']}"
        return cls(ref, row["source_id"], row["region"], row["metric"], str(row["year"]),
                   row["value_printed"], row["unit"], "exact", "", row["note"], "")

    @property
    def value(self) -> float:
        return float(self.printed)

    @property
    def interval(self) -> Interval:
        return printed_interval(self.printed, self.qualifier)

    @property
    def year(self) -> int:
        """The year of a one-year period, or of the end of a span."""
        return int(self.period.split("/")[-1].removeprefix("asof:")[:4])

    @property
    def doubtful_year(self) -> bool:
        """The data doubt the figure's period (flag, or a 'DOUBTFUL YEAR' note)."""
        return self.flag == "doubtful_period" or "DOUBTFUL YEAR" in self.note

    @property
    def family(self) -> str:
        return units.family(self.unit)

    def in_unit(self, unit: str) -> tuple[float, Interval]:
        """Point value and interval converted to another printed unit of the same family."""
        factor = factor_between(self.unit, unit)
        return self.value * factor, self.interval * factor

    def base(self) -> tuple[float, Interval]:
        factor = units.factor_to_base(self.unit)
        return self.value * factor, self.interval * factor

    def shown(self) -> str:
        """'81.6 billion jin', 'about 42 billion US dollars', '2.6 percent'."""
        number = f"{float(self.printed):,.{decimals(self.printed)}f}"
        return figure_text(number, self.qualifier, "points" if self.unit == "percentage points" else self.unit)


def factor_between(from_unit: str, to_unit: str) -> float:
    """How many `to_unit` one `from_unit` is ('billion jin' -> 'million tonnes': 0.5)."""
    return units.convert(1.0, from_unit, to_unit)


def _where(table: str) -> str:
    path = data_dir() / f"{table}.csv"
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def describe(filters: dict) -> str:
    """The lookup as text: "metric='x', region='CN-LN', period='2023'"."""
    return ", ".join(f"{k}={v!r}" for k, v in filters.items())


def _matching(table: str, frame: pd.DataFrame | None, filters: dict) -> pd.DataFrame:
    if frame is None:
        frame = getattr(data, table)(**filters)
    mask = pd.Series(True, index=frame.index)
    for column, wanted in data.normalise_filters(filters).items():
        if column not in frame.columns:
            raise KeyError(f"{_where(table)}: no column {column!r} to look up")
        mask &= frame[column].astype(str).isin(wanted)
    return frame[mask]


def lookup(table: str, frame: pd.DataFrame | None = None, **filters) -> pd.Series:
    """The one row of `table` whose columns equal `filters` (in `frame`, rows already loaded from that
    table, or loaded now with exactly these filters). LookupError naming the table and the lookup when
    none or several match."""
    found = _matching(table, frame, filters)
    if len(found) != 1:
        what = "no figure" if found.empty else f"{len(found)} figures"
        raise LookupError(f"{_where(table)}: {what} for {describe(filters)}")
    return found.iloc[0]


def optional(table: str, frame: pd.DataFrame | None = None, **filters) -> pd.Series | None:
    """Like ``lookup``, but None when no row matches (several are still an error)."""
    try:
        return lookup(table, frame, **filters)
    except LookupError:
        if _matching(table, frame, filters).empty:
            return None
        raise


def _rows_for(table: str):
    """What a single lookup searches: the whole statistics table (the audit scans every figure anyway),
    but for the official series only the rows the lookup names, so that a revised row of a series the
    audit does not use does not make the audit run again."""
    return None if table == "series" else _table(table)


def figure(table: str = "statistics", **filters) -> Figure:
    """The one figure matching `filters`, as a Figure (LookupError as ``lookup``)."""
    return Figure.of(lookup(table, _rows_for(table), **filters))


def optional_figure(table: str = "statistics", **filters) -> Figure | None:
    row = optional(table, _rows_for(table), **filters)
    return None if row is None else Figure.of(row)


# ---- whole tables, for the audit (it scans every figure, so it depends on all of statistics.csv)
_TABLES: dict = {}


def _table(name: str) -> pd.DataFrame:
    """A whole table through the loader, re-read only when the file changes."""
    path = data_dir() / f"{name}.csv"
    key = (name, str(path), hashlib.sha256(path.read_bytes()).hexdigest())
    if key not in _TABLES:
        if len(_TABLES) > 16:
            _TABLES.clear()
        _TABLES[key] = getattr(data, name)()
    return _TABLES[key]


def figures(**filters) -> list[Figure]:
    """Every statistics figure whose columns equal `filters`."""
    return [Figure.of(r) for _, r in _matching("statistics", _table("statistics"), filters).iterrows()]


def label(metric: str) -> str:
    """The metric's label for running text: 'Real GDP growth' -> 'real GDP growth'."""
    row = optional("metrics", _table("metrics"), metric_id=metric)
    text = (metric if row is None else row["label"]).removesuffix(" (count)")
    return text[0].lower() + text[1:] if len(text) > 1 and text[1].islower() else text


def region_name(code: str) -> str:
    row = optional("places", _table("places"), code=code)
    return code if row is None else row["name"]


def source_publisher(source_id: str) -> str:
    """'China Daily' for a source id (the id itself when unknown)."""
    row = optional("sources", _table("sources"), source_id=source_id)
    return source_id if row is None else short_publisher(row["publisher"])


def short_publisher(name: str) -> str:
    """'China Daily' from 'China Daily (...)' or 'China Daily, ...'."""
    return name.split(",")[0].split(" (")[0]


def published(source_id: str) -> pd.Timestamp:
    text = lookup("sources", _table("sources"), source_id=source_id)["published"]
    return pd.Timestamp(text if len(text) > 7 else text + "-15")


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def period_words(period: str) -> str:
    """A period of the data grammar in words: '2023-H1' -> 'first half of 2023', 'asof:2022-07' ->
    'as of July 2022', '2013/2021' -> '2013 to 2021', '2022-06-23' -> '23 June 2022'."""
    if period.startswith("asof:"):
        return "as of " + period_words(period[len("asof:"):])
    if "/" in period:
        first, _, last = period.partition("/")
        return f"{period_words(first)} to {period_words(last)}"
    parts = period.split("-")
    if len(parts) == 1:
        return period
    year, rest = parts[0], parts[1]
    if rest.startswith("H"):
        return f"{('first', 'second')[int(rest[1]) - 1]} half of {year}"
    if rest.startswith("Q"):
        return f"{('first', 'second', 'third', 'fourth')[int(rest[1]) - 1]} quarter of {year}"
    month = MONTHS[int(rest) - 1]
    return f"{int(parts[2])} {month} {year}" if len(parts) == 3 else f"{month} {year}"
