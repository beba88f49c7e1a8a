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
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from . import units
from .paths import DATA_FILES, data_dir as default_data_dir, shared_dir
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
    severity: str = "error"  # or "notice": worth knowing, but the data are still valid

    def __str__(self) -> str:
        kind = "notice: " if self.severity == "notice" else ""
        return f"{self.file}:{self.line}:{self.column}: {kind}{self.message}"


def notice(file: str, line: int, column: int, message: str) -> Problem:
    return Problem(file, line, column, message, "notice")


# The tables the report reads and the columns its code reads from each (data.TABLES).
COLUMNS = {
    "sources": ("source_id", "publisher", "title", "author", "published", "url", "kind", "path", "note"),
    "places": ("code", "name", "name_zh", "level", "parent"),
    "metrics": ("metric_id", "label", "definition", "kind", "base", "unit_family"),
    "statistics": ("stat_id", "source_id", "theme", "region", "entity", "metric", "period", "value", "unit",
                   "qualifier", "quote", "note"),
    "series": ("region", "metric", "year", "value", "unit", "vintage", "source_id", "flag", "note"),
}
# Field types of the Table Schema standard (anything else stops frictionless).
FIELD_TYPES = {"string", "number", "integer", "boolean", "object", "array", "list", "date", "time", "datetime",
               "year", "yearmonth", "duration", "geopoint", "geojson", "any"}
# Numbers as the data write them: ASCII digits, an optional minus sign and decimal point. Python's
# float() would also take 'NaN', 'inf', '1_234' and full-width digits.
NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
YEAR = re.compile(r"[0-9]{4}")
# Python's csv module stops at 131072 characters a cell, until frictionless lifts the limit for the
# whole process: the limit is checked here, the same on every run. No real cell comes near it.
CELL_LIMIT = 128 * 1024
CELL_TOO_LONG = (f"a cell is longer than {CELL_LIMIT} characters (128 KB); "
                 "is a quoted cell missing its closing quote?")


def number(text: str) -> float | None:
    """The value of a cell written as the data write numbers; None for anything else."""
    return float(text) if NUMBER.fullmatch(text) else None


def _json_position(text: str, needle: str) -> tuple[int, int]:
    """Line and column of the first ``needle`` in a JSON file (1, 1 when it is not there)."""
    index = text.find(needle)
    if index < 0:
        return 1, 1
    return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)


def _outside(path: Path, folder: Path) -> bool:
    return not path.resolve().is_relative_to(folder.resolve())


def _file_problem(path: Path, label: str, folder: Path) -> Problem | None:
    """Why a data file cannot be read (or must not be), as one file-level problem."""
    if path.is_symlink() and _outside(path, folder):
        return Problem(label, 1, 1, f"is a link to {path.resolve()}, outside the data folder; "
                                    "data files must be inside data/ (copy the file in instead)")
    if not path.exists():
        return Problem(label, 1, 1, "file not found")
    if path.is_dir():
        return Problem(label, 1, 1, "is a folder, not a file")
    if _outside(path, folder):
        return Problem(label, 1, 1, f"resolves to {path.resolve()}, outside the data folder")
    return None


