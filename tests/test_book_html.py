"""The built book (from `make book`): every chapter is there with its figures, captions and sources,
no error output reached a page, and the generated pages list every source and figure."""
import csv
import os
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from northeast.report import figure_text, readable_figure
from northeast.tooling.pages import FLAG_WORDS, chapter_order
from northeast.paths import ROOT
from northeast.tooling.toc import toc_files

HTML = Path(os.environ.get("NORTHEAST_BUILD_DIR", ROOT / "_build")) / "html"
PAGES = toc_files()
ROOT_PAGE = PAGES[0]
# The landing page states the findings and links to the chapters' charts; it draws none itself.
CHAPTERS = [p for p in PAGES if p.startswith("notebooks/") and p != ROOT_PAGE]



def page(name: str) -> BeautifulSoup:
    path = HTML / f"{name}.html"
    assert path.exists(), f"{path} was not built (run `make book` first)"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def rows(name: str) -> list[dict]:
    with open(ROOT / "data" / f"{name}.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.mark.parametrize("name", PAGES)
def test_every_page_in_the_toc_is_built_without_error_output(name):
    soup = page(name)
    text = soup.get_text(" ")
    assert soup.find("h1"), f"{name} has no title"
    assert not soup.select(".output.stderr, .stderr, .output.traceback, .traceback"), f"{name} shows error output"
    assert "Traceback (most recent call last)" not in text
    assert not soup.select(".pasted-text-error, .glue-error"), f"{name} has an unresolved glue reference"


def test_landing_page_links_each_finding_to_a_chart_that_exists():
    findings = page(ROOT_PAGE).select("ol li")
    assert len(findings) >= 5
    for item in findings:
        links = [a["href"] for a in item.select("a[href]")]
        assert links, f"finding without a link: {item.get_text(' ')[:80]}"
        for href in links:
            target, _, anchor = href.partition("#")
            target_page = (HTML / ROOT_PAGE).parent / target
            assert target_page.exists(), href
            if anchor:
                assert BeautifulSoup(target_page.read_text(encoding="utf-8"), "html.parser").find(id=anchor), href


@pytest.mark.parametrize("name", PAGES)
def test_every_page_has_the_themes_stylesheet_and_scripts_but_not_fontawesome_js(name):
    """book/_templates/static/webpack-macros.html keeps the theme's own links (with the installed
    theme's digest) and leaves out its 1.5 MB fontawesome.js."""
    soup = page(name)
    sheets = [link["href"] for link in soup.select("link[rel=stylesheet]")]
    scripts = [script["src"] for script in soup.select("script[src]")]
    assert any("styles/pydata-sphinx-theme.css?digest=" in href for href in sheets), sheets
    assert any(href.endswith("_static/basic.css") for href in sheets), sheets
    for wanted in ("scripts/bootstrap.js?digest=", "scripts/pydata-sphinx-theme.js?digest="):
        assert any(wanted in src for src in scripts), f"{name}: no {wanted}"
    assert not any("fontawesome" in src for src in scripts), f"{name} loads fontawesome.js"


@pytest.mark.parametrize("name", CHAPTERS)
def test_every_chapter_has_numbered_captioned_figures_with_alt_text(name):
    figures = page(name).select("figure")   # a chapter may have none (issue 12: no chart that answers nothing)
    for figure in figures:
        image = figure.find("img")
        assert image is not None and image.get("alt", "").strip(), f"{name}: a figure without alt text"
        caption = figure.find("figcaption")
        assert caption is not None and re.search(r"Fig(ure|\.) ?\d", caption.get_text()), \
            f"{name}: a figure without a numbered caption"
        assert (HTML / name).parent.joinpath(image["src"]).resolve().exists(), f"{name}: missing image {image['src']}"


@pytest.mark.parametrize("name", CHAPTERS)
def test_no_code_is_shown_in_chapters(name):
    """Chapters read as prose: code cells are hidden (remove-input / remove-cell)."""
    assert not page(name).select(".cell_input"), f"{name} shows code cells"


def test_sources_page_lists_every_source():
    text = page("book/sources").get_text(" ").replace("\u2019", "'")  # Sphinx smartens quotes
    for source in rows("sources"):
        assert source["publisher"] in text
        assert page("book/sources").find(id=source["source_id"]), f"no anchor for {source['source_id']}"


def test_catalogue_lists_every_figure_and_offers_the_data_for_download():
    soup = page("book/catalogue")
    figures = rows("statistics")
    table_rows = [[td.get_text(" ", strip=True) for td in tr.select("td")] for tr in soup.select("tbody tr")]
    assert len(table_rows) == len(figures), f"{len(table_rows)} catalogue rows for {len(figures)} figures"
    themes = chapter_order(dict.fromkeys(r["theme"] for r in figures))   # one table a theme, in chapter order
    def shown(r):   # written for readers, a doubt recorded in the flag column beside it, then the printed figure
        text = readable_figure(r["value"], r["qualifier"], r["unit"])
        text = f"{text} ({FLAG_WORDS[r['flag']]})" if r.get("flag") else text
        printed = figure_text(r["value"], r["qualifier"], r["unit"])
        return text if printed == readable_figure(r["value"], r["qualifier"], r["unit"]) else f"{text} (printed: {printed})"

    expected = [shown(r) for t in themes for r in figures if r["theme"] == t]
    assert [row[1] for row in table_rows] == expected, "the catalogue's figures differ from data/statistics.csv"
    shown_ids = [r["stat_id"] for r in figures if any(r["stat_id"] in " ".join(row) for row in table_rows)]
    assert not shown_ids, f"internal ids in the catalogue's tables (they belong in the data): {shown_ids[:5]}"
    downloads = {Path(a["href"]).name for a in soup.select("a.download, a.reference.download")}
    assert {"statistics.csv", "series.csv", "sources.csv", "datapackage.json"} <= downloads


def test_no_pasted_value_opens_with_a_closing_quote():
    """A value the build pastes into the prose never starts with a closing quote (what Sphinx's smart
    quotes make of a straight quote at the start of a span)."""
    pages = sorted((HTML / "notebooks").glob("*.html"))
    assert pages
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for span in soup.select("span.pasted-text"):
            assert not span.get_text().lstrip().startswith(("\u201d", "\u2019")), f"{page.name}: {span.get_text()!r}"


def test_the_landing_page_says_how_far_the_investment_levels_reach():
    """What the landing page lists as "not in these data" follows the data: provincial fixed-asset
    investment levels are missing only after the last year data/series.csv holds for the three."""
    import pandas as pd

    series = pd.read_csv(ROOT / "data" / "series.csv", dtype=str, keep_default_na=False)
    years = series[(series.metric == "fixed_asset_investment") & series.region.isin(["CN-LN", "CN-JL", "CN-HL"])].year
    text = " ".join(BeautifulSoup((HTML / "notebooks" / "00_key_findings.html").read_text(encoding="utf-8"),
                                  "html.parser").get_text(" ").split())
    said = re.search(r"Not in these data: .*?provincial fixed-asset investment levels( after (\d{4}))?,", text)
    assert said, "the landing page no longer lists what is not in these data"
    assert said.group(2) == (str(max(int(y) for y in years)) if len(years) else None)
