"""Regenerating the book with new data: the four changes of book/updating.md, each made to a copy of
the real data and built with the real chapters, with no chapter touched.

(a) an official value revised, (b) next year's rows for a series whose divisor has no such year yet,
(c) a new article whose text is not at hand, (d) an optional row removed. For each the build must
succeed, the pages that use the changed rows must change, and the old value must be gone from them.
The changes themselves are ``northeast.bench.SCENARIOS`` (the benchmark times the same rebuilds); they
pick their rows from the data, and these tests compute what to look for from the rows they changed.

One build of the copy is shared by the module (it reuses the executions of the project's own build
where their cache keys match, so after ``make book`` only Sphinx runs); each scenario starts from a
saved copy of that state (data and build folder), so it is built incrementally, as a user's next
``make book`` would be, and the scenarios do not depend on their order.
"""
from __future__ import annotations

import re
import shutil

import pytest

from northeast.tooling import bench, build as nb_build
from northeast.tooling.bench import copy_project, executed, rows_readers, run_build

from conftest import glued, page_images, pasted_texts, tree_digest


CITE_BLOCK = re.compile(rb'<aside class="cite-this-page".*?</aside>', re.S)


def chapter_pages(build) -> dict[str, bytes]:
    """Each chapter page without its "Cite this page" block: that block states the data-as-of date and
    the last year of the official series, so new data rightly change it on every page."""
    return {p.stem: CITE_BLOCK.sub(b"", p.read_bytes())
            for p in sorted((build / "html" / "notebooks").glob("*.html"))}


def stem(notebook: str) -> str:
    """'notebooks/07_long_view.ipynb' -> '07_long_view'."""
    return notebook.rsplit("/", 1)[-1].removesuffix(".ipynb")


def number(text: str) -> str:
    """A printed number as the data hold it ('30,209.4' -> '30209.4')."""
    return text.replace(",", "")


def occurrences(texts, value: str) -> int:
    """How often the texts show ``value`` as a number of its own ('2023' in '2004–2023', not in '12023')."""
    token = re.compile(rf"(?<![\d.]){re.escape(value)}(?![\d]|\.\d)")
    return sum(len(token.findall(number(t))) for t in texts)


def shows(texts, value: str) -> bool:
    return occurrences(texts, value) > 0


def catalogue_rows(html: str) -> int:
    """How many figures the catalogue page lists (one table row each)."""
    return len(re.findall(r'<tr class="row-(?:even|odd)"><td\b', html))


def built(result) -> str:
    """The build's log, for an assertion message: on failure it names the notebook, cell and error."""
    return f"the build failed:\n{result.stdout}\n{result.stderr}"


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    root = tmp_path_factory.mktemp("regeneration")
    project = copy_project(root / "project")
    build = root / "build"
    # Start from the executions of the project's own build (``make test`` has just built the book):
    # the build reuses each one only if its key (code, package, rows read) matches the copy's.
    own = nb_build.layout().executed
    if own.is_dir():
        shutil.copytree(own, build / ".stage" / "executed")
    run_build(project, build)
    state = root / "state"
    bench.save_state(project, build, state)
    pages = chapter_pages(build)
    return {"project": project, "build": build, "state": state, "pages": pages,
            "catalogue": (build / "html" / "book" / "catalogue.html").read_text(encoding="utf-8")}


@pytest.fixture
def scenario(book):
    """Start from the clean build's state; return a function that applies a scenario and rebuilds."""
    bench.restore_state(book["project"], book["build"], book["state"])
    before = {"glued": {}, "pasted": {}, "readers": set()}

    def apply(change_data):
        change = change_data(book["project"] / "data")
        users, readers = rows_readers(book["build"], change.table, change.new or change.old)
        assert users, f"no chapter reads the changed rows ({change.description})"
        for name in users:
            before["glued"][name] = glued(book["build"], name)
            before["pasted"][name] = pasted_texts(book["build"], f"notebooks/{stem(name)}")
        result = run_build(book["project"], book["build"], check=False)
        before["readers"] = {stem(r) for r in readers}
        return change, users, result

    yield book, before, apply
    bench.restore_state(book["project"], book["build"], book["state"])


def assert_pages_follow(book, before, users, result, changed: set[str] | None = None):
    """The build succeeded and re-executed the chapters that use the rows; the pages in ``changed``
    (default: those chapters') differ from the clean build's, and no chapter that does not read the
    rows has a page that differs."""
    assert result.returncode == 0, built(result)
    assert {stem(u) for u in users} <= set(executed(result)), result.stdout
    changed = {stem(u) for u in users} if changed is None else changed
    now = chapter_pages(book["build"])
    differ = {name for name in now if now[name] != book["pages"][name]}
    assert changed <= differ, f"pages that use the changed rows are unchanged: {sorted(changed - differ)}"
    assert differ <= before["readers"], f"pages of chapters that do not read the rows changed: {differ - before['readers']}"


