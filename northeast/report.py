"""Helpers for the chapters' prose: numbers and words chosen from the data, glued into the text.

Where a sentence's truth depends on the data (a direction, a list of years, "every year"), the
chapter builds the sentence from these helpers instead of fixing the wording, so new data change
the words too.
"""
from __future__ import annotations

import math

NUMBER_WORDS = {
    0: "none", 1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight",
    9: "nine", 10: "ten", 11: "eleven", 12: "twelve", 13: "thirteen", 14: "fourteen",
    15: "fifteen", 16: "sixteen", 17: "seventeen", 18: "eighteen", 19: "nineteen", 20: "twenty",
}


def fmt(value: float, digits: int = 1) -> str:
    """A number for prose: thousands separators, fixed digits ('-0.0' is printed as '0.0')."""
    text = f"{value:,.{digits}f}"
    return text.lstrip("-") if float(text.replace(",", "")) == 0 else text


def bound_up(value: float, digits: int = 1) -> float:
    """The size of ``value`` rounded *up* to ``digits`` decimals: a bound printed so that it is true of
    every number it bounds (0.74 -> 0.8, never 0.7; 0.7 stays 0.7)."""
    scale = 10 ** digits
    return math.ceil(round(abs(value) * scale, 9)) / scale


def within(deviations, digits: int = 1, unit: str = "%") -> str:
    """'within 0.8%': the largest absolute deviation as a bound rounded up (``bound_up``), so the
    sentence holds for every deviation it covers, as printed. The one way the book words such a bound."""
    return f"within {fmt(bound_up(max(abs(float(d)) for d in deviations), digits), digits)}{unit}"


def steady_since(series, centre: str, tolerance: float, least_years: int = 4):
    """The first year from which every value of a yearly ``series`` stays within ``tolerance`` of
    ``centre`` *as printed* (the text the prose shows, e.g. '21'), so that "within a point of 21%
    every year since Y" is true of the number the reader sees; None when that run is shorter than
    ``least_years``."""
    near = (series - float(centre.replace(",", ""))).abs() <= tolerance + 1e-9
    since = next((y for y in series.index if near.loc[y:].all()), None)
    return since if since is not None and series.index.max() - since + 1 >= least_years else None


ORDINAL_WORDS = {
    1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth", 7: "seventh", 8: "eighth",
    9: "ninth", 10: "tenth",
}


def ordinal_word(rank: int) -> str:
    """1 -> 'first', 12 -> '12th'."""
    rank = int(rank)
    suffix = "th" if 10 <= rank % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(rank % 10, "th")
    return ORDINAL_WORDS.get(rank, f"{rank}{suffix}")


# Qualifiers of figures that are not outturns: a forecast, an estimate, a goal, a plan. The book shows
# them as such ("target of 7 percent") and the audit compares them with an outturn as forecasts.
FORECASTS = ("expected", "estimated", "target", "planned")
QUALIFIER_WORDS = {"target": "target of"}


def is_forecast(qualifier: str) -> bool:
    """True for a figure that is a forecast, estimate, target or plan, not an outturn."""
    return qualifier in FORECASTS


def figure_text(value_text: str, qualifier: str = "exact", unit: str = "") -> str:
    """A figure as the source prints it: '730', 'more than' -> 'more than 730', 'target' -> 'target of
    7'; with a unit, '2.6 percent' ('count' is not written). The one way the book shows a figure
    with its qualifier."""
    word = "" if qualifier in ("", "exact") else f"{QUALIFIER_WORDS.get(qualifier, qualifier)} "
    unit_text = "" if unit in ("", "count") else f" {unit}"
    return f"{word}{value_text}{unit_text}"


SCALE_WORDS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
READER_SCALES = (("trillion", 1e12), ("billion", 1e9), ("million", 1e6))


