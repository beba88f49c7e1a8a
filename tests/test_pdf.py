"""The PDF edition (`make book` prints it, northeast/tooling/pdf.py), read back with poppler's tools: it holds
every page of the book under its numbered title, the licence and the citation; no page is blank;
Chinese text is set in a Chinese font; charts print across the column, their smallest text at 7 pt
or more; the footers give page numbers and each page's address."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from northeast import charts
from northeast.tooling import pdf
from northeast.tooling.toc import html_pages
from test_browser import HTML

PDF = HTML / pdf.PDF_NAME
MIN_PRINTED_PT = 7.0


def _run(*command: str) -> str:
    if not shutil.which(command[0]):
        pytest.fail(f"{command[0]} is missing: run `make browser-deps` (it installs poppler-utils)")
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def pages() -> list[str]:
    """The text of each printed page."""
    if not PDF.is_file():
        pytest.fail(f"no PDF at {PDF}: run `make book`")
    text = _run("pdftotext", "-layout", str(PDF), "-")
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


def test_the_pdf_holds_every_page_under_its_numbered_title(pages):
    whole = _words(" ".join(pages))
    for page in html_pages():
        heading = BeautifulSoup((HTML / page).read_text(encoding="utf-8"), "html.parser").select_one("article h1")
        title = _words(heading.get_text(" ", strip=True).removesuffix("#"))
        assert title in whole, f"{page}: its title {title!r} is not in the PDF"


def test_the_title_page_gives_the_licence_the_citation_and_the_version(pages):
    first = _words(pages[0])
    config = pdf.book_config()
    assert config["title"] in first and f"Version {pdf.version()}" in _words(pdf.citation(config))
    cite = pdf.citation(config, pdf.data_as_of(HTML))
    assert pdf.data_as_of(HTML) and "data as of" in cite
    assert pdf.LICENCE in first and _words(cite) in first


def test_no_page_is_blank_and_every_page_but_the_first_is_numbered(pages):
    blank = [number for number, text in enumerate(pages, start=1) if not text.strip()]
    assert not blank, f"blank pages: {blank}"
    total = len(pages)
    unnumbered = [n for n, text in enumerate(pages[1:], start=2) if not re.search(rf"\b{n} / {total}\b", text)]
    assert not unnumbered, f"pages without 'N / {total}' in the footer: {unnumbered}"


def test_each_chapter_footer_gives_the_chapters_address(pages):
    config = pdf.book_config()
    for page in html_pages():
        address = f"{config['base']}/{page}" if config["base"] else page
        assert any(address in _words(text) for text in pages), f"{page}: no page gives its address {address}"


def test_chinese_text_is_set_in_a_chinese_font():
    fonts = _run("pdffonts", str(PDF))
    assert "WenQuanYi" in fonts, f"no Chinese font embedded:\n{fonts}"


def test_charts_print_across_the_column_with_text_of_at_least_7_points():
    """A chart's PNG is drawn at charts.DPI: printed at x-ppi, its smallest text is
    MIN_FONT_PT * DPI / x-ppi points."""
    listing = _run("pdfimages", "-list", str(PDF)).splitlines()[2:]
    widths = [(int(row.split()[3]), float(row.split()[12])) for row in listing if len(row.split()) > 13]
    chart_images = [(w, ppi) for w, ppi in widths if w >= charts.DESKTOP_WIDTH * charts.DPI * 0.9]
    assert chart_images, "no chart image in the PDF"
    small = [ppi for _, ppi in chart_images if charts.MIN_FONT_PT * charts.DPI / ppi < MIN_PRINTED_PT]
    assert not small, f"charts printed so small that their text is under {MIN_PRINTED_PT} pt (x-ppi {small})"


def test_printing_one_page_prints_its_article_under_its_numbered_title_with_page_numbers(tmp_path):
    """print.css: a reader printing one chapter gets the article (no navigation), its title with
    the chapter number, every chart, and 'N / M' page numbers."""
    chapter = next(page for page in html_pages() if re.match(r"notebooks/0[1-9]", page)
                   and "data-chart=" in (HTML / page).read_text(encoding="utf-8"))
    soup = BeautifulSoup((HTML / chapter).read_text(encoding="utf-8"), "html.parser")
    title = _words(soup.select_one("article h1").get_text(" ", strip=True).removesuffix("#"))
    assert re.match(r"\d+\. ", title), f"{chapter}: its title {title!r} has no chapter number"
    target = tmp_path / "one.pdf"
    pdf.print_pdf(HTML / chapter, target)
    printed = _run("pdftotext", "-layout", str(target), "-").split("\f")
    printed = [text for text in printed if text.strip()]
    first_lines = [line.strip() for line in printed[0].splitlines() if line.strip()]
    assert title in first_lines[:3], f"{chapter}: printed without its numbered title: {first_lines[:3]}"
    assert not any("Search the report" in text or "Skip to main content" in text for text in printed)
    assert all(re.search(rf"\b{n} ?/ ?{len(printed)}\b", text) for n, text in enumerate(printed, start=1))
    charts_on_page = len(soup.select("img[data-chart]"))
    images = [row for row in _run("pdfimages", "-list", str(target)).splitlines()[2:] if row.strip()]
    assert len(images) >= charts_on_page, f"{chapter}: {len(images)} images printed, {charts_on_page} charts"


def test_every_pages_pdf_link_leads_to_the_pdf(pages):
    """Each page's "whole report as one PDF" link resolves, from where the page sits, to the PDF that
    `make book` printed (a build that published pages without it would leave the link dead)."""
    for page in html_pages():
        soup = BeautifulSoup((HTML / page).read_text(encoding="utf-8"), "html.parser")
        links = soup.select("p.pdf-edition-link a[href]")
        assert links, f"{page}: no link to the PDF edition"
        target = ((HTML / page).parent / links[0]["href"]).resolve()
        assert target == PDF.resolve() and target.is_file(), f"{page}: the PDF link leads to {target}"
