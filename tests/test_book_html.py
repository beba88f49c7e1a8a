"""The built book (from `make book`): every chapter is there with its figures, captions and sources,
no error output reached a page, and the generated pages list every source and figure."""
import csv
import os
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from northeast.paths import ROOT

HTML = Path(os.environ.get("NORTHEAST_BUILD_DIR", ROOT / "_build")) / "html"
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text())
PAGES = [TOC["root"]] + [c["file"] for part in TOC["parts"] for c in part["chapters"]]
CHAPTERS = [p for p in PAGES if p.startswith("notebooks/")]



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
    cells = {td.get_text(strip=True) for td in soup.select("td")}
    missing = [r["stat_id"] for r in rows("statistics") if r["stat_id"] not in cells]
    assert not missing, f"figures missing from the catalogue: {missing[:5]}"
    downloads = {Path(a["href"]).name for a in soup.select("a.download, a.reference.download")}
    assert {"statistics.csv", "series.csv", "sources.csv", "datapackage.json"} <= downloads
