"""The house chart style: one look for every chart, a colour-blind-safe palette, the source under
the chart, and qualifiers ("more than", "about") visible on the marks."""
from __future__ import annotations

import re
import textwrap
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt

from . import data

STYLE = Path(__file__).with_name("house.mplstyle")
# Okabe & Ito (2008), distinguishable with the common colour-vision deficiencies.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
REGION_COLOURS = {"CN-LN": "#0072B2", "CN-JL": "#009E73", "CN-HL": "#D55E00", "CN": "#555555",
                  "CN-NE3": "#CC79A7"}
REGION_NAMES = {"CN-LN": "Liaoning", "CN-JL": "Jilin", "CN-HL": "Heilongjiang", "CN": "China",
                "CN-NE3": "Northeast (3 provinces)"}
# How a qualifier shows on a chart: a marker and a word for the legend or label.
QUALIFIER_MARKS = {
    "exact": ("o", ""),
    "about": ("o", "about "),
    "more than": ("^", "more than "),
    "at least": ("^", "at least "),
    "less than": ("v", "less than "),
    "at most": ("v", "at most "),
}


def use_house_style() -> None:
    plt.style.use(STYLE)
    mpl.rcParams["axes.prop_cycle"] = mpl.cycler(color=OKABE_ITO)


def region_colour(code: str) -> str:
    return REGION_COLOURS.get(code, OKABE_ITO[4])


def qualified(value_text: str, qualifier: str) -> str:
    """'730', 'more than' -> 'more than 730'."""
    return QUALIFIER_MARKS.get(qualifier, ("o", qualifier + " "))[1] + value_text


def _citation(source) -> str:
    """An article by its publisher and date; a statistical table by its publisher and short title
    (its `published` date may be that of the copy used, which would mislead under a chart)."""
    if source["kind"] == "statistical table":
        short_title = re.split(r" \(|:|,", source["title"])[0]
        return f"{source['publisher']}, {short_title}"
    return f"{source['publisher']} ({source['published']})"


def cite(source_ids) -> str:
    """'Source: China Daily (2022-07-19); People's Daily (2025-02-06).' for the given source ids."""
    ids = list(dict.fromkeys([source_ids] if isinstance(source_ids, str) else source_ids))
    sources = data.sources(source_id=ids).set_index("source_id")
    missing = [i for i in ids if i not in sources.index]
    if missing:
        raise KeyError(f"unknown source id(s) {missing} (not in data/sources.csv)")
    # The chart font has no CJK glyphs: names keep their Latin part here (the Sources page has them whole).
    parts = [re.sub(r"\s*[\u3000-\u9fff\uff00-\uffef]+\s*", " ", _citation(sources.loc[i])).strip() for i in ids]
    return ("Sources: " if len(parts) > 1 else "Source: ") + "; ".join(parts) + "."


def wrap_footer(fig, text: str) -> str:
    """The footer broken into lines that fit the figure's width (8-point text), keeping its own breaks."""
    width = int(fig.get_figwidth() * 17.5)  # characters of 8-point text per inch of width
    return "\n".join(textwrap.fill(part, width=width) for part in text.split("\n"))


def finish(fig, title: str, source_ids, note: str = "", subtitle: str = ""):
    """Title, optional subtitle, and the source (plus a note) printed under the chart."""
    fig.suptitle(title, x=0.01, ha="left", fontsize=13, fontweight="bold")
    top = 0.90
    if subtitle:
        fig.text(0.01, 0.905, subtitle, ha="left", va="top", fontsize=9.5, color="#333333")
        top = 0.84
    footer = wrap_footer(fig, cite(source_ids) + (f" {note}" if note else ""))
    fig.text(0.01, 0.01, footer, ha="left", va="bottom", fontsize=8, color="#333333")
    line = 8 * 1.3 / 72 / fig.get_figheight()  # one 8-point line as a fraction of the figure height
    fig.tight_layout(rect=(0, 0.015 + line * (footer.count("\n") + 1), 1, top))
    return fig


def period_label(period: str) -> str:
    """A period in words, as everywhere in the book: see northeast.periods.period_label."""
    from .periods import period_label as in_words

    return in_words(period)