def _read_text(path: Path, label: str, folder: Path, problems: list[Problem]) -> str | None:
    """The file's text, or None with the reason added to ``problems``."""
    problem = _file_problem(path, label, folder)
    if problem:
        problems.append(problem)
        return None
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(label, 1, 1, f"cannot be read ({exc.strerror or exc})"))
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(Problem(label, 1, 1, "file starts with a byte-order mark; save it as UTF-8 without BOM"))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(Problem(label, line, 1, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"))
        return None
    nul = text.find("\x00")
    if nul >= 0:
        line, column = text.count("\n", 0, nul) + 1, nul - text.rfind("\n", 0, nul)
        problems.append(Problem(label, line, column, "contains a NUL byte; the file is damaged or not text"))
        return None
    return text


class _Table:
    """One CSV file read with the line number of each record and its header."""

    def __init__(self, path: Path, label: str, fields: list[str]):
        self.path, self.label, self.fields = path, label, fields
        self.header: list[str] = []
        self.rows: list[tuple[int, dict[str, str]]] = []
        self.record_lines: list[int] = []  # the first line of each CSV record, the header's included

    def column(self, name: str) -> int:
        return self.header.index(name) + 1 if name in self.header else 1

    def line_of_record(self, number: int) -> int:
        """The file line where record ``number`` (1 = header, as frictionless counts rows) starts;
        a quoted cell may hold line breaks, so records and lines differ."""
        return self.record_lines[number - 1] if 0 < number <= len(self.record_lines) else number

    def row_at(self, line: int) -> dict[str, str]:
        if not hasattr(self, "_by_line"):
            self._by_line = dict(self.rows)
        return self._by_line.get(line, {})


def _header_problems(table: _Table, fields: list[str]) -> list[Problem]:
    label, header = table.label, table.header
    problems = []
    seen: dict[str, int] = {}
    for position, name in enumerate(header, start=1):
        if name in seen:
            problems.append(Problem(label, 1, position, f"column {name!r} appears twice (also column {seen[name]})"))
        seen.setdefault(name, position)
    if problems:  # the name a column was meant to have is anyone's guess
        return problems
    for name in fields:
        if name not in seen:
            problems.append(Problem(label, 1, fields.index(name) + 1, f"missing column {name!r}"))
    for position, name in enumerate(header, start=1):
        if name not in fields:
            problems.append(Problem(label, 1, position, f"unknown column {name!r} (expected: {', '.join(fields)})"))
    if not problems and header != fields:
        position = next(i for i, (a, b) in enumerate(zip(header, fields), start=1) if a != b)
        problems.append(Problem(label, 1, position, f"columns in another order than in datapackage.json: "
                                                    f"column {position} is {header[position - 1]!r}, expected "
                                                    f"{fields[position - 1]!r} (order: {', '.join(fields)})"))
    return problems


def _read_structure(path: Path, label: str, fields: list[str], folder: Path, problems: list[Problem]) -> _Table | None:
    table = _Table(path, label, fields)
    text = _read_text(path, label, folder, problems)
    if text is None:
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
    csv.field_size_limit(sys.maxsize)  # as frictionless sets it; CELL_LIMIT is checked below
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    found: list[Problem] = []
    try:
        table.header = next(reader)
        table.record_lines.append(1)
        header_problems = _header_problems(table, fields)
        if header_problems:
            problems += header_problems
            return None
        start = reader.line_num + 1
        for record in reader:
            table.record_lines.append(start)
            if not record:
                pass  # an empty line: skipped, as every CSV reader does
            elif not any(cell.strip() for cell in record):
                found.append(Problem(label, start, 1, "blank row (only commas or spaces); delete it"))
            elif max(map(len, record)) > CELL_LIMIT:
                found.append(Problem(label, start, 1 + next(i for i, c in enumerate(record) if len(c) > CELL_LIMIT),
                                     CELL_TOO_LONG))
            elif len(record) != len(table.header):
                found.append(Problem(label, start, min(len(record), len(table.header)) + 1,
                                     f"row has {len(record)} cells, the header has {len(table.header)}"))
            else:
                table.rows.append((start, dict(zip(table.header, record))))
            start = reader.line_num + 1
    except csv.Error as exc:
        too_long = "field larger than field limit" in str(exc)
        found.append(Problem(label, start, 1, CELL_TOO_LONG if too_long else f"cannot be read as CSV: {exc}"))
    problems += found
    if found:
        return None
    if not table.rows:
        problems.append(Problem(label, 1, 1, "the table has no rows, only its header"))
        return None
    return table


def _package_problems(data_path: Path) -> tuple[dict | None, list[Problem]]:
    """The package descriptor if it describes the report's tables in a way frictionless can check."""
    label = "data/datapackage.json"
    problems: list[Problem] = []
    text = _read_text(data_path / "datapackage.json", label, data_path, problems)
    if text is None:
        return None, problems
    try:
        descriptor = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, [Problem(label, exc.lineno, exc.colno, f"not valid JSON: {exc.msg}")]
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        return None, [Problem(label, 1, 1, "expected a JSON object with a list of \"resources\" (a Data Package)")]
    resources: dict[str, dict] = {}
    for index, resource in enumerate(descriptor["resources"], start=1):
        if not isinstance(resource, dict) or not isinstance(resource.get("name"), str):
            problems.append(Problem(label, 1, 1, f"resource {index} is not an object with a \"name\""))
            continue
        name = resource["name"]
        line, column = _json_position(text, f'"{name}"')
        where = f"resource {name!r}"
        path = resource.get("path")
        if name in resources:
            problems.append(Problem(label, line, column, f"{where} is described twice"))
            continue
        resources[name] = resource
        if not isinstance(path, str) or not path:
            problems.append(Problem(label, line, column, f"{where} has no \"path\""))
        elif Path(path).is_absolute() or ".." in Path(path).parts or "://" in path:
            problems.append(Problem(label, *_json_position(text, json.dumps(path)),
                                    f"{where}: path {path!r} leaves the data folder; name a file in data/"))
        elif name in COLUMNS and path != f"{name}.csv":
            problems.append(Problem(label, *_json_position(text, json.dumps(path)),
                                    f"{where}: path {path!r} should be '{name}.csv' (the report reads that file)"))
        schema = resource.get("schema")
        fields = schema.get("fields") if isinstance(schema, dict) else None
        if not isinstance(fields, list) or not all(isinstance(f, dict) and isinstance(f.get("name"), str) for f in fields):
            problems.append(Problem(label, line, column, f"{where} has no schema with a list of named \"fields\""))
            continue
        names = [f["name"] for f in fields]
        for field in fields:
            position = _json_position(text, f'"name": "{field["name"]}"')
            constraints = field.get("constraints", {})
            if not isinstance(constraints, dict):
                problems.append(Problem(label, *position, f"{where}, field {field['name']!r}: \"constraints\" must be an object"))
            elif "pattern" in constraints:
                try:
                    re.compile(str(constraints["pattern"]))
                except re.error as exc:
                    problems.append(Problem(label, *position, f"{where}, field {field['name']!r}: the pattern "
                                                              f"{constraints['pattern']!r} is not a regular expression ({exc})"))
            kind = field.get("type", "string")
            if kind not in FIELD_TYPES:
                problems.append(Problem(label, *_json_position(text, f'"name": "{field["name"]}"'),
                                        f"{where}, field {field['name']!r}: unknown type {kind!r} "
                                        f"(Table Schema types: {', '.join(sorted(FIELD_TYPES))})"))
        for column_name in COLUMNS.get(name, ()):
            if column_name not in names:
                problems.append(Problem(label, line, column,
                                        f"{where}: the schema has no field {column_name!r} (the report reads it)"))
    for name in COLUMNS:
        if name not in resources:
            problems.append(Problem(label, 1, 1, f"no resource {name!r}: the report needs the tables "
                                                 f"{', '.join(COLUMNS)}"))
    return (None if problems else descriptor), problems


def _schema_problems(package_path: Path, tables: dict[str, _Table]) -> list[Problem]:
    """Run the Frictionless Table Schema checks and word their errors for people."""
    from frictionless import FrictionlessException, Package

    problems: list[Problem] = []
    try:
        package = Package(str(package_path))
        report = package.validate()
    except FrictionlessException as exc:
        reasons = "; ".join(r.message for r in getattr(exc, "reasons", [])[:3])
        return [Problem("data/datapackage.json", 1, 1, f"cannot be checked: {exc.error.message}"
                                                       + (f" ({reasons})" if reasons else ""))]
    bad_cells: set[tuple[str, int]] = set()
    for task in report.tasks:
        table = tables[task.name]
        for error in task.errors:
            if error.type == "blank-row":
                continue  # an empty line, skipped by every reader (a row of commas is reported before)
            line = table.line_of_record(getattr(error, "row_number", None) or 1)
            if line > 1 and not table.row_at(line):
                continue  # an empty line (frictionless reads it as a row of empty cells)
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
                values = [table.row_at(line).get(k, "") for k in key]
                message = f"duplicate {'/'.join(key)} {'/'.join(values)!r}"
            elif kind == "foreign-key":
                resource = package.get_resource(task.name)
                message, column = _foreign_key_message(resource, table, line, error)
            else:
                message = error.message
            problems.append(Problem(table.label, line, column, message))
    return problems


def _foreign_key_message(resource, table: _Table, line: int, error) -> tuple[str, int]:
    for key in resource.schema.foreign_keys:
        field = key["fields"][0]
        target = key["reference"]["resource"] or resource.name
        value = table.row_at(line).get(field, "")
        if value and f'"{field}"' in error.note:
            what = {"source_id": "source", "region": "place", "metric": "metric", "parent": "parent place"}.get(field, field)
            return f"unknown {what} {value!r} (not in {target}.csv)", table.column(field)
    return error.note, 1


def _cell_problems(table: _Table, schema_fields: list[dict]) -> list[Problem]:
    """What a schema accepts but the report must not: numbers that Python reads but nobody writes
    ('NaN', 'inf', '1_234', full-width digits), required cells holding only spaces, dates that
    match the pattern but do not exist."""
    problems = []
    required = [f["name"] for f in schema_fields if (f.get("constraints") or {}).get("required")]
    numeric = [name for name in ("value", "year") if name in table.header]
    for line, row in table.rows:
        for name in required:
            if row[name] and not row[name].strip():
                problems.append(Problem(table.label, line, table.column(name), f"column {name!r} holds only spaces"))
        for name in numeric:
            text = row[name]
            pattern = YEAR if name == "year" else NUMBER
            if text.strip() and not pattern.fullmatch(text) and _python_reads_as_number(text):
                form = "a four-digit year" if name == "year" else "a number written with the digits 0-9 (like -1234.5)"
                problems.append(Problem(table.label, line, table.column(name), f"column {name!r}: {text!r} is not {form}"))
        if "published" in row and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", row["published"]):
            try:
                parse_period(row["published"])
            except PeriodError:
                problems.append(Problem(table.label, line, table.column("published"),
                                        f"column 'published': {row['published']!r} is not a real date"))
    return problems


def _python_reads_as_number(text: str) -> bool:
    """True for what float() takes (the schema check reports the rest)."""
    try:
        float(text)
    except ValueError:
        return False
    return True


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


def _statistics_problems(table: _Table, sources: _Table) -> list[Problem]:
    problems = []
    texts: dict[str, str | None] = {}
    source_rows = {row["source_id"]: (line, row["path"]) for line, row in sources.rows}
    for line, row in table.rows:
        try:
            parse_period(row["period"])
        except PeriodError as exc:
            problems.append(Problem(table.label, line, table.column("period"), str(exc)))
        quote = row["quote"].strip()
        column = table.column("quote")
        if not quote or number(row["value"]) is None:
            continue  # the schema or _cell_problems report the cell
        if len(quote.split()) > MAX_QUOTE_WORDS:
            problems.append(Problem(table.label, line, column, f"quote has {len(quote.split())} words; keep it to {MAX_QUOTE_WORDS}"))
        if not _quote_contains(quote, row["value"], row["unit"]):
            problems.append(Problem(table.label, line, column, f"quote does not contain the value {row['value']!r} as printed"))
            continue
        source_line, relative = source_rows.get(row["source_id"], (0, ""))
        if not relative:
            if source_line and ("", row["source_id"]) not in texts:
                texts[("", row["source_id"])] = None   # one notice per source
                problems.append(notice(sources.label, source_line, sources.column("path"),
                                       f"source {row['source_id']!r} has no text path; the quotes of its figures "
                                       "were not checked against a text"))
            continue
        if relative not in texts:
            texts[relative] = _source_text(shared_dir() / relative)
            if texts[relative] is None:
                problems.append(notice(sources.label, source_line, sources.column("path"),
                                       f"source text {relative} is not in {shared_dir()}; the quotes of "
                                       f"{row['source_id']!r} were not checked against it"))
        text = texts[relative]
        if text is not None and _fold(quote) not in text:
            problems.append(Problem(table.label, line, column, f"quote not found verbatim in {relative}"))
    return problems


def _source_text(path: Path) -> str | None:
    try:
        return _fold(path.read_text(encoding="utf-8", errors="replace")) if path.is_file() else None
    except OSError:
        return None


def check(data_path: Path | None = None) -> tuple[list[Problem], list[Problem]]:
    """Errors and notices for the data folder, each sorted by file and line. Errors make the data
    invalid; notices (a source text not at hand, a series with missing years) do not."""
    data_path = Path(data_path or default_data_dir())
    if not data_path.is_dir():
        return [Problem(str(data_path), 1, 1, "data folder not found")], []
    descriptor, problems = _package_problems(data_path)
    for path in sorted(data_path.glob("*")):
        if path.name != "datapackage.json" and any(path.match(p) for p in DATA_FILES):
            # every file the build publishes, described in the package or not
            problem = _file_problem(path, f"data/{path.name}", data_path)
            if problem:
                problems.append(problem)
    if descriptor is None:
        return sorted(set(problems)), []
    tables: dict[str, _Table] = {}
    schemas: dict[str, list[dict]] = {}
    for resource in descriptor["resources"]:
        schemas[resource["name"]] = resource["schema"]["fields"]
        fields = [f["name"] for f in resource["schema"]["fields"]]
        label = f"data/{resource['path']}"
        if any(p.file == label for p in problems):
            continue
        table = _read_structure(data_path / resource["path"], label, fields, data_path, problems)
        if table is not None:
            tables[resource["name"]] = table
    if problems:  # row checks on a table of the wrong shape would only repeat the same fault
        return sorted(set(problems)), []
    problems += _schema_problems(data_path / "datapackage.json", tables)
    for name, table in tables.items():
        problems += _cell_problems(table, schemas[name])
    metric_kinds = {row["metric_id"]: row["kind"] for _, row in tables["metrics"].rows}
    for name in ("statistics", "series"):
        problems += _value_problems(tables[name], metric_kinds)
    problems += _statistics_problems(tables["statistics"], tables["sources"])
    problems += _series_gap_notices(tables["series"])
    found = sorted(set(problems))
    return [p for p in found if p.severity != "notice"], [p for p in found if p.severity == "notice"]


def validate(data_path: Path | None = None) -> list[Problem]:
    """All errors in the data folder, sorted by file and line; an empty list means valid."""
    return check(data_path)[0]
