"""The investment chapter's derived figures (notebooks/02_investment.ipynb): the articles' project
counts, big tickets and funds, and the official investment series they can be set against: fixed-asset
investment levels (to 2017) and the growth of funds in place for fixed-asset investment (from 2018),
two quantities in two vintages that are shown side by side and never joined."""
from __future__ import annotations

import re
from functools import partial
from types import SimpleNamespace

import pandas as pd

from northeast import charts, data, report, trends
from northeast.claims.figures import lookup, optional

PROVINCES = ("CN-LN", "CN-JL", "CN-HL")


def billions(value_yuan: float) -> str:
    """A yuan amount in billions for prose and labels: 0.2, 2.08, 15, 83."""
    return f"{value_yuan / 1e9:,.2f}".rstrip("0").rstrip(".")


def project_counts(figures: pd.DataFrame) -> SimpleNamespace:
    """Shenyang's and Jilin's counts of big projects, each with its threshold (from the metric's
    definition), and the earlier Shenyang count its growth rate implies (a floor, like the count)."""
    row = partial(lookup, "statistics", figures)
    sy, sy_growth = row(metric="projects_launched_100m_count", region="CN-LN-SY", period="2023-H1"), \
        row(metric="projects_launched_100m_growth", region="CN-LN-SY", period="2023-H1")
    jl, jl_growth = row(metric="projects_attracted_1bn_count", region="CN-JL"), \
        row(metric="projects_attracted_1bn_investment_growth", region="CN-JL")
    definitions = data.metrics(metric_id=[sy.metric, jl.metric]).set_index("metric_id").definition
    threshold = {m: re.search(r"worth more than [\d.,]+ (?:million|billion) yuan", d).group(0) for m, d in definitions.items()}
    base = trends.implied_base_level(sy.value, sy_growth.value)
    return SimpleNamespace(sy=sy, sy_growth=sy_growth, jl=jl, jl_growth=jl_growth, sy_threshold=threshold[sy.metric],
                           jl_threshold=threshold[jl.metric], sy_base=base, sy_added=sy.value - base)


def big_tickets(figures: pd.DataFrame) -> SimpleNamespace:
    """The single sums (a plant, a cumulative company total, a park, a firm's system, two funds, foreign
    investment) and the ratios and totals that put them side by side."""
    row = partial(lookup, "statistics", figures)
    lida = row(metric="investment_amount", entity="BMW Brilliance Lida plant", unit="billion yuan")
    lida_usd = optional("statistics", figures, metric="investment_amount", entity="BMW Brilliance Lida plant",
                        unit="billion US dollars")   # a printed conversion: the chapter does without it
    bmw, park = row(metric="investment_amount", entity="BMW Brilliance"), row(metric="investment_amount", region="CN-LN-DL-CX")
    dayang = row(metric="investment_amount", entity="Dayang Group")
    fund_prov = row(metric="special_fund_amount", entity="Liaoning provincial special fund for technological transformation "
                                                         "and digital empowerment")
    fund_city = data.select(figures, {"metric": "special_fund_amount"}).query("stat_id != @fund_prov.stat_id").iloc[0]
    funds_total = fund_prov.value_base + fund_city.value_base
    return SimpleNamespace(
        lida=lida, lida_usd=lida_usd, bmw=bmw, park=park, dayang=dayang, fund_prov=fund_prov, fund_city=fund_city,
        fdi=row(metric="fdi_actual_use", region="CN-LN"), funds_total=funds_total,
        lida_rate=None if lida_usd is None else trends.implied_exchange_rate(lida.value_base, lida_usd.value_base),
        bmw_per_year=trends.annual_average(bmw.value_base, bmw.period_years),
        lida_share_bmw=trends.share_percent(lida.value_base, bmw.value_base),
        funds_city_share=trends.share_percent(fund_city.value_base, funds_total),
        park_over_lida=park.value_base / lida.value_base, lida_over_dayang=lida.value_base / dayang.value_base)


def segments(series: pd.DataFrame) -> list[pd.Series]:
    """A province's yearly levels split where the series flags a basis break: each piece is one basis."""
    rows = series.sort_values("year")
    starts = set(rows.loc[rows.flag == "basis_break", "year"])
    pieces, current = [], []
    for year, value in zip(rows.year, rows.value_base):
        if year in starts and current:
            pieces.append(pd.Series(dict(current)))
            current = []
        current.append((int(year), value))
    return pieces + [pd.Series(dict(current))] if current else pieces


