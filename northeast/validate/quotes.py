"""Stage 3 of validation, the statistics' rows: periods that parse, and quotes short enough that
contain the value as printed (digits, number words, ordinals, multiples; a negative value's
magnitude with a word of decline), whose words agree with the value's sign, and that stand verbatim
in the source text when it is at hand (a notice when it is not)."""
from __future__ import annotations

import re
from pathlib import Path

from ..paths import text_dirs
from ..periods import PeriodError, parse_period
from .problems import Problem, notice, number
from ..report import NUMBER_WORDS, ORDINAL_WORDS  # the book's one table of number words
from .structure import _Table

MAX_QUOTE_WORDS = 25
ORDINAL_UNITS = {"rank", "consecutive years"}  # "ranked sixth", "for the third consecutive year"
MULTIPLE_WORDS = {2: ("doubled", "double", "twice"), 3: ("tripled", "triple"), 4: ("quadrupled",)}


def _quote_contains(quote: str, value_text: str, unit: str) -> bool:
    folded = _minus(quote).replace(",", "").lower()
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


# Signed figures. A source prints a decline as a magnitude with a word of decline ("shrank 2.5
# percent", "下降2.5%"); the data hold the signed value (-2.5). Words that put a rate below zero,
# before the number ("fell by 2.5") or as a noun after it ("a 2.5 percent decline"):
DECLINE_BEFORE = (r"shr[au]nk|shrinks?|shrinking|fell|falls?|falling|down|decreased?|decreases|decreasing|"
                  r"declined?|declines|declining|contracted|contracts|contracting|dropped|drops?|slumped|slid|"
                  r"slipped|plunged|plummeted|negative|minus")
DECLINE_AFTER = r"decreases?|declines?|drops?|falls?|contractions?|shrinkage|slumps?"
DECLINE_ZH = r"下降|减少|下滑|回落|降低|缩减|萎缩|负增长|低于|下跌"
# For a gap over the national figure, "below" and "behind" are the sign too ("0.8 points below").
BELOW = r"below|behind|lower than|less than the national|lagg(?:ed|ing)(?: behind)?"
UNIT_WORDS = r"(?:%|percent|per cent|percentage points?|points?|pp)"
# The metric kinds whose values carry a sign (a metric named for a decline, "..._reduction", is a
# magnitude: its name already says which way).
SIGNED_KINDS = {"growth_rate", "gap", "change"}
DIRECTION_IN_NAME = re.compile(r"reduction|decline|decrease|drop|fall|cut|saving")


def _minus(text: str) -> str:
    return text.replace("\u2212", "-").replace("\u2013", "-")


def decline_word(quote: str, magnitude: str, kind: str = "growth_rate") -> str | None:
    """The word of decline the quote prints next to the number ``magnitude`` (None when none)."""
    folded = _minus(quote).replace(",", "").lower()
    number = r"(?<![\d.])" + re.escape(magnitude) + r"(?![\d])"
    before = DECLINE_BEFORE + ("|" + BELOW if kind == "gap" else "")
    patterns = [rf"\b({before})\b(?:\W+(?:by|of|to|a|an|some|about|around|nearly|almost|over)\b)*\W*{number}",
                rf"{number}\s*{UNIT_WORDS}?\s*(?:\w+\s+){{0,1}}\b({DECLINE_AFTER})\b",
                rf"({DECLINE_ZH})了?\s*(?:约|近|超过)?\s*{number}"]
    if kind == "gap":
        patterns.append(rf"{number}\s*{UNIT_WORDS}?\s*\b({BELOW})\b")
    for pattern in patterns:
        found = re.search(pattern, folded)
        if found:
            return found.group(1)
    return None


