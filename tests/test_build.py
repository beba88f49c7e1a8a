"""The build (northeast/tooling/build.py): new data reach the pages, nothing stale, nothing extra executed,
and a failed build leaves the published book as it was.

The end-to-end tests build a temporary copy of the project (package, config, pages, data) whose
chapters are two small synthetic notebooks, so they do not depend on the chapters being written;
one clean build is shared by the module and the tests run in file order.
"""
from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from northeast.tooling import build as nb_build
from northeast import data as data_module
from northeast.tooling.bench import copy_project, executed, read_rows, run_build, sphinx_ran, write_rows
from northeast.paths import data_dir

from conftest import page_images, page_text, small_book, tree_digest

V4 = nbformat.v4
KERNELSPEC = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
SETUP = "from northeast import charts, data, report\nimport matplotlib.pyplot as plt\ncharts.use_house_style()\n"
JILIN, TRADE = "jilin", "trade"
GRP = {"region": "CN-JL", "metric": "grp_nominal", "vintage": "revised"}


def jilin_notebook() -> nbformat.NotebookNode:
    """Reads one series, glues its latest value into the prose, draws it."""
    return V4.new_notebook(metadata=KERNELSPEC, cells=[
        V4.new_markdown_cell("# Jilin's output\n\nThe latest figure: {glue:text}`latest`."),
        V4.new_code_cell(SETUP + f"grp = data.series(**{GRP!r}).sort_values('year')\n"
                         "last = grp.iloc[-1]\n"
                         "report.glue_text('latest', f'{last.value_printed} {last.unit} in {last.year}')",
                         metadata={"tags": ["remove-cell"]}),
        V4.new_code_cell("def draw(fig, phone):\n    ax = fig.subplots()\n    ax.plot(grp['year'], grp['value'])\n"
                         "    ax.set_ylabel('100 million yuan')\n\n\n"
                         "charts.chart(draw, 'test-jilin', sorted(set(grp['source_id'])), grp[['year', 'value', 'unit']])",
                         metadata={"tags": ["remove-input"], "mystnb": {
                             "figure": {"caption": "GRP of Jilin, current prices.", "name": "fig-test-jilin"},
                             "image": {"alt": "A line chart of Jilin's GRP by year."}}}),
    ])


def trade_notebook() -> nbformat.NotebookNode:
    """Reads one theme of the article figures, glues a count, shows a table."""
    return V4.new_notebook(metadata=KERNELSPEC, cells=[
        V4.new_markdown_cell("# Trade figures\n\nThe data hold {glue:text}`n_trade` trade figures."),
        V4.new_code_cell(SETUP + "trade = data.statistics(theme='trade')\n"
                         "report.glue_text('n_trade', str(len(trade)))", metadata={"tags": ["remove-cell"]}),
        # a Styler table: pandas gives it a random id, which the build makes stable
        V4.new_code_cell("trade[['stat_id', 'value_printed', 'unit']].head(3).style.hide(axis='index')",
                         metadata={"tags": ["remove-input"]}),
    ])


def make_project(root: Path) -> Path:
    """A copy of the project whose book is a home page, the two notebooks and the generated pages."""
    project = copy_project(root / "project")
    shutil.rmtree(project / "notebooks")
    (project / "notebooks").mkdir()
    nbformat.write(jilin_notebook(), project / "notebooks" / f"{JILIN}.ipynb")
    nbformat.write(trade_notebook(), project / "notebooks" / f"{TRADE}.ipynb")
    (project / "book" / "home.md").write_text("# Test book\n\nA copy of the project with two chapters.\n")
    small_book(project,
               "format: jb-book\nroot: book/home\nchapters:\n  - file: notebooks/jilin\n  - file: notebooks/trade\n"
               "  - file: book/sources\n  - file: book/catalogue\n")
    return project


def page_images_in(page: Path) -> set[str]:
    return set(re.findall(r'<img[^>]+src="([^"]+)"', page.read_text(encoding="utf-8")))


def latest_grp_row(project: Path) -> tuple[list[str], list[dict], dict]:
    fields, rows = read_rows(project / "data" / "series.csv")
    mine = [r for r in rows if all(r[k] == v for k, v in GRP.items())]
    return fields, rows, max(mine, key=lambda r: int(r["year"]))


