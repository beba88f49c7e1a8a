"""Validate the data tables: structure, the Frictionless schema, then the report's own rules.

Every problem is reported as ``file:line:column: message`` so an editor can jump to it. Checks run
in three stages, each only when the one before found the files readable:

1. structure (read by hand, since a library would guess its way past these): encoding,
   byte-order mark, delimiter, header columns;
2. the Table Schema in ``data/datapackage.json`` (frictionless): types, required cells, allowed
   values, unique keys, references between tables;
3. rules no schema can say: known units, periods that parse, values plausible for their unit,
   quotes that contain the value as printed (and stand in the source text when it is at hand),
   and the audit's checks table naming known kinds, options and figures (``checks_table``).

The stages live in ``structure``, ``schema``, ``rules`` and ``quotes``; ``problems`` holds the
``Problem`` they report. ``check`` and ``validate`` run them all.
"""
from __future__ import annotations

from pathlib import Path

from ..paths import DATA_FILES, data_dir as default_data_dir
from .problems import Problem, notice  # noqa: F401 (notice: part of what validation offers)
from .checks_table import checks_problems
from .quotes import _statistics_problems
from .rules import _series_gap_notices, _value_problems
from .schema import _cell_problems, _package_problems, _schema_problems
from .structure import _file_problem, _read_structure, _Table
from .text import _text_problems


def check(data_path: Path | None = None, audit_checks: bool = False) -> tuple[list[Problem], list[Problem]]:
    """Errors and notices for the data folder, each sorted by file and line. Errors make the data
    invalid; notices (a source text not at hand, a series with missing years) do not.

    With ``audit_checks`` (the build and ``make validate``), the audit's checks table
    (``northeast/claims/checks.csv``) is checked against the folder's statistics too: a check that
    names a figure the data do not hold is an error, so a typo never publishes "cannot be checked"."""
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
        problems += _cell_problems(table, schemas[name]) + _text_problems(table)
    metric_kinds = {row["metric_id"]: row["kind"] for _, row in tables["metrics"].rows}
    for name in ("statistics", "series"):
        problems += _value_problems(tables[name], metric_kinds)
    problems += _statistics_problems(tables["statistics"], tables["sources"], metric_kinds)
    problems += _series_gap_notices(tables["series"])
    if audit_checks:
        problems += checks_problems({row["stat_id"] for _, row in tables["statistics"].rows},
                                    {row["vintage"] for _, row in tables["series"].rows})
    found = sorted(set(problems))
    return [p for p in found if p.severity != "notice"], [p for p in found if p.severity == "notice"]


def validate(data_path: Path | None = None) -> list[Problem]:
    """All errors in the data folder, sorted by file and line; an empty list means valid."""
    return check(data_path)[0]
