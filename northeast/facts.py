"""The long view's facts, each computed once from the official series and used by every page that
states it (the two long-view chapters and the key findings): shares of China, output per person, real
growth against China, population, income, public finance, grain, and what the revisions changed.

Which vintage each fact reads is chosen here, once; no series splices two vintages. Where a national
value of the same vintage is missing, China is the sum of the 31 provinces (``PROVINCES_SUM``), computed
only for years in which every province has a value. Each function loads exactly the rows it needs
through ``northeast.data``, so the build re-runs a page only when those rows change.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import data, indicators, official, periods, trends

PROVINCES = ["CN-LN", "CN-JL", "CN-HL"]
CHINA, NORTHEAST, PROVINCES_SUM = "CN", "CN-NE3", "CN-SUM"
# How the facts' own columns read on charts and in prose (the places are named in data/places.csv).
LABELS = {PROVINCES_SUM: "31 provinces combined", NORTHEAST: "Three provinces"}
GRP_VINTAGE = "5th_census"            # GRP revised after the 5th economic census (NBS, Dec 2024)
PRE_REVISION_VINTAGE = "revised"      # the vintage before it, kept only to show what the revision changed
FIRST_VINTAGE = "first_published"     # each year's first release, kept only to show the resets
POPULATION_VINTAGE = "7th_census"     # year-end population revised after the 2020 census
YEARBOOK_VINTAGE = "yearbook"         # the pre-2020-census estimates, kept only to show the revision
# GRP index vintages, with the nominal GRP vintage that weights provinces into a combined rate.
REAL_VINTAGES = {"4th_census": PRE_REVISION_VINTAGE, "5th_census": GRP_VINTAGE}
BUDGET_COPIES = {"download_2021": ("download_2021", "download_2021"), "2026": ("export_2026", "sheet_2026")}
# The copies of NBS tables, as a reader would name them (chart legends, series names in chart CSVs).
COPY_NAMES = {"download_2021": "NBS database as downloaded in 2021", "export_2026": "NBS database as exported in 2026",
              "sheet_2026": "a researcher's 2026 sheet of NBS figures"}


def all_provinces() -> list[str]:
    return sorted(data.places(level="province")["code"])


def _wide(metric: str, vintage, regions, source_id=None) -> pd.DataFrame:
    filters = {"metric": metric, "vintage": vintage, "region": regions}
    if source_id:
        filters["source_id"] = source_id
    return official.by_year(data.series(**filters), value="value_base")


def with_sum(table: pd.DataFrame, provinces: list[str]) -> pd.DataFrame:
    """Add China as the provinces' sum, for the years every province holds."""
    out = table.copy()
    if set(provinces) <= set(table.columns):
        out[PROVINCES_SUM] = table[provinces].sum(axis=1, min_count=len(provinces))
    else:
        out[PROVINCES_SUM] = np.nan   # a province has no value in any year: no sum
    return out


def with_northeast(shares: pd.DataFrame) -> pd.DataFrame:
    """Add the three provinces together (only for years all three hold)."""
    out = shares.copy()
    out[NORTHEAST] = out[PROVINCES].sum(axis=1, min_count=len(PROVINCES))
    return out


# ----------------------------------------------------------------------------- output
def grp(vintage: str = GRP_VINTAGE) -> pd.DataFrame:
    """Nominal GRP (China: GDP), yuan, one column per region, with the 31 provinces' sum."""
    provinces = all_provinces()
    table = _wide("grp_nominal", vintage, provinces + [CHINA])
    return with_sum(table, provinces)


def sum_of_national(table: pd.DataFrame) -> pd.Series:
    """The 31 provinces' sum as a percentage of the national figure, in the years a table holds both
    (GRP against GDP, population against China's): how far a share of the sum is from a share of China."""
    if CHINA not in table or PROVINCES_SUM not in table:
        return pd.Series(dtype=float)
    return (table[PROVINCES_SUM] / table[CHINA] * 100).dropna()


