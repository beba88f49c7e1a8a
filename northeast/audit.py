"""The claims audit: check what the source texts say against their own numbers and the official series.

Every check reads its figures from ``data/`` (through ``northeast.data``) and returns a ``Result``:
the claim in plain words, the computation with its numbers, the result, a verdict, the tolerance and
why. No number is typed in here: figures are chosen by metric, region, period or entity.

The rounding rule
-----------------
A figure printed with ``d`` decimals stands for any true value within +/- 0.5 x 10^-d of it
("3" million means 2.5 to 3.5 million; "81.6" billion jin means 81.55 to 81.65). A computation on
printed figures is carried out on their intervals too (``Interval`` arithmetic), so a derived number
has a point value and an interval. Against a printed figure the verdict is

* ``consistent``: the computed point value, rounded to the printed decimals, equals the printed value;
* ``consistent within rounding``: it does not, but the computed interval overlaps the printed one;
* ``inconsistent``: the intervals do not overlap, so rounding cannot explain the difference;
* ``cannot be checked``: the data hold nothing to check the claim against (the record says what is missing).

A comparison ("above the national rate") is ``consistent`` when it holds for the point values,
``consistent within rounding`` when it fails for them but holds somewhere inside the intervals, and
``inconsistent`` when it fails everywhere.
"""
from __future__ import annotations

import hashlib
import math
import re
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from . import data, trends, units

CONSISTENT = "consistent"
WITHIN_ROUNDING = "consistent within rounding"
INCONSISTENT = "inconsistent"
UNCHECKABLE = "cannot be checked"
VERDICTS = (CONSISTENT, WITHIN_ROUNDING, INCONSISTENT, UNCHECKABLE)

KINDS = {
    "gaps": "Gaps and components",
    "conversions": "Conversions printed beside figures",
    "totals": "Multiples and totals",
    "repeats": "Repeated claims",
    "official": "Against the official series",
}


# --------------------------------------------------------------------------- the rounding rule
@dataclass(frozen=True)
class Interval:
    """A closed interval [low, high]; arithmetic gives the interval of every possible result."""
    low: float
    high: float

    def __post_init__(self):
        if self.low > self.high:
            raise ValueError(f"empty interval [{self.low}, {self.high}]")

    @classmethod
    def point(cls, value: float) -> "Interval":
        return cls(value, value)

    def _other(self, other) -> "Interval":
        return other if isinstance(other, Interval) else Interval.point(float(other))

    def __add__(self, other):
        o = self._other(other)
        return Interval(self.low + o.low, self.high + o.high)

    __radd__ = __add__

    def __neg__(self):
        return Interval(-self.high, -self.low)

    def __sub__(self, other):
        return self + (-self._other(other))

    def __rsub__(self, other):
        return self._other(other) - self

    def __mul__(self, other):
        o = self._other(other)
        products = [a * b for a in (self.low, self.high) for b in (o.low, o.high)
                    if not (math.isinf(a) and b == 0 or math.isinf(b) and a == 0)]
        return Interval(min(products), max(products))

    __rmul__ = __mul__

    def __truediv__(self, other):
        o = self._other(other)
        if o.low <= 0 <= o.high:
            raise ZeroDivisionError(f"division by an interval containing zero: {o}")
        return self * Interval(1 / o.high, 1 / o.low)

    def __rtruediv__(self, other):
        return self._other(other) / self

    def map(self, function) -> "Interval":
        """Apply a monotonic function to both ends (increasing or decreasing)."""
        a, b = function(self.low), function(self.high)
        return Interval(min(a, b), max(a, b))

    def overlaps(self, other) -> bool:
        o = self._other(other)
        return self.low <= o.high and o.low <= self.high

    def __contains__(self, value: float) -> bool:
        return self.low <= value <= self.high

    @property
    def width(self) -> float:
        return self.high - self.low

    def text(self, digits: int = 2) -> str:
        def one(x):
            return "∞" if math.isinf(x) else f"{x:,.{digits}f}"
        return f"{one(self.low)} to {one(self.high)}"


def decimals(printed: str) -> int:
    """Decimals printed: '81.6' -> 1, '40' -> 0, '200000' -> 0, '1.35' -> 2."""
    text = str(printed).strip()
    Decimal(text)  # ValueError-like InvalidOperation for a non-number
    return len(text.split(".", 1)[1]) if "." in text else 0


def half_unit(printed: str) -> float:
    """Half a unit of the last printed decimal: the rounding tolerance of a printed figure."""
    return 0.5 * 10 ** -decimals(printed)


def printed_interval(printed: str, qualifier: str = "exact") -> Interval:
    """Every true value a printed figure can stand for.

    'exact' and 'about' figures cover +/- half a unit of the last decimal; 'more than' / 'at least'
    are floors (no upper bound), 'less than' / 'at most' ceilings.
    """
    value = float(printed)
    half = half_unit(printed)
    if qualifier in ("more than", "at least"):
        return Interval(value - half, math.inf)
    if qualifier in ("less than", "at most"):
        return Interval(-math.inf, value + half)
    return Interval(value - half, value + half)


def round_half_up(value: float, digits: int) -> Decimal:
    """value rounded to `digits` decimals, halves away from zero (as statistics offices print)."""
    exact = Decimal(repr(round(float(value), 9)))  # drop binary noise such as 5.199999999999999
    return exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def agreement(point: float, interval: Interval, printed: str, qualifier: str = "exact") -> str:
    """Verdict of a computed value (point and interval) against a printed figure (see module doc)."""
    digits = decimals(printed)
    rounded = round_half_up(point, digits)
    wanted = Decimal(str(printed).strip())
    if qualifier in ("more than", "at least"):
        holds = rounded >= wanted
    elif qualifier in ("less than", "at most"):
        holds = rounded <= wanted
    else:
        holds = rounded == wanted
    if holds:
        return CONSISTENT
    if interval.overlaps(printed_interval(printed, qualifier)):
        return WITHIN_ROUNDING
    return INCONSISTENT


def comparison(left: float, left_interval: Interval, relation: str, right: float,
               right_interval: Interval) -> str:
    """Verdict of a claimed order ('>' or '<') between two rounded quantities."""
    if relation == ">":
        at_points, somewhere = left > right, left_interval.high > right_interval.low
    elif relation == "<":
        at_points, somewhere = left < right, left_interval.low < right_interval.high
    else:
        raise ValueError(f"unknown relation {relation!r}")
    if at_points:
        return CONSISTENT
    return WITHIN_ROUNDING if somewhere else INCONSISTENT


# --------------------------------------------------------------------------- figures and results
@dataclass(frozen=True)
class Figure:
    """A printed figure (statistics.csv row or series.csv value) with its rounding interval."""
    ref: str          # stat_id, or "source_id:region:metric:year" for a series value
    source_id: str
    region: str
    metric: str
    period: str
    printed: str
    unit: str
    qualifier: str = "exact"
    entity: str = ""
    note: str = ""
    quote: str = ""

    @property
    def value(self) -> float:
        return float(self.printed)

    @property
    def interval(self) -> Interval:
        return printed_interval(self.printed, self.qualifier)

    @property
    def year(self) -> int:
        return int(self.period[:4]) if "/" not in self.period else int(self.period.split("/")[-1][:4])

    def in_unit(self, unit: str) -> tuple[float, Interval]:
        """Point value and interval converted to another printed unit of the same family."""
        factor = factor_between(self.unit, unit)
        return self.value * factor, self.interval * factor

    def base(self) -> tuple[float, Interval]:
        factor = units.to_base(1.0, self.unit)
        return self.value * factor, self.interval * factor

    def shown(self) -> str:
        """'81.6 billion jin', 'about 42 billion US dollars', '2.6 percent'."""
        qual = "" if self.qualifier == "exact" else self.qualifier + " "
        number = f"{float(self.printed):,.{decimals(self.printed)}f}"
        unit = {"count": "", "percentage points": " points"}.get(self.unit, " " + self.unit)
        return f"{qual}{number}{unit}"


