"""A corpus of hostile and broken input, generated here (not kept as fixture files): each case
breaks a copy of the fixture data one way and expects either one located rejection
(``file:line:column``, never a traceback, within a time bound) or acceptance.

The cases are generated from the tables' columns and from kinds of attack, so a new column is
attacked as soon as it exists. ``KINDS`` counts the kinds. Building with hostile but accepted text
(inert on every generated file, search included) is in tests/test_hostile_input.py; damaged build
caches are at the end of this file.
"""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from northeast.paths import ROOT
from northeast.validate import check

FIXTURE = Path(__file__).parent / "fixtures" / "valid"
SECONDS = 20  # the bound on any one validation, on a busy 2-core machine
TABLES = ("sources", "places", "metrics", "statistics", "series")
NUMERIC = {"value", "year"}


@dataclass(frozen=True)
class Case:
    kind: str
    name: str
    apply: Callable[[Path], None]
    where: tuple[str, int, int] | None   # the cell a rejection must name; None: accepted
    file_level: bool = False              # the rejection names the file (line and column 1 or as given)
    cells: tuple[tuple[str, int, int], ...] = ()   # every cell that must be named (a whole row attacked)


def header(table: str) -> list[str]:
    return (FIXTURE / f"{table}.csv").read_text(encoding="utf-8").splitlines()[0].split(",")


