"""The Northeast among the 31 provinces: ranks per policy period, each within one vintage (never across
the fifth-census revision), on real growth, output per person against the national level, population
change and income per person, and how each rank moved; and the panels the synthetic comparison reads.

Rank 1 is the highest value (the fastest growth, the richest); ranks are among the provinces that hold
a value. Each function loads its rows through ``northeast.facts``, which chooses the vintage.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from . import facts, official
from .periods import within_basis

# The policy rounds (State Council decisions), and the first year counted under each: the 2003
# strategy (October 2003), the measures of August 2014 and the "new round" of 2016 (April 2016).
POLICY_ROUNDS = {2003: "the 2003 strategy", 2014: "the measures of August 2014", 2016: "the new round of 2016"}
PERIODS = [("before the 2003 strategy", None), ("2003 strategy", 2004), ("2014 measures and new round", 2015)]
# The synthetic comparison's policy year: the first year of the new round.
SYNTH_POLICY_YEAR = 2016
MEASURES = {"real_growth": "real growth, average a year", "per_person": "GRP per person, national = 100",
            "population": "population change, average a year", "income": "disposable income per person, national = 100"}
UNITS = {"real_growth": "percent a year", "per_person": "percent of the national level",
         "population": "percent a year", "income": "percent of the population-weighted mean"}


def periods(years) -> list[tuple[str, int, int]]:
    """The policy periods clipped to the years a series holds: (label, first, last); a period needs two
    or more years."""
    years = sorted(int(y) for y in years)
    if not years:
        return []
    out = []
    starts = [start or years[0] for _, start in PERIODS]
    for i, (label, _) in enumerate(PERIODS):
        first = max(starts[i], years[0])
        last = min(starts[i + 1] - 1 if i + 1 < len(starts) else years[-1], years[-1])
        if last - first >= 1:
            out.append((label, first, last))
    return out


def rank(values: pd.Series) -> pd.Series:
    """1 = the highest value; ties share the better rank."""
    return values.dropna().rank(ascending=False, method="min").astype(int)


def _rows(measure: str, period: str, values: pd.Series, vintage: str) -> pd.DataFrame:
    values = values.dropna()
    return pd.DataFrame({"measure": measure, "period": period, "region": values.index, "value": values.to_numpy(),
                         "unit": UNITS[measure], "rank": rank(values).reindex(values.index).to_numpy(),
                         "of": len(values), "vintage": vintage})


def _average_growth(levels: pd.DataFrame, first: int, last: int) -> pd.Series:
    """Average annual growth (percent, compound) from the year before ``first`` to ``last``."""
    return ((levels.loc[last] / levels.loc[first - 1]) ** (1 / (last - first + 1)) - 1) * 100


def real_growth_ranks() -> pd.DataFrame:
    """Average real growth of each province per policy period, in each GRP-index vintage apart."""
    frames = []
    for vintage in facts.REAL_VINTAGES:
        growth = facts.real_growth(vintage)[facts.all_provinces()]
        growth = growth.dropna(how="all")
        for label, first, last in periods(growth.index):
            window = growth.loc[first:last].dropna(axis=1)       # provinces with every year of the period
            average = ((window / 100 + 1).prod() ** (1 / len(window)) - 1) * 100
            frames.append(_rows("real_growth", f"{first}/{last}", average, vintage).assign(policy=label))
    return pd.concat(frames, ignore_index=True)


def per_person_relative() -> pd.DataFrame:
    """GRP per person of every province against the 31 provinces' (= 100), one vintage each side."""
    provinces = facts.all_provinces()
    output, people = facts.grp(), facts.population()
    return official.relative_per_person(output[provinces], people[provinces], output[facts.PROVINCES_SUM],
                                        people[facts.PROVINCES_SUM]).dropna(how="all")


def level_ranks(measure: str, table: pd.DataFrame, vintage: str) -> pd.DataFrame:
    """Ranks in the first and the last year a level holds for every province."""
    table = table.dropna(how="any")
    first, last = int(table.index.min()), int(table.index.max())
    return pd.concat([_rows(measure, str(year), table.loc[year], vintage).assign(policy=label)
                      for year, label in ((first, "first year"), (last, "latest year"))], ignore_index=True)


def population_ranks() -> pd.DataFrame:
    """Average yearly population change per policy period (2020-census vintage), on one statistical
    basis: a period whose change would cross a basis break is counted from the last break inside it
    (``periods.within_basis``), and its label says the years counted; a period left with no change on
    one basis is not ranked."""
    people = facts.population()[facts.all_provinces()].dropna(how="any")
    breaks = facts.basis_breaks()
    frames = []
    for label, first, last in periods(people.index[1:]):
        start = within_basis(first - 1, last, breaks) + 1     # the first year whose change is counted
        if start > last:
            continue
        frames.append(_rows("population", f"{start}/{last}", _average_growth(people, start, last),
                            facts.POPULATION_VINTAGE).assign(policy=label))
    return pd.concat(frames, ignore_index=True)


def income_table() -> pd.DataFrame:
    """Disposable income per person of every province against the 31 provinces' population-weighted
    mean (= 100), the copy the long-view chapters use."""
    income = facts.income_relative()
    rows = facts._wide("disposable_income_per_capita", "export_2026", facts.all_provinces())
    weighted = income["weighted_mean"]
    return rows.loc[weighted.index].div(weighted, axis=0) * 100


