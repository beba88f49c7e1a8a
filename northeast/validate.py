"""Validate the data tables: structure, the Frictionless schema, then the report's own rules.

Every problem is reported as ``file:line:column: message`` so an editor can jump to it. Checks run
in three stages, each only when the one before found the files readable:

1. structure (read by hand, since a library would guess its way past these): encoding,
   byte-order mark, delimiter, header columns;
2. the Table Schema in ``data/datapackage.json`` (frictionless): types, required cells, allowed
   values, unique keys, references between tables;
3. rules no schema can say: known units, periods that parse, values plausible for their unit,
   quotes that contain the value as printed (and stand in the source text when it is at hand).
"""
from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

from . import units
from .paths import data_dir as default_data_dir, shared_dir
from .periods import PeriodError, parse_period

MAX_QUOTE_WORDS = 25
NUMBER_WORDS = {
    1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight",
    9: "nine", 10: "ten", 11: "eleven", 12: "twelve", 13: "thirteen", 14: "fourteen",
    15: "fifteen", 16: "sixteen", 17: "seventeen", 18: "eighteen", 19: "nineteen", 20: "twenty",
}
ORDINAL_WORDS = {
    1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth", 7: "seventh",
    8: "eighth", 9: "ninth", 10: "tenth",
}
ORDINAL_UNITS = {"rank", "consecutive years"}  # "ranked sixth", "for the third consecutive year"
MULTIPLE_WORDS = {2: ("doubled", "double", "twice"), 3: ("tripled", "triple"), 4: ("quadrupled",)}
# Plausible bounds for values kept as printed; shares are further held to 0-100.
PERCENT_BOUNDS = (-100.0, 1000.0)
POINTS_BOUNDS = (-100.0, 100.0)


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class _Table:
    """One CSV file read with the line number of each record and its header."""

    def __init__(self, path: Path, label: str, fields: list[str]):
        self.path, self.label, self.fields = path, label, fields
        self.header: list[str] = []
        self.rows: list[tuple[int, dict[str, str]]] = []

    def column(self, name: str) -> int:
        return self.header.index(name) + 1 if name in self.header else 1