def factor_between(from_unit: str, to_unit: str) -> float:
    """How many `to_unit` one `from_unit` is ('billion jin' -> 'million tonnes': 0.5)."""
    return units.convert(1.0, from_unit, to_unit)


def figure(row) -> Figure:
    """A Figure from a row of data.statistics(...) or data.series(...)."""
    if "stat_id" in row.index:
        return Figure(row["stat_id"], row["source_id"], row["region"], row["metric"], row["period"],
                      row["value_printed"], row["unit"], row["qualifier"], row["entity"], row["note"],
                      row["quote"])
    ref = f"{row['source_id']}:{row['region']}:{row['metric']}:{row['year']}"
    return Figure(ref, row["source_id"], row["region"], row["metric"], str(row["year"]),
                  row["value_printed"], row["unit"], "exact", "", row["note"], "")


_TABLES: dict = {}


def _table(name: str) -> pd.DataFrame:
    """A whole table through the loader, re-read only when the file changes (the audit scans every
    figure for conversions and repeats, so it depends on the whole of statistics.csv anyway)."""
    from .paths import data_dir

    path = data_dir() / f"{name}.csv"
    key = (name, str(path), hashlib.sha256(path.read_bytes()).hexdigest())
    if key not in _TABLES:
        _TABLES.clear() if len(_TABLES) > 16 else None
        frame = getattr(data, name)()
        if name == "statistics":
            frame = frame.assign(_figure=[figure(r) for _, r in frame.iterrows()])
        _TABLES[key] = frame
    return _TABLES[key]


def _series(region: str, metric: str) -> pd.DataFrame:
    return data.select(_table("series"), {"region": region, "metric": metric})


def figures(**filters) -> list[Figure]:
    return list(data.select(_table("statistics"), filters)["_figure"])


def one(**filters) -> Figure:
    found = figures(**filters)
    if len(found) != 1:
        raise LookupError(f"expected one figure for {filters}, found {len(found)}")
    return found[0]


def official(region: str, metric: str, year: int, vintage: str | None = None) -> Figure | None:
    """A series value (the revised vintage first unless one is named), or None."""
    frame = _series(region, metric)
    frame = frame[frame["year"] == int(year)]
    if vintage:
        frame = frame[frame["vintage"] == vintage]
    if frame.empty:
        return None
    order = {"revised": 0, "first_published": 1}
    frame = frame.assign(_o=frame["vintage"].map(lambda v: order.get(v, 2))).sort_values("_o")
    return figure(frame.iloc[0])


@dataclass
class Result:
    check: str            # short id of the check
    kind: str             # a KINDS key
    claim: str
    computation: str
    result: str
    verdict: str
    tolerance: str
    why: str
    refs: tuple = ()      # stat_ids and series references used
    sources: tuple = ()   # source_ids used (for the chapter's citations)
    values: dict = field(default_factory=dict)  # key numbers, for charts and asserts

    def __post_init__(self):
        if self.verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {self.verdict!r}")


def _refs(*figs) -> dict:
    figs = [f for f in figs if f is not None]
    return {"refs": tuple(dict.fromkeys(f.ref for f in figs)),
            "sources": tuple(dict.fromkeys(f.source_id for f in figs))}


def n(value: float, digits: int = 1) -> str:
    """A number for a record: thousands separators, fixed digits."""
    if math.isinf(value):
        return "∞"
    return f"{value:,.{digits}f}"


def _decimals_text(printed: str) -> str:
    d = decimals(printed)
    return {0: "no decimals", 1: "one decimal", 2: "two decimals"}.get(d, f"{d} decimals")


def _label(metric: str) -> str:
    """The metric's label for running text: 'Real GDP growth' -> 'real GDP growth'."""
    frame = data.select(_table("metrics"), {"metric_id": metric})
    label = frame.iloc[0]["label"] if not frame.empty else metric
    return label[0].lower() + label[1:] if len(label) > 1 and label[1].islower() else label


def _region(code: str) -> str:
    frame = data.select(_table("places"), {"code": code})
    return frame.iloc[0]["name"] if not frame.empty else code


# --------------------------------------------------------------------------- gaps and components
def implied_national(gap: Figure) -> tuple[float, Interval, Figure, Figure]:
    """National rate implied by a gap row and the regional rate printed with it (same source)."""
    metric = gap.metric.removesuffix("_gap_national")
    rate = one(region=gap.region, metric=metric, period=gap.period, source_id=gap.source_id)
    point = trends.national_from_gap(rate.value, gap.value)
    return point, rate.interval - gap.interval, rate, gap


def _gap_rows(metric: str, period: str, region: str | None = None) -> list[Figure]:
    """Gap rows whose regional rate is printed too (a gap alone implies no level)."""
    out = []
    for g in figures(metric=f"{metric}_gap_national", period=period):
        if region and g.region != region:
            continue
        if figures(region=g.region, metric=metric, period=period, source_id=g.source_id):
            out.append(g)
    return out


def _worst(verdicts: list[str]) -> str:
    order = [INCONSISTENT, WITHIN_ROUNDING, CONSISTENT]
    return next(v for v in order if v in verdicts)


def gap_check(region: str, metric: str, period: str) -> Result:
    """A rate and its gap over the national average imply the national rate; check it against any
    national figure for the same metric and period (printed, or implied by another region's gap)."""
    point, interval, rate, gap = implied_national(_gap_rows(metric, period, region)[0])
    label = _label(metric)
    claim = (f"{_region(region)}: {label} of {rate.shown()} in {period}, "
             f"{gap.shown()} above the national average.")
    computation = (f"{rate.printed} − {gap.printed} = {n(point)} percent implied for China "
                   f"(rounding interval {interval.text(2)}).")
    tolerance = (f"±{half_unit(rate.printed):g} on {rate.printed} and ±{half_unit(gap.printed):g} on "
                 f"{gap.printed} (their printed decimals), so the implied rate lies in {interval.text(2)}.")
    printed = figures(region="CN", metric=metric, period=period)
    others = [implied_national(g) for g in _gap_rows(metric, period) if g.region != region]
    base = dict(check=f"gap-{region}-{metric}-{period}", kind="gaps", claim=claim, tolerance=tolerance,
                values={"implied": point, "low": interval.low, "high": interval.high})
    if printed:
        national = printed[0]
        verdict = agreement(point, interval, national.printed, national.qualifier)
        return Result(**base, computation=computation,
                      result=f"China's printed rate for {period} is {national.shown()}.", verdict=verdict,
                      why=f"Compared with the national figure printed in {national.source_id}.",
                      **_refs(rate, gap, national))
    if others:
        verdicts, texts = [], []
        for o_point, o_interval, o_rate, o_gap in others:
            if round_half_up(point, 1) == round_half_up(o_point, 1):
                verdicts.append(CONSISTENT)
            else:
                verdicts.append(WITHIN_ROUNDING if interval.overlaps(o_interval) else INCONSISTENT)
            texts.append(f"{_region(o_rate.region)}'s {o_rate.printed} − {o_gap.printed} = {n(o_point)} "
                         f"({o_interval.text(2)}, {o_rate.source_id})")
        verdict = _worst(verdicts)
        return Result(**base, computation=computation + " Other regions' figures: " + "; ".join(texts) + ".",
                      result=f"Implied national rates: {n(point)} here; " + ", ".join(n(o[0]) for o in others) + " from the others.",
                      verdict=verdict,
                      why=("The national rate implied by different provinces' releases agrees at one decimal."
                           if verdict == CONSISTENT else
                           "The implied national rates differ; within rounding only if their intervals overlap.")
                      + f" No national {label} for {period} is printed in the data.",
                      **_refs(rate, gap, *[x for o in others for x in o[2:]]))
    return Result(**base, computation=computation,
                  result=f"Implied national rate {n(point)} percent; nothing to compare it with.",
                  verdict=UNCHECKABLE,
                  why=(f"The data hold no national {label} for {period}, printed or implied by another "
                       f"region's gap: that figure (from the NBS release for the period) is what is missing."),
                  **_refs(rate, gap))


