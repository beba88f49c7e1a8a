"""The landing page's findings ("Is the Northeast's revitalization working?"), computed once from the
facts layer: each key finding in words the data choose, whether it shows the region losing ground on
China, and the verdict and comparisons built from them. The chapter (00_key_findings) sets them on its
prose and draws the ranks chart.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .. import comparison, data, facts, peers, report, trends
from . import people as people_chapter

P = facts.PROVINCES
fmt, years_text, listing = report.fmt, report.years_text, report.listing


def _names() -> dict[str, str]:
    return {r.code: r.name for r in data.places(code=P).itertuples()}


def _ci(fit) -> str:
    return report.gap_text(fit.mean, fit.ci)


@dataclass
class Findings:
    """Each finding's sentence, and per long-run measure whether the region lost ground on China
    (True) or gained (False)."""
    text: dict[str, str] = field(default_factory=dict)
    lost: dict[str, bool] = field(default_factory=dict)
    share: pd.Series | None = None   # the three provinces' share of output, by year
    grain: pd.Series | None = None   # their share of China's grain harvest, by year


def output(found: Findings) -> pd.Series:
    """The three provinces' share of the provinces' total GRP, and its last five years."""
    share = facts.output_share()[facts.NORTHEAST].dropna()
    recent = share.loc[share.index.max() - 5:]
    found.text["output"] = (
        f"The three provinces produced {fmt(share.iloc[0])}% of China's output in {share.index.min()} and "
        f"{fmt(share.iloc[-1])}% in {share.index.max()}; over the last five years of the series their share "
        f"{report.change_word(recent.iloc[0], recent.iloc[-1])} from {fmt(recent.iloc[0])}% to {fmt(recent.iloc[-1])}%.")
    found.lost["share of output"] = recent.iloc[-1] < recent.iloc[0]
    # half an update: GRP for a new year for some regions only leaves the shares at the year before
    year, having = facts.grp_year_incomplete()
    found.text["output_lacking"] = "" if year is None else (
        f" GRP for {year} is in the data for {len(having)} regions only, not yet for all 31 provinces, "
        f"so this finding stops at {share.index.max()}.")
    return share


def growth(found: Findings):
    """Real growth against China: the older index with China's official rate, and the revised one."""
    old, new = list(facts.REAL_VINTAGES)
    old_gap = facts.growth_gaps(old, facts.benchmark(old), trends.BREAK_YEAR)[facts.NORTHEAST]
    new_gap = facts.growth_gaps(new, facts.benchmark(new))[facts.NORTHEAST]
    found.text["growth"] = (
        f"In real terms the three provinces together grew {_ci(old_gap.before)} than China in "
        f"{old_gap.years[0]}–{trends.BREAK_YEAR} and {_ci(old_gap.after)} in {trends.BREAK_YEAR + 1}–{old_gap.years[-1]}; "
        f"in the revised index for {new_gap.years[0]}–{new_gap.years[-1]}, {_ci(new_gap.overall)} than the 31 "
        "provinces combined.")
    found.lost["real growth"] = new_gap.overall.ci[1] < 0
    return old, old_gap, new_gap


def per_person(found: Findings, names: dict) -> None:
    relative = facts.output_per_person()
    first, last = relative.index.min(), relative.index.max()
    below = [c for c in P if relative.loc[last, c] < 100]
    found.text["per_person"] = (
        f"GRP per person against the national level (= 100) went from {first} to {last}: "
        + listing(f"{names[c]} {fmt(relative.loc[first, c], 0)} to {fmt(relative.loc[last, c], 0)}" for c in P)
        + f". In {last} " + ("all three were" if len(below) == len(P) else
                             f"{listing(names[c] for c in below) if below else 'none'} {'was' if len(below) == 1 else 'were'}")
        + " below it.")
    found.lost["output per person"] = sum(relative.loc[last, c] < relative.loc[first, c] for c in P) >= 2


def people(found: Findings, names: dict) -> None:
    """The change on the series' current basis (a change across a basis break mixes two bases)."""
    first, last, change, breaks = facts.population_change()
    revised = facts.population_revision()
    overstated = [names[c] for c in P if revised.loc[revised.dropna().index.max(), c] < 0]
    found.text["people"] = (
        f"From {first} to {last} the population " + report.changes({names[c]: change[c] for c in P}, "% in ", digits=0)
        + (f" (the series starts a new basis in {years_text(breaks)}; the change is counted from {first}, "
           "the first year of the current one)" if breaks else "")
        + (f"; the 2020 census revision lowered the earlier estimates for "
           f"{'all three' if len(overstated) == len(P) else listing(overstated)}" if overstated else "") + ".")
    found.lost["population"] = (change < 0).sum() >= 2


def income(found: Findings, names: dict) -> None:
    relative = facts.income_relative()["export_2026"]
    found.text["income"] = (
        f"Disposable income per person, against the national level, went from {relative.index.min()} to "
        f"{relative.index.max()}: " + listing(f"{names[c]} {fmt(relative.iloc[0][c], 0)}% to "
                                              f"{fmt(relative.iloc[-1][c], 0)}%" for c in P) + ".")
    found.lost["income per person"] = sum(relative.iloc[-1][c] < relative.iloc[0][c] for c in P) >= 2