def ranks() -> pd.DataFrame:
    """Every rank table in one: measure, period, region, value, unit, rank, of (how many ranked),
    vintage, policy, and key (measure, period and vintage: one strip of the rank chart)."""
    table = pd.concat([real_growth_ranks(),
                       level_ranks("per_person", per_person_relative(), facts.GRP_VINTAGE),
                       population_ranks(),
                       level_ranks("income", income_table(), "export_2026")], ignore_index=True)
    table["key"] = table["measure"] + " " + table["period"] + " " + table["vintage"]
    return table


def moves(table: pd.DataFrame, regions=None) -> pd.DataFrame:
    """For each measure and vintage, each region's rank in its first and last period and the move
    (positive = climbed)."""
    regions = regions or facts.PROVINCES
    out = []
    for (measure, vintage), part in table.groupby(["measure", "vintage"], sort=False):
        order = list(dict.fromkeys(part["period"]))
        if len(order) < 2:
            continue
        first, last = (part[part["period"] == p].set_index("region")["rank"] for p in (order[0], order[-1]))
        for code in regions:
            if code in first and code in last:
                out.append({"measure": measure, "vintage": vintage, "region": code, "from_period": order[0],
                            "to_period": order[-1], "from_rank": int(first[code]), "to_rank": int(last[code]),
                            "move": int(first[code] - last[code])})
    return pd.DataFrame(out)


# ----------------------------------------------------------------------------- synthetic comparison
def output_panel() -> pd.DataFrame:
    """Each province's share of the 31 provinces' GRP (5th-census vintage), as an index of its own share
    in the year before the new round (= 100), plus the three provinces together. Years every province
    holds."""
    grp = facts.grp()
    provinces = facts.all_provinces()
    table = grp[provinces].dropna(how="any")
    table[facts.NORTHEAST] = table[facts.PROVINCES].sum(axis=1)
    shares = table.div(table[provinces].sum(axis=1), axis=0)
    base = SYNTH_POLICY_YEAR - 1
    return shares / shares.loc[base] * 100 if base in shares.index else pd.DataFrame()


def donors() -> list[str]:
    """The donor pool: every province outside the Northeast."""
    return [c for c in facts.all_provinces() if c not in facts.PROVINCES]


# ----------------------------------------------------------------------------- the studies' descriptive claims
def share_of_national(metric: str, vintage: str, regions=None) -> pd.Series:
    """The three provinces' sum as a percentage of China's own row of the same metric and vintage (the
    base the published studies use), for the years all four hold; empty where China has no row."""
    table = facts._wide(metric, vintage, facts.PROVINCES + [facts.CHINA])
    if facts.CHINA not in table or not set(facts.PROVINCES) <= set(table):
        return pd.Series(dtype=float)
    both = table[facts.PROVINCES + [facts.CHINA]].dropna()
    return both[facts.PROVINCES].sum(axis=1) / both[facts.CHINA] * 100


def per_person_of_national(grp_vintage: str) -> pd.DataFrame:
    """GRP per person of each province against China's GDP per person (China's own rows, = 100): GRP of
    ``grp_vintage``, population of the 2020-census vintage."""
    output = facts._wide("grp_nominal", grp_vintage, facts.PROVINCES + [facts.CHINA])
    people = facts.population()
    if facts.CHINA not in output or facts.CHINA not in people:
        return pd.DataFrame()
    return official.relative_per_person(output[facts.PROVINCES], people[facts.PROVINCES], output[facts.CHINA],
                                        people[facts.CHINA]).dropna(how="all")


def average_growth_ranks(vintage: str, first: int, last: int) -> pd.Series:
    """Each province's rank by compound average real growth over ``first``-``last`` in one index vintage
    (empty when the vintage does not hold every year for every province)."""
    growth = facts.real_growth(vintage)[facts.all_provinces()]
    if first not in growth.index or last not in growth.index:
        return pd.Series(dtype=int)
    window = growth.loc[first:last].dropna(axis=1)
    if window.shape[1] < len(facts.all_provinces()):
        return pd.Series(dtype=int)
    return rank(((window / 100 + 1).prod() ** (1 / len(window)) - 1) * 100)


# ----------------------------------------------------------------------------- the rank chart's rows
SHORT_NAMES = {"real_growth": "Real growth", "per_person": "GRP per person", "population": "Population change",
               "income": "Income per person"}
INDEX_WORDS = {"4th_census": "older index", "5th_census": "revised index"}


def dash(period) -> str:
    """The data's '2016/2024' as prose writes it, '2016–2024'."""
    return str(period).replace("/", "–")


def strip_rows(table: pd.DataFrame) -> list[tuple[str, str]]:
    """(label, key) for each measure, period and vintage of a rank table, in its order, for
    ``charts.rank_strips``; the table's ``key`` column names the rows."""
    return [(f"{SHORT_NAMES[m]}, {dash(p)}" + (f"\n({INDEX_WORDS[v]})" if m == "real_growth" else ""), key)
            for m, p, v, key in dict.fromkeys(zip(table["measure"], table["period"], table["vintage"], table["key"]))]


def rank_sources() -> list[str]:
    """The source ids behind the rank table."""
    return sorted(set(facts.sources("grp_index", "4th_census") + facts.sources("grp_index", "5th_census")
                      + facts.sources("grp_nominal", facts.GRP_VINTAGE)
                      + facts.sources("population_year_end", facts.POPULATION_VINTAGE)
                      + facts.sources("disposable_income_per_capita", "export_2026")))


RANK_NOTE = ("Rank 1 = the highest value among the provinces that hold every year of the period. Real growth: compound "
             "average of the GRP index, the two vintages ranked apart. Population change is counted within one "
             "statistical basis: a period that spans a basis break is counted from the break. Income against the 31 "
             "provinces' population-weighted mean.")
