"""The long view's facts, each computed once from the official series and used by every page that
states it (chapter 7 and the key findings): the region's shares of China, output per person against
China, trend fits before and after the break, R&D intensity and its revision breaks.

Each function loads exactly the rows it needs through ``northeast.data`` (so the build knows which
pages to re-run when a row changes) and returns year-by-region tables or fits; which vintage is read
is chosen here, once.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import data, official, trends

PROVINCES = ["CN-LN", "CN-JL", "CN-HL"]
CHINA, NORTHEAST = "CN", "CN-NE3"
GRP_VINTAGE, FIRST_VINTAGE = "revised", "first_published"
POPULATION_VINTAGES = ["revised", "yearbook"]   # national revised series over the provincial yearbook one


def _wide(rows: pd.DataFrame) -> pd.DataFrame:
    return official.by_year(rows)


def grp_rows(vintage: str = GRP_VINTAGE) -> pd.DataFrame:
    return data.series(metric="grp_nominal", vintage=vintage, region=PROVINCES + [CHINA])


def grp(vintage: str = GRP_VINTAGE) -> pd.DataFrame:
    """GRP (China: GDP) at current prices, 100 million yuan, one column per region."""
    return _wide(grp_rows(vintage))


def first_published_grp() -> pd.DataFrame:
    return _wide(data.series(metric="grp_nominal", vintage=FIRST_VINTAGE, region=PROVINCES))


def population_rows() -> pd.DataFrame:
    """Year-end population rows, flagged typos repaired (``interpolated`` marks them)."""
    rows = data.series(metric="population_year_end", vintage=POPULATION_VINTAGES, region=PROVINCES + [CHINA])
    return official.fill_suspect(rows)


def population() -> pd.DataFrame:
    """Year-end population, 10,000 persons, one column per region."""
    return _wide(population_rows())


def with_northeast(shares: pd.DataFrame) -> pd.DataFrame:
    """Add the three provinces' sum as a column (only for years all three hold)."""
    out = shares.copy()
    out[NORTHEAST] = out[PROVINCES].sum(axis=1, min_count=len(PROVINCES))
    return out


def output_share() -> pd.DataFrame:
    """Each province's GRP as a percentage of China's GDP (same vintage), plus the three together."""
    table = grp()
    return with_northeast(official.share_of(table[PROVINCES], table[CHINA]))


def population_share() -> pd.DataFrame:
    """Each province's year-end population as a percentage of China's, plus the three together."""
    table = population()
    return with_northeast(official.share_of(table[PROVINCES].dropna(), table[CHINA]))


def output_per_person() -> pd.DataFrame:
    """GRP per person of each province as a percentage of China's GDP per person (China = 100)."""
    output, people = grp(), population()
    return official.relative_per_person(output[PROVINCES], people[PROVINCES], output[CHINA], people[CHINA])


def output_lacking_population() -> list[int]:
    """Years after the last per-person year with GRP but no population yet (not extrapolated)."""
    last = output_per_person().index.max()
    return [y for y in official.years_lacking(grp(), population()) if y > last]


@dataclass(frozen=True)
class GrowthFits:
    """Break trends of each series and growth gaps of each province (and the three) to China."""
    frame: pd.DataFrame          # the years every series holds, with the three provinces' sum
    fits: dict                   # region -> trends.BreakTrend of log GRP
    gaps: dict                   # region -> trends.BreakTrend of log(region / China)
    break_year: int


def growth_fits(break_year: int = trends.BREAK_YEAR) -> GrowthFits:
    """Log-linear trends with a slope break, fitted on the years all four series hold."""
    frame = grp()[PROVINCES + [CHINA]].dropna()
    frame[NORTHEAST] = frame[PROVINCES].sum(axis=1)
    years = frame.index.to_numpy()
    fits = {c: trends.break_trend(years, frame[c], break_year) for c in PROVINCES + [NORTHEAST, CHINA]}
    gaps = {c: trends.growth_gap(years, frame[c], frame[CHINA], break_year) for c in PROVINCES + [NORTHEAST]}
    return GrowthFits(frame, fits, gaps, break_year)


def rd_intensity() -> pd.DataFrame:
    """R&D expenditure as percent of GRP, as first published in each year's bulletin."""
    return _wide(data.series(metric="rd_intensity", region=PROVINCES + [CHINA]))


def rd_breaks() -> dict[str, int]:
    """The years each province's R&D intensity changes denominator: a bulletin divides by its year's
    GRP vintage, so its breaks are the years the first-published GRP reset (inside the R&D span)."""
    rd = rd_intensity()
    resets = official.reset_years(first_published_grp())
    return {c: resets[c] for c in PROVINCES
            if resets.get(c) is not None and rd.index.min() < resets[c] <= rd.index.max()}
