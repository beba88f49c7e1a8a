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
from pathlib import Path
import shutil

import pytest

from northeast.tooling import bench, build as nb_build
from northeast.tooling.bench import copy_project, executed, rows_readers, run_build

from conftest import glued, page_images, page_text, pasted_texts, tree_digest


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
    return len(re.findall(r'<tr class="row-(?:even|odd)"[^>]*><td\b', html))


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
    # the comparison chapter's ranks on real growth and its synthetic comparison reach the new year: in
    # its prose, and in the data of its two charts (the latest growth period and the synthetic panel end there)
    compared = next(u for u in users if "compared" in u)
    was, now = before["glued"][compared], glued(book["build"], compared)
    for key in ("say.ranks", "say.synth_span"):
        assert occurrences([now[key]], year) > occurrences([was[key]], year), key
    charts_dir = book["build"] / "html" / "charts"
    _, synthetic_rows = bench.read_rows(charts_dir / "compared-synthetic.csv")
    assert max(int(r["year"]) for r in synthetic_rows if r["series"] == "three provinces") == int(year)
    assert max(int(r["year"]) for r in synthetic_rows if r["series"] == "synthetic three provinces") == int(year)
    _, rank_rows = bench.read_rows(charts_dir / "compared-ranks.csv")
    growth_ends = {int(r["period"].split("/")[-1]) for r in rank_rows if r["measure"] == "real_growth"}
    assert max(growth_ends) == int(year)


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


# --------------------------------------------------------------------------- a curator's changes (issue 21)
ARTICLE_TEXTS = Path(__file__).parent / "fixtures" / "article" / "texts"   # a fictional article, see its README
ARTICLE_SOURCE = "test-2019-liaoning"


def audit_page(build) -> str:
    return page_text(build, "notebooks/08_claims_audit")


def edit_checks(project, *rows: str, replace: tuple[str, str] | None = None) -> int:
    """Append rows to (or edit a cell of) the copy's checks table; returns the line of the last row."""
    table = bench.checks_table(project)
    text = table.read_text(encoding="utf-8")
    if replace:
        assert replace[0] in text
        text = text.replace(*replace)
    text = text + "".join(r + "\n" for r in rows)
    table.write_text(text, encoding="utf-8")
    return len(text.splitlines())


def test_e_an_edited_check_row_re_executes_the_audit(book):
    bench.restore_state(book["project"], book["build"], book["state"])
    try:
        before = audit_page(book["build"])
        edit_checks(book["project"], replace=("official-jl-grp,official_level,,,,gojilin-2024-02,vintage=revised",
                                              "official-jl-grp,official_level,,,,gojilin-2024-02,vintage=5th_census"))
        result = run_build(book["project"], book["build"], check=False)
        assert result.returncode == 0, built(result)
        assert "08_claims_audit" in executed(result), result.stdout
        assert audit_page(book["build"]) != before, "the audit page did not follow the edited check"
    finally:
        bench.restore_state(book["project"], book["build"], book["state"])


def test_f_a_mistyped_check_row_stops_the_build_naming_its_line(book):
    bench.restore_state(book["project"], book["build"], book["state"])
    try:
        before = tree_digest(book["build"] / "html")
        line = edit_checks(book["project"], "typo-check,repeat,,,,cd-2022-18 cd-2022-1,")
        result = run_build(book["project"], book["build"], check=False)
        assert result.returncode == 1
        assert (f"northeast/claims/checks.csv:{line}:6: check 'typo-check': no figure 'cd-2022-1' in "
                "data/statistics.csv") in result.stderr
        assert tree_digest(book["build"] / "html") == before
    finally:
        bench.restore_state(book["project"], book["build"], book["state"])


