"""Numbers in the prose with MyST's ``{eval}`` (northeast/tooling/prose.py, report.Prose): the build
evaluates the expressions in the kernel that ran the notebook, keeps them in the cache key, and writes
each result into the staged page as inert text; cross-references are links JupyterLab can show.
The same chapters in JupyterLab itself: tests/test_lab_browser.py."""
from __future__ import annotations

import re

import nbformat
import pytest
from markdown_it import MarkdownIt

from northeast.paths import ROOT, data_dir
from northeast.report import Prose, Text
from northeast.tooling import build as nb_build
from northeast.tooling import prose
from northeast.tooling.cache import code_digest

V4 = nbformat.v4
KERNELSPEC = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
HOSTILE = ("<script>pwned()</script><img/src=x/onerror=pwned()> {glue:text}`x` {eval}`y` "
           "[link](javascript:pwned()) **bold** $x^2$ {{subst}}\n\n```{literalinclude} /etc/passwd\n```\n# heading")


def prose_notebook(markdown: str = "Shenyang has {eval}`say.count` figures; {eval}`say.hostile`.") -> nbformat.NotebookNode:
    return V4.new_notebook(metadata=KERNELSPEC, cells=[
        V4.new_markdown_cell("# Prose\n\n" + markdown),
        V4.new_code_cell("from northeast import report\nsay = report.Prose()\nsay.count = f'{1234:,}'\n"
                         f"say.hostile = {HOSTILE!r}\nsay.spaced = ' (and more)'", metadata={"tags": ["remove-cell"]}),
        V4.new_markdown_cell("Again: {eval}`say.count`{eval}`say.spaced`, see [Figure](#fig-prose-x)."),
    ])


def inline_tokens(markdown: str) -> list:
    return MarkdownIt("commonmark").parseInline(markdown)[0].children


# --- the chapter's side ---------------------------------------------------------------------------

def test_prose_keeps_every_value_as_text_shown_without_quotes():
    from IPython.lib.pretty import pretty

    say = Prose()
    say.share = 2.5
    say.quoted = "'as printed'"
    assert isinstance(say.share, Text) and say.share == "2.5"
    assert repr(say.share) == "2.5" and pretty(say.share) == "2.5"   # IPython's text/plain, as {eval} shows it
    assert pretty(say.quoted) == "'as printed'"
    with pytest.raises(AttributeError):
        say._hidden = "x"


def test_shown_strips_one_pair_of_quotes_as_jupyterlab_myst_does():
    result = lambda text: {"status": "ok", "data": {"text/plain": text}}  # noqa: E731
    assert prose.shown(result("'1,234'")) == "1,234"
    assert prose.shown(result('"it\'s"')) == "it's"
    assert prose.shown(result("1,234")) == "1,234"
    assert prose.shown(result("'a' and 'b'")) == "a' and 'b"   # the same regular expression as jupyterlab-myst


# --- rendering into the staged page ----------------------------------------------------------------

def test_a_result_reaches_the_page_as_inert_text_in_a_pasted_text_span():
    results = {"say.x": {"status": "ok", "data": {"text/plain": HOSTILE}}}
    rendered = prose.render("Before {eval}`say.x` after.", results, "nb.ipynb")
    tokens = inline_tokens(rendered)
    assert [t.type for t in tokens] == ["text", "html_inline", "text", "html_inline", "text"]
    assert tokens[1].content == '<span class="pasted-text">' and tokens[3].content == "</span>"
    assert tokens[2].content == " ".join(HOSTILE.split())   # every character shown, none interpreted


def test_a_leading_space_in_a_value_is_kept():
    results = {"say.x": {"status": "ok", "data": {"text/plain": " (2.2 billion)"}}}
    assert "<span class=\"pasted-text\"> \\(2\\.2 billion\\)</span>" in prose.render("yuan{eval}`say.x`.", results, "n")


def test_an_expression_without_a_result_stops_the_build_with_its_notebook():
    with pytest.raises(nb_build.BuildError, match=r"nb\.ipynb: \{eval\}`say\.y` has no result"):
        prose.render("{eval}`say.y`", {}, "nb.ipynb")


def test_figure_and_table_links_become_numbered_references_and_other_links_stay():
    text = "(see [Figure](#fig-long-gap); [Table](#tbl-x-1); [the trade chapter](03_trade.ipynb); [here](#fig-a))"
    assert prose.render(text, {}, "n") == ("(see {numref}`fig-long-gap`; {numref}`tbl-x-1`; "
                                           "[the trade chapter](03_trade.ipynb); [here](#fig-a))")