@pytest.fixture(scope="module")
def book(tmp_path_factory):
    root = tmp_path_factory.mktemp("book")
    project = make_project(root)
    build = root / "build"
    first = run_build(project, build)
    return {"root": root, "project": project, "build": build, "first": first}


def test_clean_build_executes_every_notebook_and_publishes(book):
    first = book["first"]
    assert sorted(executed(first)) == [JILIN, TRADE]
    assert sphinx_ran(first)
    assert "Kernel is running over TCP" not in first.stderr, "the kernel's TCP warning is back"
    assert first.stderr.strip() == ""
    _, _, row = latest_grp_row(book["project"])
    assert f"{row['value']} {row['unit']} in {row['year']}" in page_text(book["build"], "notebooks/jilin")
    assert page_images(book["build"], "notebooks/jilin")


def test_the_build_writes_its_report_as_json(book):
    report = book["first"].report   # <build dir>/report.json, read by run_build
    assert report["status"] == "ok" and report["error"] is None and report["sphinx"] == "ran"
    assert sorted(Path(n).stem for n in report["notebooks"]["executed"]) == sorted([JILIN, TRADE])
    assert set(report["seconds"]) >= {"validate", "execute", "stage", "sphinx"}


def test_two_clean_builds_are_identical(book):
    other = book["root"] / "build-2"
    run_build(book["project"], other)
    first, second = tree_digest(book["build"] / "html"), tree_digest(other / "html")
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    shutil.rmtree(other)


def test_outputs_are_made_stable():
    nb = V4.new_notebook(cells=[V4.new_markdown_cell("# x"), V4.new_code_cell("t", outputs=[V4.new_output(
        "execute_result", execution_count=1, data={
            "text/plain": "<pandas.io.formats.style.Styler at 0x7f3a2c1b9d50>",
            "text/html": '<style>#T_1a2b3 th {x}</style><table id="T_1a2b3"><th id="T_1a2b3_level0_col0">T_1a2b3x</th>'})])])
    nb_build.stable_output_ids(nb)
    data = nb.cells[1].outputs[0]["data"]
    assert data["text/plain"] == "<pandas.io.formats.style.Styler>"
    assert data["text/html"] == ('<style>#T_c1o0t0 th {x}</style><table id="T_c1o0t0">'
                                 '<th id="T_c1o0t0_level0_col0">T_c1o0t0x</th>')


def test_noop_rebuild_executes_nothing_and_skips_sphinx(book):
    before = tree_digest(book["build"] / "html")
    again = run_build(book["project"], book["build"])
    assert executed(again) == []
    assert not sphinx_ran(again)
    assert tree_digest(book["build"] / "html") == before


def test_one_value_edited_reexecutes_only_its_reader_and_reaches_the_page(book):
    project, build = book["project"], book["build"]
    fields, rows, row = latest_grp_row(project)
    old = row["value"]
    new = f"{float(old) + 123.4:.1f}"
    row["value"] = new
    write_rows(project / "data" / "series.csv", fields, rows)
    images = page_images(build, "notebooks/jilin")
    trade_page = (build / "html" / "notebooks" / "trade.html").read_bytes()

    result = run_build(project, build)
    assert executed(result) == [JILIN]
    text = page_text(build, "notebooks/jilin")
    assert f"{new} {row['unit']} in {row['year']}" in text
    assert old not in text
    assert page_images(build, "notebooks/jilin") != images, "the chart was not redrawn"
    assert (build / "html" / "notebooks" / "trade.html").read_bytes() == trade_page


def test_published_folder_holds_only_what_the_pages_use(book):
    """The edit above redrew a chart: Sphinx's incremental output keeps the old image, the book does not."""
    html = book["build"] / "html"
    sphinx_output = book["build"] / ".stage" / "out" / "_build" / "html"
    assert html.is_symlink(), "html is replaced by one rename of a link, never missing"
    images = {p.name for p in (html / "_images").iterdir()}
    used = {Path(src).name for page in html.rglob("*.html") for src in page_images_in(page)}
    assert images == used
    left_out = tree_digest(sphinx_output).keys() - tree_digest(html).keys()
    assert left_out and all(name.startswith("_images/") for name in left_out), left_out
    assert (html / "index.html").is_file(), "the page that sends readers to the home page was left out"
    assert oct(html.resolve().stat().st_mode & 0o777) == "0o755", "a web server could not read the book"
    assert len(list((book["build"] / ".published").iterdir())) == 1, "earlier books are removed"


