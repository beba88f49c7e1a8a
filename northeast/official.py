"""Derived figures from the official annual series (data/series.csv): wide year-by-region tables,
repairs of flagged values, shares of a national total, output per person against China, the years
a revision reset a level, and what a series lacks (missing years, years one series has and another
does not). Chapters fetch these facts and glue them; none of them holds a number of today's data.
"""
from __future__ import annotations

import numpy as np
import pandas as pd


def fill_suspect(frame: pd.DataFrame) -> pd.DataFrame:
    """Replace each value flagged ``suspect`` by linear interpolation in the year between the nearest
    unflagged years of the same region, metric and vintage.

    Returns a copy with ``value_as_printed`` (the original value) and ``interpolated`` (True on the
    repaired rows). A suspect value at either end of a series cannot be interpolated: ValueError.
    """
    out = frame.copy()
    out["value_as_printed"] = out["value"]
    out["interpolated"] = False
    suspect = out["flag"].eq("suspect")
    for index in out.index[suspect]:
        row = out.loc[index]
        same = out[(out["region"] == row["region"]) & (out["metric"] == row["metric"])
                   & (out["vintage"] == row["vintage"]) & ~suspect]
        before = same[same["year"] < row["year"]]
        after = same[same["year"] > row["year"]]
        if before.empty or after.empty:
            raise ValueError(f"cannot interpolate {row['region']} {row['metric']} {row['year']}: "
                             "no unflagged neighbour on both sides")
        lo = before.loc[before["year"].idxmax()]
        hi = after.loc[after["year"].idxmin()]
        weight = (row["year"] - lo["year"]) / (hi["year"] - lo["year"])
        for column in [c for c in ("value", "value_base") if c in out.columns]:
            out.loc[index, column] = lo[column] + weight * (hi[column] - lo[column])
        out.loc[index, "interpolated"] = True
    return out


def by_year(frame: pd.DataFrame, value: str = "value") -> pd.DataFrame:
    """One row per year, one column per region, every year from the first to the last present (a
    year the data lack is a row of NaN, so a chart breaks its line there instead of bridging it)."""
    if frame.duplicated(["year", "region"]).any():
        raise ValueError("two rows for one region and year: select one metric and one vintage first")
    wide = frame.pivot(index="year", columns="region", values=value).sort_index()
    if wide.empty:
        return wide
    return wide.reindex(range(int(wide.index.min()), int(wide.index.max()) + 1))


def missing_years(series: pd.Series) -> list[int]:
    """Years inside a series' span for which it holds no value."""
    present = series.dropna().index
    if present.empty:
        return []
    return [y for y in range(int(present.min()), int(present.max()) + 1) if y not in present]


def span(series_or_index) -> tuple[int, int]:
    """First and last year holding a value."""
    index = series_or_index.dropna().index if isinstance(series_or_index, (pd.Series, pd.DataFrame)) else series_or_index
    return int(min(index)), int(max(index))


def relative_per_person(grp: pd.DataFrame, population: pd.DataFrame, national_grp: pd.Series,
                        national_population: pd.Series) -> pd.DataFrame:
    """GRP per person of each region as a percentage of China's GDP per person, for the years all
    four inputs hold (the units cancel if each pair is in the same units)."""
    complete = population[grp.columns].dropna().index
    years = (grp.dropna().index.intersection(complete).intersection(national_grp.dropna().index)
             .intersection(national_population.dropna().index))
    regional = grp.loc[years] / population.loc[years, grp.columns]
    national = national_grp.loc[years] / national_population.loc[years]
    return regional.div(national, axis=0) * 100


def span_text(series_or_index) -> str:
    """'2006–2024': the first and last year holding a value, for prose."""
    first, last = span(series_or_index)
    return f"{first}–{last}"


def years_lacking(numerator: pd.DataFrame | pd.Series, denominator: pd.DataFrame | pd.Series) -> list[int]:
    """Years the numerator holds (for every column) but the denominator does not: a ratio cannot be
    computed for them yet (GRP is published before population)."""
    num = numerator.dropna() if isinstance(numerator, pd.Series) else numerator.dropna(how="any")
    den = denominator.dropna() if isinstance(denominator, pd.Series) else denominator.dropna(how="any")
    return sorted(int(y) for y in num.index.difference(den.index))


def growth(frame: pd.DataFrame | pd.Series) -> pd.DataFrame | pd.Series:
    """Year-on-year change in percent; a year after a gap has no growth (not bridged)."""
    return frame.pct_change(fill_method=None) * 100


def resets(first_published: pd.Series, threshold: float = -10.0) -> pd.Series:
    """Year-on-year changes (percent) of a first-published level series below ``threshold``:
    the years in which a revision reset the level."""
    change = growth(first_published.sort_index())
    return change[change < threshold]


def reset_years(first_published: pd.DataFrame) -> dict[str, int | None]:
    """The first reset year of each region's first-published series (None where there is none)."""
    out = {}
    for code in first_published.columns:
        found = resets(first_published[code].dropna())
        out[code] = int(found.index[0]) if len(found) else None
    return out


def year_ticks(first: int, last: int, count: int = 5) -> list[int]:
    """About ``count`` evenly stepped year ticks ending at ``last`` (the latest year is always labelled)."""
    step = max(1, int(np.ceil((last - first) / max(count - 1, 1))))
    return sorted(range(int(last), int(first) - 1, -step))   # counted back from the latest year, always shown