def sign_problem(quote: str, value_text: str, unit: str, kind: str, metric: str) -> str | None:
    """Why the sign of a value contradicts its quote (None when it does not): a negative value needs
    a printed minus or a word of decline beside its magnitude; a positive rate printed with a word
    of decline is a decline entered without its sign."""
    value_text = value_text.strip()
    negative = value_text.startswith("-")
    magnitude = value_text.lstrip("-")
    if kind not in SIGNED_KINDS or DIRECTION_IN_NAME.search(metric):
        return (f"the value {value_text} is negative, but the metric {metric!r} is not a signed rate"
                if negative else None)
    literal = re.search(r"(?<![\d.])-\s?" + re.escape(magnitude) + r"(?![\d])", _minus(quote).replace(",", ""))
    word = decline_word(quote, magnitude, kind)
    if negative and not (literal or word):
        return (f"the value {value_text} is negative, but the quote prints {magnitude} with no minus sign or word of "
                "decline beside it (shrank, fell, down, decreased, declined, contracted, 下降, 减少)")
    if not negative and word and not literal:
        return (f"the quote prints {magnitude} with {word!r}, a decline: enter the value as -{magnitude} "
                "(the signed value; the quote keeps the magnitude as printed)")
    return None


def _fold(text: str) -> str:
    for a, b in (("\u2019", "'"), ("\u2018", "'"), ("\u201c", '"'), ("\u201d", '"')):
        text = text.replace(a, b)
    return re.sub(r"\s+", " ", text).strip().lower()



def _statistics_problems(table: _Table, sources: _Table, metric_kinds: dict[str, str] | None = None) -> list[Problem]:
    problems = []
    metric_kinds = metric_kinds or {}
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
        printed = row["value"].strip()
        if not (_quote_contains(quote, printed, row["unit"])
                or printed.startswith("-") and _quote_contains(quote, printed[1:], row["unit"])):
            problems.append(Problem(table.label, line, column, f"quote does not contain the value {row['value']!r} as printed"))
            continue
        wrong_sign = sign_problem(quote, printed, row["unit"], metric_kinds.get(row["metric"], ""), row["metric"])
        if wrong_sign:
            problems.append(Problem(table.label, line, table.column("value"), wrong_sign))
        source_line, relative = source_rows.get(row["source_id"], (0, ""))
        if not relative:
            if source_line and ("", row["source_id"]) not in texts:
                texts[("", row["source_id"])] = None   # one notice per source
                problems.append(notice(sources.label, source_line, sources.column("path"),
                                       f"source {row['source_id']!r} has no text path; the quotes of its figures "
                                       "were not checked against a text"))
            continue
        if relative not in texts:
            folders = text_dirs()
            if not all(_inside(folder, relative) for folder in folders):
                texts[relative] = None
                problems.append(Problem(sources.label, source_line, sources.column("path"),
                                        f"path {relative!r} leaves the folders of source texts; name a file under "
                                        "source-articles/ or reference-data/ without '..'"))
                continue
            texts[relative] = next((t for t in (_source_text(d / relative) for d in folders) if t is not None), None)
            if texts[relative] is None:
                problems.append(notice(sources.label, source_line, sources.column("path"),
                                       f"source text {relative} is not in {' or '.join(map(str, folders))}; the quotes of "
                                       f"{row['source_id']!r} were not checked against it (NORTHEAST_TEXTS names "
                                       "more folders to look in)"))
        text = texts[relative]
        if text is not None and _fold(quote) not in text:
            problems.append(Problem(table.label, line, column, f"quote not found verbatim in {relative}"))
    return problems


def _inside(folder: Path, relative: str) -> bool:
    """A source's text path names a file inside ``folder``: relative, no '..', no link out."""
    path = Path(relative)
    if path.is_absolute() or ".." in path.parts:
        return False
    try:
        return (folder / path).resolve().is_relative_to(folder.resolve())
    except (OSError, RuntimeError):
        return False


def _source_text(path: Path) -> str | None:
    try:
        return _fold(path.read_text(encoding="utf-8", errors="replace")) if path.is_file() else None
    except OSError:
        return None
