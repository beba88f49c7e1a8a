"""The trade chapter's derived figures (notebooks/03_trade.ipynb): what the articles' trade figures
imply once set against each other and against the official US-dollar series, and the trends of that
series. Each function takes the rows the chapter loaded (so the build's trace sees every lookup) and
returns the printed rows it used beside what it derived from them."""
from __future__ import annotations

from functools import partial
from types import SimpleNamespace

import pandas as pd

from northeast import charts, report, trends
from northeast.claims import derived
from northeast.claims.figures import Figure, lookup

PROVINCES = ("CN-LN", "CN-JL", "CN-HL")


def usd_bn(official: pd.DataFrame, region: str, year: int) -> float:
    """Official goods trade (by location of the trading unit), billion US dollars."""
    return lookup("series", official, region=region, year=year).value_base / 1e9


def bn(value_base: float, digits: int = 1) -> str:
    """A base-unit amount in billions, for prose and labels."""
    return report.fmt(value_base / 1e9, digits)


def liaoning_2021(figures: pd.DataFrame, official: pd.DataFrame) -> SimpleNamespace:
    """China Daily's 2021 level and growth, the 2020 level they imply, the official dollar values of
    both years and the yuan-per-dollar ratios the two sources imply (a consistency check, not a rate)."""
    row = partial(lookup, "statistics", figures)
    level = row(metric="goods_trade_value", region="CN-LN", period="2021")
    growth = row(metric="goods_trade_growth", region="CN-LN", period="2021")
    year = int(level.period)                       # the article's year; the derived level is the year before
    usd_before, usd = usd_bn(official, "CN-LN", year - 1), usd_bn(official, "CN-LN", year)
    rate, rate_before = (derived.trade_ratio("CN-LN", y).point for y in (year, year - 1))
    return SimpleNamespace(level=level, growth=growth, year=year,
                           base=trends.implied_base_level(level.value_base, growth.value),
                           usd_before=usd_before, usd=usd, usd_growth=(usd / usd_before - 1) * 100,
                           rate=rate, rate_before=rate_before, fewer_yuan=-(rate / rate_before - 1) * 100)


def liaoning_values(ln: SimpleNamespace, nbs_source: str) -> pd.DataFrame:
    """What the Liaoning 2021 chart draws: the yuan levels (the earlier one derived) and the dollar series."""
    years = [ln.year - 1, ln.year]
    return pd.DataFrame([
        dict(year=years[0], currency="yuan", value=ln.base / 1e9, unit="billion yuan",
             kind=f"derived from the {ln.year} level and growth rate", source_id=ln.level.source_id),
        dict(year=years[1], currency="yuan", value=ln.level.value_base / 1e9, unit="billion yuan", kind="printed",
             source_id=ln.level.source_id),
        *(dict(year=y, currency="US dollars", value=v, unit="billion US dollars", kind="official series",
               source_id=nbs_source) for y, v in zip(years, [ln.usd_before, ln.usd]))]).assign(region="Liaoning")


def cumulative(figures: pd.DataFrame, latest_usd: float) -> SimpleNamespace:
    """Liaoning's printed cumulative total, its yearly average, how far `latest_usd` (billion dollars)
    stands above it, and what the official series leaves for the years it does not cover."""
    total = lookup("statistics", figures, metric="goods_trade_value", region="CN-LN", period="2013/2021")
    remainder = derived.trade_remainder("CN-LN", total.period)   # billion US dollars, the total's unit
    return SimpleNamespace(total=total, remainder=remainder, years=len(remainder.years),
                           average=remainder.average, above_average=(latest_usd / remainder.average - 1) * 100,
                           destinations=lookup("statistics", figures, metric="export_destination_count",
                                               region="CN-LN"))


def trend_words(name: str, fit: trends.LogLinearTrend) -> str:
    """A fitted growth rate with its interval, in words chosen by the interval."""
    low, high = fit.annual_growth_ci
    words = f"{report.fmt(fit.annual_growth)} percent a year for {name} (95 percent interval {report.fmt(low)} to " \
            f"{report.fmt(high)}"
    return words + ("" if fit.clear else ", not clearly different from no growth") + ")"


