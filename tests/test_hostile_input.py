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
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import nbformat
import pytest

from northeast.tooling.bench import copy_project, run_build
from northeast.tooling.copies import project_env
from northeast.tooling.pages import inert

from conftest import debian_chromium, served, small_book, tree_digest

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
# Sphinx's smart quotes curl quotes and make "--" a dash, in text from the data as in any text
SMART_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "--",
                              "\u2014": "---"})


def payload(table: str, column: str, secret: Path) -> str:
    """Markup that would run `pwned('table.column')` or publish ``secret`` if it reached a page as
    markup. One word (no spaces), so a quote stays within its word limit; notes get the multi-line
    directive too."""
    mark = f"{table}.{column}"
    word = (f"<img/src=x/onerror=pwned('{mark}')><script>pwned('{mark}')</script>"
            f"<svg/onload=pwned('{mark}')>[link](javascript:pwned('{mark}'))"
            f"{{download}}`{secret}`{{{{pwned}}}}$x^2$</script><!--]]>{{eval}}`pwned()`{{glue:text}}`n_trade`")
    if column == "url":   # well formed (parentheses balanced, as the schema asks), breaking out of its attribute
        return f"https://example.org/{mark}\"><img/src=x/onerror=pwned('{mark}')>"
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
    # a glossary: its index entries are what an incremental Sphinx 7.4 dropped (sphinx#12599)
    (project / "book" / "terms.md").write_text("# Terms\n\n```{glossary}\nGRP\n  Gross regional product.\n\n"
                                               "Jin\n  Half a kilogram.\n```\n")
    small_book(project, "format: jb-book\nroot: book/home\nchapters:\n  - file: notebooks/trade\n"
                        "  - file: book/sources\n  - file: book/catalogue\n  - file: book/terms\n")
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
    return {"html": root / "build" / "html", "counts": counts, "secret": secret, "project": project,
            "build": root / "build", "shared": empty_shared, "root": root}


@pytest.fixture(scope="module")
def site(hostile_book):
    with served(hostile_book["html"]) as address:
        yield address


@pytest.fixture(scope="module")
def chromium():
    with debian_chromium() as browser:
        yield browser


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


# Every file the build generates, read as text: markup from the data is never live in a file a browser
# renders as markup (HTML, SVG, XML), and a CSV download never starts a cell with a formula.
LIVE_MARKUP = ("<img/src=x/onerror", "<script>pwned", "<svg/onload")


