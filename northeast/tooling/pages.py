"""Pages generated from the data at build time (no kernel needed): the sources and the catalogue.

They are rewritten on every build, so a new row or source shows up without anyone editing them.
"""
from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import quote

import pandas as pd
from docutils.nodes import make_id

from ..citation import source_dates, source_name
from .crosschecks import cross_checks
from ..periods import parse_period, period_label
from ..report import figure_text, readable_figure

THEME_TITLES = {
    "industry": "Industrial upgrading", "investment": "Investment and major projects",
    "trade": "Opening-up and trade", "agriculture": "Agriculture and food security",
    "innovation": "Innovation capacity and industrial structure", "firms": "Firms in transformation",
    "economy": "The economy as a whole", "population": "Population",
}
# Figures on one catalogue page: about 0.5 MB of HTML, under the weight budget with the theme's files.
PAGE_FIGURES = 1000
DATA_DOWNLOADS = ("statistics.csv", "series.csv", "sources.csv", "metrics.csv", "places.csv", "datapackage.json")


def _read(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(folder / f"{name}.csv", dtype=str, keep_default_na=False)


# Every ASCII punctuation character can be backslash-escaped in CommonMark (and so in MyST): escaped,
# none of them can open raw HTML, a role, a directive fence, a link, a heading, a list or math.
MARKUP = re.compile(r"([!-/:-@\[-`{-~])")
LABEL = re.compile(r"[a-z0-9][a-z0-9-]*")
# Characters a link destination may keep; everything else (spaces, brackets, quotes) is %-encoded.
URL_SAFE = ":/?#@!$&*+,;=%~-._"


def inert(text) -> str:
    """Text from the data as MyST that shows exactly that text: whitespace (newlines too) folded to
    one space, every punctuation character escaped. Safe in a paragraph, a heading or a table cell."""
    return MARKUP.sub(r"\\\1", " ".join(str(text).split()))


def _link(text: str, url: str) -> str:
    """A Markdown link to a web address whose text and address are both inert (only the text for
    anything but http and https)."""
    if not url.startswith(("http://", "https://")):
        return inert(text)
    return f"[{inert(text)}]({quote(' '.join(url.split()), safe=URL_SAFE)})"


def describe_period(text: str) -> str:
    """A period in words (northeast.periods.period_label); a span is marked as a cumulative figure."""
    words = period_label(text)
    return f"{words} (cumulative)" if parse_period(text).kind == "span" else words




def _figures(count: int) -> str:
    return f"{count} figure" if count == 1 else f"{count} figures"


def sources_page(folder: Path) -> str:
    sources = _read(folder, "sources")
    for column in ("copy", "copied", "confidence", "checked"):
        if column not in sources.columns:
            sources[column] = ""
    stats = _read(folder, "statistics")
    series = _read(folder, "series") if (folder / "series.csv").exists() else pd.DataFrame(columns=["source_id"])
    counts = stats["source_id"].value_counts().add(series["source_id"].value_counts(), fill_value=0)
    lines = [
        "(sources)=",
        "# Sources",
        "",
        "Every figure in this report comes from one of the documents below. Articles are cited, "
        "never reproduced: the data hold each figure with a short phrase that locates it in its source. "
        "The official series are figures of the National Bureau of Statistics of China (NBS) or the census office, "
        "read from third-party copies (research repositories, replication packages, mirror sites): each is named "
        "here and under every chart as \"NBS, via\" its copy, and a copy's date is the date of the copy, "
        "not of an official release.",
        "",
        f"This page is generated from `data/sources.csv` ({len(sources)} sources).",
        "",
    ]
    for kind, group in sources.groupby("kind", sort=True):
        lines += [f"## {inert(kind[0].upper() + kind[1:])}s", ""]
        for _, source in group.sort_values(["published", "copied", "source_id"]).iterrows():
            title = _link(source.title, source.url)
            author = f", {inert(source.author)}" if source.author else ""
            label = [f"({source.source_id})="] if LABEL.fullmatch(source.source_id) else []
            trust = f" Confidence in the copy: {inert(source.confidence)}." if source.confidence else ""
            lines += [
                *label,
                f"### {inert(source.title)}",
                "",
                f"{title}{author}. {inert(publisher_line(source))}. "
                f"Source id {f'`{source.source_id}`' if label else inert(source.source_id)}; "
                f"{_figures(int(counts.get(source.source_id, 0)))} in the data.{trust}",
                "",
            ]
            if source.note:
                lines += [inert(source.note), ""]
    checked = sources[sources["copy"] != ""]
    if len(checked):
        lines += ["## Copies and their cross-checks", ""]
        titles = dict(zip(sources["source_id"], sources["title"]))
        computed = cross_checks(series, _names(folder)) if {"unit", "vintage"} <= set(series.columns) else []
        lines += ["Recomputed from `data/series.csv` at every build: wherever two sources hold the same figure "
                  "(place, measure, year and unit), how many they share and the largest difference between them. "
                  "Copies of one table should agree to the digit; two vintages of one series differ by the revision.", ""]
        # a list, not a table: three long cells side by side do not fit a phone's width
        for c in computed:
            lines.append(f"- **{inert(titles.get(c.first, c.first))}** and **{inert(titles.get(c.second, c.second))}**: "
                         f"{inert(c.result())}")
        if not computed:
            lines.append("No two sources in the data hold the same figure.")
        lines += ["", "Checks against documents outside the data (another copy not curated here, a communiqué, a "
                  "census total), as each reference folder's provenance records them: recorded, not recomputed "
                  "here. A finding that rests on a copy of medium or lower confidence says so where it is stated.", "",
                  "| table | copy | copy's date | confidence | recorded in the provenance |",
                  "| --- | --- | --- | --- | --- |"]
        for _, source in checked.sort_values("title").iterrows():
            cells = [source.title, source["copy"], source.copied or "not given", source.confidence or "not rated",
                     source.checked or "no cross-check recorded"]
            lines.append("| " + " | ".join(inert(c) for c in cells) + " |")
        lines.append("")
    return "\n".join(lines)


def _names(folder: Path) -> dict:
    """Region codes and metric ids in words, from places.csv and metrics.csv when present."""
    names = {}
    for table, key, label in (("places", "code", "name"), ("metrics", "metric_id", "label")):
        if (folder / f"{table}.csv").exists():
            frame = _read(folder, table)
            if {key, label} <= set(frame.columns):
                names.update(zip(frame[key], frame[label]))
    return names


def publisher_line(source) -> str:
    """'National Bureau of Statistics of China, via GitHub owner/repo (copy of 2026-03-15)': the publisher in
    full, the copy read and the dates, each said as what it is; an article's date is its publication date."""
    copy = f", via {source['copy']}" if source.get("copy", "") else ""
    dates = source_dates(source) if source["kind"] == "statistical table" else " ".join(
        filter(None, (f"({source['published']})" if source["published"] else "", source_dates(source))))
    return " ".join(filter(None, (f"{source['publisher']}{copy}", dates)))


def _text(value) -> str:
    """Text from the data for HTML: whitespace folded, every markup character escaped."""
    return html.escape(" ".join(str(value).split()))


# How a doubt recorded in statistics.csv's flag column reads beside the figure.
FLAG_WORDS = {"doubtful_period": "year doubtful", "doubtful_metric": "measure doubtful",
              "contradicted": "contradicted by another figure",
              "qualifier_corrected": "printed with a qualifier; recorded as exact from the official text"}


def _catalogue_table(group: pd.DataFrame, labels: dict, names: dict, cites: dict, sources_page: str) -> list[str]:
    """The figures as an HTML table, marked up as Sphinx marks up a Markdown table. Written as HTML,
    a hundred thousand rows cost Sphinx next to nothing (parsing them as Markdown took minutes),
    and search still indexes their text. Every cell is escaped, so nothing in the data is markup.
    Each row names its place (``data-place``) and the table its theme, for the filter; on a phone
    each row is a card (book/_static/reader.css)."""
    # cells apart by a space: search indexes the text with the tags taken out, words must not run together
    head = " ".join(f'<th class="head"><p>{name}</p></th>' for name in ("What", "Figure", "Place", "Period", "Source"))
    theme = _text(group["theme"].iloc[0]) if len(group) else ""
    lines = ["```{raw} html", '<div class="pst-scrollable-table-container">'
             f'<table class="table catalogue" data-theme="{theme}">',
             f'<thead><tr class="row-odd">{head}</tr></thead>', "<tbody>"]
    for number, row in enumerate(group.itertuples(index=False)):
        what = labels.get(row.metric, row.metric)
        if row.entity:
            what = f"{what} ({row.entity})"
        figure = readable_figure(row.value, row.qualifier, row.unit)
        as_printed = figure_text(row.value, row.qualifier, row.unit)
        flag = FLAG_WORDS.get(getattr(row, "flag", ""), getattr(row, "flag", ""))
        figure_cell = _text(f"{figure} ({flag})" if flag else figure)
        if as_printed != figure:
            figure_cell += f' <span class="as-printed">(printed: {_text(as_printed)})</span>'
        cells = [_text(what), figure_cell, _text(names.get(row.region, row.region)), _text(describe_period(row.period))]
        cite = _text(row.source_id)
        if row.source_id in cites and LABEL.fullmatch(row.source_id):
            cite = (f'<a class="reference internal" href="{sources_page}#{make_id(row.source_id)}">'
                    f'<span class="std std-ref">{_text(cites[row.source_id])}</span></a>')
        lines.append(f'<tr class="row-{"even" if number % 2 == 0 else "odd"}" data-place="{_text(row.region)}">'
                     + " ".join([*(f"<td><p>{c}</p></td>" for c in cells), f"<td><p>{cite}</p></td>"]) + "</tr>")
    return lines + ["</tbody>", "</table></div>", "```", ""]


def chapter_order(themes) -> list[str]:
    """Themes in the order of the book's chapters (THEME_TITLES), any other theme after them."""
    order = list(THEME_TITLES)
    return sorted(themes, key=lambda theme: (order.index(theme) if theme in order else len(order), theme))


# Shows only the rows of the chosen theme and place; without JavaScript the form stays hidden.
FILTER_SCRIPT = """<script>
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form.catalogue-filter");
  if (!form) { return; }
  const theme = form.querySelector("select[name=theme]"), place = form.querySelector("select[name=place]");
  const count = form.querySelector(".catalogue-count");
  const apply = () => {
    let shown = 0;
    document.querySelectorAll("table.catalogue").forEach(table => {
      const section = table.closest("section");
      const themeOk = !theme.value || table.dataset.theme === theme.value;
      let rows = 0;
      table.querySelectorAll("tbody tr").forEach(row => {
        const ok = themeOk && (!place.value || row.dataset.place === place.value);
        row.hidden = !ok; rows += ok;
      });
      if (section) { section.hidden = rows === 0; }
      shown += rows;
    });
    count.textContent = shown === 1 ? "1 figure shown" : shown + " figures shown";
  };
  form.hidden = false;
  theme.addEventListener("change", apply);
  place.addEventListener("change", apply);
  apply();
});
</script>"""


def _filter_form(stats: pd.DataFrame, names: dict) -> list[str]:
    themes = "".join(f'<option value="{_text(t)}">{_text(THEME_TITLES.get(t, t))}</option>'
                     for t in chapter_order(stats["theme"].unique()))
    places = "".join(f'<option value="{_text(code)}">{_text(names.get(code, code))}</option>'
                     for code in sorted(stats["region"].unique(), key=lambda c: names.get(c, c)))
    return ["```{raw} html", '<form class="catalogue-filter" hidden>',
            "<p>Show only the figures of one theme or one place:</p>",
            f'<label>Theme <select name="theme"><option value="">All themes</option>{themes}</select></label>',
            f'<label>Place <select name="place"><option value="">All places</option>{places}</select></label>',
            '<p class="catalogue-count" aria-live="polite"></p>', "</form>", FILTER_SCRIPT, "```", ""]


def catalogue_pages(folder: Path) -> dict[str, str]:
    """The catalogue: one page with every figure by theme; with more than PAGE_FIGURES figures, an
    overview page and the figures by theme on pages of at most PAGE_FIGURES each
    (``book/catalogue/<theme>-<n>.md``), so no page outgrows the weight budget."""
    stats = _read(folder, "statistics")
    labels = dict(zip(*_read(folder, "metrics")[["metric_id", "label"]].to_dict("list").values()))
    names = dict(zip(*_read(folder, "places")[["code", "name"]].to_dict("list").values()))
    sources = _read(folder, "sources")
    # a source is cited as every source line names it (its section on the Sources page has its title)
    cites = {source.source_id: source_name(source) for _, source in sources.iterrows()}
    lines = [
        "(catalogue)=",
        "# Data catalogue",
        "",
        f"All {len(stats)} figures the report curates from published articles and studies, by theme in the order of the "
        "chapters, with the period each covers and its source. A qualifier such as \"more than\" is part "
        "of the figure; large amounts are written in millions, billions or trillions, with the figure "
        "as printed beside them. Each figure's id, unit and locating phrase are in the downloadable `statistics.csv`. "
        "The official annual series (`series.csv`) are described in the chapter on the long view.",
        "",
        "## Download the data",
        "",
    ]
    for name in DATA_DOWNLOADS:
        if (folder / name).exists():
            lines.append(f"- {{download}}`{name} <../data/{name}>`")
    if (folder / "README.md").exists():
        lines += ["", "The tables and their columns are described in {download}`README.md <../data/README.md>`."]
    lines.append("")
    pages: dict[str, str] = {}
    paged = len(stats) > PAGE_FIGURES
    if not paged:
        lines += ["## The figures", "", *_filter_form(stats, names)]
    groups = dict(list(stats.groupby("theme", sort=False)))
    for number, theme in enumerate(chapter_order(groups)):
        group = groups[theme]
        title = inert(THEME_TITLES.get(theme, theme))
        if not paged:
            lines += [f"### {title}", "", *_catalogue_table(group, labels, names, cites, "sources.html")]
            continue
        lines += [f"## {title}", ""]
        for start in range(0, len(group), PAGE_FIGURES):
            part = group.iloc[start:start + PAGE_FIGURES]
            name = f"book/catalogue/{number + 1:02d}-{start // PAGE_FIGURES + 1:04d}"
            span = f"figures {start + 1}-{start + len(part)} of {len(group)}"
            lines.append(f"- {{doc}}`{span} <{name.removeprefix('book/')}>`")
            pages[f"{name}.md"] = "\n".join([f"# {title}: {span}", "",
                                              *_catalogue_table(part, labels, names, cites, "../sources.html")])
        lines.append("")
    return {"book/catalogue.md": "\n".join(lines), **pages}


def generated_pages(folder: Path) -> dict[str, str]:
    """Relative path in the book's source -> Markdown text."""
    from .changelog import changelog_page

    return {"book/sources.md": sources_page(folder), **catalogue_pages(folder),
            "book/changelog.md": changelog_page(folder)}