def above_national_check(region: str, metric: str, period: str, source_id: str) -> Result:
    """'Grew faster than the country' printed without a gap: compare the rate with every national
    rate implied by the gaps the data hold for the same period."""
    rate = one(region=region, metric=metric, period=period, source_id=source_id)
    implied = [implied_national(g) for g in _gap_rows(metric, period) if g.source_id != source_id]
    claim = (f"{_region(region)}: {_label(metric)} of {rate.shown()} in {period}, "
             f"above the national rate (no gap printed, {source_id}).")
    tolerance = f"±{half_unit(rate.printed):g} on {rate.printed}; each implied national rate carries its own interval."
    if not implied:
        return Result(f"above-{region}-{metric}-{period}", "gaps", claim,
                      f"{rate.printed} percent; no national rate for {period} in the data.",
                      "Nothing to compare with.", UNCHECKABLE, tolerance,
                      f"The data hold no national {_label(metric)} for {period}.", **_refs(rate))
    verdicts, texts, margins = [], [], []
    sure = True
    for point, interval, o_rate, o_gap in implied:
        verdicts.append(comparison(rate.value, rate.interval, ">", point, interval))
        margins.append(rate.value - point)
        sure &= rate.interval.low > interval.high
        texts.append(f"{_region(o_rate.region)} ({o_rate.source_id}): {o_rate.printed} − {o_gap.printed} = {n(point)}")
    verdict = _worst(verdicts)
    return Result(
        f"above-{region}-{metric}-{period}", "gaps", claim,
        "National rate implied by " + "; ".join(texts) + f"; {rate.printed} is {n(min(margins))} points above.",
        f"{n(min(margins))} points above every implied national rate.", verdict, tolerance,
        ("Holds at the printed values" + (" and for every value the rounding allows." if sure else
         "; with a margin of one printed digit, rounding alone could close the gap, so the order rests on "
         "the sources' own unrounded figures.")),
        values={"margin": min(margins)}, **_refs(rate, *[x for o in implied for x in o[2:]]))


def components_check(region: str, period: str, total_metric: str = "goods_trade_value",
                     parts: tuple = ("goods_import_value", "goods_export_value")) -> Result:
    """Components (imports and exports; the three sectors' value added) against the printed total of
    the same source, in the same currency."""
    total = next(f for f in figures(region=region, metric=total_metric, period=period)
                 if units.family(f.unit) == "currency_cny"
                 and all(figures(region=region, metric=m, period=period, source_id=f.source_id) for m in parts))
    pieces = [one(region=region, metric=m, period=period, source_id=total.source_id) for m in parts]
    point = sum(p.in_unit(total.unit)[0] for p in pieces)
    interval = sum((p.in_unit(total.unit)[1] for p in pieces), Interval.point(0))
    verdict = agreement(point, interval, total.printed)
    names = [_label(p.metric) for p in pieces]
    return Result(
        f"components-{region}-{total_metric}-{period}", "gaps",
        f"{_region(region)} {period}: {', '.join(names[:-1])} and {names[-1]} add up to the total of {total.shown()}.",
        " + ".join(p.printed for p in pieces) + f" = {n(point, decimals(total.printed))} {total.unit}.",
        f"Sum {n(point, decimals(total.printed))} against {total.printed} printed.", verdict,
        (f"±{half_unit(total.printed):g} on each figure ({_decimals_text(total.printed)} printed); "
         f"the sum lies in {interval.text(decimals(total.printed) + 1)}."),
        "Same source, currency and unit, so any difference beyond rounding would be an error.",
        values={"sum": point}, **_refs(total, *pieces))


def component_growth_check(region: str, period: str) -> Result:
    """Imports and exports with their growth rates imply last year's total and so the total's growth."""
    total = next(f for f in figures(region=region, metric="goods_trade_value", period=period)
                 if units.family(f.unit) == "currency_cny")
    growth = one(region=region, metric="goods_trade_growth", period=period, source_id=total.source_id)
    pairs = [(one(region=region, metric=f"goods_{k}_value", period=period, source_id=total.source_id),
              one(region=region, metric=f"goods_{k}_growth", period=period, source_id=total.source_id))
             for k in ("import", "export")]
    now = sum(v.value for v, _ in pairs)
    now_iv = sum((v.interval for v, _ in pairs), Interval.point(0))
    before = sum(v.value / (1 + g.value / 100) for v, g in pairs)
    before_iv = sum((v.interval / (1 + g.interval / 100) for v, g in pairs), Interval.point(0))
    point = (now / before - 1) * 100
    # growth is increasing in `now` and decreasing in `before`
    interval = Interval((now_iv.low / before_iv.high - 1) * 100, (now_iv.high / before_iv.low - 1) * 100)
    verdict = agreement(point, interval, growth.printed)
    return Result(
        f"component-growth-{region}-{period}", "gaps",
        f"{_region(region)} {period}: total trade grew {growth.shown()}, imports {pairs[0][1].shown()}, "
        f"exports {pairs[1][1].shown()}.",
        (f"Last year's imports {pairs[0][0].printed} / {1 + pairs[0][1].value / 100:.3f} = "
         f"{n(pairs[0][0].value / (1 + pairs[0][1].value / 100), 2)} and exports {pairs[1][0].printed} / "
         f"{1 + pairs[1][1].value / 100:.3f} = {n(pairs[1][0].value / (1 + pairs[1][1].value / 100), 2)}; "
         f"total {n(now, 2)} / {n(before, 2)} − 1 = {n(point, 2)} percent."),
        f"Growth implied by the components {n(point, 2)} percent against {growth.printed} printed.",
        verdict, f"Rounding of the four inputs puts the implied growth in {interval.text(2)} percent.",
        "The components' own growth rates reproduce the total's growth, so the release is internally coherent.",
        values={"growth": point}, **_refs(total, growth, *[x for p in pairs for x in p]))