def dollar_trends(official: pd.DataFrame) -> SimpleNamespace:
    """Log-linear trends of the three provinces' official dollar trade over one window, the years every
    province has (autocorrelation-robust intervals, each fit's own Durbin-Watson), Liaoning's peak,
    and the years flagged preliminary."""
    by_region = {r: official[official.region == r].set_index("year").value_base.sort_index() / 1e9 for r in PROVINCES}
    common = sorted(set.intersection(*(set(s.index) for s in by_region.values())))
    fits = {r: trends.loglinear_trend(common, by_region[r].loc[common]) for r in PROVINCES}
    first, last = fits["CN-LN"].window
    peak = int(by_region["CN-LN"].idxmax())
    ln_fit = fits["CN-LN"]
    after_peak = f" and was lower in {int(by_region['CN-LN'].index.max())}" if peak < by_region["CN-LN"].index.max() else ""
    ln_comment = (f"Liaoning's interval includes zero, so its trend is not clearly different from no growth: its dollar "
                  f"trade peaked in {peak}{after_peak}, and a single growth rate describes it poorly." if not ln_fit.clear
                  else f"Liaoning's dollar trade peaked in {peak}{after_peak}.")
    return SimpleNamespace(by_region=by_region, fits=fits, window=f"{first}–{last}", first=first, last=last,
                           n=len(common), peak=peak, ln_comment=ln_comment,
                           words={r: trend_words(charts.REGION_NAMES[r], fits[r]) for r in PROVINCES},
                           durbin_watson=report.listing(report.fmt(fits[r].durbin_watson, 2) for r in PROVINCES),
                           preliminary=sorted(int(y) for y in official[official.note.str.contains("preliminary")].year.unique()))


def hl_trend_answer(trend: SimpleNamespace) -> str:
    """The answer's clause on Heilongjiang's trend, worded by its interval."""
    fit = trend.fits["CN-HL"]
    if fit.clear:
        return f"Heilongjiang's trade {'grew' if fit.slope > 0 else 'shrank'} about {report.fmt(abs(fit.annual_growth))} " \
               "percent a year on a fitted trend"
    return f"Heilongjiang's fitted trend of {report.fmt(fit.annual_growth)} percent a year is not clearly different " \
           "from no growth"


def printed_dollars(figures: pd.DataFrame) -> list:
    """The dollar trade figures printed in articles, each with the words the chart labels it with."""
    row = partial(lookup, "statistics", figures, metric="goods_trade_value", period="2023", unit="billion US dollars")
    return [(row(region="CN-LN"), "China Daily, year doubtful"), (row(region="CN-HL"), "People's Daily")]


def trade_usd_values(trend: SimpleNamespace, cum: SimpleNamespace, printed_usd: list, nbs_source: str) -> pd.DataFrame:
    """What the dollar chart draws: the series, each fitted trend (with its window), the printed total's
    yearly average and the dollar figures printed in articles (`printed_dollars`)."""
    rows = []
    for region in PROVINCES:
        s, name = trend.by_region[region], charts.REGION_NAMES[region]
        rows += [dict(region=name, year=int(y), value=v, kind="official series") for y, v in s.items()]
        rows += [dict(region=name, year=int(y), value=v, kind=f"fitted log-linear trend, {trend.window}",
                      window=trend.window) for y, v in zip(s.index, trend.fits[region].fitted(s.index))
                 if trend.first <= y <= trend.last]
    rows = [dict(r, source_id=nbs_source) for r in rows]
    rows.append(dict(region="Liaoning", year=cum.total.period, value=cum.average,
                     kind="derived: yearly average of the printed total", source_id=cum.total.source_id))
    rows += [dict(region=charts.REGION_NAMES[r.region], year=r.period, value=r.value_base / 1e9,
                  kind=f"printed in an article ({'year doubtful' if r.region == 'CN-LN' else r.qualifier})",
                  source_id=r.source_id) for r, _ in printed_usd]
    return pd.DataFrame(rows).assign(unit="billion US dollars")