def test_incremental_build_equals_a_clean_build(book):
    other = book["root"] / "build-clean"
    run_build(book["project"], other)
    incremental, clean = tree_digest(book["build"] / "html"), tree_digest(other / "html")
    assert sorted(incremental) == sorted(clean)
    assert [name for name in clean if clean[name] != incremental[name]] == []
    shutil.rmtree(other)


def test_prose_edit_restages_the_page_without_executing(book):
    project, build = book["project"], book["build"]
    nb = nbformat.read(project / "notebooks" / f"{JILIN}.ipynb", as_version=4)
    nb.cells[0].source += "\n\nA sentence added after the last execution."
    nbformat.write(nb, project / "notebooks" / f"{JILIN}.ipynb")
    result = run_build(project, build)
    assert executed(result) == []
    assert sphinx_ran(result)
    text = page_text(build, "notebooks/jilin")
    assert "A sentence added after the last execution." in text
    assert "{glue" not in text and "100 million yuan in" in text, "the outputs were not merged back"


def test_a_reordered_table_of_contents_rewrites_the_links_of_unchanged_pages(book):
    """Moving a chapter changes the previous/next links of pages whose source did not change."""
    project, build = book["project"], book["build"]
    toc = project / "_toc.yml"
    before = toc.read_text()
    toc.write_text(before.replace("  - file: notebooks/jilin\n  - file: notebooks/trade\n",
                                  "  - file: notebooks/trade\n  - file: notebooks/jilin\n"))
    try:
        assert run_build(project, build).returncode == 0
        sources = (build / "html" / "book" / "sources.html").read_text(encoding="utf-8")
        previous = re.search(r'class="left-prev"[^>]*href="([^"]+)"|href="([^"]+)"[^>]*class="left-prev"', sources)
        assert previous and "jilin" in "".join(g for g in previous.groups() if g), "sources' previous link is stale"
    finally:
        toc.write_text(before)
        assert run_build(project, build).returncode == 0


def test_bad_row_fails_before_any_notebook_and_leaves_the_book(book):
    project, build = book["project"], book["build"]
    path = project / "data" / "series.csv"
    good = path.read_bytes()
    before = tree_digest(build / "html")
    fields, rows, row = latest_grp_row(project)
    row["value"] = "13O00.5"  # a letter O for a zero
    write_rows(path, fields, rows)
    line = rows.index(row) + 2
    try:
        result = run_build(project, build, check=False)
    finally:
        path.write_bytes(good)
    assert result.returncode != 0
    assert f"data/series.csv:{line}:" in result.stderr
    assert "'13O00.5'" in result.stderr
    assert result.report["status"] == "failed" and f"data/series.csv:{line}:" in result.report["error"]
    assert result.report["notebooks"]["scheduled"] == [], "no notebook is scheduled before the data validate"
    assert tree_digest(build / "html") == before


def test_notebook_error_names_notebook_and_cell_and_leaves_the_book(book):
    project, build = book["project"], book["build"]
    path = project / "notebooks" / f"{TRADE}.ipynb"
    good = path.read_bytes()
    nb = nbformat.read(path, as_version=4)
    nb.cells[2].source = "share = 1\nshare = share / 0"
    nbformat.write(nb, path)
    before = tree_digest(build / "html")
    try:
        result = run_build(project, build, check=False)
    finally:
        path.write_bytes(good)
    assert result.returncode != 0
    assert re.search(r"notebooks/trade\.ipynb, cell 3 \(code cell 2\):\n +"
                     r"ZeroDivisionError: division by zero at line 2: share = share / 0", result.stderr), result.stderr
    assert tree_digest(build / "html") == before
    # the good notebook is back: its cached execution is still valid
    result = run_build(project, build)
    assert executed(result) == []


def test_sphinx_warning_fails_and_leaves_the_book(book):
    project, build = book["project"], book["build"]
    page = project / "book" / "home.md"
    good = page.read_bytes()
    page.write_text(page.read_text() + "\nSee {ref}`no-such-label`.\n")
    before = tree_digest(build / "html")
    try:
        result = run_build(project, build, check=False)
    finally:
        page.write_bytes(good)
    assert result.returncode != 0
    assert re.search(r"book/home\.md:\d+: WARNING", result.stderr), result.stderr
    assert tree_digest(build / "html") == before
    assert run_build(project, build).returncode == 0


