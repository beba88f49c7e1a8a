"""Validation of the claims audit's checks table (``northeast/claims/checks.csv``): every row names a
known kind, the stat ids it lists are in ``statistics.csv``, it has as many as its kind needs, the
columns its kind reads are filled and its options are ones the kind knows. A typo is reported as
``file:line:column: message`` by ``make validate`` and stops the build, instead of publishing a
"cannot be checked" verdict. What each kind needs is ``NEEDS``; book/audit-checks.md documents it.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..paths import ROOT
from .problems import Problem

CHECKS_PATH = ROOT / "northeast" / "claims" / "checks.csv"
LABEL = "northeast/claims/checks.csv"
HEADER = ("id", "kind", "region", "metric", "period", "stats", "options")


@dataclass(frozen=True)
class Needs:
    """What a check kind reads from its row: how many stat ids (``most`` None = no limit), which of
    region, metric and period, and the options it knows (name -> a pattern its value must match)."""
    least: int = 0
    most: int | None = None
    columns: tuple[str, ...] = ()
    options: dict = field(default_factory=dict)
    required_options: tuple[str, ...] = ()
    odd: bool = False   # component_growth: a growth rate, then (value, growth) pairs


VINTAGE = r"[a-z0-9_]+"
NEEDS = {
    "gap": Needs(0, 0, ("region", "metric", "period")),
    "above_national": Needs(1, 1, ("region", "metric", "period")),
    "components": Needs(3),
    "component_growth": Needs(3, odd=True),
    "share": Needs(3, 3),
    "unit_conversion": Needs(2, 2),
    "currency_conversion": Needs(1, 2, options={"from_quote": r"yes"}),
    "multiple": Needs(2, 2),
    "part_of_whole": Needs(2, 2),
    "two_readings": Needs(3, 3),
    "trade_remainder": Needs(0, 0, ("region", "metric", "period")),
    "repeat": Needs(2, 2),
    "entity_overlap": Needs(0, 0, options={"entity": r".+"}, required_options=("entity",)),
    "repeated_level": Needs(3, 3),
    "doubtful_year": Needs(1, 1),
    "official_level": Needs(1, 1, options={"vintage": VINTAGE}),
    "official_trade": Needs(1, 1),
    "official_yuan_trade": Needs(2, 2),
    "decade_high": Needs(1, 1, ("region", "metric"), options={"window": r"[1-9][0-9]*"}),
    "official_real_growth": Needs(1, 1, options={"then": VINTAGE, "now": VINTAGE}),
    "national_beside": Needs(2, 2),
}


def _rows(text: str):
    """(line, row) of each record; a quoted cell may span lines, so the reader's line count is used."""
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    for record in reader:
        yield start, record
        start = reader.line_num + 1


def checks_problems(stat_ids: set[str], vintages: set[str] | None = None,
                    path: Path | None = None, label: str = LABEL) -> list[Problem]:
    """Every problem of the checks table against the statistics' ids (and the series' vintages)."""
    from ..claims.checks import KINDS

    path = Path(path or CHECKS_PATH)
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [Problem(label, 1, 1, f"cannot be read as UTF-8 text ({exc})")]
    rows = list(_rows(text))
    if not rows or tuple(c.strip() for c in rows[0][1]) != HEADER:
        return [Problem(label, 1, 1, f"the header must be {','.join(HEADER)}")]
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for line, record in rows[1:]:
        if not any(cell.strip() for cell in record):
            continue
        if len(record) != len(HEADER):
            problems.append(Problem(label, line, 1, f"has {len(record)} cells, the header {len(HEADER)}"))
            continue
        row = dict(zip(HEADER, (c.strip() for c in record)))

        def problem(column: str, message: str) -> None:
            problems.append(Problem(label, line, HEADER.index(column) + 1, message))

        if not row["id"]:
            problem("id", "a check needs an id")
        elif row["id"] in seen:
            problem("id", f"check id {row['id']!r} is used twice (also line {seen[row['id']]})")
        seen.setdefault(row["id"], line)
        kind = row["kind"]
        if kind not in KINDS or kind not in NEEDS:
            problem("kind", f"unknown check kind {kind!r} (known: {', '.join(sorted(KINDS))})")
            continue
        needs = NEEDS[kind]
        stats = row["stats"].split()
        for stat in stats:
            if stat not in stat_ids:
                problem("stats", f"check {row['id']!r}: no figure {stat!r} in data/statistics.csv")
        count = len(stats)
        if count < needs.least or (needs.most is not None and count > needs.most) or (needs.odd and count % 2 == 0):
            wanted = (f"exactly {needs.least}" if needs.least == needs.most else
                      f"{needs.least} to {needs.most}" if needs.most is not None else
                      f"an odd number, at least {needs.least}" if needs.odd else f"at least {needs.least}")
            problem("stats", f"check {row['id']!r} ({kind}) lists {count} stat ids; the kind needs {wanted}")
        for column in needs.columns:
            if not row[column]:
                problem(column, f"check {row['id']!r} ({kind}) needs a {column}")
        options: dict[str, str] = {}
        for part in filter(str.strip, row["options"].split(";")):
            name, equals, value = part.partition("=")
            name, value = name.strip(), value.strip()
            if not equals:
                problem("options", f"option {part.strip()!r} is not name=value")
            elif name not in needs.options:
                known = ", ".join(sorted(needs.options)) or "none"
                problem("options", f"check {row['id']!r}: unknown option {name!r} for {kind} (known: {known})")
            elif not re.fullmatch(needs.options[name], value):
                problem("options", f"check {row['id']!r}: option {name}={value!r} is not of the form {needs.options[name]}")
            elif vintages is not None and needs.options[name] == VINTAGE and value not in vintages:
                problem("options", f"check {row['id']!r}: no vintage {value!r} in data/series.csv "
                                   f"(vintages: {', '.join(sorted(vintages))})")
            else:
                options[name] = value
        for name in needs.required_options:
            if name not in options and not any(p.line == line and "option" in p.message for p in problems):
                problem("options", f"check {row['id']!r} ({kind}) needs the option {name}=...")
        if kind == "currency_conversion" and count == 1 and options.get("from_quote") != "yes":
            problem("stats", f"check {row['id']!r}: one stat id needs from_quote=yes (the pair printed in its quote)")
    return problems
