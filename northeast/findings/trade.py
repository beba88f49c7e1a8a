"""The trade chapter's derived figures (notebooks/03_trade.ipynb): what the articles' trade figures
imply once set against each other and against the official US-dollar series, and the trends of that
series. Each function takes the rows the chapter loaded (so the build's trace sees every lookup) and
returns the printed rows it used beside what it derived from them. The `draw_*` functions at the end
draw the chapter's charts from those results."""
from __future__ import annotations

from functools import partial
from types import SimpleNamespace

import pandas as pd

from northeast import charts, report, trends
from northeast.claims import derived
from northeast.claims.figures import Figure, lookup
from northeast.official import year_ticks

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


# The chapter's charts: each function returns the `draw(fig, phone)` that `charts.chart` renders.

EXPORT_TINT = "#EBA777"   # Heilongjiang's colour, lighter: exports of the same province


def draw_liaoning(ln: SimpleNamespace):
    """Liaoning's goods trade in the article's yuan (the year before derived) beside the official dollars."""
    years = [ln.year - 1, ln.year]
    yuan = [ln.base / 1e9, ln.level.value_base / 1e9]
    usd = [ln.usd_before, ln.usd]

    def draw(fig, phone):
        left, right = charts.panels(fig, 2, phone)
        left.bar(0, yuan[0], width=0.55, **charts.bar_style("CN-LN", derived=True))
        left.bar(1, yuan[1], width=0.55, **charts.bar_style("CN-LN"))
        charts.label_bars(left, [0, 1], yuan, [f"{bn(ln.base)}\n(derived)", f"{ln.level.value_printed}\n(+{ln.growth.value_printed}%)"])
        right.bar([0, 1], usd, width=0.55, **charts.bar_style("CN-LN"))
        charts.label_bars(right, [0, 1], usd, [report.fmt(ln.usd_before), f"{report.fmt(ln.usd)}\n(+{report.fmt(ln.usd_growth)}%)"])
        left.set_ylabel("Billion yuan")
        left.set_title("China Daily, in yuan")
        right.set_ylabel("Billion US dollars")
        right.set_title("NBS, in US dollars" if phone else "NBS, in US dollars (by location of trader)")
        for ax, heights in ((left, yuan), (right, usd)):
            ax.set_ylim(0, 1.3 * max(heights))   # room for the labels above the bars
            ax.set_xticks([0, 1], [str(y) for y in years])
            ax.set_axisbelow(True)
    return draw


def draw_dollars(trend: SimpleNamespace, cum: SimpleNamespace, printed_usd: list):
    """The three provinces' official dollar series with their fitted trends, the yearly average of
    Liaoning's printed cumulative total and the dollar figures printed in articles."""
    span = cum.total
    # years and heights from the data: the series, the printed total's period and the articles' years
    first = min(span.period_start.year, trend.first)
    last = max(trend.last, *(int(r.period[:4]) for r, _ in printed_usd))
    top = 1.3 * max(*(s.max() for s in trend.by_region.values()), *(r.value_base / 1e9 for r, _ in printed_usd))
    arrow = dict(arrowstyle="->", color="#333333", linewidth=0.8)

    def draw(fig, phone):
        ax = fig.subplots()
        for region, s in trend.by_region.items():
            colour = charts.region_colour(region)
            charts.plot_years(ax, s, color=colour, marker="o", markersize=4, label=charts.REGION_NAMES[region])
            window = s.loc[trend.first:trend.last].index
            ax.plot(window, trend.fits[region].fitted(window), color=colour, linestyle="--", linewidth=1)
        ax.plot([], [], color="#555555", linestyle="--", linewidth=1, label=f"log-linear trend, {trend.window} (fitted)")
        ax.hlines(cum.average, span.period_start.year, span.period_end.year, color=charts.region_colour("CN-LN"),
                  linestyle="--", linewidth=2.2)
        ax.annotate(f"Liaoning, {span.value_printed} bn over {charts.period_label(span.period)}:\n"
                    f"{report.fmt(cum.average)} bn a year (derived)",
                    xy=(span.period_start.year + 1, cum.average), xytext=(first - 0.3, 0.75 * top), va="bottom",
                    arrowprops=arrow)
        for (r, words), height in zip(printed_usd, (0.5, 0.3)):
            value, year = r.value_base / 1e9, int(r.period[:4])
            ax.plot(year, value, marker="X", color=charts.region_colour(r.region), markeredgecolor="white",
                    markersize=10, linestyle="none")
            ax.annotate(f"{words}:\n{report.figure_text(r.value_printed, r.qualifier)} bn", xy=(year, value),
                        xytext=(year - 0.4, height * top), ha="right", va="center", arrowprops=arrow)
        ax.plot([], [], marker="X", color=charts.NEUTRAL, ls="none", markersize=9, label="figure printed in an article")
        ax.set_xlim(first - 0.5, last + 0.5)
        ax.set_ylim(0, top)
        ax.set_xticks(year_ticks(first, last, count=6 if phone else last - first + 1))
        ax.set_ylabel("Goods trade, billion US dollars")
        ax.set_axisbelow(True)
        fig.legend(loc="outside lower left", ncol=2)
    return draw


def draw_heilongjiang(hl: SimpleNamespace):
    """Heilongjiang's imports and exports stacked, the year before (derived) beside the printed year."""
    imports = [hl.before["imports"] / 1e9, hl.imports.value_base / 1e9]
    exports = [hl.before["exports"] / 1e9, hl.exports.value_base / 1e9]
    totals = [hl.before["total"] / 1e9, hl.total.value_base / 1e9]

    def draw(fig, phone):
        ax = fig.subplots()
        for x, derived_bar in [(0, True), (1, False)]:
            ax.bar(x, imports[x], width=0.55, **charts.bar_style("CN-HL", derived_bar), label=None if derived_bar else "Imports")
            ax.bar(x, exports[x], width=0.55, bottom=imports[x], **charts.bar_style("CN-HL", derived_bar, colour=EXPORT_TINT),
                   label=None if derived_bar else "Exports")
        box = dict(facecolor="white", edgecolor="none", alpha=0.9, pad=1.5)
        ax.text(0, imports[0] / 2, bn(hl.before["imports"]), ha="center", va="center", bbox=box)
        ax.text(0, imports[0] + exports[0] / 2, bn(hl.before["exports"]), ha="center", va="center", bbox=box)
        ax.text(1, imports[1] / 2, f"{hl.imports.value_printed}\n(+{hl.imports_growth.value_printed}%)",
                ha="center", va="center", color="white")
        ax.text(1, imports[1] + exports[1] / 2, f"{hl.exports.value_printed}\n(+{hl.exports_growth.value_printed}%)",
                ha="center", va="center")
        charts.label_bars(ax, [0, 1], totals, [f"total {bn(hl.before['total'])}",
                                               f"total {hl.total.value_printed}\n(+{hl.growth.value_printed}%)"])
        ax.set_xticks([0, 1], [f"{hl.year - 1}\n(derived)", f"{hl.year}\n(as printed)"])
        ax.set_ylim(0, 1.3 * max(totals))   # room for the totals and the legend
        ax.set_ylabel("Billion yuan")
        handles, labels = ax.get_legend_handles_labels()
        ax.legend(handles + charts.key("derived"), labels + ["derived (computed here)"], loc="upper left")
        ax.set_axisbelow(True)
    return draw
