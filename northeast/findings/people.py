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


# ----------------------------------------------------------------------------- sentences the data word
NAMES = dict(charts.REGION_NAMES, **facts.LABELS)
fmt = report.fmt


def change_sentence(pop: PopulationChange) -> str:
    return (f"From {pop.basis_from} to {pop.last} the population "
            + report.changes({NAMES[c]: pop.change[c] for c in PROVINCES}) + basis_clause(pop) + ".")


def china_sentence(pop: PopulationChange) -> str:
    last = int(pop.china.index.max())
    lacking = (f" (the national figure for {report.years_text(range(last + 1, pop.last + 1))} is not yet in the data)."
               if last < pop.last else ".")
    return (f"{pop.china_name[0].upper() + pop.china_name[1:]}'s population {report.change_word(0, pop.china_change)} "
            f"by {fmt(abs(pop.china_change), 1)}% from {pop.basis_from} to {last}" + lacking)


def revision_sentences() -> tuple[str, str]:
    """The first year the census revision changed, and how far it moved the last year both vintages hold."""
    revision = facts.population_revision().dropna(how="all")
    changed = revision[(revision.abs() > 0.05).any(axis=1)]
    last = int(revision.index.max())
    return (str(int(changed.index.min())) if not changed.empty else "none",
            f"For {last}, the last year both hold, the revised figures are " + report.listing(
                f"{fmt(abs(revision.loc[last, c]), 1)}% {'lower' if revision.loc[last, c] < 0 else 'higher'} for "
                f"{NAMES[c]}" for c in PROVINCES) + " than the yearbook's.")


def census_sentence(shares: pd.DataFrame) -> str:
    drop = shares[shares.columns.max()] - shares[shares.columns.min()]
    if (drop[PROVINCES] < 0).all():
        return ("All three shares fell: " + report.listing(f"{NAMES[c]} by {fmt(abs(drop[c]), 2)}" for c in PROVINCES)
                + " percentage points.")
    return "The shares changed by " + report.listing(f"{NAMES[c]} {fmt(drop[c], 2)}" for c in PROVINCES) + " percentage points."


def income_sentence(income: pd.DataFrame) -> str:
    return (f"In {income.index.max()} income per person was " + report.listing(
        f"{fmt(income.iloc[-1][c], 0)}% of the national level in {NAMES[c]}" for c in PROVINCES) +
        f"; in {income.index.min()} it had been " + report.listing(f"{fmt(income.iloc[0][c], 0)}%" for c in PROVINCES)
        + ".")


def fiscal_sentence(old: pd.DataFrame, new: pd.DataFrame) -> str:
    return (f"In {new.index.max()} own revenue covered " + report.listing(
        f"{fmt(new.iloc[-1][c], 0)}% of spending in {NAMES[c]}" for c in PROVINCES) +
        f", against {fmt(new.iloc[-1][national_column(new)], 0)}% for local governments across China; in "
        f"{old.index.min()} the shares had been " + report.listing(f"{fmt(old.iloc[0][c], 0)}%" for c in PROVINCES)
        + f" (China {fmt(old.iloc[0][national_column(old)], 0)}%).")


def grain_later_sentence(later: pd.Series) -> str:
    if not len(later):
        return "No later year has first-published figures for all three provinces and China."
    return ("For " + report.listing(f"{y} ({fmt(v, 1)}%)" for y, v in later.items())
            + ", the first-published figures of the three provinces and China give the share shown as "
            + ("a separate point; it is" if len(later) == 1 else "separate points; they are")
            + " not joined to the revised series.")


def answer(pop: PopulationChange, income: pd.DataFrame, old_fiscal: pd.DataFrame, new_fiscal: pd.DataFrame) -> str:
    parts = [f"the three provinces {'lost' if (pop.change < 0).all() else 'did not all lose'} people from "
             f"{pop.basis_from} to {pop.last}",
             f"their income per person {'slipped' if all_below(income.iloc[-1], income.iloc[0]) else 'did not slip everywhere'} "
             "against the national level",
             f"their own revenue paid for a "
             f"{'smaller' if all_below(new_fiscal.iloc[-1], old_fiscal.iloc[0]) else 'not uniformly smaller'} "
             "share of their spending than at the start of the series"]
    return ("On these measures, " + report.listing(parts) + ". Grain is the exception: " + grain_sentence(digits=1)
            + ". The articles report record harvests; none of them gives this share. Population, income and budgets "
            "are official series of different copies and vintages; each chart keeps them apart.")