def fai_levels(fai: pd.DataFrame) -> SimpleNamespace:
    """Fixed-asset investment levels by province: each province's pieces of one basis, and in words how
    far each grew within its longest piece (current prices) and where a break stops a comparison."""
    pieces = {r: segments(fai[fai.region == r]) for r in PROVINCES}
    described, breaks = [], []
    for region, parts in pieces.items():
        longest = max(parts, key=len)
        first, last = int(longest.index.min()), int(longest.index.max())
        described.append(f"{report.fmt(longest.iloc[-1] / longest.iloc[0], 1)} times in {charts.REGION_NAMES[region]} "
                         f"({first} to {last})")
        breaks += [(region, int(p.index.min())) for p in parts[1:]]
    break_words = report.listing(f"{charts.REGION_NAMES[r]}'s in {y}" for r, y in breaks)
    return SimpleNamespace(
        pieces=pieces, breaks=breaks, first=int(fai.year.min()), last=int(fai.year.max()),
        growth_words=report.listing(described),
        break_words=("" if not breaks else f"The series breaks where a province corrected its statistics ({break_words}): "
                     "the levels on either side are not compared here, and the chart marks the break with a dotted line."))


def funds_growth(funds: pd.DataFrame) -> SimpleNamespace:
    """Growth of funds in place by province over the years every province has (one window): the mean
    growth with its autocorrelation-robust interval, in words chosen by the interval."""
    wide = funds.pivot(index="year", columns="region", values="value")[list(PROVINCES)].dropna()
    window = f"{int(wide.index.min())}–{int(wide.index.max())}"
    means = {r: trends.mean_gap(wide[r]) for r in PROVINCES}

    def words(region: str) -> str:
        m = means[region]
        return (f"{report.fmt(m.mean)} percent a year in {charts.REGION_NAMES[region]} (95 percent interval "
                f"{report.fmt(m.ci[0])} to {report.fmt(m.ci[1])}" + ("" if m.clear else ", not clearly different from zero") + ")")
    fell = {r: [int(y) for y in wide.index[wide[r] < 0]] for r in PROVINCES}
    verdicts = {"was not clearly different from zero": [r for r in PROVINCES if not means[r].clear],
                "was clearly positive": [r for r in PROVINCES if means[r].clear and means[r].mean > 0],
                "was clearly negative": [r for r in PROVINCES if means[r].clear and means[r].mean < 0]}
    answer = "; ".join(f"{verdict} in {report.listing(charts.REGION_NAMES[r] for r in regions)}"
                       for verdict, regions in verdicts.items() if regions)
    return SimpleNamespace(wide=wide, window=window, means=means, words=report.listing(words(r) for r in PROVINCES),
                           answer=answer,
                           durbin_watson=report.listing(report.fmt(means[r].durbin_watson, 2) for r in PROVINCES),
                           fell_words=report.listing(f"{charts.REGION_NAMES[r]} in {report.number_word(len(fell[r]))} of "
                                                     f"{report.number_word(len(wide))} years" for r in PROVINCES))


def against_claims(counts: SimpleNamespace, funds: SimpleNamespace) -> str:
    """The articles' growth figures for 2023 set against the official growth of funds in place of their
    province in the same year, in words chosen by the signs."""
    parts = []
    for claim, what in ((counts.sy_growth, "Shenyang's count of large project launches"),
                        (counts.jl_growth, "Jilin's investment in billion-yuan projects")):
        province, year = claim.region[:5], int(str(claim.period)[:4])
        if year not in funds.wide.index:
            parts.append(f"{what} ({charts.period_label(claim.period)}) has no official year to set it against")
            continue
        official = funds.wide.loc[year, province]
        parts.append(f"{what} {'rose' if claim.value > 0 else 'fell'} {claim.value_printed} percent "
                     f"({charts.period_label(claim.period)}), while funds in place for all of "
                     f"{charts.REGION_NAMES[province]}'s fixed-asset investment "
                     f"{report.change_word(0, official, up='grew', down='fell', same='did not change')}"
                     + ("" if official == 0 else f" {report.fmt(abs(official))} percent") + f" in {year}")
    return "; ".join(parts)


def official_values(levels: SimpleNamespace, funds: SimpleNamespace, sources: dict) -> pd.DataFrame:
    """What the official-series chart draws: the levels in trillion yuan (one basis per piece) and the
    growth of funds in place, with each province's mean over the stated window."""
    rows = [dict(region=charts.REGION_NAMES[r], series="fixed-asset investment", year=int(y), value=v / 1e12,
                 unit="trillion yuan", kind="official level (current prices)", basis=f"from {int(p.index.min())}",
                 source_id=sources["level"]) for r, parts in levels.pieces.items() for p in parts for y, v in p.items()]
    rows += [dict(region=charts.REGION_NAMES[r], series="growth of funds in place", year=int(y), value=v, unit="percent",
                  kind="official growth on the previous year", source_id=sources["funds"])
             for r in PROVINCES for y, v in funds.wide[r].items()]
    span = f"{int(funds.wide.index.min())}/{int(funds.wide.index.max())}"   # the period grammar of the window
    rows += [dict(region=charts.REGION_NAMES[r], series="growth of funds in place", year=span, value=funds.means[r].mean,
                  unit="percent", kind=f"mean, {funds.window} (derived)", window=funds.window, source_id=sources["funds"])
             for r in PROVINCES]
    return pd.DataFrame(rows)