def test_package_code_is_in_the_key_and_build_tooling_is_not(book):
    project = book["project"]

    def digest() -> str:
        return subprocess.run([sys.executable, "-c", "from northeast.tooling.build import package_digest; print(package_digest())"],
                              cwd=project, capture_output=True, text=True, check=True).stdout.strip()

    first = digest()
    for module, counts in (("tooling/build.py", False), ("tooling/pages.py", False), ("validate/quotes.py", False),
                           ("trends.py", True), ("facts.py", True), ("claims/checks.csv", True),
                           ("house.mplstyle", True)):
        path = project / "northeast" / module
        previous = path.read_bytes()
        path.write_bytes(previous + b"\n# an edit\n")
        try:
            assert (digest() != first) == counts, module
        finally:
            path.write_bytes(previous)
    # a file of a kind the package did not hold before (a YAML table, a template) is in the key too
    added = project / "northeast" / "claims" / "wording.yml"
    added.write_text("verdict: words\n")
    try:
        assert digest() != first
    finally:
        added.unlink()
    assert digest() == first


def test_damaged_cache_is_discarded_with_a_notice_and_the_work_redone(book):
    project, build = book["project"], book["build"]
    executed_dir = build / ".stage" / "executed"
    notebook = executed_dir / "notebooks" / f"{TRADE}.ipynb"
    notebook.write_bytes(notebook.read_bytes()[:200])  # truncated
    result = run_build(project, build)
    assert executed(result) == [TRADE]
    assert "notice: the cached execution of notebooks/trade.ipynb is missing or damaged; executing it again" in result.stdout
    (executed_dir / "manifest.json").write_text('{"notebooks/jilin.ipynb": []}')  # JSON of the wrong shape
    result = run_build(project, build)
    assert sorted(executed(result)) == [JILIN, TRADE]
    assert re.search(r"notice: the build cache \S+manifest.json is damaged \(the entry for "
                     r"'notebooks/jilin.ipynb' is not \{key, output, reads\}\); discarding it", result.stdout)
    assert executed(run_build(project, build)) == []


# stale_notebooks() on real executions with traced reads (in this process, no Sphinx)

@pytest.fixture(scope="module")
def executed_pair(tmp_path_factory):
    root = tmp_path_factory.mktemp("stale")
    folder = root / "data"
    shutil.copytree(data_dir(), folder)
    notebooks = [root / "jilin.ipynb", root / "trade.ipynb"]
    nbformat.write(jilin_notebook(), notebooks[0])
    nbformat.write(trade_notebook(), notebooks[1])
    lay = nb_build.Layout(root / "build")
    manifest: dict = {}
    report = nb_build.Report()
    nb_build.execute_stale(notebooks, manifest, folder, report, lay)
    return {"folder": folder, "notebooks": notebooks, "manifest": manifest, "lay": lay, "report": report}


def stale_names(pair, force=False) -> list[str]:
    stale = nb_build.stale_notebooks(pair["notebooks"], pair["manifest"], pair["folder"], force,
                                     executed=pair["lay"].executed)
    return [p.stem for p in stale]


def edit_rows(folder: Path, table: str, match: dict, column: str, value: str) -> bytes:
    """Set ``column`` in the matching rows; return the file's previous bytes."""
    path = folder / f"{table}.csv"
    previous = path.read_bytes()
    fields, rows = read_rows(path)
    hits = [r for r in rows if all(r[k] == v for k, v in match.items())]
    assert hits, f"no row of {table}.csv matches {match}"
    for r in hits:
        r[column] = value
    write_rows(path, fields, rows)
    return previous


def test_execution_records_the_calls_each_notebook_made(executed_pair):
    manifest = executed_pair["manifest"]
    jilin, trade = (manifest[nb_build._name(p)]["reads"] for p in executed_pair["notebooks"])
    # Filters are recorded normalised (each value a sorted list of strings), with the digest of the
    # rows as they were read.
    calls = lambda reads: [{k: r[k] for k in ("table", "filters")} for r in reads]  # noqa: E731
    assert {"table": "series", "filters": {k: [v] for k, v in GRP.items()}} in calls(jilin)
    assert {"table": "statistics", "filters": {"theme": ["trade"]}} in calls(trade)
    folder = executed_pair["folder"]
    assert all(r["digest"] == data_module.digest(r["table"], r["filters"], folder) for r in jilin + trade)
    assert not any(r["table"] == "series" for r in trade)
    assert sorted(executed_pair["report"].executed) == sorted(map(nb_build._name, executed_pair["notebooks"]))