def grp_year_incomplete(vintage: str = GRP_VINTAGE) -> tuple[int | None, list[str]]:
    """The latest GRP year that some regions have but not all 31 provinces (half an update: the sum,
    the shares and output per person stop a year earlier): (that year, the regions that have it),
    or (None, []) when every province has the latest year."""
    table = grp(vintage).drop(columns=[PROVINCES_SUM]).dropna(how="all")
    if table.empty:
        return None, []
    latest = int(table.index.max())
    present = [c for c in table.columns if pd.notna(table.loc[latest, c])]
    provinces = all_provinces()
    return (None, []) if set(provinces) <= set(present) else (latest, present)


def first_published_grp() -> pd.DataFrame:
    return _wide("grp_nominal", FIRST_VINTAGE, PROVINCES)


def output_share() -> pd.DataFrame:
    """Each province's GRP as a percentage of the 31 provinces' sum (one vintage), plus the three."""
    rows = data.series(metric="grp_nominal", vintage=GRP_VINTAGE, region=all_provinces())
    return with_northeast(indicators.share_of_china(rows, PROVINCES, base="provinces"))


def revision(metric: str = "grp_nominal") -> pd.DataFrame:
    """Percent by which the 5th-census vintage changed each province's GRP in the years both hold."""
    new = _wide(metric, GRP_VINTAGE, PROVINCES)
    old = _wide(metric, PRE_REVISION_VINTAGE, PROVINCES)
    years = new.dropna(how="all").index.intersection(old.dropna(how="all").index)
    return (new.loc[years] / old.loc[years] - 1) * 100


# ----------------------------------------------------------------------------- people
def population(vintage: str = POPULATION_VINTAGE) -> pd.DataFrame:
    """Year-end population, persons, one column per region (a flagged typo repaired), with the sum."""
    provinces = all_provinces()
    rows = official.fill_suspect(data.series(metric="population_year_end", vintage=vintage,
                                             region=provinces + [CHINA]))
    return with_sum(official.by_year(rows, value="value_base"), provinces) if not rows.empty else pd.DataFrame()


def basis_breaks(metric: str = "population_year_end", vintage: str = POPULATION_VINTAGE) -> list[int]:
    """Years that start a new statistical basis in a series (flagged basis_break in series.csv): a change
    across one of them mixes two bases."""
    rows = data.series(metric=metric, vintage=vintage, region=PROVINCES)
    return sorted({int(y) for y in rows.loc[rows["flag"] == "basis_break", "year"]})


def population_change() -> tuple[int, int, pd.Series, list[int]]:
    """Each province's population change in percent on the series' current basis: from the last basis
    break (or the first year) to the last year. Returns (first year, last year, change, breaks)."""
    people = population()[PROVINCES].dropna()
    breaks = basis_breaks()
    last = int(people.index.max())
    first = periods.within_basis(people.index.min(), last, breaks)
    return first, last, (people.loc[last] / people.loc[first] - 1) * 100, breaks


def population_share() -> pd.DataFrame:
    """Each province's year-end population as a percentage of the 31 provinces' sum, plus the three."""
    rows = data.series(metric="population_year_end", vintage=POPULATION_VINTAGE, region=all_provinces())
    return with_northeast(indicators.share_of_china(rows, PROVINCES, base="provinces"))


def population_revision() -> pd.DataFrame:
    """Percent by which the 2020-census revision changed each province's year-end population."""
    new, old = population(POPULATION_VINTAGE)[PROVINCES], population(YEARBOOK_VINTAGE)[PROVINCES]
    years = new.dropna().index.intersection(old.dropna().index)
    return (new.loc[years] / old.loc[years] - 1) * 100


def output_per_person() -> pd.DataFrame:
    """GRP per person of each province as a percentage of the 31 provinces' (China = 100); GRP and
    population each of one vintage, both sides summed over the same provinces."""
    output, people = grp(), population()
    cols = PROVINCES + [PROVINCES_SUM]
    return official.relative_per_person(output[PROVINCES], people[PROVINCES], output[PROVINCES_SUM],
                                        people[PROVINCES_SUM]).dropna(how="all") if set(cols) <= set(people) else pd.DataFrame()


