"""The period grammar of data/README.md: a point, a span "A/B", or "asof:D"; and the words a
reader sees for a period (``period_label``), in charts, prose and tables alike.

Points: YYYY, YYYY-Hn, YYYY-Qn, YYYY-MM, YYYY-MM-DD.
"""
import calendar
import re
from dataclasses import dataclass
from datetime import date

_POINT = re.compile(
    r"^(?P<y>[0-9]{4})(?:-(?:H(?P<h>[12])|Q(?P<q>[1-4])|(?P<m>[0-9]{2})(?:-(?P<d>[0-9]{2}))?))?$"
)  # ASCII digits only: \d would take full-width and Arabic-Indic digits
_DATE = re.compile(r"^[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?$")


class PeriodError(ValueError):
    """A period string that does not follow the grammar."""


@dataclass(frozen=True)
class Period:
    text: str
    kind: str  # year, half, quarter, month, day, span, asof
    start: date
    end: date  # inclusive

    @property
    def years(self) -> float:
        """Length in years: whole calendar months count as twelfths (a calendar year, leap or not, is
        exactly 1, a quarter 0.25, 2013/2021 is 9); a period of days counts days of 365.25; an as-of
        date has none."""
        if self.kind == "asof":
            return 0.0
        if self.start.day == 1 and self.end == _month_end(self.end.year, self.end.month):
            months = 12 * (self.end.year - self.start.year) + self.end.month - self.start.month + 1
            return months / 12
        return ((self.end - self.start).days + 1) / 365.25


def _point(text: str) -> tuple[str, date, date]:
    match = _POINT.match(text)
    if not match:
        raise PeriodError(f"unparseable period {text!r}: expected YYYY, YYYY-Hn, YYYY-Qn, YYYY-MM or YYYY-MM-DD")
    year = int(match["y"])
    try:
        if match["h"]:
            first = 1 + 6 * (int(match["h"]) - 1)
            return "half", date(year, first, 1), _month_end(year, first + 5)
        if match["q"]:
            first = 1 + 3 * (int(match["q"]) - 1)
            return "quarter", date(year, first, 1), _month_end(year, first + 2)
        if match["d"]:
            day = date(year, int(match["m"]), int(match["d"]))
            return "day", day, day
        if match["m"]:
            month = int(match["m"])
            return "month", date(year, month, 1), _month_end(year, month)
        return "year", date(year, 1, 1), date(year, 12, 31)
    except ValueError as exc:  # month 13, 30 February, year 0000...
        raise PeriodError(f"unparseable period {text!r}: {exc}") from None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_period(text: str) -> Period:
    """Parse a period string; raise PeriodError with the reason when it does not follow the grammar."""
    text = text or ""
    if not text.strip():
        raise PeriodError("empty period")
    if text != text.strip():
        raise PeriodError(f"period {text!r} has spaces around it; write it without")
    if text.startswith("asof:"):
        when = text[len("asof:"):]
        if not _DATE.match(when):
            raise PeriodError(f"unparseable period {text!r}: 'asof:' takes YYYY, YYYY-MM or YYYY-MM-DD")
        _, _, end = _point(when)
        return Period(text, "asof", end, end)
    if "/" in text:
        first, _, last = text.partition("/")
        _, start, _ = _point(first)
        _, _, end = _point(last)
        if end < start:
            raise PeriodError(f"unparseable period {text!r}: the span ends before it starts")
        return Period(text, "span", start, end)
    kind, start, end = _point(text)
    return Period(text, kind, start, end)


_ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth"}


def _point_label(text: str) -> str:
    kind, start, _ = _point(text)
    if kind == "half":
        return f"{_ORDINALS[1 + (start.month - 1) // 6]} half of {start.year}"
    if kind == "quarter":
        return f"{_ORDINALS[1 + (start.month - 1) // 3]} quarter of {start.year}"
    if kind == "month":
        return f"{calendar.month_name[start.month]} {start.year}"
    if kind == "day":
        return f"{start.day} {calendar.month_name[start.month]} {start.year}"
    return str(start.year)


def period_label(text: str) -> str:
    """A period in words for readers: '2023-H1' -> 'first half of 2023', '2024-Q1' -> 'first
    quarter of 2024', '2022-07' -> 'July 2022', 'asof:2022-07' -> 'as of July 2022',
    '2023-01/2023-07' -> 'January to July 2023', '2013/2021' -> '2013 to 2021'. Raises PeriodError for text outside the grammar."""
    period = parse_period(text)
    if period.kind == "asof":
        return "as of " + _point_label(period.text[len("asof:"):])
    if period.kind == "span":
        first, _, last = period.text.partition("/")
        if _point(first)[0] == _point(last)[0] == "month" and first[:4] == last[:4]:
            return f"{calendar.month_name[int(first[5:7])]} to {_point_label(last)}"  # January to July 2023
        return f"{_point_label(first)} to {_point_label(last)}"
    return _point_label(period.text)


def within_basis(first: int, last: int, breaks) -> int:
    """The first year a change up to ``last`` may be counted from without mixing two statistical bases.

    ``breaks`` are the years that start a new basis (a census re-estimate, a method change): a change from
    ``first`` to ``last`` stays on one basis only if no break falls in ``first + 1 .. last``; otherwise it is
    counted from the last such break. ``first`` itself when no break intervenes. Every change, share or rank
    over years of a series with breaks starts where this says."""
    first, last = int(first), int(last)
    if last < first:
        raise ValueError(f"a change from {first} to {last} runs backwards")
    return max((int(b) for b in breaks if first < int(b) <= last), default=first)