def test_nothing_changed_nothing_stale(executed_pair):
    assert stale_names(executed_pair) == []
    assert stale_names(executed_pair, force=True) == ["jilin", "trade"]


@pytest.mark.parametrize("table, match, column, value, expected", [
    ("series", {**GRP, "year": "2023"}, "value", "99999.9", ["jilin"]),          # a value it plots
    ("series", {**GRP, "year": "2023"}, "note", "revised again", ["jilin"]),     # any cell of a row it read
    ("series", {"region": "CN-HL", "metric": "rd_intensity"}, "value", "9.99", []),  # a row nobody reads
    ("statistics", {"theme": "trade", "stat_id": "cd-2022-19"}, "note", "edited", ["trade"]),
    ("statistics", {"theme": "industry"}, "note", "edited", []),
    ("sources", {"source_id": "nbs-gdp-by-province"}, "note", "edited", ["jilin"]),  # cited under its chart
])
def test_an_edit_makes_stale_exactly_the_notebooks_that_read_it(executed_pair, table, match, column, value, expected):
    previous = edit_rows(executed_pair["folder"], table, match, column, value)
    try:
        assert stale_names(executed_pair) == expected
    finally:
        (executed_pair["folder"] / f"{table}.csv").write_bytes(previous)
    assert stale_names(executed_pair) == []


def test_a_new_year_makes_its_reader_stale(executed_pair):
    path = executed_pair["folder"] / "series.csv"
    previous = path.read_bytes()
    fields, rows = read_rows(path)
    latest = max((r for r in rows if all(r[k] == v for k, v in GRP.items())), key=lambda r: int(r["year"]))
    rows.append({**latest, "year": str(int(latest["year"]) + 1), "value": "14000.0", "note": ""})
    write_rows(path, fields, rows)
    try:
        assert stale_names(executed_pair) == ["jilin"]
    finally:
        path.write_bytes(previous)


def test_code_edits_make_stale_and_prose_edits_do_not(executed_pair):
    jilin = executed_pair["notebooks"][0]
    previous = jilin.read_bytes()
    nb = nbformat.read(jilin, as_version=4)
    try:
        nb.cells[0].source += "\n\nMore prose."
        nb.cells[2].metadata["mystnb"]["figure"]["caption"] = "A new caption."
        nbformat.write(nb, jilin)
        assert stale_names(executed_pair) == []
        nb.cells[2].source += "\n# a comment is code too"
        nbformat.write(nb, jilin)
        assert stale_names(executed_pair) == ["jilin"]
    finally:
        jilin.write_bytes(previous)


def test_merged_notebook_keeps_new_prose_and_cached_outputs(executed_pair):
    jilin = executed_pair["notebooks"][0]
    previous = jilin.read_bytes()
    nb = nbformat.read(jilin, as_version=4)
    nb.cells[0].source = "# Jilin's output, retitled\n\n{glue:text}`latest`"
    nbformat.write(nb, jilin)
    try:
        staged = nbformat.reads(nb_build.merged(jilin, nb_build._cached(executed_pair["lay"].executed, jilin)).decode(),
                                as_version=4)
    finally:
        jilin.write_bytes(previous)
    assert staged.cells[0].source.startswith("# Jilin's output, retitled")
    assert any(o.get("output_type") == "display_data" for o in staged.cells[2].outputs)


def test_stderr_output_fails_the_notebook(tmp_path):
    notebook = tmp_path / "noisy.ipynb"
    nbformat.write(V4.new_notebook(metadata=KERNELSPEC, cells=[
        V4.new_markdown_cell("# Noisy"),
        V4.new_code_cell("import warnings\nwarnings.warn('careful')")]), notebook)
    with pytest.raises(nb_build.BuildError, match=r"noisy\.ipynb, cell 2 \(code cell 1\):\n +wrote to stderr: .*careful(.|\n)*the cell starts: import warnings"):
        nb_build.execute(notebook, data_dir())