def test_every_generated_file_holds_the_payload_inert(hostile_book):
    checked = {}
    for path in hostile_book["html"].rglob("*"):
        if not path.is_file() or path.suffix not in (".html", ".svg", ".xml", ".js", ".json", ".csv", ".txt"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        checked[path.suffix] = checked.get(path.suffix, 0) + 1
        if path.suffix in (".html", ".svg", ".xml"):
            assert not [m for m in LIVE_MARKUP if m in text], path
        elif path.suffix == ".csv":
            cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
            assert not [c for c in cells if c[:1] in ("=", "+", "@") or (c[:1] == "-" and not c[1:2].isdigit())], path
        elif path.name == "searchindex.js":
            index = json.loads(text[len("Search.setIndex("):-1])
            assert not [t for t in index["titles"] if "<" in t], "page titles must be plain text"
    assert {".html", ".js", ".csv"} <= set(checked), checked


def test_a_search_for_the_payload_finds_it_and_runs_nothing(chromium, site, hostile_book):
    """The search the issue found (sphinx#13356): the query is the payload itself, so it matches the
    Sources page's headings; their titles must show as text."""
    text = (hostile_book["html"] / "searchindex.js").read_text(encoding="utf-8")
    headings = [t for t in json.loads(text[len("Search.setIndex("):-1])["alltitles"]
                if "onerror=pwned" in t and "sources.title" in t]
    assert headings, "no heading of the Sources page carries the title's payload"
    query = headings[0]   # the payload as the index holds it (Sphinx curls its quotes)
    context = chromium.new_context()
    context.add_init_script("window.__ran = []; window.pwned = mark => window.__ran.push(mark);")
    tab = context.new_page()
    tab.goto(f"{site}/search.html?q={quote(query)}", wait_until="load")
    tab.wait_for_function("() => /found|did not match/i.test(document.querySelector('#search-results')?.innerText || '')")
    tab.wait_for_timeout(500)
    titles = tab.evaluate("() => Array.from(document.querySelectorAll('#search-results ul.search li > a')).map(a => a.textContent)")
    ran = tab.evaluate("window.__ran")
    live = tab.evaluate("() => document.querySelectorAll('#search-results [onerror], #search-results script, "
                        "#search-results svg').length")
    context.close()
    assert [t for t in titles if "<img/src=x/onerror=pwned('sources.title')>" in t.translate(SMART_QUOTES)], titles
    assert (ran, live) == ([], 0)


@pytest.mark.parametrize("page", ["book/sources.html", "book/catalogue.html", "notebooks/trade.html"])
def test_long_words_from_the_data_do_not_widen_a_phone_page(chromium, site, page):
    context = chromium.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    tab.goto(f"{site}/{page}", wait_until="load")
    width = tab.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 390


def hostile_env(book: dict) -> dict:
    return dict(project_env(book["project"], book["build"]), NORTHEAST_SHARED_DIR=str(book["shared"]))


def bounded_build(book: dict, seconds: int = 300) -> subprocess.CompletedProcess:
    """``python -m northeast build`` in the hostile project, stopped if it outlives ``seconds``."""
    return subprocess.run([sys.executable, "-m", "northeast", "build"], cwd=book["project"], env=hostile_env(book),
                          capture_output=True, text=True, timeout=seconds)


def _formula(data: Path) -> None:
    edit_first_row(data / "sources.csv", "publisher", '=HYPERLINK("https://evil.example","x")')


def _infinite(data: Path) -> None:
    edit_first_row(data / "series.csv", "value", "9" * 400)


def _fifo(data: Path) -> None:
    (data / "statistics.csv").unlink()
    os.mkfifo(data / "statistics.csv")


def _pattern(data: Path) -> None:
    descriptor = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in descriptor["resources"] if r["name"] == "sources")
    field = next(f for f in resource["schema"]["fields"] if f["name"] == "author")
    field.setdefault("constraints", {})["pattern"] = "(a|aa)+"
    (data / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    edit_first_row(data / "sources.csv", "author", "a" * 64 + "!")


def edit_first_row(path: Path, column: str, value: str) -> None:
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields, rows = list(reader.fieldnames), list(reader)
    rows[0][column] = value
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


REJECTED_BUILDS = [("formula in a publisher", _formula, "data/sources.csv:2:2: "),
                   ("400-digit series value", _infinite, "data/series.csv:2:4: "),
                   ("FIFO in place of statistics.csv", _fifo, "data/statistics.csv:1:1: "),
                   ("catastrophic pattern", _pattern, "data/datapackage.json:")]


@pytest.mark.parametrize("name,damage,location", REJECTED_BUILDS, ids=[c[0] for c in REJECTED_BUILDS])
def test_a_rejected_input_fails_the_build_and_leaves_the_book_byte_identical(hostile_book, name, damage, location):
    data = hostile_book["project"] / "data"
    saved = hostile_book["root"] / "saved-data"
    shutil.copytree(data, saved, dirs_exist_ok=True)
    before = tree_digest(hostile_book["html"])
    try:
        damage(data)
        result = bounded_build(hostile_book, seconds=120)
    finally:
        shutil.rmtree(data)
        shutil.copytree(saved, data)
        shutil.rmtree(saved)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert location in result.stderr, output
    assert tree_digest(hostile_book["html"]) == before


def test_a_damaged_cache_is_repaired_and_nothing_outside_the_build_is_deleted(hostile_book):
    build, root = hostile_book["build"], hostile_book["root"]
    stage, executed_dir = build / ".stage", build / ".stage" / "executed"
    victim = root / "victim.txt"
    victim.write_text("not the build's to delete")
    depth = len(executed_dir.relative_to(root).parts)
    manifest = json.loads((executed_dir / "manifest.json").read_text())
    manifest["../" * depth + "victim.txt"] = manifest["notebooks/trade.ipynb"]
    (executed_dir / "manifest.json").write_text(json.dumps(manifest))
    for path in (build / ".lock", stage / "book-files.sha256", stage / "src" / "book" / "sources.md",
                 executed_dir / "notebooks" / "trade.ipynb"):   # a folder where a file belongs
        path.unlink()
        (path / "inside").mkdir(parents=True)
    result = bounded_build(hostile_book)
    assert result.returncode == 0, result.stdout + result.stderr
    assert victim.read_text() == "not the build's to delete"
    assert "names a file outside the cache" in result.stdout
    assert (hostile_book["html"] / "book" / "sources.html").is_file()

    shutil.rmtree(executed_dir)
    executed_dir.write_text("a file where the cache's folder belongs")
    result = bounded_build(hostile_book)
    assert result.returncode == 0, result.stdout + result.stderr

    # a truncated executed notebook whose digest was rewritten to match, and a read of a missing column
    notebook = executed_dir / "notebooks" / "trade.ipynb"
    notebook.write_bytes(notebook.read_bytes()[:300])
    manifest = json.loads((executed_dir / "manifest.json").read_text())
    manifest["notebooks/trade.ipynb"]["output"] = hashlib.sha256(notebook.read_bytes() + b"\0").hexdigest()
    manifest["notebooks/trade.ipynb"]["reads"][0]["filters"] = {"no_such_column": ["x"]}
    (executed_dir / "manifest.json").write_text(json.dumps(manifest))
    result = bounded_build(hostile_book)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert "notice: the cached execution of notebooks/trade.ipynb is missing or damaged" in result.stdout


def test_incremental_equals_clean_after_an_accepted_source_row(hostile_book):
    """Last: it changes the data. A new source with hostile text is accepted; the incremental book
    equals a clean one, search index and glossary entries included (sphinx#12599)."""
    data = hostile_book["project"] / "data"
    with open(data / "sources.csv", newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields, rows = list(reader.fieldnames), list(reader)
    row = dict(rows[0], source_id="zz-hostile-new", publisher="New <b>Daily</b> $x$ " + "W" * 60, url="")
    edit = io.StringIO()
    writer = csv.DictWriter(edit, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows + [row])
    (data / "sources.csv").write_text(edit.getvalue(), encoding="utf-8")
    result = bounded_build(hostile_book)
    assert result.returncode == 0, result.stdout + result.stderr
    clean = hostile_book["root"] / "build-clean"
    result = subprocess.run([sys.executable, "-m", "northeast", "build"], cwd=hostile_book["project"],
                            env=dict(hostile_env(hostile_book), NORTHEAST_BUILD_DIR=str(clean)),
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    incremental, fresh = tree_digest(hostile_book["html"]), tree_digest(clean / "html")
    assert sorted(incremental) == sorted(fresh)
    assert [name for name in fresh if fresh[name] != incremental[name]] == []
    index = (hostile_book["html"] / "searchindex.js").read_text(encoding="utf-8")
    assert '"grp": [[' in index and '"jin": [[' in index   # the glossary's index entries
