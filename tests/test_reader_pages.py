"""What a reader gets on every page of the published book, on a phone and on a desktop.

In Debian's Chromium (the server and browser fixtures of test_browser.py): at 390 px no page of
the table of contents scrolls sideways and the audit's tables fit; every page carries the "Cite
this page" block with the book's version and the data-as-of date computed from data/; every
chapter's notebook download resolves to the executed notebook. Without the browser: reader tables
show no internal ids or period codes, periods read as words, and the changelog reports what a
commit changed in the data.
"""
from __future__ import annotations

import csv
import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from northeast.tooling.changelog import changelog_page
from northeast.periods import PeriodError, period_label
from test_browser import HTML, PAGES, PHONE, ROOT, Browser, browser, site  # noqa: F401 (fixtures)

CHAPTERS = [p for p in PAGES if p.startswith("notebooks/")]
DESKTOP = {"width": 1280, "height": 900}
# The book's public address, configured once in _config.yml ('' when none is: the browser's own then)
BASE_URL = (yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["sphinx"]["config"]
            .get("html_baseurl") or "").rstrip("/")
PERIOD_CODE = re.compile(r"\basof:|\b\d{4}-[HQ]\d\b")


def _rows(name: str) -> list[dict]:
    with open(ROOT / "data" / f"{name}.csv", newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _data_as_of() -> str:
    """The newest `published` date of data/sources.csv, in words (what the citation must say)."""
    return period_label(max(r["published"] for r in _rows("sources")))


READER_VIEW = """() => ({
  scrollWidth: document.documentElement.scrollWidth,
  innerWidth: window.innerWidth,
  cite: Array.from(document.querySelectorAll('aside.cite-this-page')).map(a => ({
      text: a.querySelector('.cite-text')?.innerText || '',
      bibtex: a.querySelector('.cite-bibtex pre')?.textContent || ''})),
  notebooks: Array.from(document.querySelectorAll('.download-notebook a[download]')).map(a => a.href),
  chartWidths: Array.from(document.querySelectorAll('article figure img')).map(i => i.getBoundingClientRect().width),
  auditCells: Array.from(document.querySelectorAll('table.audit-table td')).map(td => {
      const r = td.getBoundingClientRect(); return {right: r.right, shown: r.width > 0}; }),
})"""


@pytest.fixture(scope="module")
def phone_pages(browser, site) -> dict[str, dict]:  # noqa: F811 (the fixtures imported above)
    """Every page of the table of contents opened once at 390 px."""
    context = browser.context(PHONE)
    seen = {}
    for name in PAGES:
        page = context.new_page()
        page.goto(f"{site}/{name}", wait_until="load")
        seen[name] = page.evaluate(READER_VIEW)
        page.close()
    context.close()
    return seen


@pytest.mark.parametrize("name", PAGES)
def test_no_page_scrolls_sideways_on_a_phone(phone_pages, name):
    seen = phone_pages[name]
    assert seen["scrollWidth"] <= PHONE["width"] and seen["innerWidth"] == PHONE["width"], \
        f"{name} is {max(seen['scrollWidth'], seen['innerWidth'])} px wide on a {PHONE['width']} px phone"


def test_the_audit_tables_fit_a_phone(phone_pages):
    cells = [c for name in PAGES for c in phone_pages[name]["auditCells"] if c["shown"]]
    assert cells, "no audit table found: chapter 8 should show its checks in table.audit-table"
    cut = [c for c in cells if c["right"] > PHONE["width"]]
    assert not cut, f"{len(cut)} of {len(cells)} audit cells run past the right edge of a phone"


def test_the_phone_column_that_reading_charts_states_is_what_a_phone_shows(phone_pages):
    """book/reading-charts.md states the phone's chart text size from the column width a chart is
    shrunk to (reader_pages.PHONE_COLUMN_PX): the widest chart on a 390 px phone is that wide."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("reader_pages", ROOT / "book" / "_ext" / "reader_pages.py")
    reader_pages = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(reader_pages)
    widths = [w for seen in phone_pages.values() for w in seen["chartWidths"]]
    assert widths, "no chart on any page"
    assert abs(max(widths) - reader_pages.PHONE_COLUMN_PX) <= 4, (max(widths), reader_pages.PHONE_COLUMN_PX)


@pytest.mark.parametrize("name", PAGES)
def test_every_page_carries_the_citation_block(phone_pages, site, name):
    from importlib import metadata

    blocks = phone_pages[name]["cite"]
    assert len(blocks) == 1, f"{name}: {len(blocks)} 'Cite this page' blocks"
    text, bibtex = blocks[0]["text"], blocks[0]["bibtex"]
    version = metadata.version("northeast")
    address = f"{BASE_URL or site}/{name}"
    for part in (f"version {version}", f"data as of {_data_as_of()}", address):
        assert part in text, f"{name}: the citation lacks {part!r}: {text!r}"
    assert bibtex.startswith("@misc{") and bibtex.rstrip().endswith("}"), f"{name}: not a BibTeX entry: {bibtex!r}"
    for field in ("author", "title", "year", "note", "url"):
        assert re.search(rf"^\s*{field}\s*=\s*\{{.+\}},?$", bibtex, re.M), f"{name}: BibTeX without {field}"
    assert f"version {version}" in bibtex and address in bibtex


@pytest.mark.parametrize("name", CHAPTERS)
def test_the_chapter_notebook_downloads(phone_pages, browser, site, name):  # noqa: F811
    links = phone_pages[name]["notebooks"]
    assert len(links) == 1, f"{name}: {len(links)} notebook download links"
    context = browser.context(DESKTOP)
    response = context.request.get(links[0])
    assert response.status == 200, f"{links[0]}: HTTP {response.status}"
    notebook = json.loads(response.body())
    context.close()
    source = json.loads((ROOT / name.replace(".html", ".ipynb")).read_text(encoding="utf-8"))
    first = lambda nb: "".join(nb["cells"][0]["source"]).splitlines()[0]  # noqa: E731
    assert first(notebook) == first(source), f"{links[0]} is not the notebook of {name}"
    code = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    assert any(c.get("outputs") for c in code), f"{links[0]} is not the executed notebook"


def _reader_tables(name: str) -> list[str]:
    """The text of a page's tables, except the audit's (their claims come from northeast/audit.py)."""
    html = (HTML / name).read_text(encoding="utf-8")
    tables = re.findall(r"<table\b(?![^>]*audit-table).*?</table>", html, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", t)) for t in tables]


@pytest.mark.parametrize("name", [p for p in PAGES if _reader_tables(p)] if (HTML / PAGES[0]).exists() else PAGES)
def test_reader_tables_show_no_internal_ids_or_period_codes(name):
    ids = [r["stat_id"] for r in _rows("statistics")] + [r["source_id"] for r in _rows("sources")]
    for table in _reader_tables(name):
        shown = [i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", table)]
        assert not shown, f"{name}: internal ids in a table: {shown[:5]}"
        codes = PERIOD_CODE.findall(table)
        assert not codes, f"{name}: period codes in a table: {codes[:5]}"


@pytest.mark.parametrize("text, words", [
    ("2023", "2023"), ("2023-H1", "first half of 2023"), ("2023-H2", "second half of 2023"),
    ("2024-Q1", "first quarter of 2024"), ("2022-07", "July 2022"), ("2022-06-23", "23 June 2022"),
    ("asof:2022-07", "as of July 2022"), ("asof:2024", "as of 2024"), ("2013/2021", "2013 to 2021"),
    ("2023-01/2023-07", "January to July 2023"), ("2010/2022-07", "2010 to July 2022"),
])
def test_periods_read_as_words(text, words):
    from northeast import charts
    from northeast.tooling import pages

    assert period_label(text) == words
    assert charts.period_label(text) == words
    assert pages.describe_period(text).startswith(words)


def test_a_period_outside_the_grammar_is_an_error():
    with pytest.raises(PeriodError):
        period_label("2023-H3")


def test_the_changelog_reports_what_a_commit_changed(tmp_path, monkeypatch):
    monkeypatch.setenv("NORTHEAST_CHANGELOG_CACHE", str(tmp_path / "cache"))
    def git(*args):
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True,
                       env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
                            "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_AUTHOR_DATE": "2030-01-02T00:00:00",
                            "GIT_COMMITTER_DATE": "2030-01-02T00:00:00", "PATH": "/usr/bin:/bin"})

    data = tmp_path / "data"
    data.mkdir()
    (data / "datapackage.json").write_text(json.dumps({"resources": [
        {"name": "series", "path": "series.csv", "schema": {"primaryKey": ["region", "year"]}}]}))
    (data / "series.csv").write_text("region,year,value\nCN-LN,2022,10\nCN-LN,2023,11\n")
    git("init", "-q")
    git("add", ".")
    git("commit", "-qm", "First series")
    (data / "series.csv").write_text("region,year,value\nCN-LN,2022,10\nCN-LN,2023,12\nCN-LN,2024,13\n")
    git("commit", "-qam", "Revise 2023 <b>and</b> add 2024")
    (data / "series.csv").write_text("region,year,value\nCN-LN,2022,9\nCN-LN,2023,12\nCN-LN,2024,13\n")
    git("commit", "-qam", "Fix a typo in 2022\n\nReason: The bureau corrected its 2022 figure.")
    (data / "series.csv").write_text("region,year,value\nCN-LN,2023,12\nCN-LN,2024,13\n")

    page = changelog_page(data)
    kept = sorted((tmp_path / "cache").glob("*.json"))
    assert len(kept) == 3, "one kept answer per commit and table"
    assert changelog_page(data) == page, "the kept answers give the same page"
    kept[0].write_text("{not json")
    for path in kept[1:]:
        path.unlink()
    assert changelog_page(data) == page, "a damaged or missing answer is worked out again"
    assert page.count("### 2 January 2030") == 1, "one heading a day"
    revised = page[page.index("## Revised figures"):page.index("## Figures added and removed")]
    assert ("CN-LN, 2023: 11 → 12. Why: not stated for readers; the change is recorded in the project's history "
            "as \"Revise 2023 \\<b\\>and\\</b\\> add 2024\"") in revised, \
        "without a Reason trailer the commit subject is marked as the developers' description (escaped)"
    assert "CN-LN, 2022: 10 → 9. Why: The bureau corrected its 2022 figure." in revised, \
        "a Reason trailer is the reason readers see"
    assert "Fix a typo" not in revised
    counted = page[page.index("## Figures added and removed"):]
    assert "1 official value added (Revise 2023" in counted and "2 official values added (First series)" in counted
    assert page.index("Not yet committed") < page.index("## Revised figures")
    assert "1 official value removed" in page[:page.index("## Revised figures")]


def test_the_changelog_says_so_without_history(tmp_path):
    (tmp_path / "datapackage.json").write_text(json.dumps({"resources": [
        {"name": "series", "path": "series.csv", "schema": {"primaryKey": ["region", "year"]}}]}))
    (tmp_path / "series.csv").write_text("region,year,value\nCN-LN,2022,10\n")
    page = changelog_page(tmp_path)
    assert "no version history" in page and "##" not in page


def test_citation_cff_agrees_with_the_book():
    import tomllib

    import yaml

    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert cff["cff-version"] == "1.2.0" and cff["message"] and cff["type"] in ("dataset", "software")
    assert cff["title"] == config["title"]
    assert [a["name"] for a in cff["authors"]] == [config["author"]]
    assert cff["version"] == project["version"], "CITATION.cff and pyproject.toml give different versions"


def test_sources_page_names_each_copy_its_date_and_cross_checks(tmp_path):
    """Each source has a heading of its own (its title), a copied table is named 'NBS, via <copy>' with the
    copy's date said to be the copy's, and the cross-check table shows the copy and what it was checked against."""
    import shutil

    from northeast.tooling.pages import sources_page

    fixture = Path(__file__).parent / "fixtures" / "valid"
    for path in fixture.glob("*.csv"):
        shutil.copy(path, tmp_path)
    page = sources_page(tmp_path).replace("\\", "")   # the text as shown (markup escapes removed)
    headings = [line for line in page.splitlines() if line.startswith("### ")]
    assert len(headings) == len(set(headings)) == 2
    assert ("National Bureau of Statistics of China, via GitHub example/nbs-copy (a research repository) "
            "(copy of 2024-01-01)") in page
    assert "released" not in page
    row = next(line for line in page.splitlines() if line.startswith("| Gross regional product |"))
    assert "GitHub example/nbs-copy" in row and "2024-01-01" in row and "high" in row
