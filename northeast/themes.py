"""Every figure of a theme that covers one year, as a compact table at the end of the theme's chapter:
a new article's figures appear in the chapter of their theme as soon as they are in the data, even
before a section discusses them. Text from the data is escaped: it can never run as HTML.
"""
from __future__ import annotations

import html

import pandas as pd

from . import data
from .claims.figures import period_words, short_publisher
from .report import figure_text, is_forecast, ordinal_word

FLAG_WORDS = {"doubtful_period": "period in doubt", "doubtful_metric": "meaning in doubt",
              "contradicted": "contradicted by another source"}
COLUMNS = ("Year", "Place", "What", "Figure", "Source")


def single_year_claims(theme: str) -> pd.DataFrame:
    """The theme's figures whose period lies within one calendar year, newest first, one row each:
    year, place, what (the metric, with the entity), the figure as printed (qualifier, sign, unit;
    a forecast or a doubtful figure said so) and the source's publisher."""
    rows = data.statistics(theme=theme)
    rows = rows[rows["period_start"].dt.year == rows["period_end"].dt.year]
    # names read for these rows only, so that a chapter is re-executed when its own sources,
    # places or metrics change, not when another chapter's do
    places = data.places(code=sorted(set(rows["region"]))).set_index("code")["name"]
    metrics = data.metrics(metric_id=sorted(set(rows["metric"]))).set_index("metric_id")["label"]
    publishers = data.sources(source_id=sorted(set(rows["source_id"]))).set_index("source_id")["publisher"]
    table = pd.DataFrame({
        "Year": rows["period_end"].dt.year.astype(int),
        "Place": [places.get(r, r) for r in rows["region"]],
        "What": [_sentence_case(metrics.get(m, m)) + (f" ({e})" if e else "") + f", {period_words(p)}"
                 for m, e, p in zip(rows["metric"], rows["entity"], rows["period"])],
        "Figure": [(ordinal_word(float(v)) if u == "rank" and float(v).is_integer() else
                    figure_text(v.replace("-", "−", 1), q, "points" if u == "percentage points" else u))
                   + (" (not an outturn)" if is_forecast(q) else "") + (f" ({FLAG_WORDS[f]})" if f in FLAG_WORDS else "")
                   for v, q, u, f in zip(rows["value_printed"], rows["qualifier"], rows["unit"], rows["flag"])],
        "Source": [short_publisher(publishers.get(s, s)) for s in rows["source_id"]],
    }, columns=list(COLUMNS))
    return table.sort_values(["Year", "Place", "What"], ascending=[False, True, True], kind="stable").reset_index(drop=True)


def _sentence_case(text: str) -> str:
    return text.removesuffix(" (count)")[:1].upper() + text.removesuffix(" (count)")[1:]


def claims_table_html(theme: str) -> str:
    """The table as escaped HTML (every cell through ``html.escape``); each cell carries its column's
    name, so that on a phone book/_static/reader.css shows each row as a labelled block."""
    table = single_year_claims(theme)
    if table.empty:
        return "<p>No figure of this theme covers a single year.</p>"
    head = "".join(f"<th>{html.escape(c)}</th>" for c in COLUMNS)
    body = "".join("<tr>" + "".join(f'<td data-label="{html.escape(c)}">{html.escape(str(v))}</td>'
                                    for c, v in zip(COLUMNS, row)) + "</tr>"
                   for row in table.itertuples(index=False))
    return (f'<div class="theme-claims"><table class="table claims-table">'
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")


def show_claims_table(theme: str) -> None:
    """Display the theme's table in a notebook cell (the chapters' one call)."""
    from IPython.display import HTML, display

    display(HTML(claims_table_html(theme)))