def output_lacking_population() -> list[int]:
    """Years after the last per-person year with GRP but no population yet (not extrapolated)."""
    last = output_per_person().index.max()
    return [y for y in official.years_lacking(grp()[PROVINCES], population()[PROVINCES]) if y > last]


# ----------------------------------------------------------------------------- real growth
def grp_index_rows(vintage: str, regions=None) -> pd.DataFrame:
    return data.series(metric="grp_index", vintage=vintage, region=regions or all_provinces() + [CHINA])


def combined_real_growth(vintage: str, provinces: list[str]) -> pd.Series:
    """Real growth (percent) of several provinces together: each one's growth weighted by its previous-year
    nominal GRP of the matching vintage; only years every province has both."""
    nominal = data.series(metric="grp_nominal", vintage=REAL_VINTAGES[vintage], region=provinces)
    return indicators.aggregate_index(grp_index_rows(vintage, provinces), nominal, provinces) - 100


def real_growth(vintage: str) -> pd.DataFrame:
    """Real growth in percent by region; where the vintage has no national index, China is the 31
    provinces combined (``PROVINCES_SUM``)."""
    growth = indicators.wide(grp_index_rows(vintage), "value") - 100
    if CHINA not in growth or growth[CHINA].isna().all():
        growth[PROVINCES_SUM] = combined_real_growth(vintage, all_provinces())
    return growth


def real_levels(vintage: str) -> pd.DataFrame:
    """Real GRP chained from the growth rates, 100 in the year before the first rate, by region (a gap
    leaves the later years unknown)."""
    growth = real_growth(vintage)
    first = int(growth.dropna(how="all").index.min())
    return pd.DataFrame({c: indicators.chain(growth[c] + 100, first - 1) for c in growth.columns})


@dataclass(frozen=True)
class GapFit:
    """A region's yearly real growth minus the benchmark's: the mean over the years, and, when split at
    a break, the mean before and after it with the change, its interval and p-value."""
    region: str
    years: tuple
    overall: trends.MeanGap
    before: trends.MeanGap | None = None
    after: trends.MeanGap | None = None
    change: float | None = None
    change_ci: tuple | None = None
    change_p: float | None = None
    durbin_watson: float | None = None


def growth_gaps(vintage: str, benchmark: str, break_year: int | None = None) -> dict[str, GapFit]:
    """For each province and the three together, its real growth minus the benchmark's, over one window:
    the years all four gaps hold, so a comparison's provinces and their sum are stated over the same
    years. The mean over the window, and with ``break_year`` a constant plus a dummy for the years after
    it; intervals robust to autocorrelation (``trends.mean_gap``)."""
    growth = real_growth(vintage)
    growth[NORTHEAST] = combined_real_growth(vintage, PROVINCES)
    gaps = pd.DataFrame({code: growth[code] - growth[benchmark] for code in PROVINCES + [NORTHEAST]}).dropna()
    out = {}
    for code in PROVINCES + [NORTHEAST]:
        gap = gaps[code]
        split = trends.gap_before_after(gap.index.to_numpy(), gap.to_numpy(), break_year) if break_year else ()
        out[code] = GapFit(code, tuple(int(y) for y in gap.index), trends.mean_gap(gap.to_numpy()), *split)
    return out


def window_label(fit: GapFit, part: str = "overall", break_year: int | None = None) -> str:
    """The years a gap's mean covers, '2005–2014', as prose, chart and CSV state it."""
    first, last = fit.years[0], fit.years[-1]
    if part == "before":
        last = break_year
    elif part == "after":
        first = break_year + 1
    return f"{first}–{last}"


def benchmark(vintage: str) -> str:
    """China's official rate where the vintage has it, else the 31 provinces combined."""
    growth = real_growth(vintage)
    return CHINA if CHINA in growth and growth[CHINA].notna().any() else PROVINCES_SUM