def fiscal(found: Findings) -> None:
    shares = facts.fiscal_self_reliance()
    early, late = shares["download_2021"], shares["2026"]
    weak = facts.weak_copies("budget_expenditure_local", facts.BUDGET_COPIES["2026"][1])
    # the data hold no transfer series: what pays for the rest is not stated
    found.text["fiscal"] = (
        "Own revenue paid for " + listing(f"{fmt(early.iloc[0][c], 0)}%" for c in P)
        + f" of spending in Liaoning, Jilin and Heilongjiang in {early.index.min()} and "
        + listing(f"{fmt(late.iloc[-1][c], 0)}%" for c in P) + f" in {late.index.max()}. "
        + (f"The {late.index.max()} spending figures rest on {listing(weak)} (see Sources)." if weak else ""))
    found.lost["own revenue"] = sum(late.iloc[-1][c] < early.iloc[0][c] for c in P) >= 2


def articles(found: Findings) -> pd.Series:
    """The articles against the series: grain's share of China's harvest, and what the articles measure."""
    rows = data.statistics()
    rows = rows[rows["theme"] != "studies"]   # the published studies are not articles
    # a calendar year is exactly one year (northeast.periods), so "a year or less" counts every single-year figure
    single = int((rows["period_years"] <= 1).sum())
    national_shares = [m for m in rows["metric"].unique() if "share_national" in m and any(
        word in m for word in ("grp", "gdp", "population", "income"))]
    grain = facts.grain_share()["download_2021"]
    # worded as chapter 09 words it (within a point of the share as printed, 21 and not 20.8)
    found.text["articles"] = (
        f"On grain, {people_chapter.grain_sentence()}; the articles' record harvests are levels, which can set records while the share holds still. "
        + f"But {single} of the {len(rows)} curated article figures cover a year or less, and "
        + ("none is a share of China's output, population or income: the articles report good years, not the trend."
           if not national_shares else f"only {len(national_shares)} compare the region with China."))
    found.lost["share of China's grain harvest"] = grain.iloc[-1] < grain.iloc[0]
    return grain


def verdict(found: Findings, old: str) -> str:
    """The short answer, from the measures: which lost ground and which did not, and how sure."""
    worse = [k for k, v in found.lost.items() if v]
    better = [k for k, v in found.lost.items() if not v]
    if worse and not better:
        text = ("Not yet, on the official numbers. The articles report real gains (record harvests and trade, fast "
                "growth in some recent years), but against China the region is still losing ground on every "
                f"long-run measure here: {listing(worse)}.")
    elif len(worse) > len(better):
        text = ("Not yet, on the official numbers. The articles report real gains (record harvests and trade, fast "
                "growth in some recent years), but against China the region is still losing ground on "
                f"{listing(worse)}; only its {listing(better)} did not fall.")
    elif worse:
        text = (f"Only partly. Against China the region is still losing ground on {listing(worse)}, but not on "
                f"{listing(better)}.")
    else:
        text = "On these measures the region is catching up with China: none of them shows it losing ground."
    # single years that point the other way (the older index against China's official rate)
    yearly = (facts.combined_real_growth(old, P) - facts.real_growth(old)[facts.benchmark(old)]).dropna()
    faster = [int(y) for y in yearly.index[yearly > 0]]
    return text + " How sure: " + (
        f"not every year or series points the same way: the three provinces together grew faster than China in "
        f"{years_text(faster)} (the index before the revision), and single articles report good years; "
        if faster else "in the index before the revision the three provinces together never grew faster than China "
        "in a single year; ") + "the comparisons below say how sure each is."


