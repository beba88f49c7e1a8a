"""Derived facts: one function per figure the book derives from the data, used by the chapters and the
claims audit alike (the chapters fetch these facts, chart them and glue them into prose).

Each function loads only the rows it needs through ``northeast.data`` (so the build re-executes a
chapter only when those rows change) and returns the figure with the figures it comes from:
the national rate a gap implies, a province's growth as a multiple of it, the yuan per dollar implied
by an article's yuan trade and the official dollar series (a ratio of two sources: a consistency
check, not an exchange rate), the official exchange rate of a year, what a cumulative trade total
leaves for the years the official series lacks, whether a year is the highest in a decade, and the
years a revision of the GRP denominator breaks the R&D-intensity series.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import data, official, trends, units
from .figures import Figure, lookup, optional
from .rounding import Interval, over_corners

TRADE_USD = "goods_trade_value_usd_location"           # customs definition: location of the trading unit
TRADE_USD_OTHER = "goods_trade_value_usd_destination"  # domestic destination and source of the goods

# The official yuan-per-dollar rate: the World Bank's PA.NUS.FCRF ("official exchange rate, period average",
# reported by the IMF from the authorities) is the official series: in 2013-2015, where the two differ, it
# follows the People's Bank's central parity, the rate Chinese statistics convert with. FRED's AEXCHUS (New York
# noon buying rates, a market rate) is kept as the cross-check. Both are annual averages of yuan per US dollar.
OFFICIAL_RATE_METRIC = "exchange_rate_wdi"
CROSS_CHECK_RATE_METRIC = "exchange_rate_fred"


# --------------------------------------------------------------------------- gaps
@dataclass(frozen=True)
class ImpliedNational:
    """The national rate implied by a regional rate and its printed gap over the national average."""
    point: float
    interval: Interval
    rate: Figure
    gap: Figure


def gap_implied_national(region: str, metric: str, period: str, source_id: str | None = None) -> ImpliedNational:
    """National rate = regional rate - gap, with the interval the printed digits allow."""
    extra = {"source_id": source_id} if source_id else {}
    rows = data.statistics(region=region, metric=[metric, f"{metric}_gap_national"], period=period, **extra)
    gap = Figure.of(lookup("statistics", rows, metric=f"{metric}_gap_national", **extra))
    rate = Figure.of(lookup("statistics", rows, metric=metric, source_id=gap.source_id))
    return ImpliedNational(trends.national_from_gap(rate.value, gap.value), rate.interval - gap.interval, rate, gap)


def multiple_of_national(region: str, metric: str, period: str) -> tuple[float, Interval]:
    """How many times as fast the region grew as the national rate its gap implies, with the range the
    rounding of both printed figures allows."""
    implied = gap_implied_national(region, metric, period)
    if 0 in implied.interval:
        raise ZeroDivisionError(f"the national rate implied for {region} {metric} {period} may be zero: {implied.interval}")
    # the rate is in the numerator and in the implied national rate: one value, not two independent ones
    return (implied.rate.value / implied.point,
            over_corners(lambda rate, gap: rate / (rate - gap), implied.rate.interval, implied.gap.interval))


# --------------------------------------------------------------------------- yuan and dollars
@dataclass(frozen=True)
class Rate:
    """Yuan per US dollar implied by a yuan amount and a dollar amount, with its rounding interval."""
    label: str
    kind: str              # 'conversion' (printed beside a figure) or 'trade ratio' (article yuan / official USD)
    year: int              # the year of the amounts
    point: float
    interval: Interval
    yuan: Figure
    usd: Figure
    derived: bool = False  # the yuan amount is derived (last year's level from a level and its growth)


def ratio(label, kind, year, yuan: Figure, usd: Figure, yuan_point=None, yuan_interval=None, derived=False) -> Rate:
    """Yuan per dollar of a yuan figure (or a level derived from it) and a dollar figure."""
    y_point, y_iv = yuan.base()
    if yuan_point is not None:
        y_point, y_iv = yuan_point, yuan_interval
    u_point, u_iv = usd.base()
    return Rate(label, kind, year, trends.implied_exchange_rate(y_point, u_point), y_iv / u_iv, yuan, usd, derived)


def conversion_rate(yuan: Figure, usd: Figure) -> Rate:
    """The rate implied by a yuan amount and the dollar amount printed beside it."""
    return ratio(f"{yuan.shown()} = {usd.shown()}", "conversion", yuan.year, yuan, usd)


def trade_ratios(region=None) -> list[Rate]:
    """Yuan per dollar implied by each article's yuan goods-trade total for a whole year and the official
    USD series for the same region and year, and (where the article prints the growth rate too) for the
    year before, from the level that growth implies. Figures whose note flags a DOUBTFUL year are left out.
    These are ratios of two sources counting in two ways: consistency checks, not exchange rates."""
    regions = {"region": region} if region else {}
    articles = data.statistics(metric=["goods_trade_value", "goods_trade_growth"], **regions)
    official = data.series(metric=TRADE_USD, **regions)
    rates = []
    for _, row in articles[(articles["metric"] == "goods_trade_value") & (articles["period_kind"] == "year")].iterrows():
        yuan = Figure.of(row)
        if yuan.family != "currency_cny" or yuan.doubtful_year:
            continue
        name = _region_name(yuan.region)
        usd = optional("series", official, region=yuan.region, year=yuan.year)
        if usd is not None:
            rates.append(ratio(f"{name} trade {yuan.year}", "trade ratio", yuan.year, yuan, Figure.of(usd)))
        growth = optional("statistics", articles, metric="goods_trade_growth", region=yuan.region,
                          period=yuan.period, source_id=yuan.source_id)
        before = optional("series", official, region=yuan.region, year=yuan.year - 1)
        if growth is not None and before is not None:
            g = Figure.of(growth)
            y_point, y_iv = yuan.base()
            point = trends.implied_base_level(y_point, g.value)
            interval = y_iv / (1 + g.interval / 100)
            rates.append(ratio(f"{name} trade {yuan.year - 1} (derived from {yuan.year} and its growth)",
                                "trade ratio", yuan.year - 1, yuan, Figure.of(before), point, interval, derived=True))
    return rates


def trade_ratio(region: str, year: int) -> Rate:
    """The one trade ratio for a region and year (LookupError naming what is missing)."""
    found = [r for r in trade_ratios(region) if r.year == int(year)]
    if len(found) != 1:
        raise LookupError(f"{len(found) or 'no'} yuan/dollar trade ratios for region={region!r}, year={year!r} "
                          f"(data/statistics.csv goods_trade_value in yuan and data/series.csv {TRADE_USD})")
    return found[0]


def _region_name(code: str) -> str:
    row = optional("places", data.places(code=code), code=code)
    return code if row is None else row["name"]


def exchange_rate(year: int, metric: str = OFFICIAL_RATE_METRIC) -> Figure | None:
    """The annual average yuan per US dollar of one rate series for a year, or None if the data lack it."""
    rows = data.series(metric=metric, region="CN")
    row = optional("series", rows, year=int(year))
    return None if row is None else Figure.of(row)


# --------------------------------------------------------------------------- cumulative trade
@dataclass(frozen=True)
class Remainder:
    """What a total over a span of years leaves for the years the official annual series lacks."""
    total: Figure
    years: list            # every year of the span
    covered: dict          # year -> official value in the total's unit
    covered_other: dict    # the same for the other definition of trade
    missing: list          # years of the span without an official value
    rest: float            # total - sum of the covered years
    per_missing: float     # rest / number of missing years (nan without missing years)
    per_missing_other: float
    average: float         # total / number of years

    @property
    def covered_sum(self) -> float:
        return sum(self.covered.values())

    @property
    def official_range(self) -> tuple[float, float]:
        return min(self.covered.values()), max(self.covered.values())

    def single_year_multiple(self) -> float:
        """The total as a multiple of the last covered year's level (were it one year's trade)."""
        return self.total.value / self.covered[max(self.covered)] if self.covered else float("nan")


def trade_remainder(region: str, period: str, unit_family: str = "currency_usd") -> Remainder:
    """A cumulative goods-trade total (article) against the official annual USD series."""
    rows = data.statistics(metric="goods_trade_value", region=region, period=period)
    total = Figure.of(lookup("statistics", rows[rows["unit_family"] == unit_family], metric="goods_trade_value"))
    first, last = (int(p[:4]) for p in period.split("/"))
    years = list(range(first, last + 1))
    series = data.series(metric=[TRADE_USD, TRADE_USD_OTHER], region=region)
    out = {}
    for metric in (TRADE_USD, TRADE_USD_OTHER):
        s = series[(series["metric"] == metric) & series["year"].isin(years)]
        out[metric] = {int(r["year"]): units.convert(r["value"], r["unit"], total.unit) for _, r in s.iterrows()}
    covered = out[TRADE_USD]
    missing = [y for y in years if y not in covered]
    rest = total.value - sum(covered.values())
    rest_other = total.value - sum(out[TRADE_USD_OTHER].values())
    nan = float("nan")
    return Remainder(total, years, covered, out[TRADE_USD_OTHER], missing, rest,
                     trends.annual_average(rest, len(missing)) if missing else nan,
                     trends.annual_average(rest_other, len(missing)) if missing else nan,
                     trends.annual_average(total.value, len(years)))


# --------------------------------------------------------------------------- highest in a decade
@dataclass(frozen=True)
class DecadeHigh:
    """Whether a year's value is the highest of the `window` years to it, on the published series."""
    values: pd.Series      # value by year (one vintage)
    claim_year: int
    window: int
    latest: int
    latest_is_highest: bool          # the last year of the series is above every earlier year
    previous_best_year: int
    previous_best: float

    @property
    def checkable(self) -> bool:
        return self.claim_year in self.values.index

    @property
    def year(self) -> int:
        """The year the verdict is about: the claim's year if the series has it, else its last year."""
        return self.claim_year if self.checkable else self.latest

    @property
    def span(self) -> pd.Series:
        return self.values[(self.values.index > self.year - self.window) & (self.values.index <= self.year)]

    @property
    def is_highest(self) -> bool:
        """The year's value, at the series' printed precision, is at least every value of its decade."""
        return bool(round(self.values[self.year], 2) >= round(self.span.max(), 2))


def decade_high(region: str, metric: str, claim_year: int, window: int = 10,
                vintage: str = "first_published") -> DecadeHigh:
    rows = data.series(metric=metric, region=region)
    if vintage in set(rows["vintage"]):
        rows = rows[rows["vintage"] == vintage]
    values = rows.set_index("year")["value"].sort_index()
    latest = int(values.index.max())
    earlier = values.loc[:latest - 1]
    return DecadeHigh(values, int(claim_year), window, latest, bool(values[latest] > earlier.max()),
                      int(earlier.idxmax()), float(earlier.max()))


# --------------------------------------------------------------------------- breaks in R&D intensity
def rd_break_years(regions) -> dict:
    """The year each region's R&D-intensity series breaks: the bulletins divide R&D spending by the GRP
    first published for the year, so the series breaks where that GRP was reset (a fall of more than
    ten percent in the first-published level). Regions without a reset are left out."""
    grp = data.series(metric="grp_nominal", vintage="first_published", region=list(regions))
    breaks = {}
    for region, rows in grp.groupby("region"):
        found = official.resets(rows.set_index("year")["value"])
        if len(found):
            breaks[region] = int(found.index[0])
    return breaks