def share_check(region: str, period: str, entity_contains: str) -> Result:
    """A partner group's trade as a share of the total, against the printed share."""
    total = next(f for f in figures(region=region, metric="goods_trade_value", period=period)
                 if units.family(f.unit) == "currency_cny")
    part = next(f for f in figures(region=region, metric="goods_trade_value_partner", period=period)
                if entity_contains in f.entity)
    share = next(f for f in figures(region=region, metric="goods_trade_share_partner", period=period)
                 if f.entity == part.entity)
    point = part.in_unit(total.unit)[0] / total.value * 100
    interval = part.in_unit(total.unit)[1] / total.interval * 100
    return Result(
        f"share-{region}-{period}-{entity_contains}", "gaps",
        f"{_region(region)} {period}: trade with {part.entity} was {part.shown()}, {share.shown()} of the total.",
        f"{part.printed} / {total.printed} × 100 = {n(point, 2)} percent.",
        f"{n(point, 2)} percent against {share.printed} printed.",
        agreement(point, interval, share.printed), f"±{half_unit(share.printed):g} on the share (one decimal printed).",
        "Part, total and share come from the same release.", values={"share": point},
        **_refs(part, total, share))


# --------------------------------------------------------------------------- conversions
def _conversion_pairs() -> list[tuple[Figure, Figure]]:
    """(original, conversion) pairs: rows whose note says 'conversion of <stat_id>'."""
    rows = figures()
    by_id = {f.ref: f for f in rows}
    pairs = []
    for f in rows:
        match = re.match(r"conversion of (\S+)", f.note)
        if match and match.group(1).rstrip(";.,") in by_id:
            pairs.append((by_id[match.group(1).rstrip(";.,")], f))
    return pairs


def unit_conversion_checks() -> list[Result]:
    """Physical conversions (jin to tonnes, mu to hectares): exact factors, so only rounding may differ."""
    results = []
    for original, converted in _conversion_pairs():
        if units.family(original.unit) not in ("mass", "area"):
            continue
        point, interval = original.in_unit(converted.unit)
        verdict = agreement(point, interval, converted.printed, converted.qualifier)
        factor = factor_between(original.unit, converted.unit)
        why = {
            CONSISTENT: "The conversion is exact at the printed precision.",
            WITHIN_ROUNDING: "Only rounding separates the two figures.",
            INCONSISTENT: (f"The converted figure should read {n(point, decimals(converted.printed))} at the precision "
                           f"printed; {converted.printed} is outside what rounding allows, so the conversion was "
                           "truncated or rounded to a coarser unit than it shows."),
        }[verdict]
        results.append(Result(
            f"convert-{converted.ref}", "conversions",
            f"{original.shown()} is {converted.shown()} ({_label(original.metric)}, {original.period}).",
            f"{original.printed} × {factor:g} = {n(point, 3)} {converted.unit}.",
            f"{n(point, 3)} against {converted.printed} printed.", verdict,
            (f"±{half_unit(original.printed):g} on {original.printed} gives {interval.text(3)} {converted.unit}; "
             f"{converted.printed} with {_decimals_text(converted.printed)} stands for "
             f"{converted.interval.text(3)}."),
            why, values={"computed": point}, **_refs(original, converted)))
    return results


def _published(source_id: str) -> pd.Timestamp:
    text = data.select(_table("sources"), {"source_id": source_id}).iloc[0]["published"]
    return pd.Timestamp(text if len(text) > 7 else text + "-15")


@dataclass(frozen=True)
class Rate:
    """Yuan per US dollar implied by a pair of figures, with its rounding interval."""
    label: str
    kind: str              # 'conversion' (printed beside a figure) or 'benchmark' (article yuan / official USD)
    year: int              # the year of the figure converted
    date: pd.Timestamp     # publication date (conversion) or mid-year (benchmark)
    point: float
    interval: Interval
    yuan: Figure
    usd: Figure
    doubtful: bool = False


def _rate(label, kind, year, date, yuan: Figure, usd: Figure, doubtful=False) -> Rate:
    y_point, y_iv = yuan.base()
    u_point, u_iv = usd.base()
    return Rate(label, kind, year, date, y_point / u_point, y_iv / u_iv, yuan, usd, doubtful)


def _quoted_conversions() -> list[tuple[Figure, Figure]]:
    """Conversions printed in a quote but not curated as rows (a threshold such as
    '100 million yuan ($13.6 million)'): both figures rebuilt from the quote's text."""
    found = []
    pattern = re.compile(r"(\d[\d.]*) (million|billion|trillion) yuan \(\$(\d[\d.]*) (million|billion|trillion)\)")
    curated = {(o.printed, o.unit, c.printed, c.unit) for o, c in _conversion_pairs()}
    for f in figures():
        for y, yu, u, uu in pattern.findall(f.quote):
            key = (y, f"{yu} yuan", u, f"{uu} US dollars")
            if key in curated or any(k[:3] == key[:3] for k in curated):
                continue
            curated.add(key)
            base = dict(source_id=f.source_id, region=f.region, metric=f.metric, period=f.period,
                        entity=f.entity, note=f"threshold in the quote of {f.ref}", quote=f.quote)
            found.append((Figure(f"{f.ref}:yuan", printed=y, unit=key[1], **base),
                          Figure(f"{f.ref}:usd", printed=u, unit=key[3], **base)))
    return found


def benchmark_rates() -> list[Rate]:
    """Yuan per dollar implied by an article's yuan goods-trade figure for a whole year and the official
    USD series (by location of operating unit, the customs definition) for the same region and year.
    Figures whose note flags a DOUBTFUL year are left out."""
    rates = []
    for f in figures(metric="goods_trade_value"):
        if units.family(f.unit) != "currency_cny" or "/" in f.period or len(f.period) != 4:
            continue
        usd = official(f.region, "goods_trade_value_usd_location", f.year)
        if usd is None or "DOUBTFUL" in f.note:
            continue
        rates.append(_rate(f"{_region(f.region)} trade {f.year}", "benchmark", f.year,
                           pd.Timestamp(f"{f.year}-07-01"), f, usd))
    return rates


def conversion_rates() -> list[Rate]:
    """The yuan-dollar conversions printed beside figures, as implied rates."""
    rates = []
    pairs = [(o, c) for o, c in _conversion_pairs() if {units.family(o.unit), units.family(c.unit)}
             == {"currency_cny", "currency_usd"}] + _quoted_conversions()
    for o, c in pairs:
        yuan, usd = (o, c) if units.family(o.unit) == "currency_cny" else (c, o)
        label = f"{yuan.shown()} = {usd.shown()}".replace("billion US dollars", "bn USD").replace(
            "million US dollars", "m USD")
        rates.append(_rate(label, "conversion", yuan.year, _published(yuan.source_id), yuan, usd,
                           doubtful="DOUBTFUL" in yuan.note))
    return sorted(rates, key=lambda r: r.date)


def rates_table() -> pd.DataFrame:
    """All implied rates (conversions and benchmarks) with their intervals, for the chart."""
    rows = [dict(label=r.label, kind=r.kind, year=r.year, date=r.date, rate=r.point, low=r.interval.low,
                 high=r.interval.high, source_id=r.yuan.source_id, doubtful=r.doubtful)
            for r in conversion_rates() + benchmark_rates()]
    return pd.DataFrame(rows)