# ----------------------------------------------------------------------------- how the charts draw
def draw_population(pop: PopulationChange, now: pd.DataFrame, old: pd.DataFrame, china: pd.Series):
    """The population index: each province (solid), its yearbook estimate (dotted), the national series."""
    def draw(fig, phone):
        ax = fig.subplots()
        for code in PROVINCES:
            charts.plot_years(ax, now[code], "-", color=charts.region_colour(code), label=NAMES[code])
            if code in old:
                charts.plot_years(ax, old[code], ":", color=charts.region_colour(code), lw=1.4)
        charts.plot_years(ax, china, "-", color=charts.REGION_COLOURS["CN"], lw=2.2, label=pop.china_name)
        ax.plot([], [], ":", color="#555555", lw=1.4, label="yearbook estimate, before the revision")
        for year in pop.breaks:   # a new statistical basis: changes are counted within one
            ax.axvline(year - 0.5, color="#999999", lw=0.8, zorder=0)
        if pop.breaks:
            ax.plot([], [], color="#999999", lw=0.8, label="new basis: not comparable across")
        ax.set_ylabel(f"year-end population, {pop.first} = 100")
        ax.set_xticks(official.year_ticks(pop.first, pop.last, count=4 if phone else 6))
        ax.legend(loc="lower left")
    return draw


def draw_census(shares: pd.DataFrame, first: int, last: int):
    """Each province's census share, an arrow from the ``first`` census to the ``last``."""
    order = PROVINCES[::-1]

    def draw(fig, phone):
        ax = fig.subplots()
        for i, code in enumerate(order):
            colour = charts.region_colour(code)
            a, b = shares.loc[code, first], shares.loc[code, last]
            ax.annotate("", xy=(b, i), xytext=(a, i), arrowprops={"arrowstyle": "->", "color": colour, "lw": 2})
            ax.plot(a, i, "o", mfc="white", mec=colour, mew=1.5)
            ax.plot(b, i, "o", color=colour)
            left_first = a < b
            ax.text(a + (-0.04 if left_first else 0.04), i + 0.22, f"{a:.2f}% ({first})", va="center",
                    ha="right" if left_first else "left")
            ax.text(b + (0.04 if left_first else -0.04), i - 0.22, f"({last}) {b:.2f}%", va="center",
                    ha="left" if left_first else "right")
        values = shares.loc[PROVINCES, [first, last]].to_numpy()
        pad = (values.max() - values.min()) * 0.5 + 0.2
        ax.set_xlim(values.min() - pad, values.max() + pad)
        ax.set_yticks(range(len(order)), [NAMES[c] for c in order])
        ax.set_ylim(-0.6, len(order) - 0.4)
        ax.set_xlabel("share of national census population (percent)")
        ax.grid(axis="y", visible=False)
        ax.grid(axis="x", visible=True)
    return draw


def draw_income(old: pd.DataFrame, new: pd.DataFrame):
    """Income relative to the national level in two copies not joined (solid: old, dotted: new)."""
    def draw(fig, phone):
        ax = fig.subplots()
        for code in PROVINCES:
            colour = charts.region_colour(code)
            charts.plot_years(ax, old[code], "-o", ms=3, color=colour, label=NAMES[code])
            charts.plot_years(ax, new[code], ":s", ms=3, color=colour, mfc="white")
        ax.plot([], [], ":s", color="#555555", mfc="white", label="exported 2026 (weighted national level)")
        ax.axhline(100, color=charts.REGION_COLOURS["CN"], lw=1.2)
        ax.set_ylabel("income per person, national = 100")
        ax.set_xticks(official.year_ticks(*official.span(old.index.union(new.index)), count=4 if phone else 6))
        ax.legend(loc="best")
    return draw


def draw_fiscal(old: pd.DataFrame, new: pd.DataFrame):
    """Own revenue as a share of spending in two copies not joined, with each copy's national column."""
    def draw(fig, phone):
        ax = fig.subplots()
        for frame, style in ((old, "-"), (new, ":")):
            for code in PROVINCES + [national_column(frame)]:
                colour = charts.region_colour(code) if code in PROVINCES else charts.REGION_COLOURS["CN"]
                charts.plot_years(ax, frame[code], style, color=colour,
                                  label=NAMES.get(code, code) if style == "-" else None)
        ax.plot([], [], ":", color="#555555", label="copies of 2026 (China: the 31 provinces)")
        ax.set_ylabel("own revenue, % of expenditure")
        ax.set_ylim(0, None)
        ax.set_xticks(official.year_ticks(*official.span(old.index.union(new.index)), count=4 if phone else 6))
        if phone:  # under the plot: inside, it would squeeze the lines into half the width
            fig.legend(loc="outside lower left", ncol=2)
        else:
            ax.legend(loc="lower left", ncol=1)
    return draw


def draw_grain(share: pd.Series, later: pd.Series):
    """The three provinces' share of China's grain: the revised series and first-published points apart."""
    def draw(fig, phone):
        ax = fig.subplots()
        colour = charts.REGION_COLOURS[facts.NORTHEAST]
        charts.plot_years(ax, share, "-o", ms=3, color=colour, label="revised series (downloaded 2021)")
        if len(later):
            ax.plot(later.index, later, "D", ms=6, mfc="white", mec=colour, mew=1.5, ls="none",
                    label="first published")
        ax.set_ylabel("share of China's grain (percent)")
        ax.set_ylim(0, None)
        ax.set_xticks(official.year_ticks(*official.span(share.index.union(later.index)), count=4 if phone else 6))
        ax.legend(loc="lower right")
    return draw
