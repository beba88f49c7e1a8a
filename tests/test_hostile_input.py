"""Hostile text in the data shows as inert text: it never runs in the reader's browser and never
publishes a file.

A copy of the project is built from a copy of data/ in which every free-text column of every table
(the columns no pattern, list of values, reference or number check holds) carries a payload: raw HTML
that would run script (`<script>`, `onerror=`), a Markdown link to `javascript:`, a MyST role and a
directive that would publish a file from outside the project, a substitution and math. Each payload
names its table and column, so a failure says which text got through. The book (home page, one
chapter, Sources, Catalogue, search) is opened in Debian's Chromium driven by Playwright.
"""
from __future__ import annotations

import csv
import functools
import http.server
import io
import os
import shutil
import threading
from pathlib import Path

import nbformat
import pytest

from northeast.tooling.bench import copy_project, run_build
from northeast.tooling.pages import inert

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
# The columns that take any text; every other column is held to a pattern, a list, a reference or a number.
TEXT_COLUMNS = {
    "sources": ("publisher", "title", "author", "url", "path", "note"),
    "places": ("name", "name_zh"),
    "metrics": ("label", "definition", "base"),
    "statistics": ("entity", "quote", "note"),
    "series": ("note",),
}
SECRET = "SECRET-7f3c-not-for-publishing"
V4 = nbformat.v4
SMART_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def payload(table: str, column: str, secret: Path) -> str:
    """Markup that would run `pwned('table.column')` or publish ``secret`` if it reached a page as
    markup. One word (no spaces), so a quote stays within its word limit; notes get the multi-line
    directive too."""
    mark = f"{table}.{column}"
    word = (f"<img/src=x/onerror=pwned('{mark}')><script>pwned('{mark}')</script>"
            f"<svg/onload=pwned('{mark}')>[link](javascript:pwned('{mark}'))"
            f"{{download}}`{secret}`{{{{pwned}}}}$x^2$")
    if column == "url":
        return f"https://example.org/{mark})<img/src=x/onerror=pwned('{mark}')>"
    if column in ("note", "definition"):
        return f"{word}\n\n```{{literalinclude}} {secret}\n```\n\n<script>pwned('{mark}')</script>"
    return word


def poison(folder: Path, secret: Path) -> dict[str, int]:
    """Add a payload to every text cell of every table (keeping what was there, so references and
    quotes still hold); return how many cells each table got."""
    counts = {}
    for table, columns in TEXT_COLUMNS.items():
        path = folder / f"{table}.csv"
        with open(path, newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            fields, rows = list(reader.fieldnames), list(reader)
        for row in rows:
            for column in columns:
                row[column] = (row[column] + payload(table, column, secret) if column != "url"
                               else payload(table, column, secret))
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")
        counts[table] = len(rows) * len(columns)
    return counts


def trade_notebook() -> nbformat.NotebookNode:
    return V4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
                           cells=[V4.new_markdown_cell("# Trade figures\n\nThe data hold {glue:text}`n_trade` trade figures."),
                                  V4.new_code_cell("from northeast import data, report\n"
                                                   "report.glue_text('n_trade', str(len(data.statistics(theme='trade'))))",
                                                   metadata={"tags": ["remove-cell"]})])


@pytest.fixture(scope="module")
def hostile_book(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    secret = root / "secret.txt"
    secret.write_text(SECRET)
    project = copy_project(root / "project")
    counts = poison(project / "data", secret)
    shutil.rmtree(project / "notebooks")
    (project / "notebooks").mkdir()
    nbformat.write(trade_notebook(), project / "notebooks" / "trade.ipynb")
    (project / "book" / "home.md").write_text("# Hostile data\n\nEvery text in the data carries markup.\n")
    (project / "_toc.yml").write_text("format: jb-book\nroot: book/home\nchapters:\n  - file: notebooks/trade\n"
                                      "  - file: book/sources\n  - file: book/catalogue\n")
    empty_shared = root / "shared"  # no source texts: quotes with a payload are not held to them
    empty_shared.mkdir()
    previous = os.environ.get("NORTHEAST_SHARED_DIR")
    os.environ["NORTHEAST_SHARED_DIR"] = str(empty_shared)
    try:
        result = run_build(project, root / "build", check=False)
    finally:
        if previous is None:
            os.environ.pop("NORTHEAST_SHARED_DIR")
        else:
            os.environ["NORTHEAST_SHARED_DIR"] = previous
    assert result.returncode == 0, result.stdout + result.stderr
    # the build says which quotes it could not check (no source text at hand), without stopping
    assert "data/sources.csv:2:8: notice: source text " in result.stdout
    return {"html": root / "build" / "html", "counts": counts, "secret": secret}


@pytest.fixture(scope="module")
def site(hostile_book):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(hostile_book["html"]))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps` (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


PAGES = ["index.html", "book/home.html", "notebooks/trade.html", "book/sources.html", "book/catalogue.html",
         "search.html?q=pwned", "search.html?q=img"]


def test_every_text_column_carries_a_payload(hostile_book):
    assert all(count > 0 for count in hostile_book["counts"].values()), hostile_book["counts"]


@pytest.mark.parametrize("page", PAGES)
def test_no_payload_runs_in_the_browser(chromium, site, page):
    context = chromium.new_context()
    context.add_init_script("window.__ran = []; window.pwned = mark => window.__ran.push(mark);")
    tab = context.new_page()
    dialogs = []
    tab.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    tab.goto(f"{site}/{page}", wait_until="networkidle")
    tab.wait_for_timeout(300)  # an onerror fires after the failed image request
    ran = tab.evaluate("window.__ran")
    scripted = tab.evaluate("""() => Array.from(document.querySelectorAll(
        'a[href^="javascript:" i], [onerror], [onload], svg[onload]')).map(e => e.outerHTML.slice(0, 120))""")
    context.close()
    assert (ran, dialogs, scripted) == ([], [], [])


@pytest.mark.parametrize("page", ["book/sources.html", "book/catalogue.html"])
def test_payloads_show_as_text(chromium, site, hostile_book, page):
    """Escaped, not dropped: the reader sees the markup as it is written in the data."""
    tab = chromium.new_page()
    tab.goto(f"{site}/{page}", wait_until="load")
    text = tab.inner_text("main").translate(SMART_QUOTES)  # Sphinx curls quotes in text, data or not
    tab.close()
    table, column = {"book/sources.html": ("sources", "publisher"), "book/catalogue.html": ("places", "name")}[page]
    assert payload(table, column, hostile_book["secret"]) in text


def test_no_payload_publishes_a_file(hostile_book):
    html = hostile_book["html"]
    published = [p for p in html.rglob("*") if p.is_file()]
    assert not [p for p in published if p.name == hostile_book["secret"].name]
    assert not [p for p in published if SECRET.encode() in p.read_bytes()]
    downloads = sorted(p.name for p in (html / "_downloads").rglob("*") if p.is_file())
    assert downloads == sorted(["statistics.csv", "series.csv", "sources.csv", "metrics.csv", "places.csv",
                                "datapackage.json", "README.md"])


def test_inert_text_leaves_nothing_to_interpret():
    from markdown_it import MarkdownIt

    text = payload("sources", "note", Path("/etc/passwd"))
    tokens = MarkdownIt("commonmark").enable("table").parseInline(inert(text))[0].children
    assert [t.type for t in tokens] == ["text"]
    assert tokens[0].content == " ".join(text.split())