def currency_conversion_checks() -> list[Result]:
    """Each yuan-dollar conversion: the dollar amount the yuan figure gives at the rate implied for the
    same year by another article's yuan trade and the official USD series, against the printed dollars.
    Where the converted figure is itself goods trade with an official USD value, it is compared with that."""
    results = []
    benchmarks = benchmark_rates()
    for r in conversion_rates():
        yuan, usd = r.yuan, r.usd
        claim = (f"{yuan.shown()} is {usd.shown()} (threshold in the definition of "
                 f"'{_label(yuan.metric)}', {yuan.period})." if yuan.ref.endswith(":yuan") else
                 f"{yuan.shown()} is {usd.shown()} ({_label(yuan.metric)}, {yuan.period}).")
        base_computation = f"{yuan.printed} / {usd.printed} (units aligned) = {n(r.point, 3)} yuan per dollar"
        rate_text = f"implied rate {r.interval.text(3)} from the printed digits"
        values = {"rate": r.point, "low": r.interval.low, "high": r.interval.high}
        direct = official(yuan.region, "goods_trade_value_usd_location", yuan.year) \
            if yuan.metric == "goods_trade_value" else None
        if direct is not None:
            point, interval = direct.in_unit(usd.unit)
            verdict = agreement(point, interval, usd.printed, "exact")
            results.append(Result(
                f"convert-{usd.ref}", "conversions", claim,
                f"{base_computation}; the official series gives {n(point, 2)} {usd.unit} for {yuan.year}.",
                f"Official {n(point, 2)} against {usd.shown()} printed.", verdict,
                f"±{half_unit(usd.printed):g} on {usd.printed} ({rate_text}).",
                _official_why(verdict, usd, point, yuan),
                values=values | {"official": point}, **_refs(yuan, usd, direct)))
            continue
        same_year = [b for b in benchmarks if b.year == yuan.year and b.yuan.ref != yuan.ref]
        if not same_year:
            near = sorted(benchmarks, key=lambda b: abs(b.year - yuan.year))
            around = ", ".join(f"{n(b.point, 3)} ({b.label})" for b in near)
            results.append(Result(
                f"convert-{usd.ref}", "conversions", claim, base_computation + ".",
                f"Implied rate {n(r.point, 3)} ({r.interval.text(3)}).", UNCHECKABLE,
                f"{rate_text}.",
                (f"The data hold no exchange rate and no yuan-and-dollar pair for {yuan.year}; the nearest "
                 f"implied annual rates are {around}." +
                 (" The implied rate lies between them." if near and min(b.point for b in near) <= r.point
                  <= max(b.point for b in near) else "")),
                values=values, **_refs(yuan, usd)))
            continue
        b = same_year[0]
        y_point, y_iv = yuan.base()
        u_factor = units.to_base(1.0, usd.unit)
        point, interval = y_point / b.point / u_factor, y_iv / b.interval / u_factor
        verdict = agreement(point, interval, usd.printed, usd.qualifier)
        diff = (r.point / b.point - 1) * 100
        results.append(Result(
            f"convert-{usd.ref}", "conversions", claim,
            (f"{base_computation}; at the {yuan.year} rate implied by {b.label} ({b.yuan.printed} {b.yuan.unit} / "
             f"official {n(b.usd.in_unit('billion US dollars')[0], 2)} billion US dollars = {n(b.point, 3)}), "
             f"{yuan.printed} {yuan.unit} is {n(point, 2)} {usd.unit}."),
            f"{n(point, 2)} against {usd.shown()} printed; the printed conversion uses {n(abs(diff))}% "
            f"{'more' if diff > 0 else 'fewer'} yuan per dollar.", verdict,
            f"±{half_unit(usd.printed):g} on {usd.printed}, ±{half_unit(yuan.printed):g} on {yuan.printed} ({rate_text}).",
            ({CONSISTENT: "Matches the year's rate.", WITHIN_ROUNDING: "Matches the year's rate within rounding."}
             .get(verdict, "Beyond rounding. The benchmark is a rate for the whole year (customs convert "
                           "trade month by month); a conversion at the rate of the publication day, or of "
                           "another month, would differ from it. The data hold no daily rate, so this shows "
                           "which rate was not used, not that the conversion is wrong.")),
            values=values | {"benchmark": b.point, "diff_percent": diff}, **_refs(yuan, usd, b.yuan, b.usd)))
    return results


def _official_why(verdict: str, usd: Figure, point: float, yuan: Figure) -> str:
    if verdict in (CONSISTENT, WITHIN_ROUNDING):
        return "The printed dollar figure matches the official USD series (by location of operating unit)."
    doubt = " The year is flagged as doubtful in the data." if "DOUBTFUL" in yuan.note else ""
    return (f"The printed dollars differ from the official series by {n((usd.value / point - 1) * 100)}%: "
            f"the conversion used a rate other than the one customs used for the year's trade.{doubt}")


# --------------------------------------------------------------------------- multiples and totals
def multiple_check(metric: str = "conservation_tillage_area_multiple") -> Result:
    """'Doubled in three years': the implied compound annual growth."""
    m = one(metric=metric)
    start, end = m.period.split("/")
    years = int(end[:4]) - int(start[:4]) + 1
    rate = trends.implied_annual_rate(m.value, years)
    rate_short = trends.implied_annual_rate(m.value, years - 1)
    level = [f for f in figures(metric=metric.replace("_multiple", ""), entity=m.entity)
             if units.family(f.unit) == "area" and "conversion" not in f.note]
    start_text = ""
    if level:
        start_text = f" The start level was {n(level[0].value / m.value)} {level[0].unit}."
    return Result(
        f"multiple-{m.ref}", "totals",
        f"{m.entity}: the area {'doubled' if m.value == 2 else f'grew {m.printed} times'} over {years} years ({m.period}).",
        f"{m.printed}^(1/{years}) − 1 = {n(rate)} percent a year; read as {years - 1} yearly steps, {n(rate_short)} percent.{start_text}",
        f"About {n(rate, 0)} percent a year.", UNCHECKABLE,
        f"'Doubled' is a round word: the multiple is not a measured {n(m.value, 1)}.",
        "The data hold no series of the area, only the end level, so the doubling cannot be checked; the "
        "period is also doubtful (see the figure's note).",
        values={"annual": rate, "annual_short": rate_short}, **_refs(m, *level))


def part_of_whole_check(metric: str) -> Result:
    """'500 of the 666': the region's count is a part of China's total."""
    part = next(f for f in figures(metric=metric) if f.region != "CN")
    whole = one(metric=metric, region="CN", source_id=part.source_id)
    share = trends.share_percent(part.value, whole.value) if hasattr(trends, "share_percent") \
        else part.value / whole.value * 100
    verdict = CONSISTENT if part.value <= whole.value else INCONSISTENT
    return Result(
        f"part-{part.ref}", "totals",
        f"{_region(part.region)} has {part.printed} of China's {whole.printed} {_label(metric)}.",
        f"{part.printed} / {whole.printed} = {n(share)} percent.",
        f"{n(share)} percent; {int(whole.value - part.value)} missing.", verdict,
        "Counts are exact: the part must not exceed the whole.",
        "The share is coherent; the data hold no official count to check either number against.",
        values={"share": share}, **_refs(part, whole))


