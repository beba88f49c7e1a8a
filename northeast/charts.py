"""The house chart style and how a chart reaches the page: one visual language for every chart
(colour is the province, grey is China; hatched or open marks are derived; an upward triangle is a
floor), a desktop and a phone rendering of each chart, its source line, and the data it draws."""
from __future__ import annotations

import base64
import io
import json
import re
import textwrap
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import matplotlib.text as mtext
import numpy as np
import pandas as pd
from IPython.display import display

from . import data, facts
from .chart_sizes import CHART_MIME, CSS_DPI, DESKTOP_WIDTH, DPI, LICENCE, MIN_FONT_PT, PHONE_WIDTH  # noqa: F401
from .chart_text import make_plain
from .citation import source_dates, source_name
from .paths import data_dir
from .png import lighter

STYLE = Path(__file__).with_name("house.mplstyle")
# Okabe & Ito (2008), distinguishable with the common colour-vision deficiencies.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
# The book's one visual language (book/reading-charts.md): colour is the province, grey is China,
# black is a figure tied to no province.
REGION_COLOURS = {"CN-LN": "#0072B2", "CN-JL": "#009E73", "CN-HL": "#D55E00", "CN": "#555555",
                  "CN-NE3": "#CC79A7"}
NEUTRAL = "#222222"
DERIVED_HATCH = "//"      # a bar computed here, not printed: hatched, on a white fill
# How a qualifier shows on a chart: a marker and a word for the legend or label. An upward
# triangle is a floor ("more than"), a downward one a ceiling.
QUALIFIER_MARKS = {   # the marker of a qualified value (its words: report.figure_text)
    "exact": ("o", ""),
    "about": ("o", "about "),
    "more than": ("^", "more than "),
    "at least": ("^", "at least "),
    "less than": ("v", "less than "),
    "at most": ("v", "at most "),
    # not an outturn (report.FORECASTS): an open diamond, drawn by callers with a white face
    "expected": ("D", "expected "),
    "estimated": ("D", "estimated "),
    "target": ("D", "target of "),
    "planned": ("D", "planned "),
}

DERIVED_DIGITS = 4        # significant figures of a value computed here (a printed value keeps its own)


class _RegionNames(Mapping):
    """Region names from data/places.csv (the one list of places), by code."""

    def __getitem__(self, code: str) -> str:
        return _region_name(code, (data_dir() / "places.csv").read_bytes())

    def __iter__(self):
        return iter(REGION_COLOURS)

    def __len__(self):
        return len(REGION_COLOURS)


@lru_cache(maxsize=256)
def _region_name(code: str, places: bytes) -> str:
    """A region's name, read (and traced) once per code and content of places.csv: charts ask for
    names hundreds of times."""
    names = data.places(code=code).set_index("code")["name"]
    if code not in names.index:
        raise KeyError(f"unknown region {code!r} (not in data/places.csv)")
    return names[code]


REGION_NAMES = _RegionNames()


def use_house_style() -> None:
    plt.style.use(STYLE)
    mpl.rcParams["axes.prop_cycle"] = mpl.cycler(color=OKABE_ITO)


def region_colour(code: str) -> str:
    return REGION_COLOURS.get(code, NEUTRAL)




def _source_ids(source_ids) -> list[str]:
    return list(dict.fromkeys([source_ids] if isinstance(source_ids, str) else source_ids))


def cite(source_ids) -> str:
    """The line under a chart: 'Sources: China Daily (2022-07-19); NBS, via GitHub owner/repo.' for the
    given source ids (each named by source_name)."""
    ids = _source_ids(source_ids)
    sources = data.sources(source_id=ids).set_index("source_id")
    missing = [i for i in ids if i not in sources.index]
    if missing:
        raise KeyError(f"unknown source id(s) {missing} (not in data/sources.csv)")
    # The chart font has no CJK glyphs: names keep their Latin part here (the Sources page has them whole).
    parts = [re.sub(r"\s*[\u3000-\u9fff\uff00-\uffef]+\s*", " ", source_name(sources.loc[i])).strip() for i in ids]
    parts = list(dict.fromkeys(parts))   # two copies of one table (vintages) read the same: name it once
    return ("Sources: " if len(parts) > 1 else "Source: ") + "; ".join(parts) + "."


