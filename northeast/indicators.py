"""The indicators the long view states, computed from rows of ``data.series`` (one function each).

Every function takes frames as ``data.series(...)`` returns them (columns ``region``, ``metric``, ``year``,
``vintage``, ``value``, ``value_base``) and refuses to mix vintages: a frame holding two vintages of one
metric raises ``ValueError`` naming them, so a revision is never spliced into a series by accident.
Results are wide tables (one row per year, one column per region) or Series by region.
"""
from __future__ import annotations

import pandas as pd

from . import official

NATIONAL = "CN"


def one_vintage(frame: pd.DataFrame, what: str = "series") -> pd.DataFrame:
    """The frame itself if it holds one vintage per metric (and no repeated region-year); else ValueError."""
    if frame.empty:
        raise ValueError(f"{what}: no rows")
    for metric, rows in frame.groupby("metric"):
        vintages = sorted(set(rows["vintage"]))
        if len(vintages) > 1:
            raise ValueError(f"{what}: {metric} mixes vintages {', '.join(vintages)}; select one")
    repeated = frame.duplicated(["metric", "region", "year"])
    if repeated.any():
        row = frame[repeated].iloc[0]
        raise ValueError(f"{what}: {row['metric']} {row['region']} {row['year']} appears twice")
    return frame


def wide(frame: pd.DataFrame, value: str = "value_base") -> pd.DataFrame:
    """One row per year, one column per region (one vintage only)."""
    return official.by_year(one_vintage(frame), value=value)


def chain(index: pd.Series, base_year: int) -> pd.Series:
    """Levels from an index (previous year = 100) by year: 100 in base_year, then each year's index
    applied in turn; after a missing year the level is unknown (NaN), never chained across the gap."""
    steps = index[index.index > base_year].dropna()
    years = range(int(base_year), int(steps.index.max()) + 1 if len(steps) else int(base_year) + 1)
    steps = steps.reindex(years[1:]) / 100
    unknown = steps.isna().cumsum() > 0
    return pd.concat([pd.Series({int(base_year): 100.0}), (100 * steps.cumprod()).mask(unknown)])


def cumulative_index(grp_index: pd.DataFrame, base_year: int | None = None) -> pd.DataFrame:
    """Real output as an index, base_year = 100, chained from the GRP index (previous year = 100).

    base_year defaults to the year before the first index year, so every index value is used. Years
    before base_year are dropped; after a gap in a region's years its level is unknown (see chain).
    """
    table = wide(grp_index, "value")
    base_year = int(table.index.min()) - 1 if base_year is None else base_year
    out = {}
    for region, column in table.items():
        if pd.isna(column.get(base_year + 1)):
            raise ValueError(f"GRP index of {region}: no value for {base_year + 1}, the year after the base")
        out[region] = chain(column, base_year)
    return pd.DataFrame(out).sort_index()


def relative_to(frame: pd.DataFrame, benchmark: str = NATIONAL) -> pd.DataFrame:
    """Each region's value as a percentage of the benchmark's in the same year (e.g. disposable income
    relative to China = 100), for the years the benchmark has."""
    table = wide(frame)
    if benchmark not in table.columns:
        raise ValueError(f"no rows for the benchmark {benchmark}")
    base = table.pop(benchmark).dropna()
    return table.loc[base.index].div(base, axis=0) * 100


def fiscal_self_reliance(revenue: pd.DataFrame, expenditure: pd.DataFrame) -> pd.DataFrame:
    """Local budget revenue as a percentage of local budget expenditure, by year and region, for the
    region-years both hold (each frame one vintage)."""
    rev, exp = wide(revenue), wide(expenditure)
    years = rev.index.intersection(exp.index)
    regions = rev.columns.intersection(exp.columns)
    return (rev.loc[years, regions] / exp.loc[years, regions] * 100).dropna(how="all")


def share_of_china(frame: pd.DataFrame, regions, base: str = "provinces") -> pd.DataFrame:
    """Each of `regions` as a percentage of China, by year (values in base units, so a province printed in
    jin and China in tonnes compare). base="provinces": the sum of every province in the frame (code other
    than CN), only for years in which all of them have a value; base="national": the CN row."""
    table = wide(frame)
    if base == "national":
        if NATIONAL not in table.columns:
            raise ValueError("no national (CN) rows for base='national'")
        whole = table[NATIONAL]
    elif base == "provinces":
        provinces = table.drop(columns=[NATIONAL], errors="ignore")
        whole = provinces.sum(axis=1, min_count=provinces.shape[1])
    else:
        raise ValueError(f"base must be 'provinces' or 'national', not {base!r}")
    regions = list(regions)
    missing = [r for r in regions if r not in table.columns]
    if missing:
        raise ValueError(f"no rows for {', '.join(missing)}")
    whole = whole.dropna()
    return table.loc[whole.index, regions].div(whole, axis=0) * 100


def grain_share(grain_output: pd.DataFrame, regions, base: str = "national") -> pd.DataFrame:
    """The regions' share of China's grain output (percent) by year; see share_of_china for base."""
    return share_of_china(grain_output, regions, base=base)


def aggregate_index(grp_index: pd.DataFrame, nominal_grp: pd.DataFrame, regions=None) -> pd.Series:
    """A GRP-weighted index (previous year = 100) of several regions, weighted by each region's nominal
    GRP of the previous year: a proxy for a group (e.g. all provinces, when no national index of the
    vintage exists). Years where an index or a weight is missing for any region are left out."""
    index = wide(grp_index, "value")
    regions = list(regions) if regions is not None else [r for r in index.columns if r != NATIONAL]
    index = index.reindex(columns=regions)
    weights = wide(nominal_grp).reindex(columns=regions)
    weights.index = weights.index + 1  # the level of year t - 1 weighs the growth of year t
    years = [y for y in index.index if y in weights.index
             and index.loc[y].notna().all() and weights.loc[y].notna().all()]
    if not years:
        raise ValueError("no year with an index and a previous-year weight for every region")
    w = weights.loc[years]
    return (index.loc[years] * w).sum(axis=1) / w.sum(axis=1)
