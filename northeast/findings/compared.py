"""The derived figures of the chapter "Compared with what?" (notebooks/10_compared.ipynb): where the
three provinces rank and how the ranks moved, the synthetic comparison's chart data, and the audit of
the published studies' descriptive claims against the official series. The chapter words them; no
number of the data is held here."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import data, facts, peers

VINTAGE_WORDS = {"4th_census": "the GRP index before the fifth-census revision",
                 "5th_census": "the revised GRP index"}
# The vintages the studies' shares are checked in: the one they could have used and today's.
SHARE_VINTAGES = {"gdp_share_national": (("the vintage before the fifth-census revision", "grp_nominal",
                                          facts.PRE_REVISION_VINTAGE),
                                         ("the fifth-census vintage", "grp_nominal", facts.GRP_VINTAGE)),
                  "population_share_national": (("the 2020-census population vintage", "population_year_end",
                                                 facts.POPULATION_VINTAGE),)}


@dataclass(frozen=True)
class Standing:
    """The three provinces among the 31: every rank, the latest real-growth period's ranks, in how
    many growth periods they were the slowest three, and each rank's move from first to last."""
    ranks: pd.DataFrame
    latest_growth: pd.DataFrame
    bottom_three: pd.Series        # growth period key -> the three were the slowest three
    moves: pd.DataFrame

    @property
    def latest_period(self) -> str:
        return peers.dash(self.latest_growth["period"].iloc[-1])

    @property
    def of(self) -> int:
        return int(self.latest_growth["of"].iloc[0])

    @property
    def fell(self) -> int:
        return int((self.moves["move"] < 0).sum())


def standing() -> Standing:
    ranks = peers.ranks()
    ne = ranks[ranks["region"].isin(facts.PROVINCES)]
    growth = ne[ne["measure"] == "real_growth"]
    latest = growth[growth["vintage"] == list(facts.REAL_VINTAGES)[-1]]
    latest = latest[latest["period"] == latest["period"].iloc[-1]]
    all_growth = ranks[ranks["measure"] == "real_growth"]
    bottom = all_growth.groupby("key").apply(
        lambda part: set(part.nsmallest(len(facts.PROVINCES), "value")["region"]) == set(facts.PROVINCES),
        include_groups=False)
    return Standing(ranks, latest, bottom, peers.moves(ranks))


def rank_chart_values(ranks: pd.DataFrame, names: dict) -> pd.DataFrame:
    """What the rank chart draws, regions by name."""
    return ranks.assign(region=ranks["region"].map(lambda c: names.get(c, c)))[
        ["measure", "period", "vintage", "region", "value", "unit", "rank", "of"]]


def synthetic_chart_values(result, names: dict, shown: dict) -> pd.DataFrame:
    """The three provinces, their twin and the gap, and the placebo gaps drawn, one row per point."""
    fit = result.main
    series = {"three provinces": fit.actual, "synthetic three provinces": fit.synthetic, "gap, three provinces": fit.gap}
    series |= {f"gap, placebo {names[d]}": f.gap for d, f in shown.items()}
    return pd.concat([pd.DataFrame({"series": label, "year": values.index, "value": values.to_numpy()})
                      for label, values in series.items()], ignore_index=True).assign(
        unit="index points, share of the provinces' GRP")


def agreement(printed: str, computed: float) -> str:
    """'reproduces it' when the computed value rounds to the printed one, else by how much it differs."""
    from ..report import fmt
    digits = len(printed.split(".")[1]) if "." in printed else 0
    if abs(computed - float(printed)) <= 0.5 * 10 ** -digits:
        return "reproduces it"
    return f"differs by {fmt(computed - float(printed), digits)}"


def studies() -> pd.DataFrame:
    return data.statistics(theme="studies")


def claims(metric: str, rows: pd.DataFrame | None = None) -> pd.DataFrame:
    rows = studies() if rows is None else rows
    return rows[rows["metric"] == metric]


@dataclass(frozen=True)
class RankCheck:
    """A study's ranks on average real growth over ``first``-``last`` and what each vintage gives."""
    first: int
    last: int
    printed: pd.DataFrame                            # the study's rows (region, value)
    checks: list[tuple[str, int, int, pd.Series]]    # (vintage, from, to, ranks by region)
    covered: bool                                    # one vintage spans the whole period


