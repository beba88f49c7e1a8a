"""Chapter 09's derived figures (people, incomes, budgets and grain), reused by the landing page.

A change in population is counted within one statistical basis (``periods.within_basis``); a bound
("within 0.8%", "within a point of 21%") is worded so it holds for the numbers as printed
(``report.within``, ``report.steady_since``).
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import charts, data, facts, official, periods, report

PROVINCES = facts.PROVINCES


@dataclass(frozen=True)
class PopulationChange:
    """Year-end population and its change on the current basis (from the last basis break)."""
    people: pd.DataFrame        # persons, one column per region, the 2020-census vintage
    yearbook: pd.DataFrame      # the pre-census estimates, only to show the revision
    first: int                  # first and last year of the series
    last: int
    basis_from: int             # the year the change is counted from: the last basis break, or ``first``
    breaks: list[int]
    change: pd.Series           # percent, each province, basis_from -> last
    china: pd.Series            # the national series (China, or the 31 provinces' sum where China lacks)
    china_name: str
    china_change: float         # percent, basis_from -> the national series' last year


def population_change() -> PopulationChange:
    people = facts.population()
    years = people[PROVINCES].dropna().index
    basis_from, last, change, breaks = facts.population_change()
    has_china = facts.CHINA in people and people[facts.CHINA].notna().any()
    china = people[facts.CHINA if has_china else facts.PROVINCES_SUM].dropna()
    china_from = periods.within_basis(basis_from, int(china.index.max()), breaks)
    china_change = (china.iloc[-1] / china[china_from] - 1) * 100 if china_from in china.index else float("nan")
    return PopulationChange(people, facts.population(facts.YEARBOOK_VINTAGE), int(years.min()), last, basis_from,
                            breaks, change, china, "China" if has_china else "the 31 provinces together", china_change)


def basis_clause(pop: PopulationChange) -> str:
    """Why the change starts where it does: ' (counted from 2011: the series starts a new basis in 2005
    and 2011)', or '' when the series has no break."""
    if not pop.breaks:
        return ""
    return (f" (counted from {pop.basis_from}: the series starts a new basis in {report.listing(pop.breaks)}, "
            "and a change across a break would mix two bases)")


def census_shares() -> pd.DataFrame:
    """Each province's share of the national census population (percent), one column per census year."""
    return official.by_year(data.series(metric="population_share_census", region=PROVINCES)).T


def income_proxy_gap() -> pd.Series:
    """Percent by which the population-weighted mean of the 31 provinces' incomes differs from China's
    official figure, in the years both exist."""
    income = facts.income_relative()
    return (income["weighted_mean"] / income["official"] * 100 - 100).dropna()


def income_check_sentence() -> str:
    proxy = income_proxy_gap()
    if not len(proxy):
        return ""
    return (f"Where both exist ({report.years_text(proxy.index)}), the weighted provinces' mean is "
            f"{report.within(proxy, 1)} of the official national figure.")


def grain_steady() -> tuple[str, int | None]:
    """The three provinces' latest share of China's grain as printed ('21', percent) and the first year
    from which every year's share stays within a point of that printed value (None if no such run of
    four or more years). The landing page and chapter 09 say it the same way."""
    share = facts.grain_share()["download_2021"]
    centre = report.fmt(share.iloc[-1], 0)
    return centre, report.steady_since(share, centre, 1)


def grain_sentence(digits: int = 0) -> str:
    """The share's path in words from the data: where it started, where it ended (``digits`` decimals)
    and, when it has been steady, since when; never 'as the articles say' (no article gives a share)."""
    share = facts.grain_share()["download_2021"]
    centre, since = grain_steady()
    text = (f"the region's share of China's harvest went from {report.fmt(share.iloc[0], digits)}% in "
            f"{share.index.min()} to {report.fmt(share.iloc[-1], digits)}% in {share.index.max()}")
    return text + (f", within a point of {centre}% every year since {since}" if since is not None else "")


def all_below(now: pd.Series, then: pd.Series) -> bool:
    """True when every province's value is lower at the end than at the start."""
    return all(now[c] < then[c] for c in PROVINCES)


# ----------------------------------------------------------------------------- what the charts draw
def population_index(pop: PopulationChange) -> tuple[pd.DataFrame, pd.DataFrame, pd.Series, pd.DataFrame]:
    """Each series as an index (first year = 100): the provinces, their yearbook estimates, the national
    series; and the chart's values (one row per mark)."""
    base = pop.people.loc[pop.first, PROVINCES]
    now = pop.people[PROVINCES].div(base) * 100
    old = pop.yearbook[[c for c in PROVINCES if c in pop.yearbook]].div(base.dropna()) * 100
    china = pop.china / pop.china[pop.first] * 100
    unit = f"index, {pop.first} = 100"
    values = pd.concat([charts.long_values(now, PROVINCES, unit, series="2020-census vintage"),
                        charts.long_values(old, list(old.columns), unit, series="yearbook estimate"),
                        charts.long_values(china.to_frame(facts.CHINA), [facts.CHINA], unit, series=pop.china_name)])
    return now, old, china, values


def national_column(frame: pd.DataFrame) -> str:
    """The one column of a province table that is not one of the three provinces (China or the sum)."""
    return next(c for c in frame.columns if c not in PROVINCES)


def copies_values(copies, unit: str) -> pd.DataFrame:
    """The values of a chart of two or more copies not joined: ``copies`` holds (frame, region codes,
    series name, source ids) for each."""
    return pd.concat([charts.long_values(frame, codes, unit, series=series, source_ids=tuple(sources))
                      for frame, codes, series, sources in copies])


def grain_values(share: pd.Series, later: pd.Series) -> pd.DataFrame:
    """The grain chart's values: the revised series and any later first-published years."""
    region, unit = facts.LABELS[facts.NORTHEAST], "percent of China's grain output"
    return pd.concat([pd.DataFrame({"region": region, "year": part.index, "value": part.values, "unit": unit,
                                    "series": series})
                      for part, series in ((share, "revised series, " + facts.COPY_NAMES["download_2021"]),
                                           (later, "first published"))])


def later_grain_sources(later: pd.Series) -> list[str]:
    rows = data.series(metric="grain_output", vintage=facts.FIRST_VINTAGE, region=PROVINCES + [facts.CHINA])
    return sorted(set(rows.loc[rows["year"].isin(later.index), "source_id"]))


def census_values(shares: pd.DataFrame) -> pd.DataFrame:
    """The census chart's values: each province's share at each census."""
    return pd.DataFrame([{"region": charts.REGION_NAMES[c], "year": y, "value": shares.loc[c, y], "unit": "percent"}
                         for c in PROVINCES for y in shares.columns])
