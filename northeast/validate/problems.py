"""The problem every check reports (``file:line:column: message``, an error or a notice) and the
forms of numbers and years the checks share."""
from __future__ import annotations

import re
from dataclasses import dataclass


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


# Numbers as the data write them: ASCII digits, an optional minus sign and decimal point. Python's
# float() would also take 'NaN', 'inf', '1_234' and full-width digits.
NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
YEAR = re.compile(r"[0-9]{4}")


def number(text: str) -> float | None:
    """The value of a cell written as the data write numbers; None for anything else."""
    return float(text) if NUMBER.fullmatch(text) else None


def _json_position(text: str, needle: str) -> tuple[int, int]:
    """Line and column of the first ``needle`` in a JSON file (1, 1 when it is not there)."""
    index = text.find(needle)
    if index < 0:
        return 1, 1
    return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)
