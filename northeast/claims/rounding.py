"""The rounding rule of the claims audit: intervals of printed figures, and the verdict rules.

A figure printed with ``d`` decimals stands for any true value within +/- 0.5 x 10^-d of it. A
computation on printed figures is carried out on their intervals too (``Interval`` arithmetic), so a
derived number has a point value and an interval. The verdicts (real tests) and the outcomes of sanity
checks (tests that cannot fail on rounding) are defined here; the chapter explains them to readers.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..report import fmt, is_forecast

# Verdicts of real tests: the claim could have come out otherwise within what the data hold.
CONSISTENT = "consistent"
WITHIN_ROUNDING = "consistent within rounding"
INCONSISTENT = "inconsistent"
UNCHECKABLE = "cannot be checked"
VERDICTS = (CONSISTENT, WITHIN_ROUNDING, INCONSISTENT, UNCHECKABLE)

# Outcomes of sanity checks (a part not larger than its whole, a value inside a range): they do not
# count in the audit's headline.
PASSES = "passes"
FAILS = "fails"
SANITY = (PASSES, FAILS)


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


def over_corners(function, *intervals: Interval) -> Interval:
    """The interval of function(x, y, ...) over every combination of values in the intervals, for a
    function monotonic in each argument (so the extremes are at corners). Unlike arithmetic on
    intervals, an input used twice (r / (r - g)) counts once: it takes one value, not two."""
    from itertools import product

    values = [function(*corner) for corner in product(*((i.low, i.high) for i in intervals))]
    return Interval(min(values), max(values))


def justified_decimals(interval: Interval) -> int:
    """How many decimals a point inside the interval can honestly be printed with: none when the
    interval is a unit or wider (8.2 to 15.2 -> 'about 11'), one when it is a tenth or wider, ..."""
    if interval.width <= 0 or math.isinf(interval.width):
        return 0 if math.isinf(interval.width) else 2
    return max(0, -math.floor(math.log10(interval.width)))


def decimals(printed: str) -> int:
    """Decimals printed: '81.6' -> 1, '40' -> 0, '200000' -> 0, '1.35' -> 2."""
    text = str(printed).strip()
    Decimal(text)  # InvalidOperation for a non-number
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
    """Verdict of a computed value (point and interval) against a printed figure: consistent when the
    point, rounded like the printed figure, equals it; within rounding when it does not but the
    intervals overlap; inconsistent when they do not. A forecast, estimate, target or plan that the
    outturn does not match is not an error: it cannot be checked as a rounding test."""
    if is_forecast(qualifier):
        verdict = agreement(point, interval, printed, "about")
        return UNCHECKABLE if verdict == INCONSISTENT else verdict
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
    """Verdict of a claimed order ('>' or '<') between two rounded quantities: consistent when it holds
    for every value the rounding allows; within rounding when it holds for some (at the printed values
    or not); inconsistent when it holds for none."""
    if relation == ">":
        everywhere, somewhere = left_interval.low > right_interval.high, left_interval.high > right_interval.low
        at_points = left > right
    elif relation == "<":
        everywhere, somewhere = left_interval.high < right_interval.low, left_interval.low < right_interval.high
        at_points = left < right
    else:
        raise ValueError(f"unknown relation {relation!r}")
    if everywhere:
        return CONSISTENT
    return WITHIN_ROUNDING if somewhere or at_points else INCONSISTENT


def worst(verdicts: list[str]) -> str:
    """The weakest of several verdicts on one claim."""
    for verdict in (INCONSISTENT, WITHIN_ROUNDING, CONSISTENT, UNCHECKABLE):
        if verdict in verdicts:
            return verdict
    raise ValueError("no verdicts")


def number(value: float, digits: int = 1) -> str:
    """A number for a record: report.fmt, and '∞' for an unbounded interval's end."""
    return "∞" if math.isinf(value) else fmt(value, digits)


def decimals_text(printed: str) -> str:
    d = decimals(printed)
    return {0: "no decimals", 1: "one decimal", 2: "two decimals"}.get(d, f"{d} decimals")