def add_curators_article(folder):
    """The fictional 2019 article (tests/fixtures/article): a decline, a growth rate against the national
    one and a forecast, its text at hand outside ../shared/, and two audit checks of known kinds."""
    fields, sources = bench.read_rows(folder / "sources.csv")
    source = {k: "" for k in fields} | {
        "source_id": ARTICLE_SOURCE, "publisher": "Test Daily (fictional test fixture)",
        "title": "Liaoning's economy returns to growth", "published": "2019-02-20", "kind": "news article",
        "path": "test-liaoning-2019.txt", "note": "Fictional article of the regeneration test (tests/fixtures/article)."}
    bench.write_rows(folder / "sources.csv", fields, sources + [source])
    fields, stats = bench.read_rows(folder / "statistics.csv")
    common = {k: "" for k in fields} | {"source_id": ARTICLE_SOURCE, "theme": "economy", "unit": "percent",
                                        "qualifier": "exact", "note": "Fictional figure of the regeneration test."}
    new = [common | {"stat_id": "test-2019-01", "region": "CN-LN", "metric": "real_gdp_growth", "period": "2017",
                     "value": "4.2", "quote": "Liaoning's economy grew 4.2 percent in 2017"},
           common | {"stat_id": "test-2019-02", "region": "CN", "metric": "real_gdp_growth", "period": "2017",
                     "value": "6.9", "quote": "lagging behind the national growth rate of 6.9 percent"},
           common | {"stat_id": "test-2019-03", "region": "CN-LN", "metric": "real_gdp_growth", "period": "2016",
                     "value": "-2.5", "quote": "provincial GDP shrank 2.5 percent in 2016"},
           common | {"stat_id": "test-2019-04", "region": "CN-LN", "metric": "grp_nominal", "period": "2018",
                     "value": "2.53", "unit": "trillion yuan", "qualifier": "expected",
                     "quote": "GDP is expected to reach 2.53 trillion yuan in 2018"}]
    bench.write_rows(folder / "statistics.csv", fields, stats + new)
    edit_checks(folder.parent, "test-ln-2017-index,official_real_growth,,,,test-2019-01,then=4th_census;now=5th_census",
                "test-ln-2017-national,national_beside,,,,test-2019-01 test-2019-02,",
                "test-ln-2018-forecast,official_level,,,,test-2019-04,vintage=5th_census")
    return bench.Change("statistics", new, [], f"sources.csv: {ARTICLE_SOURCE}; statistics.csv: four figures; "
                                                "checks.csv: three checks")


def test_g_a_curators_article_reaches_its_chapter_the_catalogue_and_the_audit(scenario, monkeypatch):
    monkeypatch.setenv("NORTHEAST_TEXTS", str(ARTICLE_TEXTS))
    book, before, apply = scenario
    change, users, result = apply(add_curators_article)
    assert result.returncode == 0, built(result)
    assert {"07_long_view", "08_claims_audit"} <= set(executed(result)), result.stdout
    log = result.stdout + result.stderr
    assert ARTICLE_SOURCE not in log, f"the article's text outside ../shared/ was not found:\n{log}"
    catalogue = (book["build"] / "html" / "book" / "catalogue.html").read_text(encoding="utf-8")
    assert catalogue_rows(catalogue) == catalogue_rows(book["catalogue"]) + len(change.new)
    chapter = page_text(book["build"], "notebooks/07_long_view")
    for shown in ("−2.5 percent", "expected 2.53 trillion yuan (not an outturn)", "Test Daily"):
        assert shown in chapter, f"the long view's table does not show {shown!r}"
    audit = " ".join(audit_page(book["build"]).split())
    assert "below the national 6.9 percent" in audit                       # national_beside
    assert "4th census vintage: index" in audit                             # official_real_growth
    assert "The source printed a forecast (expected)" in audit              # official_level, as a forecast


ADDED_SOURCE = "test-next-year-communique"