def readable_figure(value_text: str, qualifier: str = "exact", unit: str = "") -> str:
    """A figure written for readers: '30209.4' '100 million yuan' -> '3.02 trillion yuan',
    '71316' 'count' -> '71,316'. A unit with a multiplier ('100 million', '10000', 'billion') is
    written with the largest of million, billion, trillion that leaves a number of at least 1, to
    three significant figures (never more digits than the source printed); other figures keep their
    printed digits, with thousands separators. The qualifier stays ('more than 3.02 trillion yuan')."""
    words = unit.split()
    factor, rest = 1.0, words
    while rest and (rest[0].replace(",", "").isdigit() or rest[0] in SCALE_WORDS):
        factor *= SCALE_WORDS.get(rest[0]) or float(rest[0].replace(",", ""))
        rest = rest[1:]
    try:
        value = float(value_text.replace(",", ""))
    except ValueError:
        return figure_text(value_text, qualifier, unit)
    decimals = len(value_text.split(".", 1)[1]) if "." in value_text else 0
    if factor == 1 or not rest:
        return figure_text(f"{value:,.{decimals}f}", qualifier, unit)
    amount = value * factor
    scale, size = next(((w, s) for w, s in READER_SCALES if abs(amount) >= s), ("", 1.0))
    shown = amount / size
    printed_digits = len(value_text.replace(",", "").replace(".", "").replace("-", "").lstrip("0")) or 1
    digits = min(3, printed_digits)
    whole = len(str(int(abs(shown)))) if abs(shown) >= 1 else 1
    text = f"{shown:,.{max(0, digits - whole)}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return figure_text(" ".join(filter(None, [text, scale])), qualifier, " ".join(rest))


def printed(row, unit: bool = True) -> str:
    """A data row (statistics.csv) as printed: figure_text of its value_printed, qualifier and unit."""
    return figure_text(row["value_printed"], row["qualifier"], row["unit"] if unit else "")


def number_word(count: int) -> str:
    """0 -> 'none', 4 -> 'four', 31 -> '31'."""
    return NUMBER_WORDS.get(int(count), str(int(count)))


def listing(items, empty: str = "none") -> str:
    """['a'] -> 'a'; ['a', 'b', 'c'] -> 'a, b and c'; [] -> `empty`."""
    items = [str(i) for i in items]
    if not items:
        return empty
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def years_text(years) -> str:
    """[2016, 2017, 2018, 2021] -> '2016–2018 and 2021' (runs of consecutive years joined)."""
    years = sorted(int(y) for y in years)
    runs: list[list[int]] = []
    for y in years:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return listing(f"{r[0]}–{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def change_word(before: float, after: float, up: str = "rose", down: str = "fell",
                same: str = "was unchanged") -> str:
    """The verb for a change from `before` to `after`."""
    return up if after > before else down if after < before else same


def p_text(p: float) -> str:
    """A p-value for prose: '< 0.001' or '= 0.042'."""
    return "< 0.001" if p < 0.001 else "= " + fmt(p, 3)


def glue_text(name: str, text) -> str:
    """Glue a piece of text for `{glue:text}` in the notebook's Markdown; return it too.

    It is glued as a plain str: myst-nb reads the plain-text form back with ``ast.literal_eval``,
    which turns the quoted repr into the same text again ('71,316' and '0.60' stay as they are).
    """
    from myst_nb import glue

    text = str(text)
    glue(name, text, display=False)
    return text


class Text(str):
    """A piece of prose text whose plain-text form is the text itself, without quotes: what an
    ``{eval}`` role shows in JupyterLab (jupyterlab-myst) and in the book (the build)."""

    def __repr__(self) -> str:
        return str.__str__(self)

    def _repr_pretty_(self, printer, cycle) -> None:   # IPython's text/plain
        printer.text(str.__str__(self))