def bar_style(code: str, derived: bool = False, colour: str | None = None) -> dict:
    """Keyword arguments for ax.bar/barh: a region's colour, solid if printed, hatched on white
    if derived (computed here, not printed)."""
    colour = colour or region_colour(code)
    if derived:
        return {"color": "white", "edgecolor": colour, "hatch": DERIVED_HATCH, "linewidth": 1.5}
    return {"color": colour, "edgecolor": colour, "linewidth": 1.5}


def label_bars(ax, xs, heights, labels) -> None:
    """Each bar's label just above it (give the axes room: a top of 1.3 times the tallest bar)."""
    for x, height, text in zip(xs, heights, labels):
        ax.annotate(text, (x, height), xytext=(0, 4), textcoords="offset points", ha="center", va="bottom")


def key(*names: str) -> list:
    """Legend entries of the book's marks, in the words of book/reading-charts.md."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    entries = {
        "derived": lambda: Patch(facecolor="white", edgecolor="#555555", hatch=DERIVED_HATCH,
                                 label="derived (computed here)"),
        "derived point": lambda: Line2D([], [], marker="o", ls="", mfc="white", mec="#555555", mew=1.5,
                                        label="derived (computed here)"),
        "floor": lambda: Line2D([], [], marker="^", ls="", color=NEUTRAL, label='"more than" (a floor)'),
        "ceiling": lambda: Line2D([], [], marker="v", ls="", color=NEUTRAL, label='"less than" (a ceiling)'),
        "article": lambda: Line2D([], [], marker="X", ls="", color=NEUTRAL, ms=8,
                                  label="figure printed in an article"),
        "break": lambda: Line2D([], [], ls=":", color="#555555", label="series revised: not comparable across"),
    }
    return [entries[name]() for name in names]


def year_series(series: pd.Series) -> pd.Series:
    """A series indexed by year, reindexed to every year from its first to its last, so that a
    missing year is NaN and a line drawn through it breaks at the gap instead of bridging it."""
    clean = series.dropna()
    if clean.empty:
        return clean
    years = range(int(clean.index.min()), int(clean.index.max()) + 1)
    return clean.reindex(years)


def plot_years(ax, series: pd.Series, *args, **kwargs):
    """ax.plot of a yearly series that never draws across a missing year."""
    full = year_series(series)
    return ax.plot(full.index, full.values, *args, **kwargs)


def region_lines(ax, table: pd.DataFrame, codes, phone: bool, ylabel: str, style: str = "-o", **kwargs) -> None:
    """One line per region of a yearly table in the house colours, labelled with the region's name; the
    y-axis label and evenly stepped year ticks (fewer on a phone)."""
    from .official import span, year_ticks

    for code in codes:
        plot_years(ax, table[code], style, color=region_colour(code), label=REGION_NAMES[code], **kwargs)
    ax.set_ylabel(ylabel)
    ax.set_xticks(year_ticks(*span(table[list(codes)].dropna(how="all").index), count=4 if phone else 6))


def panels(fig, count: int, phone: bool, **kwargs) -> list:
    """`count` panels side by side on the desktop rendering, one above the other on the phone."""
    axes = fig.subplots(count, 1, **kwargs) if phone else fig.subplots(1, count, **kwargs)
    return list(np.atleast_1d(axes))


def texts(fig) -> list:
    """Every piece of text the figure draws."""
    return [t for t in fig.findobj(mtext.Text) if t.get_visible() and t.get_text().strip()]


def _render(draw, size, phone: bool, name: str, svg: bool = False) -> tuple[bytes, float, str]:
    """One rendering: PNG bytes (the chart's name in a text chunk), its smallest font in points and,
    if asked, the same drawing as SVG text (for the chart's downloadable SVG)."""
    fig = plt.figure(figsize=size, layout="constrained")
    vector = ""
    try:
        draw(fig, phone)
        make_plain(fig)   # text from the data: plain, drawable, long labels wrapped
        shown = texts(fig)
        for text in shown:
            if text.get_fontsize() < MIN_FONT_PT:
                text.set_fontsize(MIN_FONT_PT)
        smallest = min(t.get_fontsize() for t in shown)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=DPI, bbox_inches="tight", pad_inches=0.06,
                    metadata={"Software": None, "northeast-chart": name})
        if svg:
            out = io.StringIO()
            with mpl.rc_context({"svg.hashsalt": name}):   # the same ids on every build
                fig.savefig(out, format="svg", bbox_inches="tight", pad_inches=0.06,
                            metadata={"Date": None, "Creator": None, "Title": name})
            vector = out.getvalue()
    finally:
        plt.close(fig)
    # in its palette here, in the kernel, where the chapters run two at a time: Sphinx, which would
    # do it otherwise, runs alone after them (and the notebook a reader downloads is lighter too)
    return lighter(buffer.getvalue()), smallest, vector


def _readme(name: str, source_ids, note: str, frame: pd.DataFrame) -> str:
    sources = data.sources(source_id=_source_ids(source_ids)).set_index("source_id")
    lines = [f"{name}.csv: the values drawn in this chart of 'The numbers behind the revitalization of",
             "Northeast China', one row per mark, as the chart draws them (rounded only where printed).", "",
             "Sources:"]
    for source_id, source in sources.iterrows():
        parts = [f"- {source_name(source)}: \"{source['title']}\"", source_dates(source), source["url"], f"[{source_id}]"]
        lines.append(" ".join(part for part in parts if part))
    if "unit" in frame.columns:
        lines += ["", "Units: " + "; ".join(str(u) for u in dict.fromkeys(frame["unit"]) if str(u))]
    for column in ("period", "year"):
        if column in frame.columns:
            periods = [period_label(p) for p in sorted(str(p) for p in frame[column].dropna().unique())]
            lines += ["", f"Period: {periods[0]} to {periods[-1]}" if len(periods) > 1 else f"Period: {periods[0]}"]
            break
    lines += ["", "Columns: " + ", ".join(frame.columns),
              "", f"Precision: values printed in a source as printed; values computed here (derived, shares, "
                  f"indices) to {DERIVED_DIGITS} significant figures."]
    if note:
        lines += ["", "Caveats: " + note]
    lines += ["", f"Licence: {LICENCE} for the data and code of the report; the figures belong to their publishers."]
    return "\n".join(textwrap.fill(line, 100, subsequent_indent="  ", break_on_hyphens=False,
                                   break_long_words=False) if len(line) > 100 else line
                     for line in lines) + "\n"


def published_precision(value: float) -> float:
    """A value as a reader should see it: a printed value (at most 6 decimals) unchanged, without
    binary noise; a value computed here (a share, a ratio, a chained index) to DERIVED_DIGITS
    significant figures."""
    if not np.isfinite(value) or value == 0:
        return value
    for decimals in range(7):
        if abs(round(value, decimals) - value) <= 1e-9 * max(1.0, abs(value)):
            return round(value, decimals)
    return float(f"{value:.{DERIVED_DIGITS}g}")


def tidy_values(values: pd.DataFrame, source_ids) -> pd.DataFrame:
    """The chart's CSV: the values it draws at published precision, and a `source` column citing
    each row's source (its `source_id`, or the several of a derived row's `source_ids`, when the row
    has them, else every source of the chart)."""
    frame = values.reset_index(drop=True).copy()
    for column in frame.columns:
        if pd.api.types.is_float_dtype(frame[column]):
            frame[column] = frame[column].map(published_precision)
    if "source_ids" in frame.columns:
        frame["source"] = [source_line(list(ids)) if isinstance(ids, (list, tuple)) and ids else source_line(source_ids)
                           for ids in frame.pop("source_ids")]
    if "source" not in frame.columns:
        if "source_id" in frame.columns:
            frame["source"] = [source_line([i]) if isinstance(i, str) and i else source_line(source_ids)
                               for i in frame["source_id"]]
        else:
            frame["source"] = source_line(source_ids)
    return frame


def source_line(source_ids) -> str:
    """The sources of a row, as the source line under a chart names them, without 'Source:'."""
    return re.sub(r"^Sources?: ", "", cite(source_ids)).rstrip(".")


def subtitle(frame: pd.DataFrame) -> str:
    """The chart's subtitle: its units and the period it covers, from the values it draws."""
    units = [str(u) for u in dict.fromkeys(frame["unit"]) if str(u) and str(u) != "nan"]
    from .periods import parse_period

    column = "period" if "period" in frame.columns else "year"
    # each end of a span counts: the chart covers from its earliest start to its latest end
    points = [point for p in dict.fromkeys(str(p) for p in frame[column].dropna())
              for point in (p.removeprefix("asof:").split("/"))]
    span = ""
    if points:
        first = period_label(min(points, key=lambda p: parse_period(p).start))
        last = period_label(max(points, key=lambda p: parse_period(p).end))
        span = first if first == last else f"{first} to {last}"
    return "; ".join(units) + (f"; {span}" if span and units else span)


def chart(draw, name: str, source_ids, values: pd.DataFrame, note: str = "",
          size: tuple[float, float] = (DESKTOP_WIDTH, 4.4), phone_height: float | None = None,
          headline: str = ""):
    """Draw a chart twice with `draw(fig, phone)` (desktop, then a phone rendering), and display it
    with what the published page puts around it: the source line and note (set as text under
    the chart, not inside it), the data the chart draws as a CSV with a README, and each
    rendering's smallest font size. `values` holds one row per mark drawn. `headline` says in a few
    words what the chart shows; the page sets it above the chart, and the chart's downloadable PNG
    and SVG carry it with a subtitle (units and period, from `values`), the source line, the licence
    and the book's address (drawn in by book/_ext/chart_export.py). The caption explains it."""
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", name):
        raise ValueError(f"chart name {name!r}: lower-case words joined by hyphens")
    missing = [c for c in ("value", "unit") if c not in values.columns]
    if missing or not {"period", "year"} & set(values.columns):
        raise ValueError(f"chart {name!r}: its values need the columns value, unit and period or year "
                         f"(they have {', '.join(values.columns)})")
    width, height = size
    scale = width / DESKTOP_WIDTH
    desktop_png, desktop_pt, desktop_svg = _render(draw, (DESKTOP_WIDTH, height / scale), False, name, svg=True)
    phone_png, phone_pt, _ = _render(draw, (PHONE_WIDTH, phone_height or height / scale * 0.95), True, name)
    given = values.reset_index(drop=True)
    frame = tidy_values(given, source_ids)
    record = {
        "name": name,
        "headline": headline,
        "subtitle": subtitle(frame),
        "source": cite(source_ids),
        "note": note,
        "licence": LICENCE,
        "svg": desktop_svg,
        "dpi": DPI,
        "css_dpi": CSS_DPI,
        "renderings": {"desktop": {"min_font_pt": desktop_pt},
                       "phone": {"min_font_pt": phone_pt, "png": base64.b64encode(phone_png).decode()}},
        "csv": frame.to_csv(index=False, lineterminator="\n", float_format="%.12g"),
        "readme": _readme(name, source_ids, note, frame),
        "columns": list(frame.columns),
        "values": json.loads(given.to_json(orient="records", double_precision=15)),   # as drawn
    }
    display({"image/png": base64.b64encode(desktop_png).decode(), CHART_MIME: record, "text/plain": f"<chart {name}>"}, raw=True)


def finish(fig, title: str, source_ids, note: str = "", subtitle: str = ""):
    """The old way, kept only so that a chart not yet moved to `chart` still builds: title, subtitle
    and source inside one desktop image, no phone rendering, no data link. The browser test
    (tests/test_charts_browser.py) fails while any such chart remains; convert it with `chart`."""
    fig.suptitle(title, x=0.01, ha="left", fontsize=13, fontweight="bold")
    top = 0.90
    if subtitle:
        fig.text(0.01, 0.905, subtitle, ha="left", va="top", fontsize=MIN_FONT_PT, color="#333333")
        top = 0.84
    width = int(fig.get_figwidth() * 15)  # characters of MIN_FONT_PT text per inch
    footer = "\n".join(textwrap.fill(part, width=width) for part in (cite(source_ids) + (f" {note}" if note else "")).split("\n"))
    fig.text(0.01, 0.01, footer, ha="left", va="bottom", fontsize=MIN_FONT_PT, color="#333333")
    line = MIN_FONT_PT * 1.3 / 72 / fig.get_figheight()
    fig.tight_layout(rect=(0, 0.015 + line * (footer.count("\n") + 1), 1, top))
    return fig


def period_label(period: str) -> str:
    """A period in words, as everywhere in the book: see northeast.periods.period_label."""
    from .periods import period_label as in_words

    return in_words(period)


def long_values(wide: pd.DataFrame, codes, unit: str, **columns) -> pd.DataFrame:
    """The rows a chart draws from a year-by-region table, for `chart`'s `values`: one per region and
    year with a value (region by name), plus any constant columns (series, kind, ...)."""
    # an aggregate computed here (the 31 provinces combined) has its name in facts.LABELS, not places.csv
    return pd.DataFrame([dict(region=REGION_NAMES.get(code, facts.LABELS.get(code, code)), year=int(year), value=float(value), unit=unit,
                              **columns)
                         for code in codes for year, value in wide[code].dropna().items()])


def rank_strips(fig, phone: bool, table: pd.DataFrame, rows: list[tuple[str, str]], highlight) -> None:
    """One strip per (label, key) of ``rows``: every province's rank as a grey dot, the ``highlight``
    provinces in their colours; ``table`` has columns key, region and rank (1 = highest), and ``of``."""
    ax = fig.subplots()
    for i, (label, key) in enumerate(rows):
        part = table[table["key"] == key]
        others = part[~part["region"].isin(highlight)]
        ax.scatter(others["rank"], [i] * len(others), s=18 if phone else 28, color="#b8b8b8", zorder=2,
                   label="other provinces" if i == 0 else None)
        for code in highlight:
            mine = part[part["region"] == code]
            ax.scatter(mine["rank"], [i] * len(mine), s=55 if phone else 80, color=region_colour(code),
                       edgecolor="white", linewidth=0.8, zorder=3, label=REGION_NAMES[code] if i == 0 else None)
    count = int(table["of"].max())
    if phone:       # each row's label above its strip, so the strip keeps the phone's whole width
        ax.set_yticks(range(len(rows)), [""] * len(rows))
        for i, (label, _) in enumerate(rows):
            ax.text(count + 0.6, i - 0.3, label.replace("\n", " "), ha="left", va="bottom", fontsize=MIN_FONT_PT)
        ax.set_ylim(len(rows) - 0.6, -0.9)
    else:
        ax.set_yticks(range(len(rows)), [label for label, _ in rows])
        ax.set_ylim(len(rows) - 0.5, -0.5)
    ax.set_xlim(count + 0.8, 0.2)       # first rank on the right: the top of the table
    ax.set_xticks(sorted({1, 10, 20, count}))
    ax.set_xlabel(f"rank among the {count} provinces (1 = highest)")
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    fig.legend(loc="outside lower left", ncol=2 if phone else 4)