def official_rows_via_additions(folder, additions, regions_wanted: str):
    """Next year's GRP (the chapters' vintage) written to an additions table (etl/additions/ in a
    temporary folder) and brought into the copy's data by the etl step, as `make data` does: for
    China and the three provinces (the short route) or for every region that has the latest year."""
    import sys

    from northeast.facts import GRP_VINTAGE, PROVINCES
    from northeast.paths import ROOT, shared_dir

    sys.path.insert(0, str(ROOT))
    import etl
    from etl.core import SERIES_COLUMNS, SOURCE_COLUMNS

    _, rows = bench.read_rows(folder / "series.csv")
    mine = [r for r in rows if r["metric"] == "grp_nominal" and r["vintage"] == GRP_VINTAGE]
    latest = max(int(r["year"]) for r in mine)
    regions = {"CN", *PROVINCES} if regions_wanted == "four" else {r["region"] for r in mine if int(r["year"]) == latest}
    decimals = lambda text: len(text.split(".")[1]) if "." in text else 0
    added = [{**r, "year": str(latest + 1), "value": f"{float(r['value']) * 1.04:.{decimals(r['value'])}f}",
              "source_id": ADDED_SOURCE, "flag": "", "note": "Fictional next-year figure of the regeneration test."}
             for r in mine if int(r["year"]) == latest and r["region"] in regions]
    bench.write_rows(additions / "series.csv", list(SERIES_COLUMNS), added)
    bench.write_rows(additions / "sources.csv", list(SOURCE_COLUMNS), [{k: "" for k in SOURCE_COLUMNS} | {
        "source_id": ADDED_SOURCE, "publisher": "Test statistics bureau (fictional)",
        "title": f"Statistical communiqué for {latest + 1} (test fixture)", "published": f"{latest + 2}-02-28",
        "kind": "statistical table", "note": "Fictional source of the regeneration test."}])
    reference = shared_dir() / "reference-data"
    etl.run(reference, folder)
    assert etl.run(reference, folder, check=True) == [], "make data then python -m etl --check disagree"
    _, after = bench.read_rows(folder / "series.csv")
    assert [r for r in after if r["source_id"] == ADDED_SOURCE] == sorted(added, key=etl.sort_key)
    return bench.Change("series", added, [], f"etl/additions: grp_nominal {latest + 1} for {len(added)} regions")


@pytest.mark.skipif(not (Path(__file__).resolve().parents[2] / "shared" / "reference-data").is_dir()
                    and not __import__("os").environ.get("NORTHEAST_SHARED_DIR"),
                    reason="the reference data (../shared/reference-data) are not on this machine")
@pytest.mark.parametrize("route", ["four", "all"])
def test_h_next_years_official_rows_through_the_additions_table(scenario, monkeypatch, tmp_path, route):
    """The Updating page's route (China and the three provinces) and the complete one (every region):
    `make data` brings the rows in, the build follows, and with four regions the chapter says which
    regions have the new year instead of staying silent at the old one."""
    additions = tmp_path / "additions"
    additions.mkdir()
    monkeypatch.setenv("NORTHEAST_ADDITIONS", str(additions))
    book, before, apply = scenario
    change, users, result = apply(lambda folder: official_rows_via_additions(folder, additions, route))
    assert result.returncode == 0, built(result)
    long_view = next(u for u in users if "long_view" in u)
    assert "07_long_view" in executed(result)
    new_year = change.new[0]["year"]
    now = glued(book["build"], long_view)
    was = before["glued"][long_view]
    if route == "four":
        assert now["say.gdp_last_year"] == was["say.gdp_last_year"]
        assert new_year in now["say.share_lacking"] and "Liaoning" in now["say.share_lacking"], now["say.share_lacking"]
        assert shows(pasted_texts(book["build"], f"notebooks/{stem(long_view)}"), new_year)
        landing = glued(book["build"], "notebooks/00_key_findings.ipynb")
        assert new_year in landing["say.output_lacking"], landing["say.output_lacking"]
    else:
        assert now["say.gdp_last_year"] == new_year and now["say.share_lacking"] == ""
    assert was["say.share_lacking"] == ""