@pytest.mark.parametrize("damage, reason", [
    (lambda path: path.write_text('[{"key": 1}]'), "a JSON list, not an object"),
    (lambda path: path.write_bytes(b'{"a": "\xff"}'), "can't decode byte 0xff"),
    (lambda path: (path.unlink(), path.mkdir()), "Is a directory"),
    (lambda path: path.write_text('{"x": {"key": "k", "output": "o", "reads": [{"table": "nope"}]}}'),
     "the entry for 'x' is not {key, output, reads}"),
])
def test_damaged_manifest_is_discarded_with_a_notice(tmp_path, damage, reason):
    lay = nb_build.Layout(tmp_path / "build")
    lay.executed.mkdir(parents=True)
    lay.manifest.write_text("{}")
    (lay.executed / "notebooks").mkdir()
    damage(lay.manifest)
    said = []
    assert nb_build._load_manifest(lay, log=said.append) == {}
    assert len(said) == 1 and said[0].startswith(f"notice: the build cache {lay.manifest} is damaged (")
    assert reason in said[0] and said[0].endswith("discarding it and executing every notebook again")
    assert not lay.executed.exists()


def test_data_edited_during_execution_leave_the_notebook_stale(tmp_path):
    """The kernel reads a row, then the file changes before the build records the execution: the
    key is made from the rows as read, so the next build executes the notebook again."""
    folder = tmp_path / "data"
    shutil.copytree(data_dir(), folder)
    notebook = tmp_path / "reader.ipynb"
    nbformat.write(V4.new_notebook(metadata=KERNELSPEC, cells=[V4.new_code_cell(
        "import os, pathlib\nfrom northeast import data\n"
        f"grp = data.series(**{GRP!r})\n"
        "path = pathlib.Path(os.environ['NORTHEAST_DATA_DIR']) / 'series.csv'\n"
        "# someone saves an edit to a row this notebook read, while it runs\n"
        "row = grp.iloc[-1]\n"
        "key = f'{row.region},{row.metric},{row.year},{row.value_printed},'\n"
        "text = path.read_text()\n"
        "assert key in text\n"
        "path.write_text(text.replace(key, key.replace(f',{row.value_printed},', f',{row.value_printed}1,')))")]), notebook)
    lay = nb_build.Layout(tmp_path / "build")
    manifest: dict = {}
    nb_build.execute_stale([notebook], manifest, folder, nb_build.Report(), lay)
    assert nb_build.stale_notebooks([notebook], manifest, folder, executed=lay.executed) == [notebook]


def fake_sphinx_output(lay: nb_build.Layout, marker: str) -> None:
    out = lay.out / "_build" / "html"
    shutil.rmtree(out, ignore_errors=True)
    (out / "_images").mkdir(parents=True)
    (out / "_images" / f"{marker}.png").write_bytes(marker.encode())
    (out / "_images" / "stale.png").write_bytes(b"from an earlier build")
    (out / "index.html").write_text(f'<img src="_images/{marker}.png"> {marker}')
    (out / "removed.html").write_text("a page no longer in the book")
    lay.src.mkdir(parents=True, exist_ok=True)
    (lay.src / "index.md").write_text("# index")


def test_publish_swaps_in_one_rename_and_copies_only_what_pages_use(tmp_path, monkeypatch):
    lay = nb_build.Layout(tmp_path / "build")
    lay.html.mkdir(parents=True)  # a book published before html was a link
    (lay.html / "index.html").write_text("zeroth")
    fake_sphinx_output(lay, "first")
    nb_build.publish(lay)
    fake_sphinx_output(lay, "second")
    seen = []
    replace = os.replace

    def watched_replace(src, dst):
        seen.append((lay.html / "index.html").read_text())  # the old book is whole until the rename
        replace(src, dst)
        seen.append((lay.html / "index.html").read_text())

    monkeypatch.setattr(os, "replace", watched_replace)
    nb_build.publish(lay)
    assert seen == ['<img src="_images/first.png"> first', '<img src="_images/second.png"> second']
    assert lay.html.is_symlink()
    assert sorted(p.relative_to(lay.html).as_posix() for p in lay.html.rglob("*")) == [
        "_images", "_images/second.png", "index.html"]
    fake_sphinx_output(lay, "third")
    nb_build.publish(lay)
    assert seen[-2:] == ['<img src="_images/second.png"> second', '<img src="_images/third.png"> third']
    assert len(list((lay.build / ".published").iterdir())) == 1