def rank_checks() -> list[RankCheck]:
    out = []
    years = {v: facts.real_growth(v)[facts.all_provinces()].dropna(how="all").index for v in facts.REAL_VINTAGES}
    for _, rows in claims("real_gdp_growth_average_rank").groupby("period", sort=False):
        first, last = int(rows["period_start"].iloc[0].year), int(rows["period_end"].iloc[0].year)
        checks = []
        for vintage, held in years.items():
            lo, hi = max(first, int(held.min())), min(last, int(held.max()))
            got = peers.average_growth_ranks(vintage, lo, hi) if hi - lo >= 2 else pd.Series(dtype=float)
            if not got.empty:
                checks.append((vintage, lo, hi, got))
        covered = any(int(held.min()) <= first and int(held.max()) >= last for held in years.values())
        out.append(RankCheck(first, last, rows, checks, covered))
    return out


def share_checks() -> list[tuple[str, int, str, list[tuple[str, float, str]]]]:
    """For each printed share (metric, year, printed value): each vintage that holds the year, with
    the share it gives and how that compares."""
    out = []
    for metric, vintages in SHARE_VINTAGES.items():
        tables = [(name, peers.share_of_national(series, vintage)) for name, series, vintage in vintages]
        for r in claims(metric).itertuples():
            year = int(r.period)
            found = [(name, float(t[year]), agreement(r.value_printed, t[year])) for name, t in tables
                     if year in t.index and not np.isnan(t[year])]
            out.append((metric, year, r.value_printed, found))
    return out


def per_person_checks() -> list[tuple[str, int, str, float | None, str]]:
    """For each printed GRP per person against China's (region, year, printed): the value GRP of the
    vintage before the revision gives (None where the data do not hold the year) and how it compares."""
    table = peers.per_person_of_national(facts.PRE_REVISION_VINTAGE)
    out = []
    for r in claims("gdp_per_capita_relative_national").itertuples():
        year = int(r.period)
        value = table.loc[year, r.region] if year in table.index else np.nan
        out.append((r.region, year, r.value_printed, None if np.isnan(value) else float(value),
                    "" if np.isnan(value) else agreement(r.value_printed, value)))
    return out


def published_year(source_id: str) -> str:
    return str(data.sources(source_id=[source_id])["published"].iloc[0])[:4]


def effect_words(result, code: str, names: dict) -> str:
    """What one well-fitted synthetic comparison found: the twin's largest weights, the last gap, and
    where the gap ranks among the placebo runs (with the post-period rank where the ratio hides it)."""
    from ..report import fmt, listing, ordinal_word as ordinal, p_text
    fit, p = result.main, result.placebos
    words = (f"{names[code]} (weights: " + listing(f"{names[c]} {fmt(w * 100, 0)}%" for c, w in fit.top_donors(4).items())
             + f") ended {fmt(abs(fit.last_gap), 0)} points {'below' if fit.last_gap < 0 else 'above'} its "
             f"synthetic twin in {int(fit.post.index[-1])}")
    if p is None:
        return words
    return words + (f"; among {len(p.placebos)} placebo runs, each donor treated in turn, its post/pre ratio ranked "
                    f"{ordinal(p.rank)} of {len(p.placebos) + 1} (permutation p {p_text(p.p_value)}"
                    + (f"; by the size of the gap after {fit.treatment_year} alone it ranks {ordinal(p.post_rank)}, but "
                       "placebos that fitted more closely before get larger ratios from smaller gaps"
                       if p.post_rank < p.rank else "")
                    + "): " + ("unusual among provinces with no policy" if result.unusual else
                               "not clearly different from what the method finds for provinces with no policy"))


def check_words(result, code: str, names: dict) -> str:
    """The placebo in time and the leave-one-out fit of one well-fitted comparison."""
    from ..report import fmt
    fit, t, loo = result.main, result.in_time, result.leave_one_out
    return (f"for {names[code]}, a false policy year of {t.treatment_year} opens a gap of {fmt(t.post.mean(), 1)} "
            f"points on average before {fit.treatment_year} (against {fmt(fit.post.mean(), 1)} after the real one), "
            f"and without its largest donor ({names[fit.weights.idxmax()]}) the gap in {int(loo.post.index[-1])} is "
            f"{fmt(loo.last_gap, 0)} points (pre-period miss {fmt(loo.fit_percent, 1)}%)")
