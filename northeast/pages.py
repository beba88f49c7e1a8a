"""Pages generated from the data at build time (no kernel needed): the sources and the catalogue.

They are rewritten on every build, so a new row or source shows up without anyone editing them.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pandas as pd

from .periods import parse_period

QUALIFIER_SIGNS = {"exact": "", "about": "about ", "more than": "more than ", "at least": "at least ",
                   "less than": "less than ", "at most": "at most "}
THEME_TITLES = {
    "industry": "Industrial upgrading", "investment": "Investment and major projects",
    "trade": "Opening-up and trade", "agriculture": "Agriculture and food security",
    "innovation": "Innovation capacity and industrial structure", "firms": "Firms in transformation",
    "economy": "The economy as a whole", "population": "Population",
}
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
    """A Markdown link to ``url`` whose text and address are both inert."""
    return f"[{inert(text)}]({quote(' '.join(url.split()), safe=URL_SAFE)})"


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return inert(text)


def describe_period(text: str) -> str:
    """'2023-H1' -> 'first half of 2023' and so on, for readers."""
    period = parse_period(text)
    if period.kind == "asof":
        return f"as of {text[5:]}"
    if period.kind == "half":
        return f"{'first' if text.endswith('H1') else 'second'} half of {text[:4]}"
    if period.kind == "quarter":
        return f"Q{text[-1]} {text[:4]}"
    if period.kind == "span":
        first, last = text.split("/")
        return f"{first} to {last} (cumulative)"
    return text


def format_figure(value: str, unit: str, qualifier: str) -> str:
    unit_text = "" if unit == "count" else f" {unit}"
    return f"{QUALIFIER_SIGNS.get(qualifier, qualifier + ' ')}{value}{unit_text}"


def sources_page(folder: Path) -> str:
    sources = _read(folder, "sources")
    stats = _read(folder, "statistics")
    series = _read(folder, "series") if (folder / "series.csv").exists() else pd.DataFrame(columns=["source_id"])
    counts = stats["source_id"].value_counts().add(series["source_id"].value_counts(), fill_value=0)
    lines = [
        "(sources)=",
        "# Sources",
        "",
        "Every figure in this report comes from one of the documents below. Articles are cited, "
        "never reproduced: the data hold each figure with a short phrase that locates it in its source. "
        "Statistical tables are official figures of the National Bureau of Statistics of China (NBS) "
        "or the census office, taken from the public copies named in each note.",
        "",
        f"This page is generated from `data/sources.csv` ({len(sources)} sources).",
        "",
    ]
    for kind, group in sources.groupby("kind", sort=True):
        lines += [f"## {inert(kind[0].upper() + kind[1:])}s", ""]
        for _, source in group.sort_values(["published", "source_id"]).iterrows():
            title = _link(source.title, source.url) if source.url else inert(source.title)
            author = f", {inert(source.author)}" if source.author else ""
            label = [f"({source.source_id})="] if LABEL.fullmatch(source.source_id) else []
            lines += [
                *label,
                f"### {inert(source.publisher)}, {inert(source.published)}",
                "",
                f"{title}{author}. {inert(source.publisher)}, {inert(source.published)}. "
                f"Source id {inert(source.source_id)}; {int(counts.get(source.source_id, 0))} figures in the data.",
                "",
            ]
            if source.note:
                lines += [inert(source.note), ""]
    return "\n".join(lines)


def catalogue_page(folder: Path) -> str:
    stats = _read(folder, "statistics")
    metrics = _read(folder, "metrics").set_index("metric_id")
    places = _read(folder, "places").set_index("code")
    sources = _read(folder, "sources").set_index("source_id")
    lines = [
        "(catalogue)=",
        "# Data catalogue",
        "",
        f"All {len(stats)} figures the report curates from the articles, by theme, with the period each "
        "covers and its source. Values are as printed; a qualifier such as \"more than\" is part of the "
        "figure. The official annual series (`series.csv`) are described in the chapter on the long view.",
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
    for theme, group in stats.groupby("theme", sort=False):
        lines += [f"## {inert(THEME_TITLES.get(theme, theme))}", "",
                  "| id | figure | what | place | period | source |", "| --- | --- | --- | --- | --- | --- |"]
        for _, row in group.iterrows():
            what = metrics.loc[row.metric, "label"] if row.metric in metrics.index else row.metric
            if row.entity:
                what = f"{what} ({row.entity})"
            place = places.loc[row.region, "name"] if row.region in places.index else row.region
            source = sources.loc[row.source_id] if row.source_id in sources.index else None
            # a reference without its own text shows the title of the source's section ("publisher, date")
            cite = (f"{{ref}}`{row.source_id}`" if source is not None and LABEL.fullmatch(row.source_id)
                    else _cell(row.source_id))
            lines.append("| " + " | ".join([*(_cell(c) for c in (
                row.stat_id, format_figure(row.value, row.unit, row.qualifier), what, place,
                describe_period(row.period))), cite]) + " |")
        lines.append("")
    return "\n".join(lines)


def generated_pages(folder: Path) -> dict[str, str]:
    """Relative path in the book's source -> Markdown text."""
    return {"book/sources.md": sources_page(folder), "book/catalogue.md": catalogue_page(folder)}
