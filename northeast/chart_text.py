"""Text from the data, drawn on a chart as the plain text it is: never read as mathtext (a
publisher with ``$...$`` in it), without characters the font has no glyph for (a control
character, Chinese in a Latin font: matplotlib warns, and a warning fails the build), and with
long labels (a place name of sixty characters) wrapped instead of squeezing the plot to nothing.
``charts`` applies it to every figure it renders, after the chapter has drawn it."""
from __future__ import annotations

import re
import textwrap
from functools import lru_cache

import matplotlib.axis as maxis
import matplotlib.text as mtext
from matplotlib import font_manager
from matplotlib.category import StrCategoryFormatter
from matplotlib.ft2font import FT2Font
from matplotlib.ticker import FixedFormatter, FuncFormatter

# Control characters (tab and line break kept), bidirectional controls and invisible marks.
INVISIBLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
# The widest a tick label, legend entry or annotation may grow, as a share of the figure's width,
# before it wraps; a character is taken as 0.6 of the font size wide (DejaVu Sans, on average).
LABEL_SHARE = 0.45
CHAR_EM = 0.6


def label_width(fig, fontsize: float) -> int:
    """The longest line, in characters, of a label in ``fontsize`` points on ``fig``."""
    return max(12, int(fig.get_figwidth() * 72 * LABEL_SHARE / (CHAR_EM * fontsize)))


@lru_cache(maxsize=16)
def _glyphs(font_path: str) -> frozenset[int]:
    return frozenset(FT2Font(font_path).get_charmap())


def _drawable(text: str, properties=None) -> str:
    """``text`` without the characters its font cannot draw."""
    path = font_manager.findfont(properties or font_manager.FontProperties(), fallback_to_default=True)
    glyphs = _glyphs(path)
    kept = "".join(c for c in INVISIBLE.sub("", text) if c in "\n\t " or ord(c) in glyphs)
    return re.sub(r"[ \t]{2,}", " ", kept).strip() if kept != text else kept


def _wrapped(text: str, width: int) -> str:
    return "\n".join(textwrap.fill(line, width, break_on_hyphens=False) or line for line in text.split("\n"))


def plain_label(text: str, width: int, properties=None) -> str:
    """A label as drawable plain text, its lines at most ``width`` characters."""
    return _wrapped(_drawable(str(text), properties), width)


def _labels(fig) -> set[int]:
    """The texts that are labels: legend entries and annotations (the chapter placed the rest)."""
    found = []
    for ax in fig.axes:
        found += list(ax.texts)
        if ax.get_legend() is not None:
            found += ax.get_legend().get_texts()
    for legend in fig.legends:
        found += legend.get_texts()
    return {id(t) for t in found}


def _tick_texts(fig) -> set[int]:
    """Tick labels and offsets: matplotlib writes them at draw time (a log axis in mathtext)."""
    found = []
    for tick in fig.findobj(maxis.Tick):
        found += [tick.label1, tick.label2]
    for ax in fig.axes:
        found += [ax.xaxis.offsetText, ax.yaxis.offsetText]
    return {id(t) for t in found}


def make_plain(fig) -> None:
    """Make every text of ``fig`` plain and drawable, and wrap its long labels."""
    labels, ticks = _labels(fig), _tick_texts(fig)
    for text in fig.findobj(mtext.Text):
        if id(text) in ticks:
            continue
        text.set_parse_math(False)
        raw = text.get_text()
        clean = plain_label(raw, label_width(fig, text.get_fontsize()), text.get_fontproperties()) \
            if id(text) in labels else _drawable(raw, text.get_fontproperties())
        if clean != raw:
            text.set_text(clean)
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            formatter = axis.get_major_formatter()
            if isinstance(formatter, (FixedFormatter, StrCategoryFormatter)):
                # tick labels are written at draw time, with mathtext: label them plain, '$' escaped
                size = axis.get_ticklabels()[0].get_fontsize() if axis.get_ticklabels() else 10.0
                width = label_width(fig, size)
                axis.set_major_formatter(FuncFormatter(
                    lambda value, position, given=formatter, width=width: plain_label(given(value, position), width)
                    .replace("$", r"\$")))
