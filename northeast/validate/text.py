"""Text the data may not hold, in any column: characters that change how text is shown or read
without being seen (control characters, bidirectional overrides, words mixing look-alike
alphabets), cells a spreadsheet would run as a formula when someone opens a downloaded CSV,
and digits other than 0-9 in the columns that hold numbers, periods and dates."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .problems import NUMBER, Problem
from .structure import _Table

# C0 and C1 controls except tab and line breaks (notes may span lines), and DEL.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Bidirectional embeddings, overrides and isolates ("Trojan Source"), and the invisible marks
# that make two different strings look the same.
INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# A spreadsheet runs a cell starting with these as a formula (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "|")
# The columns that hold numbers, periods, dates and codes: ASCII digits only, no spaces around.
STRUCTURED = ("value", "year", "period", "published", "stat_id", "source_id", "metric", "metric_id",
              "region", "code", "parent", "vintage", "unit", "qualifier", "theme", "kind", "flag", "level")
# Alphabets whose letters look like Latin ones: one word mixing them is a spoofing trick.
LOOK_ALIKE = ("LATIN", "CYRILLIC", "GREEK")
WORD = re.compile(r"\w+")


@lru_cache(maxsize=None)
def _script(char: str) -> str | None:
    name = unicodedata.name(char, "")
    return next((script for script in LOOK_ALIKE if name.startswith(script)), None)


def _mixed_word(text: str) -> str | None:
    if text.isascii():   # ASCII letters are all Latin: nothing to mix (most cells, a fortieth of the time)
        return None
    for word in WORD.findall(text):
        if len({_script(c) for c in word if c.isalpha()} - {None}) > 1:
            return word
    return None


def _cell_problem(name: str, text: str) -> str | None:
    if found := CONTROL.search(text):
        return f"column {name!r} holds the control character U+{ord(found.group()):04X}; delete it"
    if found := INVISIBLE.search(text):
        return (f"column {name!r} holds the invisible character U+{ord(found.group()):04X} "
                f"({unicodedata.name(found.group(), 'format character')}); delete it")
    if text.startswith(FORMULA_START) and not NUMBER.fullmatch(text):
        return (f"column {name!r} starts with {text[0]!r}, which a spreadsheet runs as a formula in the "
                "downloaded CSV; reword it")
    if name in STRUCTURED:
        if text != text.strip():
            return f"column {name!r}: {text!r} has spaces around it; write it without"
        if name not in ("value", "year") and any(c.isdigit() and not c.isascii() for c in text):  # numbers: schema.py
            return f"column {name!r}: {text!r} uses digits other than 0-9; write it with the digits 0-9"
    if word := _mixed_word(text):
        return f"column {name!r}: the word {word!r} mixes Latin, Cyrillic or Greek letters that look alike; retype it"
    return None


def _text_problems(table: _Table) -> list[Problem]:
    """One problem for each cell holding text that no column may hold."""
    problems = []
    for line, row in table.rows:
        for name, text in row.items():
            if text and (reason := _cell_problem(name, text)):
                problems.append(Problem(table.label, line, table.column(name), reason))
    return problems