def test_expressions_are_found_in_markdown_only_each_once():
    nb = prose_notebook()
    nb.cells[1].source += "\n# {eval}`not_markdown`"
    assert prose.expressions(nb) == ["say.count", "say.hostile", "say.spaced"]


# --- the build ------------------------------------------------------------------------------------

def test_the_build_evaluates_after_the_last_cell_and_stages_the_results(tmp_path):
    notebook = tmp_path / "prose.ipynb"
    nbformat.write(prose_notebook(), notebook)
    ran, _, _ = nb_build.execute(notebook, data_dir())
    assert len(ran.cells) == 3, "the evaluation cell was left in the executed copy"
    results = ran.metadata["northeast"]["expressions"]
    assert {k: prose.shown(v) for k, v in results.items() if k != "say.hostile"} == {
        "say.count": "1,234", "say.spaced": " (and more)"}
    executed = tmp_path / "executed.ipynb"
    nbformat.write(ran, executed)
    staged = nbformat.reads(nb_build.merged(notebook, executed).decode(), as_version=4)
    assert '<span class="pasted-text">1\\,234</span>' in staged.cells[0].source
    assert "{eval}" not in staged.cells[0].source + staged.cells[2].source
    assert "{numref}`fig-prose-x`" in staged.cells[2].source


def test_a_failing_expression_names_the_notebook_the_expression_and_the_error(tmp_path):
    notebook = tmp_path / "broken.ipynb"
    nbformat.write(prose_notebook("{eval}`say.missing`"), notebook)
    with pytest.raises(nb_build.BuildError, match=r"broken\.ipynb, Markdown: \{eval\}`say\.missing` failed:\n +AttributeError"):
        nb_build.execute(notebook, data_dir())


def test_an_expression_is_in_the_cache_key_and_other_prose_is_not():
    nb = prose_notebook()
    key = code_digest(nb)
    nb.cells[0].source += "\n\nMore prose, no new value."
    assert code_digest(nb) == key
    nb.cells[0].source += " And {eval}`say.other`."
    assert code_digest(nb) != key
    plain = V4.new_notebook(cells=[V4.new_markdown_cell("# x"), V4.new_code_cell("1")])
    assert code_digest(plain) == nb_build._sha("1\0"), "a notebook without {eval} has the key it had before"


# --- the chapters that use it ---------------------------------------------------------------------

def converted_chapters() -> list:
    return [p for p in sorted((ROOT / "notebooks").glob("*.ipynb"))
            if prose.expressions(nbformat.read(p, as_version=4))]


def test_some_chapter_uses_eval():
    assert converted_chapters(), "no chapter uses {eval}: tests/test_lab_browser.py would test nothing"


@pytest.mark.parametrize("notebook", converted_chapters(), ids=lambda p: p.stem)
def test_a_converted_chapter_names_each_value_once_and_uses_one_mechanism(notebook):
    nb = nbformat.read(notebook, as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assigned = re.findall(r"^\s*say\.(\w+)\s*=(?!=)", code, re.M)
    assert len(assigned) == len(set(assigned)), f"named twice: {sorted({n for n in assigned if assigned.count(n) > 1})}"
    shown = {e.removeprefix("say.") for e in prose.expressions(nb) if e.startswith("say.")}
    assert shown <= set(assigned), f"shown but never set: {sorted(shown - set(assigned))}"
    assert not set(assigned) - shown, f"set but never shown: {sorted(set(assigned) - shown)}"
    assert "{glue" not in markdown and "glue(" not in code, "a chapter uses {eval} or glue, not both"
    assert not re.search(r"\{(numref|doc|ref)\}`", markdown), "a role JupyterLab shows as its label: use a link"


def test_a_values_quotes_are_set_before_the_page_sees_them():
    """Sphinx's smart quotes read a straight quote at the start of a pasted value as a closing one;
    the build sets the value's quotes itself, each from the text before it."""
    results = {"say.x": {"status": "ok", "data": {"text/plain": "\"China\" is one, 'as printed', it's."}}}
    rendered = prose.render("{eval}`say.x`", results, "nb.ipynb")
    assert "\u201cChina\u201d" in rendered and "\u2018as printed\u2019" in rendered and "it\u2019s" in rendered
    assert '"' not in rendered.split(">", 1)[1].split("<", 1)[0]
