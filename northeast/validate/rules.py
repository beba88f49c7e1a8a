"""Stage 3 of validation, the report's own rules for values: known units, values plausible for
their unit and metric, and notices for series with missing years."""
from __future__ import annotations

import math

from .. import units
from .problems import YEAR, Problem, notice, number
from .structure import _Table

# Plausible bounds for values kept as printed; shares are further held to 0-100.
PERCENT_BOUNDS = (-100.0, 1000.0)
POINTS_BOUNDS = (-100.0, 100.0)


def _series_gap_notices(table: _Table) -> list[Problem]:
    """A notice for each series (region, metric, vintage) with years missing between its first and
    last year: the chapters draw the gap, but it may be a row left out by mistake. A series whose
    years all step by the same interval (a census every ten years) misses nothing."""
    years: dict[tuple[str, str, str], dict[int, int]] = {}
    for line, row in table.rows:
        if YEAR.fullmatch(row["year"]):
            years.setdefault((row["region"], row["metric"], row["vintage"]), {})[int(row["year"])] = line
    notices = []
    for key, lines in sorted(years.items()):
        ordered = sorted(lines)
        step = math.gcd(*(b - a for a, b in zip(ordered, ordered[1:]))) or 1
        missing = sorted(set(range(ordered[0], ordered[-1] + 1, step)) - set(lines))
        if missing:
            after = min(y for y in lines if y > missing[0])
            notices.append(notice(table.label, lines[after], table.column("year"),
                                  f"series {'/'.join(key)} has no row for {', '.join(map(str, missing))} "
                                  f"(years {min(lines)}-{max(lines)}); the charts show a gap"))
    return notices



def _value_problems(table: _Table, metric_kinds: dict[str, str]) -> list[Problem]:
    problems = []
    for line, row in table.rows:
        unit = row["unit"]
        if unit not in units.PRINTED_UNITS:
            problems.append(Problem(table.label, line, table.column("unit"),
                                    f"unknown unit {unit!r} (known units: see data/README.md)"))
            continue
        value = number(row["value"])
        if value is None:
            continue  # reported by the schema check or _cell_problems
        family = units.family(unit)
        kind = metric_kinds.get(row["metric"])
        column = table.column("value")
        if family in ("count", "persons", "rank") and (value < 0 or not value.is_integer()):
            problems.append(Problem(table.label, line, column, f"a {unit} must be a whole number of at least 0, not {row['value']}"))
        elif family == "percent":
            low, high = (0.0, 100.0) if kind == "share" else PERCENT_BOUNDS
            if not low <= value <= high:
                problems.append(Problem(table.label, line, column, f"{row['value']} percent is outside {low:g}..{high:g} for a {kind or 'percentage'}"))
        elif family == "percentage_points" and not POINTS_BOUNDS[0] <= value <= POINTS_BOUNDS[1]:
            problems.append(Problem(table.label, line, column, f"{row['value']} percentage points is outside {POINTS_BOUNDS[0]:g}..{POINTS_BOUNDS[1]:g}"))
        elif family in ("currency_cny", "currency_usd", "mass", "area") and value < 0:
            problems.append(Problem(table.label, line, column, f"an amount in {unit} cannot be negative ({row['value']})"))
    return problems