def set_cell(table: str, column: str, make: Callable[[str], str], row: int = 0):
    """Rewrite one cell of the fixture's first data row (``row``) with ``make(old)``."""
    def apply(folder: Path) -> None:
        path = folder / f"{table}.csv"
        with open(path, newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
        rows[1 + row][rows[0].index(column)] = make(rows[1 + row][rows[0].index(column)])
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")
    return apply


def set_row(table: str, make: Callable[[str], str]):
    """Rewrite every text cell of the first data row (numbers are held by their own checks)."""
    def apply(folder: Path) -> None:
        for column in header(table):
            if column not in NUMERIC:
                set_cell(table, column, make)(folder)
    return apply


def where(table: str, column: str) -> tuple[str, int, int]:
    return f"data/{table}.csv", 2, header(table).index(column) + 1


# Text no cell may hold, with where it goes in the cell.
FORBIDDEN_TEXT = {
    "control character (ESC)": lambda old: old + "\x1b[31m",
    "bidi override (Trojan Source)": lambda old: old + "\u202etxt.exe",
    "zero-width space": lambda old: old + "\u200b",
    "byte-order mark inside a cell": lambda old: "\ufeff" + old,
    "spreadsheet formula (=)": lambda old: '=HYPERLINK("https://evil.example","x")',
    "spreadsheet formula (+)": lambda old: "+cmd|' /C calc'!A0",
    "spreadsheet formula (@)": lambda old: "@SUM(1+1)*cmd|' /C calc'!A0",
    "homoglyph word (Cyrillic a in Liaoning)": lambda old: old + " Li\u0430oning",
}
# Forms of periods, dates and numbers that look right and are not.
STRUCTURED_TEXT = [
    ("statistics", "period", "full-width digits in a period", lambda old: "\uff12\uff10\uff12\uff13-H1"),
    ("statistics", "period", "Arabic-Indic digits in a period", lambda old: "\u0662\u0660\u0662\u0663"),
    ("statistics", "period", "period with a space before", lambda old: " " + old),
    ("statistics", "period", "period with a space after", lambda old: old + " "),
    ("statistics", "period", "year 0000", lambda old: "0000"),
    ("statistics", "period", "as of year 0000", lambda old: "asof:0000"),
    ("statistics", "period", "span ending in year 0000", lambda old: "2023/0000"),
    ("statistics", "period", "month 13", lambda old: "2023-13"),
    ("sources", "published", "full-width digits in a date", lambda old: "\uff12\uff10\uff12\uff13-09-08"),
    ("sources", "published", "date with spaces around", lambda old: f" {old} "),
    ("sources", "published", "year 0000 in a date", lambda old: "0000-01-01"),
    ("statistics", "value", "400-digit value (infinity)", lambda old: "7" * 400),
    ("series", "value", "400-digit series value (infinity)", lambda old: "3" * 400),
    ("series", "year", "Arabic-Indic year", lambda old: "\u0662\u0660\u0662\u0662"),
    ("sources", "path", "path traversal in a source's text path", lambda old: "../../../../etc/passwd"),
    ("sources", "path", "absolute source text path", lambda old: "/etc/passwd"),
    ("sources", "url", "javascript: address", lambda old: "javascript:alert(1)"),
    ("sources", "url", "address with a space and markup", lambda old: "https://x.org/a b<script>"),
]


def edit_package(edit: Callable[[dict], None]):
    def apply(folder: Path) -> None:
        path = folder / "datapackage.json"
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        edit(descriptor)
        path.write_text(json.dumps(descriptor, indent=1), encoding="utf-8")
    return apply


def field(descriptor: dict, table: str, name: str) -> dict:
    resource = next(r for r in descriptor["resources"] if r["name"] == table)
    return next(f for f in resource["schema"]["fields"] if f["name"] == name)


def write(name: str, content: bytes | Callable[[bytes], bytes]):
    def apply(folder: Path) -> None:
        path = folder / name
        path.write_bytes(content(path.read_bytes()) if callable(content) else content)
    return apply


def link_loop(name: str):
    def apply(folder: Path) -> None:
        (folder / name).unlink()
        (folder / name).symlink_to(folder / name)
    return apply


PACKAGE_CASES = [
    ("JSON nested 100,000 deep", write("datapackage.json", b"[" * 100_000 + b"]" * 100_000)),
    ("5,000-digit integer in the descriptor", write("datapackage.json", lambda b: b.replace(b'"resources"', b'"x": ' + b"9" * 5000 + b', "resources"', 1))),
    ("bound that is not a number", edit_package(lambda d: field(d, "series", "year").setdefault("constraints", {}).update(minimum="abc"))),
    ("pattern that is not a string", edit_package(lambda d: field(d, "sources", "note").setdefault("constraints", {}).update(pattern=["a"]))),
    ("enum that is not a list", edit_package(lambda d: field(d, "statistics", "theme").setdefault("constraints", {}).update(enum="trade"))),
    ("field type that is an object", edit_package(lambda d: field(d, "statistics", "value").update(type={"x": 1}))),
    ("resource path leaving data/", edit_package(lambda d: d["resources"][1].update(path="../../etc/passwd"))),
    ("resource path as a URL", edit_package(lambda d: d["resources"][1].update(path="file:///etc/passwd"))),
]


def catastrophic_note(folder: Path) -> None:
    """The slow pattern needs a cell to chew on: 64 a's and a '!'."""
    edit_package(lambda d: field(d, "sources", "note").setdefault("constraints", {}).update(pattern="(a|aa)+"))(folder)
    set_cell("sources", "note", lambda old: "a" * 64 + "!")(folder)


FILE_CASES = [
    ("byte-order mark", "places.csv", write("places.csv", lambda b: b"\xef\xbb\xbf" + b)),
    ("Latin-1 bytes", "places.csv", write("places.csv", lambda b: b.replace(b"China", b"Chin\xe9", 1))),
    ("NUL byte", "sources.csv", write("sources.csv", lambda b: b.replace(b"Example", b"Exa\x00mple", 1))),
    ("symbolic link loop", "metrics.csv", link_loop("metrics.csv")),
    ("row of 100,000 cells", "places.csv", write("places.csv", lambda b: b + b"," * 100_000 + b"\n")),
    ("cell over 128 KB (unclosed quote)", "places.csv", write("places.csv", lambda b: b + b'CN-X,"' + b"x" * 140_000 + b"\n")),
]
ACCEPTED = [
    ("CRLF line endings", write("statistics.csv", lambda b: b.replace(b"\n", b"\r\n"))),
    ("HTML and script in text", set_cell("sources", "publisher", lambda old: old + "<img src=x onerror=alert(1)>")),
    ("MyST role, directive, substitution and math in text",
     set_cell("sources", "note", lambda old: "{eval}`1+1` {glue}`x` {{ pwned }} $x^2$ ```{include} /etc/passwd```")),
    ("CJK text", set_cell("places", "name_zh", lambda old: old + "吉林省")),
    ("a 60-character word", set_cell("sources", "publisher", lambda old: old + " " + "W" * 60)),
    ("a minus sign before a number-like note", set_cell("sources", "note", lambda old: "about -5 percent")),
]


def generated_cases() -> list[Case]:
    cases = []
    for table in TABLES:   # each kind in every text cell of a row at once: one validation per table
        cells = tuple(where(table, column) for column in header(table) if column not in NUMERIC)
        for kind, make in FORBIDDEN_TEXT.items():
            cases.append(Case(kind, f"{kind} in every text column of {table}.csv", set_row(table, make),
                              cells[0], cells=cells))
    for table, column, kind, make in STRUCTURED_TEXT:
        cases.append(Case(kind, f"{kind} ({table}.{column})", set_cell(table, column, make), where(table, column)))
    for kind, apply in PACKAGE_CASES:
        cases.append(Case(kind, kind, apply, ("data/datapackage.json", 0, 0), file_level=True))
    cases.append(Case("catastrophic pattern with a cell to match", "catastrophic pattern with a cell to match",
                      catastrophic_note, ("data/datapackage.json", 0, 0), file_level=True))
    for kind, name, apply in FILE_CASES:
        cases.append(Case(kind, f"{kind} ({name})", apply, (f"data/{name}", 0, 0), file_level=True))
    for kind, apply in ACCEPTED:
        cases.append(Case(kind, kind, apply, None))
    return cases


CASES = generated_cases()
KINDS = sorted({case.kind for case in CASES})


@pytest.fixture
def data_copy(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    for path in FIXTURE.glob("*.csv"):
        shutil.copy(path, folder)
    shutil.copy(ROOT / "data" / "datapackage.json", folder)
    return folder


def test_the_corpus_covers_every_column_and_many_kinds():
    attacked = {cell[:1] + cell[2:] for case in CASES if case.where and not case.file_level
                for cell in case.cells or (case.where,)}
    for table in TABLES:
        for number, column in enumerate(header(table), start=1):
            assert (f"data/{table}.csv", number) in attacked, f"{table}.{column} is not attacked"
    assert len(KINDS) >= 40, KINDS


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_each_case_is_rejected_where_it_is_or_accepted(data_copy, case):
    case.apply(data_copy)
    started = time.perf_counter()
    errors, _ = check(data_copy)   # an exception here is the traceback the case must not produce
    seconds = time.perf_counter() - started
    assert seconds < SECONDS, f"validation took {seconds:.1f} s"
    if case.where is None:
        assert errors == [], [str(p) for p in errors]
        return
    assert errors, "accepted, but must be rejected"
    file, line, column = case.where
    if case.file_level:
        assert {p.file for p in errors} == {file}, [str(p) for p in errors]
    else:
        named = {(p.file, p.line, p.column) for p in errors}
        missed = [cell for cell in case.cells or (case.where,) if cell not in named]
        assert not missed, (missed, [str(p) for p in errors])
    for problem in errors:
        assert str(problem).startswith(f"{problem.file}:{problem.line}:{problem.column}: ")
        assert problem.line >= 1 and problem.column >= 1


def fifo_in_place_of(name: str):
    def apply(folder: Path) -> None:
        (folder / name).unlink(missing_ok=True)
        os.mkfifo(folder / name)
    return apply


def readme(folder: Path) -> None:
    (folder / "README.md").write_text("# Data\n")


# Cases that hung or printed a traceback before: the command itself, in a process with a time bound.
COMMAND_CASES = [
    ("FIFO in place of statistics.csv", fifo_in_place_of("statistics.csv"), "data/statistics.csv:1:1: is not a regular file"),
    ("FIFO in place of README.md", fifo_in_place_of("README.md"), "data/README.md:1:1: is not a regular file"),
    ("catastrophic pattern", catastrophic_note, "did not finish checking"),
    ("JSON nested 100,000 deep", PACKAGE_CASES[0][1], "data/datapackage.json:1:1: not a Data Package"),
    ("symbolic link loop", link_loop("metrics.csv"), "data/metrics.csv:1:1: cannot be opened"),
]


@pytest.mark.parametrize("name,apply,expected", COMMAND_CASES, ids=[c[0] for c in COMMAND_CASES])
def test_the_command_exits_non_zero_with_a_located_message_in_bounded_time(data_copy, name, apply, expected):
    readme(data_copy)
    apply(data_copy)
    started = time.perf_counter()
    result = subprocess.run([sys.executable, "-m", "northeast", "validate", "--data", str(data_copy)],
                            capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert time.perf_counter() - started < 60
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert expected in result.stdout, result.stdout


# Chart text from the data (northeast/chart_text.py): drawn as plain text, never failing the build.
CHART_TEXTS = {
    "mathtext in a publisher": "China Daily $\\input{/etc/passwd}$ and $x^2$",
    "an ESC character": "Liaoning\x1b[31m",
    "a long place name": "Heilongjiang Province, People's Republic of China (Longjiang)",
    "a 60-letter word": "W" * 60,
    "Chinese in a Latin font": "Jilin 吉林省",
    "a bidi override": "Jilin\u202etxt",
}


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_chart_text_from_the_data_is_drawn_plain_and_never_fails(phone):
    import warnings

    import matplotlib.pyplot as plt

    from northeast import charts
    from northeast.chart_text import label_width, make_plain

    charts.use_house_style()
    names = list(CHART_TEXTS.values())
    fig = plt.figure(figsize=(charts.PHONE_WIDTH if phone else charts.DESKTOP_WIDTH, 4.4), layout="constrained")
    ax = fig.subplots()
    ax.barh(names, range(1, len(names) + 1), label=names[0])
    ax.legend()
    ax.annotate(names[1], (1, 1))
    with warnings.catch_warnings():
        warnings.simplefilter("error")   # a missing glyph is a warning, and a warning fails the build
        make_plain(fig)
        fig.canvas.draw()
    labels = [t.get_text() for t in ax.get_yticklabels()]
    width = label_width(fig, ax.get_yticklabels()[0].get_fontsize())
    plt.close(fig)
    assert all(len(line.replace("\\$", "$")) <= width for label in labels for line in label.split("\n")), labels
    assert not [label for label in labels if "\x1b" in label or "\u202e" in label or "吉" in label], labels
    assert [label for label in labels if "\\$\\input" in label], labels   # escaped: drawn as written
    assert all(not t.get_parse_math() for t in ax.texts + ax.get_legend().get_texts())