def _read_structure(path: Path, label: str, fields: list[str], problems: list[Problem]) -> _Table | None:
    table = _Table(path, label, fields)
    if not path.exists():
        problems.append(Problem(label, 1, 1, "file not found"))
        return None
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(Problem(label, 1, 1, "file starts with a byte-order mark; save it as UTF-8 without BOM"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(Problem(label, line, 1, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"))
        return None
    if not text.strip():
        problems.append(Problem(label, 1, 1, "file is empty; expected a header line"))
        return None
    first_line = text.splitlines()[0]
    if "," not in first_line:
        for delimiter, name in ((";", "semicolon"), ("\t", "tab"), ("|", "pipe")):
            if delimiter in first_line:
                problems.append(Problem(label, 1, 1, f"wrong delimiter: the header is separated by {name}s; use commas"))
                return None
    reader = csv.reader(io.StringIO(text, newline=""))
    table.header = next(reader)
    missing = [name for name in fields if name not in table.header]
    for name in missing:
        problems.append(Problem(label, 1, fields.index(name) + 1, f"missing column {name!r}"))
    for position, name in enumerate(table.header, start=1):
        if name not in fields:
            problems.append(Problem(label, 1, position, f"unknown column {name!r} (expected: {', '.join(fields)})"))
    if missing or len(set(table.header)) != len(table.header) or any(n not in fields for n in table.header):
        return None
    start = reader.line_num + 1
    for record in reader:
        if not any(cell.strip() for cell in record):
            start = reader.line_num + 1
            continue
        if len(record) != len(table.header):
            problems.append(Problem(label, start, min(len(record), len(table.header)) + 1,
                                    f"row has {len(record)} cells, the header has {len(table.header)}"))
        else:
            table.rows.append((start, dict(zip(table.header, record))))
        start = reader.line_num + 1
    return table


def _schema_problems(package_path: Path, tables: dict[str, _Table]) -> list[Problem]:
    """Run the Frictionless Table Schema checks and word their errors for people."""
    from frictionless import Package

    problems: list[Problem] = []
    package = Package(str(package_path))
    report = package.validate()
    bad_cells: set[tuple[str, int]] = set()
    for task in report.tasks:
        table = tables[task.name]
        for error in task.errors:
            line = getattr(error, "row_number", None) or 1
            cells = getattr(error, "cells", None) or []
            field_name = getattr(error, "field_name", None)
            cell = getattr(error, "cell", None)
            column = getattr(error, "field_number", None) or 1
            kind = error.type
            if kind == "type-error":
                bad_cells.add((task.name, line))
                field = package.get_resource(task.name).schema.get_field(field_name)
                message = f"column {field_name!r}: {cell!r} is not a {field.type}"
            elif kind == "constraint-error":
                note = error.note
                if "required" in note:
                    message = f"column {field_name!r} is empty"
                elif "enum" in note:
                    allowed = package.get_resource(task.name).schema.get_field(field_name).constraints["enum"]
                    message = f"column {field_name!r}: {cell!r} is not one of: {', '.join(allowed)}"
                elif "pattern" in note:
                    message = f"column {field_name!r}: {cell!r} does not have the expected form ({note})"
                else:
                    message = f"column {field_name!r}: {cell!r} breaks a constraint ({note})"
            elif kind in ("primary-key", "unique-error"):
                if (task.name, line) in bad_cells:
                    continue
                key = package.get_resource(task.name).schema.primary_key
                column = table.column(key[0])
                values = [table_row_value(table, line, k) for k in key]
                message = f"duplicate {'/'.join(key)} {'/'.join(values)!r}"
            elif kind == "foreign-key":
                resource = package.get_resource(task.name)
                message, column = _foreign_key_message(resource, table, line, error)
            else:
                message = error.message
            problems.append(Problem(table.label, line, column, message))
    return problems


def table_row_value(table: _Table, line: int, name: str) -> str:
    for row_line, row in table.rows:
        if row_line == line:
            return row.get(name, "")
    return ""


def _foreign_key_message(resource, table: _Table, line: int, error) -> tuple[str, int]:
    for key in resource.schema.foreign_keys:
        field = key["fields"][0]
        target = key["reference"]["resource"] or resource.name
        value = table_row_value(table, line, field)
        if value and f'"{field}"' in error.note:
            what = {"source_id": "source", "region": "place", "metric": "metric", "parent": "parent place"}.get(field, field)
            return f"unknown {what} {value!r} (not in {target}.csv)", table.column(field)
    return error.note, 1


def _quote_contains(quote: str, value_text: str, unit: str) -> bool:
    folded = quote.replace(",", "").lower()
    value_text = value_text.strip()
    pattern = r"(?<![\d.])" + re.escape(value_text) + r"(?![\d])"
    if re.search(pattern, folded):
        return True
    try:
        number = float(value_text)
    except ValueError:
        return False
    if number.is_integer():
        whole = int(number)
        words = [NUMBER_WORDS.get(whole), ORDINAL_WORDS.get(whole) if unit in ORDINAL_UNITS else None]
        words += list(MULTIPLE_WORDS.get(whole, ())) if unit == "times" else []
        if any(w and re.search(rf"\b{w}\b", folded) for w in words):
            return True
        if unit in ORDINAL_UNITS and re.search(rf"\b{whole}(st|nd|rd|th)\b", folded):
            return True
    return False


def _fold(text: str) -> str:
    for a, b in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"')):
        text = text.replace(a, b)
    return re.sub(r"\s+", " ", text).strip().lower()


def _value_problems(table: _Table, metric_kinds: dict[str, str]) -> list[Problem]:
    problems = []
    for line, row in table.rows:
        unit = row["unit"]
        if unit not in units.PRINTED_UNITS:
            problems.append(Problem(table.label, line, table.column("unit"),
                                    f"unknown unit {unit!r} (known units: see data/README.md)"))
            continue
        try:
            value = float(row["value"])
        except ValueError:
            continue  # reported by the schema check
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


def _statistics_problems(table: _Table, source_paths: dict[str, str]) -> list[Problem]:
    problems = []
    texts: dict[str, str | None] = {}
    for line, row in table.rows:
        try:
            parse_period(row["period"])
        except PeriodError as exc:
            problems.append(Problem(table.label, line, table.column("period"), str(exc)))
        quote = row["quote"].strip()
        column = table.column("quote")
        if not quote:
            continue  # the schema reports the empty cell
        try:
            float(row["value"])
        except ValueError:
            continue  # the schema reports a value that is not a number
        if len(quote.split()) > MAX_QUOTE_WORDS:
            problems.append(Problem(table.label, line, column, f"quote has {len(quote.split())} words; keep it to {MAX_QUOTE_WORDS}"))
        if not _quote_contains(quote, row["value"], row["unit"]):
            problems.append(Problem(table.label, line, column, f"quote does not contain the value {row['value']!r} as printed"))
            continue
        relative = source_paths.get(row["source_id"])
        if relative and relative not in texts:
            path = shared_dir() / relative
            texts[relative] = _fold(path.read_text(encoding="utf-8", errors="replace")) if path.is_file() else None
        text = texts.get(relative) if relative else None
        if text is not None and _fold(quote) not in text:
            problems.append(Problem(table.label, line, column, f"quote not found verbatim in {relative}"))
    return problems


def validate(data_path: Path | None = None) -> list[Problem]:
    """All problems in the data folder, sorted by file and line; an empty list means valid."""
    data_path = Path(data_path or default_data_dir())
    package_path = data_path / "datapackage.json"
    if not package_path.exists():
        return [Problem("datapackage.json", 1, 1, "file not found")]
    descriptor = json.loads(package_path.read_text(encoding="utf-8"))
    problems: list[Problem] = []
    tables: dict[str, _Table] = {}
    for resource in descriptor["resources"]:
        fields = [f["name"] for f in resource["schema"]["fields"]]
        label = f"data/{resource['path']}"
        table = _read_structure(data_path / resource["path"], label, fields, problems)
        if table is not None:
            tables[resource["name"]] = table
    if problems:  # row checks on a table of the wrong shape would only repeat the same fault
        return sorted(problems)
    problems += _schema_problems(package_path, tables)
    metric_kinds = {row["metric_id"]: row["kind"] for _, row in tables["metrics"].rows}
    source_paths = {row["source_id"]: row["path"] for _, row in tables["sources"].rows}
    for name in ("statistics", "series"):
        problems += _value_problems(tables[name], metric_kinds)
    problems += _statistics_problems(tables["statistics"], source_paths)
    return sorted(set(problems))