# ----------------------------------------------------------------------------- living standards, budgets, grain
def income_relative() -> dict[str, pd.DataFrame]:
    """Disposable income per person as a percentage of China's, by copy: the 2021 download against the
    official national figure; the 2026 export against the 31 provinces' population-weighted mean
    (it has no national row)."""
    old_rows = data.series(metric="disposable_income_per_capita", vintage="download_2021", region=PROVINCES + [CHINA])
    old = indicators.wide(old_rows)
    new_income = _wide("disposable_income_per_capita", "export_2026", all_provinces())
    people = population()
    provinces = [c for c in all_provinces() if c in new_income]
    years = new_income[provinces].dropna().index.intersection(people[provinces].dropna().index)
    weighted = ((new_income.loc[years, provinces] * people.loc[years, provinces]).sum(axis=1)
                / people.loc[years, provinces].sum(axis=1))
    return {"download_2021": indicators.relative_to(old_rows).dropna(how="all"),
            "export_2026": new_income.loc[years, PROVINCES].div(weighted, axis=0) * 100,
            "weighted_mean": weighted, "official": old[CHINA].dropna()}


def fiscal_self_reliance() -> dict[str, pd.DataFrame]:
    """Own budget revenue as a percentage of budget expenditure, by copy (never spliced): the 2021
    download (with China's local governments) and the 2026 export over the 2026 sheet (China: the 31
    provinces' sums)."""
    out = {}
    provinces = all_provinces()
    for label, (revenue_vintage, expenditure_vintage) in BUDGET_COPIES.items():
        revenue = data.series(metric="budget_revenue_local", vintage=revenue_vintage, region=provinces + [CHINA])
        spending = data.series(metric="budget_expenditure_local", vintage=expenditure_vintage, region=provinces + [CHINA])
        ratio = indicators.fiscal_self_reliance(revenue, spending)
        if CHINA not in ratio or ratio[CHINA].isna().all():
            sums = (with_sum(indicators.wide(revenue), provinces)[PROVINCES_SUM]
                    / with_sum(indicators.wide(spending), provinces)[PROVINCES_SUM] * 100)
            ratio[PROVINCES_SUM] = sums.reindex(ratio.index)
        national = CHINA if CHINA in ratio and ratio[CHINA].notna().any() else PROVINCES_SUM
        out[label] = ratio[PROVINCES + [national]].dropna(how="all")
    return out


def grain_share() -> dict[str, pd.Series]:
    """The three provinces' grain output as a percentage of China's: the 2021 download's series, and
    single first-published years where the three provinces and China are all printed."""
    out = {}
    for vintage in ("download_2021", FIRST_VINTAGE):
        rows = data.series(metric="grain_output", vintage=vintage, region=PROVINCES + [CHINA])
        if set(rows["region"]) < set(PROVINCES + [CHINA]):
            out[vintage] = pd.Series(dtype=float)
            continue
        shares = indicators.grain_share(rows, PROVINCES, base="national")
        out[vintage] = shares.sum(axis=1, min_count=len(PROVINCES)).dropna()
    return out


# ----------------------------------------------------------------------------- research
def rd_intensity() -> pd.DataFrame:
    """R&D expenditure as percent of GRP, as first published in each year's bulletin."""
    return official.by_year(data.series(metric="rd_intensity", region=PROVINCES + [CHINA]))


def sources(metric, vintage) -> list[str]:
    """The source ids behind a metric and vintage (for the line under a chart)."""
    return sorted(set(data.series(metric=metric, vintage=vintage)["source_id"]))


WEAK_CONFIDENCE = ("medium", "low-medium", "low")


def weak_copies(metric: str, vintage: str) -> list[str]:
    """The copies of medium or lower confidence a series rests on, named as sources.csv names them ('GitHub
    owner/repo (a hand-assembled sheet, no source stated; medium confidence)'): a finding resting on one
    says so where it is stated."""
    found = data.sources(source_id=sources(metric, vintage))
    if "confidence" not in found:
        return []
    weak = found[found["confidence"].isin(WEAK_CONFIDENCE)]
    out = []
    for row in weak.itertuples():
        name, _, detail = (row.copy or row.publisher).partition(" (")
        out.append(f"{name} ({detail.rstrip(')') + '; ' if detail else ''}{row.confidence} confidence)")
    return out

