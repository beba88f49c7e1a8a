"""Stage 1 of validation, read by hand since a library would guess its way past these: a data
file's place, encoding, byte-order mark, delimiter, header columns and rows, as a ``_Table`` with
the line of each record."""
from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

from .problems import Problem

# Python's csv module stops at 131072 characters a cell, until frictionless lifts the limit for the
# whole process: the limit is checked here, the same on every run. No real cell comes near it.
CELL_LIMIT = 128 * 1024
CELL_TOO_LONG = (f"a cell is longer than {CELL_LIMIT} characters (128 KB); "
                 "is a quoted cell missing its closing quote?")




def _outside(path: Path, folder: Path) -> bool:
    return not path.resolve().is_relative_to(folder.resolve())


def _file_problem(path: Path, label: str, folder: Path) -> Problem | None:
    """Why a data file cannot be read (or must not be), as one file-level problem. Only regular
    files are read: a FIFO or a device would block the reader for ever."""
    try:
        if path.is_symlink() and _outside(path, folder):
            return Problem(label, 1, 1, f"is a link to {path.resolve()}, outside the data folder; "
                                        "data files must be inside data/ (copy the file in instead)")
        if path.is_symlink() and not path.exists():
            path.stat()  # a link loop or a dangling link: says which
        if not path.exists():
            return Problem(label, 1, 1, "file not found")
        if path.is_dir():
            return Problem(label, 1, 1, "is a folder, not a file")
        if not path.is_file():
            return Problem(label, 1, 1, "is not a regular file (a pipe, socket or device); data files must be "
                                        "plain files")
        if _outside(path, folder):
            return Problem(label, 1, 1, f"resolves to {path.resolve()}, outside the data folder")
    except (OSError, RuntimeError) as exc:  # a symbolic link loop (RuntimeError from resolve())
        reason = getattr(exc, "strerror", None) or str(exc)
        return Problem(label, 1, 1, f"cannot be opened ({reason}); is it a link to itself?")
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