class Prose:
    """The numbers and words a chapter's Markdown shows, one attribute each: a chapter sets
    ``say.benxi_cut = printed(benxi)`` in a code cell and writes ``{eval}`say.benxi_cut``` in its
    Markdown (see CONTRIBUTING, 'Numbers in the prose'). Every value is kept as ``Text``. Each name
    is assigned once in a chapter's code (tests/test_prose.py checks it): the prose shows the value
    a name has after the last cell. A name never set fails the build with the chapter and expression."""

    def __setattr__(self, name: str, value) -> None:
        if name.startswith("_"):
            raise AttributeError(f"say.{name}: prose names do not start with '_'")
        object.__setattr__(self, name, Text(value))

    def __repr__(self) -> str:
        return "Prose(" + ", ".join(f"{k}={str(v)!r}" for k, v in vars(self).items() if not k.startswith("_")) + ")"


def changes(values: dict, joiner: str = "% in ", digits: int = 1, up: str = "rose", down: str = "fell") -> str:
    """{'A': -1.2, 'B': -3.4} -> 'fell by 1.2% in A and 3.4% in B'; mixed directions name each verb."""
    if all(v < 0 for v in values.values()) or all(v > 0 for v in values.values()):
        verb = down if next(iter(values.values())) < 0 else up
        return f"{verb} by " + listing(f"{fmt(abs(v), digits)}{joiner}{k}" for k, v in values.items())
    return listing(f"{down if v < 0 else up if v > 0 else 'stayed level'} by {fmt(abs(v), digits)}{joiner}{k}"
                   for k, v in values.items())


def gap_text(mean: float, ci: tuple, unit: str = "points a year", digits: int = 1) -> str:
    """A mean gap in words, its interval in the same words: '1.9 points a year slower (95% CI: 2.8
    slower to 1.0 slower)'; an interval across zero reads '1.1 slower to 0.6 faster'."""
    def words(value: float) -> str:
        return f"{fmt(abs(value), digits)} {'slower' if value < 0 else 'faster'}"
    low, high = sorted(ci)
    return f"{fmt(abs(mean), digits)} {unit} {'slower' if mean < 0 else 'faster'} (95% CI: {words(low)} to {words(high)})"


def sum_against_national(ratio, national: str) -> str:
    """How the provinces' sum stands against a national total, in words chosen by the data: "the 31
    provinces' sum is 99.1–100.4% of national GDP in 2015–2024 (above it in 2015–2016, below it in
    2017–2024), so a share of the sum differs from a share of national GDP by less than 1% of its size"."""
    if len(ratio) == 0:
        return f"the data hold no {national} to set the provinces' sum against"
    above = [int(y) for y, r in ratio.items() if r > 100]
    below = [int(y) for y, r in ratio.items() if r < 100]
    span = f"{int(ratio.index.min())}–{int(ratio.index.max())}" if len(ratio) > 1 else str(int(ratio.index.min()))
    text = f"the 31 provinces' sum is {fmt(ratio.min())}–{fmt(ratio.max())}% of {national} in {span}"
    if above and below:
        text += f" (above it in {years_text(above)}, below it in {years_text(below)})"
    if not above and not below:
        return text + f", so a share of the sum is a share of {national}"
    if not above:
        return text + f", so a share of the sum is slightly larger than a share of {national}"
    if not below:
        return text + f", so a share of the sum is slightly smaller than a share of {national}"
    most = max(abs(100 / r - 1) * 100 for r in ratio)
    return text + f", so a share of the sum differs from a share of {national} by at most {fmt(bound_up(most))}% of its size"


def count_floor(value: float, qualifier: str) -> str:
    """A whole count derived from a floor, as a floor of whole units: a count above 637.9 is 'at least 638',
    one above 638 'at least 639'; for any other qualifier the rounded number with it ('about 638')."""
    import math

    if qualifier == "more than":
        return f"at least {math.floor(value) + 1:,}"
    if qualifier == "at least":
        return f"at least {math.ceil(value - 1e-9):,}"
    return figure_text(fmt(value, 0), qualifier)