def zone_counts_check() -> list[Result]:
    """Pilot Free Trade Zone: foreign-invested enterprises are part of all registered businesses; the
    registered capital is ambiguous (attached to the FIEs, perhaps all businesses)."""
    total = one(metric="registered_business_count")
    fie = one(metric="registered_fie_count", region=total.region)
    capital = one(metric="registered_capital", region=total.region)
    share = fie.value / total.value * 100
    cap = capital.base()[0]
    per_fie, per_all = cap / fie.value / 1e6, cap / total.value / 1e6
    return [
        Result(f"part-{fie.ref}", "totals",
               f"Of {total.printed} businesses registered in the zone, {fie.printed} are foreign-invested.",
               f"{fie.printed} / {total.printed} = {n(share, 2)} percent.", f"{n(share, 2)} percent.",
               CONSISTENT if fie.value <= total.value else INCONSISTENT,
               "Counts are exact: the part must not exceed the whole.", "The counts are coherent.",
               values={"share": share}, **_refs(total, fie)),
        Result(f"capital-{capital.ref}", "totals",
               f"The {fie.printed} foreign-invested enterprises have registered capital of {capital.shown()}.",
               (f"{capital.printed} {capital.unit} / {fie.printed} = {n(per_fie)} million yuan per foreign-invested "
                f"enterprise; / {total.printed} = {n(per_all)} million yuan per registered business."),
               f"{n(per_fie, 0)} or {n(per_all, 0)} million yuan per enterprise, depending on the reading.",
               UNCHECKABLE, "Not a rounding question.",
               "The sentence can be read either way and the data hold no zone statistics to decide; the first "
               "reading asks for an average of several hundred million yuan per enterprise.",
               values={"per_fie": per_fie, "per_all": per_all}, **_refs(capital, fie, total)),
    ]


def cumulative_trade_check(metric: str = "goods_trade_value", region: str = "CN-LN") -> Result:
    """A total over a span of years against the official annual USD series for the years it covers."""
    total = next(f for f in figures(metric=metric, region=region) if "/" in f.period
                 and units.family(f.unit) == "currency_usd")
    first, last = (int(p[:4]) for p in total.period.split("/"))
    span = list(range(first, last + 1))
    unit = total.unit
    out = {}
    for series_metric in ("goods_trade_value_usd_location", "goods_trade_value_usd_destination"):
        rows = {y: official(region, series_metric, y) for y in span}
        covered = {y: f.in_unit(unit)[0] for y, f in rows.items() if f is not None}
        out[series_metric] = covered
    loc = out["goods_trade_value_usd_location"]
    dest = out["goods_trade_value_usd_destination"]
    missing = [y for y in span if y not in loc]
    covered_sum = sum(loc.values())
    rest = total.value - covered_sum
    average = total.value / len(span)
    last_level = loc.get(last)
    low, high = min(loc.values()), max(loc.values())
    per_missing = rest / len(missing) if missing else float("nan")
    dest_rest = (total.value - sum(dest.values())) / len(missing) if missing else float("nan")
    computation = (f"{total.printed} / {len(span)} years = {n(average, 2)} a year on average; the official series "
                   f"(location of operating unit) sums to {n(covered_sum, 2)} for {min(loc)}–{max(loc)}, "
                   f"leaving {n(rest, 2)}" + (f", {n(per_missing, 2)} a year, for {missing[0]}–{missing[-1]}." if missing else "."))
    if last_level:
        computation += f" As a single year it would be {n(total.value / last_level)} times the official {last} level ({n(last_level, 2)})."
    if rest < 0:
        verdict, why = INCONSISTENT, "The official years alone exceed the stated total."
    elif not missing:
        verdict = agreement(covered_sum, Interval.point(covered_sum), total.printed)
        why = "The official series covers every year of the span."
    elif low <= per_missing <= high:
        verdict = CONSISTENT
        why = (f"Read as a cumulative total, the years the series lacks would average {n(per_missing, 1)} billion, "
               f"inside the range of the official annual levels ({n(low, 1)} to {n(high, 1)}). With the other "
               f"definition (domestic destination and source) they would average {n(dest_rest, 1)}. "
               f"'Rose to' in the text is loose: it cannot be one year's trade.")
    else:
        verdict = UNCHECKABLE
        why = (f"The years the series lacks would average {n(per_missing, 1)}, outside the official range "
               f"{n(low, 1)} to {n(high, 1)}: possible, but the data cannot confirm it.")
    return Result(
        f"cumulative-{total.ref}", "totals",
        f"{_region(region)}'s goods trade totalled {total.shown()} over {first}–{last}.", computation,
        f"{n(per_missing, 1)} a year for the missing years; range of official years {n(low, 1)}–{n(high, 1)}.",
        verdict,
        f"Plausibility, not rounding: the missing years must fall within the range of the official annual levels "
        f"{min(loc)}–{max(loc)}.",
        why, values={"average": average, "covered_sum": covered_sum, "rest": rest, "per_missing": per_missing,
                     "single_year_multiple": total.value / last_level if last_level else float("nan")},
        **_refs(total, *[official(region, "goods_trade_value_usd_location", y) for y in loc]))


# --------------------------------------------------------------------------- repeated claims
def repeated_figures() -> list[Result]:
    """Every quantity (region, metric, period, entity) printed by more than one source, compared.
    Conversions are left out (they repeat their own figure in another unit)."""
    rows = [f for f in figures() if not f.note.startswith("conversion of")]
    groups: dict[tuple, list[Figure]] = {}
    for f in rows:
        groups.setdefault((f.region, f.metric, f.period, f.entity, units.family(f.unit)), []).append(f)
    results = []
    for (region, metric, period, entity, _), group in sorted(groups.items()):
        if len({f.source_id for f in group}) < 2:
            continue
        a, b = group[0], next(f for f in group if f.source_id != group[0].source_id)
        point, interval = b.in_unit(a.unit)
        verdict = agreement(point, interval, a.printed, "exact") if a.qualifier == b.qualifier == "exact" \
            else (WITHIN_ROUNDING if interval.overlaps(a.interval) else INCONSISTENT)
        results.append(Result(
            f"repeat-{a.ref}-{b.ref}", "repeats",
            f"{_region(region)}{', ' + entity if entity else ''}: {_label(metric)} ({period}) printed by two sources.",
            f"{a.source_id}: {a.shown()}; {b.source_id}: {b.shown()}.",
            f"{a.printed} against {n(point, decimals(a.printed))}.", verdict,
            f"±{half_unit(a.printed):g} and ±{half_unit(b.printed):g} (printed decimals).",
            "Same quantity, same period, two sources.", **_refs(a, b)))
    return results


def entity_checks(name: str = "BMW") -> list[Result]:
    """A company told in more than one article: the parts that can be compared, and what cannot."""
    rows = [f for f in figures() if name.lower() in f.entity.lower()]
    sources = list(dict.fromkeys(f.source_id for f in rows))
    results = []
    invest = [f for f in rows if f.metric == "investment_amount" and units.family(f.unit) == "currency_cny"]
    plant = [f for f in invest if "/" not in f.period]
    totals = [f for f in invest if "/" in f.period]
    if plant and totals:
        p, t = plant[0], totals[0]
        start = t.period.split("/")[0]
        inside = start <= p.period
        verdict = CONSISTENT if (p.base()[0] <= t.base()[0] and inside) else INCONSISTENT
        share = p.base()[0] / t.base()[0] * 100
        results.append(Result(
            f"entity-part-{p.ref}", "repeats",
            f"{p.entity} ({p.period}, {p.shown()}) is part of {t.entity}'s {t.shown()} invested over {t.period}.",
            f"{p.printed} / {t.printed} = {n(share)} percent of the total; the opening date lies inside the span.",
            f"{n(share)} percent.", verdict,
            f"'{t.qualifier}' {t.printed}: ±{half_unit(t.printed):g} at least; a part cannot exceed the whole.",
            "The plant's cost fits inside the cumulative investment the same article gives.",
            values={"share": share}, **_refs(p, t)))
    by_source = {s: [f for f in rows if f.source_id == s] for s in sources}
    common = set.intersection(*[{(f.metric, f.period) for f in fs} for fs in by_source.values()]) \
        if len(by_source) > 1 else set()
    if len(by_source) > 1:
        told = "; ".join(f"{s}: " + ", ".join(f"{_label(f.metric)} {f.shown()} ({f.period})" for f in fs)
                         for s, fs in by_source.items())
        results.append(Result(
            f"entity-{name}", "repeats",
            f"{name} in Shenyang, told by {len(by_source)} articles.", told,
            ("Shared quantities: " + ", ".join(sorted(m for m, _ in common))) if common
            else "No quantity is printed by both.",
            UNCHECKABLE if not common else CONSISTENT, "—",
            ("The articles agree on place (Shenyang) and company but give different quantities for different "
             "plants and dates (a new plant's investment in one, suppliers and procurement in the other), so "
             "nothing can be compared number for number."),
            **_refs(*rows)))
    return results


