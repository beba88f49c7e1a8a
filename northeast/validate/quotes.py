"""Stage 3 of validation, the statistics' rows: periods that parse, and quotes short enough that
contain the value as printed (digits, number words, ordinals, multiples) and stand verbatim in
the source text when it is at hand (a notice when it is not)."""
from __future__ import annotations

import re
from pathlib import Path

from ..paths import shared_dir
from ..periods import PeriodError, parse_period
from .problems import Problem, notice, number
from ..report import NUMBER_WORDS, ORDINAL_WORDS  # the book's one table of number words
from .structure import _Table

MAX_QUOTE_WORDS = 25
ORDINAL_UNITS = {"rank", "consecutive years"}  # "ranked sixth", "for the third consecutive year"
MULTIPLE_WORDS = {2: ("doubled", "double", "twice"), 3: ("tripled", "triple"), 4: ("quadrupled",)}


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
            texts[relative] = _source_text(shared_dir() / relative) if _inside_shared(relative) else None
            if not _inside_shared(relative):
                problems.append(Problem(sources.label, source_line, sources.column("path"),
                                        f"path {relative!r} leaves the shared source texts; name a file under "
                                        "source-articles/ or reference-data/ without '..'"))
                continue
            if texts[relative] is None:
                problems.append(notice(sources.label, source_line, sources.column("path"),
                                       f"source text {relative} is not in {shared_dir()}; the quotes of "
                                       f"{row['source_id']!r} were not checked against it"))
        text = texts[relative]
        if text is not None and _fold(quote) not in text:
            problems.append(Problem(table.label, line, column, f"quote not found verbatim in {relative}"))
    return problems


def _inside_shared(relative: str) -> bool:
    """A source's text path names a file under the shared folder: relative, no '..', no link out."""
    path = Path(relative)
    if path.is_absolute() or ".." in path.parts:
        return False
    try:
        return (shared_dir() / path).resolve().is_relative_to(shared_dir().resolve())
    except (OSError, RuntimeError):
        return False


def _source_text(path: Path) -> str | None:
    try:
        return _fold(path.read_text(encoding="utf-8", errors="replace")) if path.is_file() else None
    except OSError:
        return None