def test_a_revised_official_value_reaches_the_prose_and_charts(scenario):
    book, before, apply = scenario
    change, users, result = apply(bench.revise_official_value)
    assert_pages_follow(book, before, users, result)
    old, new = change.old[0]["value"], change.new[0]["value"]
    for notebook in users:
        assert glued(book["build"], notebook) != before["glued"][notebook], f"{notebook}: no glued value changed"
    long_view = next(u for u in users if "long_view" in u)
    was, now = before["glued"][long_view].values(), glued(book["build"], long_view).values()
    assert shows(was, old), "the long view does not state the value this scenario revises: choose another row"
    # Where the chapter stated the row's value, it states the new one. The old value can stay where it
    # is another row's figure (the provincial release printed the same GRP), so it is counted.
    assert occurrences(now, old) < occurrences(was, old)
    assert occurrences(now, new) > occurrences(was, new)
    page = f"notebooks/{stem(long_view)}"
    assert shows(pasted_texts(book["build"], page), new)
    assert page_images(book["build"], page) != page_images(book["state"] / "build", page), "charts not redrawn"


def test_b_next_year_without_its_divisor_builds_and_shows_the_new_year(scenario):
    book, before, apply = scenario
    change, users, result = apply(bench.add_next_year)
    year = change.new[0]["year"]
    _, rows = bench.read_rows(book["project"] / "data" / "series.csv")
    assert not any(r["metric"] == bench.DIVISOR_METRIC and r["year"] == year for r in rows), \
        "the divisor already has the new year: not this scenario"
    long_view = next(u for u in users if "long_view" in u)
    assert_pages_follow(book, before, users, result, changed={stem(long_view)})
    # the chapter's spans and latest year reach the new year, in its glued values and on its page
    was, now = before["glued"][long_view].values(), glued(book["build"], long_view).values()
    assert occurrences(now, year) > occurrences(was, year)
    page = pasted_texts(book["build"], f"notebooks/{stem(long_view)}")
    assert occurrences(page, year) > occurrences(before["pasted"][long_view], year)
    # the comparison chapter's ranks on real growth and its synthetic comparison reach the new year
    compared = next(u for u in users if "compared" in u)
    was, now = before["glued"][compared], glued(book["build"], compared)
    for key in ("cmp_ranks_sentence", "cmp_synth_span"):
        assert occurrences([now[key]], year) > occurrences([was[key]], year), key


def test_c_article_without_text_builds_with_a_notice(scenario):
    book, before, apply = scenario
    change, users, result = apply(bench.add_article_without_text)
    assert_pages_follow(book, before, users, result, changed=set())
    log = result.stdout + result.stderr
    notice = [line for line in log.splitlines()
              if re.search(r"not (been )?(checked|verified)|unchecked|cannot be checked", line, re.I)
              and any(i in line for i in change.notice_ids)]
    assert notice, f"no notice that the quotes of {change.notice_ids} were not checked against a text:\n{log}"
    catalogue = (book["build"] / "html" / "book" / "catalogue.html").read_text(encoding="utf-8")
    assert catalogue_rows(catalogue) == catalogue_rows(book["catalogue"]) + 1   # ids stay out of reader tables
    sources = (book["build"] / "html" / "book" / "sources.html").read_text(encoding="utf-8")
    assert "A new article whose text is not at hand" in sources


def test_d_optional_row_removed_builds_and_the_pages_drop_it(scenario):
    book, before, apply = scenario
    change, users, result = apply(bench.remove_optional_row)
    assert_pages_follow(book, before, users, result)
    row = change.old[0]
    for notebook in users:
        page = f"notebooks/{stem(notebook)}"
        assert shows(before["pasted"][notebook], row["value"]), f"{page} did not show the row to begin with"
        assert not shows(pasted_texts(book["build"], page), row["value"]), f"{page} still shows {row['stat_id']}"
    catalogue = (book["build"] / "html" / "book" / "catalogue.html").read_text(encoding="utf-8")
    assert catalogue_rows(catalogue) == catalogue_rows(book["catalogue"]) - 1


def test_the_clean_state_comes_back(book):
    """Restoring the saved state gives the clean build's book again (each scenario starts from it)."""
    bench.restore_state(book["project"], book["build"], book["state"])
    again = run_build(book["project"], book["build"])
    assert executed(again) == []
    assert tree_digest(book["build"] / "html") == tree_digest(book["state"] / "build" / "html")