def repeated_level_check(region: str = "CN-JL", metric: str = "grain_output") -> Result:
    """A level printed for one year by one source and, with its growth, for the next year by another:
    the later source's growth rate implies the earlier level."""
    levels = sorted((f for f in figures(region=region, metric=metric) if not f.note.startswith("conversion of")),
                    key=lambda f: f.period)
    earlier, later = levels[0], levels[-1]
    growth = one(region=region, metric=f"{metric}_growth", period=later.period)
    later_point, later_iv = later.in_unit(earlier.unit)
    point = trends.implied_base_level(later_point, growth.value)
    # a 'more than' later level has no upper bound: use the rounding interval of its digits instead
    later_iv = printed_interval(later.printed) * factor_between(later.unit, earlier.unit)
    interval = later_iv / (1 + growth.interval / 100)
    verdict = agreement(point, interval, earlier.printed, earlier.qualifier)
    in_t = point * factor_between(earlier.unit, "million tonnes")
    return Result(
        f"repeat-level-{earlier.ref}-{later.ref}", "repeats",
        f"{_region(region)}'s {_label(metric)}: {earlier.shown()} in {earlier.period} ({earlier.source_id}); "
        f"{later.shown()} in {later.period}, up {growth.shown()} ({later.source_id}).",
        f"{later.printed} {later.unit} / (1 + {growth.printed}/100) = {n(in_t, 2)} million tonnes = "
        f"{n(point, 2)} {earlier.unit} for {earlier.period}.",
        f"{n(point, 2)} against {earlier.printed} printed.", verdict,
        f"±{half_unit(later.printed):g} on {later.printed}, ±{half_unit(growth.printed):g} on {growth.printed}: "
        f"{interval.text(2)} {earlier.unit}.",
        ("Two sources a year apart agree: the later growth rate reproduces the earlier level, which also supports "
         "reading 'surpassed' as the 2023 output itself and 'the industry's growth rate' as grain output (both "
         "flagged as doubtful in the data)." if verdict != INCONSISTENT else
         "The later growth rate does not reproduce the earlier level."),
        values={"implied": point}, **_refs(earlier, later, growth))


def doubtful_year_check(metric: str = "goods_trade_value") -> list[Result]:
    """A yuan trade figure whose year is flagged DOUBTFUL: the rate it implies for the printed year and
    the next one, against the benchmark rates of other sources."""
    results = []
    benchmarks = benchmark_rates()
    for f in figures(metric=metric):
        if "DOUBTFUL" not in f.note or units.family(f.unit) != "currency_cny":
            continue
        readings = {}
        for year in (f.year, f.year + 1):
            usd = official(f.region, "goods_trade_value_usd_location", year)
            if usd is not None:
                readings[year] = (_rate(str(year), "reading", year, pd.Timestamp(f"{year}-07-01"), f, usd), usd)
        parts, refs = [], [f]
        for year, (r, usd) in readings.items():
            parts.append(f"read as {year}: {f.printed} / {n(usd.in_unit('billion US dollars')[0], 2)} = {n(r.point, 3)}")
            refs.append(usd)
        bench_text = []
        for year in readings:
            bs = [b for b in benchmarks if b.year == year]
            for b in bs:
                diff = (readings[year][0].point / b.point - 1) * 100
                bench_text.append(f"{year} reading is {n(diff, 1)}% from {b.label}'s {n(b.point, 3)}")
                refs += [b.yuan, b.usd]
        missing = [y for y in readings if not any(b.year == y for b in benchmarks)]
        others = [x for x in figures(metric=metric, region=f.region) if x.ref != f.ref and
                  units.family(x.unit) == "currency_cny" and "/" not in x.period]
        told = "; ".join(f"{x.shown()} in {x.period} ({x.source_id})" for x in others)
        results.append(Result(
            f"doubtful-{f.ref}", "repeats",
            f"{_region(f.region)}'s goods trade: {f.shown()} printed for {f.period} ({f.source_id}); "
            f"also {told}.",
            "Implied yuan per dollar against the official USD series " + "; ".join(parts) + ". " +
            ("; ".join(bench_text) + "." if bench_text else ""),
            (bench_text[0][0].upper() + "; ".join(bench_text)[1:] + ".") if bench_text else "No benchmark.",
            UNCHECKABLE, "Rates, not rounding: the official series has 2 decimals in billions.",
            (f"The year is flagged doubtful in the data. No source in the data gives a yuan trade figure for "
             f"{', '.join(map(str, missing))}, so the other reading has no benchmark; the data cannot settle the year."
             if missing else "Both readings have benchmarks."),
            values={str(y): r.point for y, (r, _) in readings.items()}, **_refs(*refs)))
    return results


# --------------------------------------------------------------------------- official series
def official_level_check(region: str = "CN-JL", metric: str = "grp_nominal", period: str = "2023") -> Result:
    """An article's level against the official series for the same region, metric and year."""
    f = next(x for x in figures(region=region, metric=metric, period=period)
             if units.family(x.unit) == "currency_cny")
    o = official(region, metric, int(period))
    point, interval = o.in_unit(f.unit)
    verdict = agreement(point, interval, f.printed, f.qualifier)
    return Result(
        f"official-{f.ref}", "official",
        f"{_region(region)}'s {_label(metric)} in {period} was {f.shown()}.",
        f"Official {o.printed} {o.unit} = {n(point, 4)} {f.unit}.",
        f"{n(point, 4)} against {f.printed} printed.", verdict,
        f"{f.printed} with {_decimals_text(f.printed)} stands for {f.interval.text(3)} {f.unit}.",
        (f"Same quantity. The table ({o.source_id}) is a later vintage" + (f" ({o.note})" if o.note else "") +
         " than the figure the source printed, so a small difference would be revision, not error."),
        values={"official": point}, **_refs(f, o))


