"""The period grammar of data/README.md: a point, a span "A/B", or "asof:D".

Points: YYYY, YYYY-Hn, YYYY-Qn, YYYY-MM, YYYY-MM-DD.
"""
import calendar
import re
from dataclasses import dataclass
from datetime import date

_POINT = re.compile(
    r"^(?P<y>\d{4})(?:-(?:H(?P<h>[12])|Q(?P<q>[1-4])|(?P<m>\d{2})(?:-(?P<d>\d{2}))?))?$"
)
_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


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
        """Length in years (a span of whole years counts each year; an as-of date has none)."""
        return 0.0 if self.kind == "asof" else ((self.end - self.start).days + 1) / 365.25


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
    except ValueError as exc:  # month 13, 30 February...
        raise PeriodError(f"unparseable period {text!r}: {exc}") from None
    return "year", date(year, 1, 1), date(year, 12, 31)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_period(text: str) -> Period:
    """Parse a period string; raise PeriodError with the reason when it does not follow the grammar."""
    text = (text or "").strip()
    if not text:
        raise PeriodError("empty period")
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