def test_disk_full_while_publishing_says_so_and_leaves_no_partial_copy(tmp_path, monkeypatch):
    lay = nb_build.Layout(tmp_path / "build")
    fake_sphinx_output(lay, "first")
    nb_build.publish(lay)
    before = tree_digest(lay.html)
    fake_sphinx_output(lay, "second")
    copyfile = shutil.copyfile
    copied = []

    def fills_the_disk(src, dst, **kwargs):
        if copied:
            raise OSError(errno.ENOSPC, "No space left on device", str(dst))
        copied.append(dst)
        return copyfile(src, dst, **kwargs)

    monkeypatch.setattr(shutil, "copyfile", fills_the_disk)
    with pytest.raises(nb_build.BuildError, match=r"^publishing the book failed: the disk is full \(.+\); "
                                                  r"free some space and build again$"):
        nb_build.publish(lay)
    assert tree_digest(lay.html) == before
    assert sorted(p.name for p in lay.build.iterdir()) == [".published", ".stage", "html"]
    assert [p.resolve() for p in (lay.build / ".published").iterdir()] == [lay.html.resolve()]


def test_disk_full_anywhere_in_the_build_is_a_message_not_a_traceback(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("NORTHEAST_BUILD_DIR", str(tmp_path / "build"))

    def full(**_):
        raise OSError(errno.ENOSPC, "No space left on device", "/somewhere/file.ipynb")

    monkeypatch.setattr(nb_build, "run", full)
    assert nb_build.build() == 1
    assert capsys.readouterr().err == (
        "build failed: the build could not write its files: the disk is full (/somewhere/file.ipynb); "
        "free some space and build again\nno book was published\n")


def test_a_large_catalogue_is_paged_by_theme_and_listed_in_the_staged_contents(monkeypatch):
    from northeast.tooling import pages

    monkeypatch.setattr(pages, "PAGE_FIGURES", 10)
    generated = pages.generated_pages(data_dir())
    _, rows = read_rows(data_dir() / "statistics.csv")
    parts = sorted(name for name in generated if name.startswith("book/catalogue/"))
    themes = {r["theme"] for r in rows}
    assert len(parts) == sum(-(-sum(r["theme"] == t for r in rows) // 10) for t in themes)
    body_rows = re.findall(r'^<tr class="row-\w+"[^>]*><td\b', "\n".join(generated[name] for name in parts), re.MULTILINE)
    assert len(body_rows) == len(rows), "every figure on exactly one page"
    assert all(len(re.findall(r'<tr class="row-\w+"><td>', generated[name])) <= 10 for name in parts)
    toc = nb_build._with_generated_sections(b"root: book/intro\nchapters:\n- file: book/catalogue\n", list(generated))
    import yaml
    assert yaml.safe_load(toc)["chapters"][0]["sections"] == [{"file": name.removesuffix(".md")} for name in parts]


def test_broken_datapackage_fails_the_build_with_a_located_message(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "data"
    shutil.copytree(data_dir(), folder)
    (folder / "datapackage.json").write_text("[]")
    monkeypatch.setenv("NORTHEAST_DATA_DIR", str(folder))
    monkeypatch.setenv("NORTHEAST_BUILD_DIR", str(tmp_path / "build"))
    assert nb_build.build() == 1
    assert capsys.readouterr().err == (
        "build failed: the data do not validate:\n"
        'data/datapackage.json:1:1: expected a JSON object with a list of "resources" (a Data Package)\n'
        "no book was published\n")


def test_a_failing_line_is_quoted_from_the_cell_that_ran_it_and_where_it_was_raised():
    """An error raised inside a function another cell defined names both lines, each from its own cell."""
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("def pick(x):\n    raise LookupError(x)", execution_count=1),
        nbformat.v4.new_code_cell("a = 1\nb = pick(a)", execution_count=2)])
    traceback = ["\x1b[31mCell In[2], line 2\x1b[0m\n----> 2 b = pick(a)",
                 "Cell In[1], line 2, in pick(x)\n----> 2     raise LookupError(x)"]
    assert nb_build._error_line(traceback, nb, 1) == \
        " at line 2: b = pick(a) (raised in cell 0, line 2: raise LookupError(x))"
    assert nb_build._error_line(traceback[:1], nb, 1) == " at line 2: b = pick(a)"