def official_trade_check(region: str = "CN-HL", period: str = "2023") -> Result:
    """A printed dollar trade figure against both official USD definitions."""
    f = next(x for x in figures(region=region, metric="goods_trade_value", period=period)
             if units.family(x.unit) == "currency_usd")
    results = {}
    for m in ("goods_trade_value_usd_location", "goods_trade_value_usd_destination"):
        o = official(region, m, int(period))
        point, interval = o.in_unit(f.unit)
        results[m] = (o, point, agreement(point, interval, f.printed, "exact"))
    (lo, lp, lv), (do, dp, dv) = results.values()
    return Result(
        f"official-trade-{f.ref}", "official",
        f"{_region(region)}'s goods trade in {period} was {f.shown()}.",
        f"Official USD series: {n(lp, 2)} by location of operating unit, {n(dp, 2)} by domestic destination and source.",
        f"Location {n(lp, 2)} → {lv}; destination {n(dp, 2)} → {dv}.", lv,
        f"±{half_unit(f.printed):g} on {f.printed} ({_decimals_text(f.printed)} printed).",
        ("The customs total matches the series by location of the trading business; the other definition "
         "(where goods are consumed or made) gives a different number, so comparisons must use the same definition."),
        values={"location": lp, "destination": dp}, **_refs(f, lo, do))


def official_yuan_trade_check(region: str = "CN-LN", period: str = "2021") -> Result:
    """An article's yuan trade figure against the official USD series: different currencies, so only
    the implied rate can be shown."""
    f = next(x for x in figures(region=region, metric="goods_trade_value", period=period)
             if units.family(x.unit) == "currency_cny")
    growth = [g for g in figures(region=region, metric="goods_trade_growth", period=period)
              if g.source_id == f.source_id]
    o = official(region, "goods_trade_value_usd_location", int(period))
    prev = official(region, "goods_trade_value_usd_location", int(period) - 1)
    r = _rate("", "benchmark", int(period), pd.Timestamp(period), f, o)
    computation = f"{f.printed} {f.unit} / official {n(o.in_unit('billion US dollars')[0], 2)} billion US dollars = {n(r.point, 3)} yuan per dollar."
    values = {"rate": r.point}
    if growth and prev is not None:
        usd_growth = (o.value / prev.value - 1) * 100
        prev_rate = trends.implied_base_level(f.base()[0], growth[0].value) / prev.base()[0]
        computation += (f" Growth: {growth[0].printed} percent in yuan against {n(usd_growth)} percent in the official "
                        f"dollars, which implies {n(prev_rate, 3)} yuan per dollar in {int(period) - 1}.")
        values |= {"usd_growth": usd_growth, "prev_rate": prev_rate}
    return Result(
        f"official-yuan-{f.ref}", "official",
        f"{_region(region)}'s goods trade in {period} was {f.shown()}" + (f", up {growth[0].shown()}." if growth else "."),
        computation, f"Implied {n(r.point, 3)} yuan per dollar.", UNCHECKABLE,
        "Different currencies: no rounding comparison is possible without an official exchange rate.",
        ("The official series is in dollars and the data hold no exchange rate, so the yuan figure cannot be "
         "compared directly; the implied rate serves as the benchmark for the conversions of that year." +
         ("" if "prev_rate" not in values else
          f" Growth was {'faster' if values['usd_growth'] > growth[0].value else 'slower'} in dollars than in yuan, "
          f"so on these figures the yuan {'gained on' if values['prev_rate'] > r.point else 'lost against'} "
          "the dollar over the year.")),
        values=values, **_refs(f, o, *growth, prev))


def decade_high_check(region: str = "CN-LN", metric: str = "rd_intensity", claim_stat: str = "pd-2025-12",
                      window: int = 10) -> Result:
    """'Reached its highest level in a decade' (no number printed): the claim's year is that of the
    figure printed in the same sentence; check the official series over the `window` years to it."""
    anchor = one(stat_id=claim_stat)
    year = int(anchor.period[:4])
    frame = _series(region, metric).sort_values("year")
    frame = frame[frame["vintage"] == "first_published"] if "first_published" in set(frame["vintage"]) else frame
    latest = int(frame["year"].max())
    span = frame[(frame["year"] > year - window) & (frame["year"] <= year)]
    claim = f"{_region(region)}'s {_label(metric)} in {year} was the highest in a decade ({anchor.source_id})."
    tolerance = "Two decimals printed in the series; a tie at that precision counts as highest."
    if year in set(frame["year"]):
        value = float(span.loc[span["year"] == year, "value"].iloc[0])
        best = float(span["value"].max())
        verdict = CONSISTENT if round_half_up(value, 2) >= round_half_up(best, 2) else INCONSISTENT
        return Result(f"decade-{region}-{metric}", "official", claim,
                      f"{year}: {value:.2f} percent; highest of {year - window + 1}–{year}: {best:.2f}.",
                      f"{value:.2f} against {best:.2f}.", verdict, tolerance,
                      "The bulletin's value for each year uses that year's GRP vintage (see the series notes).",
                      values={"value": value, "best": best, "claim_year": year}, sources=(anchor.source_id, "nbs-rd-bulletin"))
    last = frame[frame["year"] > latest - window]
    last_value = float(last.loc[last["year"] == latest, "value"].iloc[0])
    is_max = last_value >= float(last["value"].max())
    return Result(
        f"decade-{region}-{metric}", "official", claim,
        (f"The series ends in {latest}: {last_value:.2f} percent, "
         f"{'the highest' if is_max else 'not the highest'} of {latest - window + 1}–{latest} "
         f"(range {last['value'].min():.2f}–{last['value'].max():.2f})."),
        f"No {year} value.", UNCHECKABLE, tolerance,
        (f"The official series stops at {latest}; the {year} value is what is missing. The decade also spans a "
         "denominator break (the series notes flag the jumps after GRP revisions), so 'highest in a decade' "
         "compares values on different bases."),
        values={"latest": latest, "latest_value": last_value, "latest_is_max": is_max, "claim_year": year},
        sources=(anchor.source_id, "nbs-rd-bulletin"))


# --------------------------------------------------------------------------- the whole audit
def run() -> list[Result]:
    """Every check, in the order of the chapter."""
    results = [
        gap_check("CN-HL", "high_tech_manufacturing_va_growth", "2023-H1"),
        gap_check("CN-JL", "real_gdp_growth", "2023"),
        above_national_check("CN-LN", "real_gdp_growth", "2023", "pd-2024-04-24-liaoning-gdp"),
        components_check("CN-HL", "2023"),
        components_check("CN-LN", "2023", "grp_nominal",
                         ("primary_industry_va", "secondary_industry_va", "tertiary_industry_va")),
        component_growth_check("CN-HL", "2023"),
        share_check("CN-HL", "2023", "Belt and Road"),
    ]
    results += unit_conversion_checks()
    results += currency_conversion_checks()
    results += [multiple_check(), part_of_whole_check("industrial_subcategory_count"),
                part_of_whole_check("industrial_sector_count")]
    results += zone_counts_check()
    results.append(cumulative_trade_check())
    results += repeated_figures()
    results += entity_checks("BMW")
    results.append(repeated_level_check("CN-JL", "grain_output"))
    results += doubtful_year_check()
    results += [official_level_check("CN-JL", "grp_nominal", "2023"),
                official_level_check("CN-LN", "grp_nominal", "2023"), official_trade_check("CN-HL", "2023"),
                official_yuan_trade_check("CN-LN", "2021"), decade_high_check()]
    return results


def table(results: list[Result]) -> pd.DataFrame:
    """The summary: one row per check."""
    frame = pd.DataFrame([asdict(r) for r in results])
    frame["section"] = frame["kind"].map(KINDS)
    return frame


def counts(results: list[Result]) -> dict[str, int]:
    """How many checks got each verdict (all four verdicts, zeros included)."""
    found = pd.Series([r.verdict for r in results]).value_counts()
    return {v: int(found.get(v, 0)) for v in VERDICTS}
