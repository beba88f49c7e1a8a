"""Stage 2 of validation: the package descriptor ``data/datapackage.json`` (the tables and columns
the report reads), the Frictionless Table Schema checks worded for people, and what a schema
accepts but the report must not (numbers only Python reads, cells of spaces, impossible dates)."""
from __future__ import annotations

import json
import math
import re
from pathlib import Path

from ..periods import PeriodError, parse_period
from .problems import NUMBER, YEAR, Problem, _json_position
from .structure import _read_text, _Table

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
    except RecursionError:
        return None, [Problem(label, 1, 1, "not a Data Package: the JSON is nested too deeply to read")]
    except ValueError as exc:  # an integer of thousands of digits (Python's int_max_str_digits)
        return None, [Problem(label, 1, 1, f"not a Data Package: a number cannot be read ({exc})")]
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
            else:
                problems += [Problem(label, *position, f"{where}, field {field['name']!r}: {reason}")
                             for reason in _constraint_problems(constraints, field.get("type", "string"))]
            kind = field.get("type", "string")
            if not isinstance(kind, str) or kind not in FIELD_TYPES:
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


# What a constraint must hold for frictionless to apply it (anything else stops it with a traceback).
NUMERIC_CONSTRAINTS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")
LENGTH_CONSTRAINTS = ("minLength", "maxLength")
# Time every pattern gets to run over its column; a pattern that needs more backtracks badly.
PATTERN_SECONDS = 5.0


def _constraint_problems(constraints: dict, kind) -> list[str]:
    """Why a field's constraints cannot be applied: a bound that is not a number, a length that is
    not a whole number, an enum that is not a list, a pattern that is not a regular expression."""
    problems = []
    for name in NUMERIC_CONSTRAINTS:
        if name in constraints:
            bound = constraints[name]
            if kind not in ("number", "integer"):
                problems.append(f"\"{name}\" only applies to number and integer fields here, not {kind!r}")
            elif isinstance(bound, bool) or not isinstance(bound, (int, float)) or bound != bound:
                problems.append(f"\"{name}\" must be a number, not {json.dumps(bound)[:40]}")
    for name in LENGTH_CONSTRAINTS:
        if name in constraints and (isinstance(constraints[name], bool) or not isinstance(constraints[name], int)):
            problems.append(f"\"{name}\" must be a whole number, not {json.dumps(constraints[name])[:40]}")
    if "required" in constraints and not isinstance(constraints["required"], bool):
        problems.append(f"\"required\" must be true or false, not {json.dumps(constraints['required'])[:40]}")
    if "enum" in constraints and not (isinstance(constraints["enum"], list)
                                      and all(isinstance(v, (str, int, float)) for v in constraints["enum"])):
        problems.append("\"enum\" must be a list of values")
    if "pattern" in constraints:
        pattern = constraints["pattern"]
        if not isinstance(pattern, str):
            problems.append(f"the pattern must be a string, not {json.dumps(pattern)[:40]}")
        else:
            try:
                re.compile(pattern)
            except (re.error, RecursionError, OverflowError) as exc:
                problems.append(f"the pattern {pattern!r} is not a regular expression ({exc})")
    return problems


def _match_all(pattern: str, cells: list[str]) -> None:
    compiled = re.compile(f"^{pattern}$")  # as frictionless applies it
    for cell in cells:
        compiled.match(cell)


def _slow_patterns(package_path: Path, tables: dict[str, _Table]) -> list[Problem]:
    """Patterns that do not finish their column within PATTERN_SECONDS: a pattern such as
    ``(a|aa)+`` backtracks exponentially and would keep validation busy for ever. Each runs in a
    forked process that is stopped when its time is up (Python's re cannot be interrupted)."""
    import multiprocessing

    label = "data/datapackage.json"
    text = package_path.read_text(encoding="utf-8")
    descriptor = json.loads(text)
    problems = []
    context = multiprocessing.get_context("fork")
    for resource in descriptor["resources"]:
        table = tables.get(resource["name"])
        for field in resource["schema"]["fields"]:
            pattern = (field.get("constraints") or {}).get("pattern")
            if table is None or not isinstance(pattern, str):
                continue
            cells = [row.get(field["name"], "") for _, row in table.rows if row.get(field["name"], "")]
            worker = context.Process(target=_match_all, args=(pattern, cells), daemon=True)
            worker.start()
            worker.join(PATTERN_SECONDS)
            if worker.is_alive():
                worker.kill()
                worker.join()
                problems.append(Problem(label, *_json_position(text, json.dumps(pattern)),
                                        f"resource {resource['name']!r}, field {field['name']!r}: the pattern "
                                        f"{pattern!r} did not finish checking {len(cells)} cells in "
                                        f"{PATTERN_SECONDS:g} s; it backtracks too much (nested repeats such "
                                        "as (a|aa)+): write it without a repeat inside a repeat"))
    return problems


def _schema_problems(package_path: Path, tables: dict[str, _Table]) -> list[Problem]:
    """Run the Frictionless Table Schema checks and word their errors for people."""
    from frictionless import FrictionlessException, Package

    problems: list[Problem] = _slow_patterns(package_path, tables)
    if problems:
        return problems
    try:
        package = Package(str(package_path))
        report = package.validate()
    except FrictionlessException as exc:
        reasons = "; ".join(r.message for r in getattr(exc, "reasons", [])[:3])
        return [Problem("data/datapackage.json", 1, 1, f"cannot be checked: {exc.error.message}"
                                                       + (f" ({reasons})" if reasons else ""))]
    except (TypeError, ValueError, ArithmeticError, RecursionError) as exc:
        # a descriptor the checks above let through but frictionless cannot apply
        return [Problem("data/datapackage.json", 1, 1, f"cannot be checked: {type(exc).__name__}: {exc}")]
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
            elif pattern.fullmatch(text) and not math.isfinite(float(text)):
                problems.append(Problem(table.label, line, table.column(name),
                                        f"column {name!r}: a number of {len(text)} characters is too large to "
                                        "compute with (it would become infinity)"))
        if "copy" in row and "published" in row:
            problems += _copy_problems(table, line, row)
        if "published" in row and re.fullmatch(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?", row["published"]):
            try:
                parse_period(row["published"])
            except PeriodError:
                problems.append(Problem(table.label, line, table.column("published"),
                                        f"column 'published': {row['published']!r} is not a real date"))
    return problems


def _copy_problems(table: _Table, line: int, row: dict) -> list[Problem]:
    """A source is dated by its release; official figures read from a third-party copy name the copy
    (a copy's date goes in `copied`, so it is never shown as a release date)."""
    if not row["published"].strip() and not row["copy"].strip():
        return [Problem(table.label, line, table.column("published"),
                        "column 'published' is blank: give the release date, or name the copy read (column 'copy')")]
    if row["publisher"].startswith("National Bureau of Statistics") and row.get("kind") == "statistical table" \
            and not row["copy"].strip():
        return [Problem(table.label, line, table.column("copy"),
                        "an NBS table read from a third-party copy must name the copy (column 'copy')")]
    return []


def _python_reads_as_number(text: str) -> bool:
    """True for what float() takes (the schema check reports the rest)."""
    try:
        float(text)
    except ValueError:
        return False
    return True