def compared(found: Findings, old_gap, new_gap) -> None:
    """Compared with what: China, the other provinces, a synthetic Northeast, the studies; each as sure
    as its interval or placebo test allows, and where they disagree."""
    clarity = comparison.clarity
    window = {part: facts.window_label(old_gap, part, trends.BREAK_YEAR) for part in ("before", "after")}
    found.text["china"] = (
        f"Against China, real growth of the three provinces together was {clarity(new_gap.overall.ci)} in "
        f"{facts.window_label(new_gap)} in the revised index, {_ci(new_gap.overall)}; {clarity(old_gap.after.ci)} in "
        f"{window['after']} and {clarity(old_gap.before.ci)} in {window['before']} (Newey–West intervals).")
    ranks = peers.ranks()
    growth_ranks = ranks[(ranks["measure"] == "real_growth") & ranks["region"].isin(P)]
    latest = growth_ranks[growth_ranks["period"] == growth_ranks["period"].iloc[-1]]
    moved = peers.moves(ranks)
    found.text["peers"] = "" if moved.empty else (
        f"Against the other provinces, the three ranked {report.ordinal_word(latest['rank'].min())} to "
        f"{report.ordinal_word(latest['rank'].max())} of {int(latest['of'].iloc[0])} on real growth in "
        f"{str(latest['period'].iloc[0]).replace('/', '–')}, and {report.number_word(int((moved['move'] < 0).sum()))} "
        f"of their {report.number_word(len(moved))} ranks on growth, output per person, population and income "
        "fell from the first period to the last.")
    synth = comparison.synthetic_northeast()[facts.NORTHEAST]
    found.text["synthetic"] = (
        f"Against provinces that looked like them before {synth.main.treatment_year} (a synthetic Northeast), the "
        f"three provinces' share of output ended {fmt(abs(synth.main.last_gap), 0)} index points "
        f"{'below' if synth.main.last_gap < 0 else 'above'} their twin, but "
        + ("the gap is larger than almost all placebo runs" if synth.unusual else
           "placebo runs for provinces without the policy find gaps as large relative to their fit before it")
        + f" (permutation p {report.p_text(synth.placebos.p_value)}): "
        + ("a clear difference." if synth.unusual else "not conclusive.")) if synth.reported else (
        "Against provinces that looked like them, no weighted mix of the other provinces tracked the three before "
        "the new round closely enough, so no effect is reported.")
    studies = data.statistics(theme="studies", metric="policy_effect_gdp")
    found.text["studies"] = (
        ("Against the published studies, the answers differ: a difference-in-differences study of cities finds "
         f"that the 2003 strategy raised GDP by {report.printed(studies.iloc[0])}" if len(studies) else
         "Against the published studies, the answers differ: one study finds a positive effect of the 2003 "
         "strategy on city GDP") + ", a night-time-lights study finds no long-run effect but a positive one after "
        "2017; both measure levels against matched cities, not a share of China's output, so they can be right "
        "while the Northeast falls behind the coast.")
    agree = [w for w, ok in (("China", new_gap.overall.ci[1] < 0),
                             ("the other provinces", not moved.empty and (moved["move"] < 0).sum() > len(moved) / 2),
                             ("a synthetic Northeast", synth.reported and synth.unusual and synth.main.last_gap < 0))
             if ok]
    found.text["disagree"] = (
        "Where they disagree: " + (f"the comparisons with {listing(agree)} say the region fell behind; " if agree
                                   else "no comparison clearly says the region fell behind; ")
        + (("the synthetic comparison cannot tell that apart from chance, and " if synth.reported else
            "no synthetic twin fitted the three closely enough to say, and ") if "a synthetic Northeast" not in agree
           else "") + "one study finds the 2003 strategy raised city GDP, and the other finds no long-run effect, "
        "with a positive one only after 2017.")


def how_sure(found: Findings, old: str, new_gap) -> None:
    """How sure, what 'China' means measure by measure, and what the data cannot say."""
    found.text["sure_growth"] = (
        f"Each real growth gap is an average over few years ({len(new_gap.years)} in the revised index) whose "
        f"deviations persist from year to year (Durbin–Watson {fmt(new_gap.overall.durbin_watson, 2)} for the three "
        "provinces together), so every interval uses Newey–West errors, and even these can be too narrow: trust a "
        "clear sign, not the decimal.")
    growth_benchmarks = sorted({facts.benchmark(v) for v in facts.REAL_VINTAGES})
    output_base = report.sum_against_national(facts.sum_of_national(facts.grp()), "national GDP")
    people_base = report.sum_against_national(facts.sum_of_national(facts.population()), "China's population")
    growth_base = listing("China's official rate" if b == facts.CHINA else "the 31 provinces combined"
                          for b in growth_benchmarks)
    found.text["benchmarks"] = (
        "\"China\" is not one benchmark. For output shares and output per person it is the 31 provinces' sum: "
        f"{output_base}. For population shares, {people_base}. For income in the recent export it is the "
        "population-weighted mean of the 31 provinces (the export has no national row); for real growth it is "
        f"{growth_base}, as each index's vintage allows.")
    fai_years = data.series(metric="fixed_asset_investment", region=facts.PROVINCES)["year"]
    fai = "" if fai_years.empty else f" after {int(fai_years.max())}"
    found.text["unknowable"] = (
        "Not in these data: China's official real growth rate after "
        f"{facts.real_growth(old)[facts.CHINA].dropna().index.max()}, provincial fixed-asset investment levels{fai}, R&D "
        f"after {facts.rd_intensity().dropna().index.max()}, urban and rural incomes after the survey copies end, and "
        "what causes any of the gaps.")


def key_findings() -> Findings:
    """Every finding of the landing page, then the verdict built from them."""
    found, names = Findings(), _names()
    found.share = output(found)
    old, old_gap, new_gap = growth(found)
    per_person(found, names)
    people(found, names)
    income(found, names)
    fiscal(found)
    found.grain = articles(found)
    found.text["verdict"] = verdict(found, old)
    compared(found, old_gap, new_gap)
    how_sure(found, old, new_gap)
    return found