def heilongjiang_2023(figures: pd.DataFrame, official: pd.DataFrame) -> SimpleNamespace:
    """Harbin Customs' 2023 figures, the 2022 levels their growth rates imply, the export share and
    contribution, and the yuan-per-dollar ratios the printed pair and the official series imply."""
    row = partial(lookup, "statistics", figures)
    printed = {key: row(metric=metric, region="CN-HL", period="2023", **({"unit": "billion yuan"} if key == "total" else {}))
               for key, metric in [("total", "goods_trade_value"), ("growth", "goods_trade_growth"),
                                   ("imports", "goods_import_value"), ("imports_growth", "goods_import_growth"),
                                   ("exports", "goods_export_value"), ("exports_growth", "goods_export_growth")]}
    usd = row(metric="goods_trade_value", region="CN-HL", period="2023", unit="billion US dollars")
    partner = {(key, kind): row(metric=f"goods_trade_{kind}_partner", region="CN-HL", entity=entity)
               for key, entity in [("bri", "Belt and Road partner countries"),
                                   ("rcep", "Regional Comprehensive Economic Partnership (RCEP) members")]
               for kind in ("value", "growth", "share") if (key, kind) != ("rcep", "share")}
    p = SimpleNamespace(**printed)
    growth_of = {"total": p.growth, "imports": p.imports_growth, "exports": p.exports_growth}
    before = {k: trends.implied_base_level(getattr(p, k).value_base, g.value) for k, g in growth_of.items()}
    year = int(p.total.period)                     # the article's year; the derived levels are the year before
    usd_official = usd_bn(official, "CN-HL", year)
    return SimpleNamespace(
        **printed, usd=usd, partner=partner, year=year, before=before,
        parts_gap=before["imports"] + before["exports"] - before["total"],
        export_share=trends.share_percent(p.exports.value_base, p.total.value_base),
        export_share_before=trends.share_percent(before["exports"], before["total"]),
        export_contribution=trends.share_percent(p.exports.value_base - before["exports"],
                                                 p.total.value_base - before["total"]),
        bri_share=trends.share_percent(partner["bri", "value"].value_base, p.total.value_base),
        rate_printed=trends.implied_exchange_rate(p.total.value_base, usd.value_base),
        usd_official=usd_official, rate_official=derived.trade_ratio("CN-HL", year).point,
        usd_growth=(usd_official / usd_bn(official, "CN-HL", year - 1) - 1) * 100,
        rate_before=derived.trade_ratio("CN-HL", year - 1).point)


def heilongjiang_values(hl: SimpleNamespace) -> pd.DataFrame:
    """What the Heilongjiang chart draws: imports, exports and total, derived for the year before."""
    flows = ("imports", "exports", "total")
    return pd.DataFrame(
        [dict(year=hl.year - 1, flow=f, value=hl.before[f] / 1e9, kind=f"derived from the {hl.year} level and growth rate")
         for f in flows] + [dict(year=hl.year, flow=f, value=getattr(hl, f).value_base / 1e9, kind="printed") for f in flows]
    ).assign(region="Heilongjiang", unit="billion yuan", source_id=hl.total.source_id)


def liaoning_doubtful(figures: pd.DataFrame, official: pd.DataFrame, level_2021) -> SimpleNamespace:
    """The interview's Liaoning figure printed "in 2023" (its year in doubt): its implied rate, its gap to
    the official 2023 and 2024 dollar values, its change on 2021, and the interview's other figures."""
    row = partial(lookup, "statistics", figures)
    yuan = row(metric="goods_trade_value", region="CN-LN", period="2023", unit="billion yuan")
    usd = row(metric="goods_trade_value", region="CN-LN", period="2023", unit="billion US dollars")
    official_usd = {y: usd_bn(official, "CN-LN", y) for y in (2023, 2024)}
    vs_2021 = (yuan.value_base / level_2021.value_base - 1) * 100
    return SimpleNamespace(
        yuan=yuan, usd=usd, rate=derived.conversion_rate(Figure.of(yuan), Figure.of(usd)).point,
        official_usd=official_usd, gap={y: (usd.value_base / 1e9 / v - 1) * 100 for y, v in official_usd.items()},
        vs_2021=vs_2021, direction="below" if vs_2021 < 0 else "above",
        meaning="on these figures Liaoning's trade in yuan has not grown since 2021" if vs_2021 < 0
        else "on these figures Liaoning's trade in yuan is higher than in 2021",
        **{key: row(metric=metric, region="CN-LN") for key, metric in [
            ("entities", "new_foreign_trade_entity_count"), ("entities_trade", "goods_trade_value_new_entities"),
            ("cars", "used_car_export_value"), ("cars_growth", "used_car_export_value_growth"),
            ("cars_count", "used_car_export_volume"), ("cars_count_growth", "used_car_export_volume_growth")]})


def free_trade_zone(zone: pd.DataFrame) -> SimpleNamespace:
    """The Liaoning Pilot Free Trade Zone's registered businesses, foreign-invested enterprises and
    registered capital, with the capital per firm under both readings of the article's sentence."""
    biz, fie, cap = (lookup("statistics", zone, metric=m) for m in
                     ("registered_business_count", "registered_fie_count", "registered_capital"))
    return SimpleNamespace(biz=biz, fie=fie, cap=cap, fie_share=trends.share_percent(fie.value, biz.value),
                           cap_per_fie=cap.value_base / fie.value, cap_per_biz=cap.value_base / biz.value)
