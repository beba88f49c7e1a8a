"""Numbers in the prose, the build's side: MyST's ``{eval}`expression``` in a chapter's Markdown.

JupyterLab with jupyterlab-myst (``make lab``) evaluates each expression in the reader's kernel and
shows its plain-text form. myst-nb evaluates ``{eval}`` only in its inline execution mode, which
would run every notebook on every build; so the build evaluates the expressions itself, in the
kernel that executed the notebook, once its last cell has run (``evaluation_cell``), keeps the
results with the executed copy, and writes each result into the staged copy as inert text
(``render``): escaped, so text from the data can never become HTML, a role or a directive.

Both show an expression the same way: its ``text/plain`` form, without the quotes around a string
(jupyterlab-myst strips a matching pair of quotes; ``northeast.report.Prose`` gives texts without
them). The expressions are part of the notebook's cache key (``cache.code_digest``), so prose that
asks for a new value re-executes the notebook; other prose edits only re-stage the page.

Cross-references JupyterLab cannot resolve are written as Markdown links it shows as their words:
``[Figure](#fig-name)`` (or ``[Table](#tbl-name)``) becomes ``{numref}`fig-name``` in the book
("Figure 7.1"), and ``[the trade chapter](03_trade.ipynb)`` is a link in both.
"""
from __future__ import annotations

import json
import re

# ``{eval}`expression```: the expression is one line without backticks.
EVAL = re.compile(r"\{eval\}`([^`\n]+)`")
# A link whose words are just "Figure" or "Table", to a label: numbered by Sphinx in the book.
NUMBERED_LINK = re.compile(r"\[(?:Figure|Table)\]\(#((?:fig|tbl)-[A-Za-z0-9_-]+)\)")
# The MIME type the evaluation cell displays its results as; the cell is removed after the run.
RESULTS_MIME = "application/json"
METADATA_KEY = "northeast"
# jupyterlab-myst shows a text/plain result without a matching pair of surrounding quotes.
QUOTED = re.compile(r"^([\"'])(.*)\1$")


def expressions(nb) -> list[str]:
    """The ``{eval}`` expressions of a notebook's Markdown cells, each once, in order of appearance."""
    found = [m.group(1) for cell in nb.cells if cell.cell_type == "markdown" for m in EVAL.finditer(cell.source)]
    return list(dict.fromkeys(found))


def evaluation_cell(exprs: list[str]) -> str:
    """Code that evaluates ``exprs`` as the kernel evaluates a JupyterLab ``user_expressions``
    request, and displays the results (keyed by expression) as JSON."""
    names = {e: e for e in exprs}
    return ("from IPython import get_ipython as _northeast_ipython\n"
            "from IPython.display import display as _northeast_display\n"
            f"_northeast_display({{{RESULTS_MIME!r}: _northeast_ipython().user_expressions({names!r})}}, raw=True)\n")


def collect(nb, exprs: list[str], name: str) -> dict:
    """Take the evaluation cell (the last) off an executed notebook; return its results by
    expression. An expression that failed stops the build with its notebook, expression and error."""
    from .cache import BuildError

    cell = nb.cells.pop()
    outputs = [o for o in cell.get("outputs", []) if RESULTS_MIME in o.get("data", {})]
    if not outputs:
        raise BuildError(f"{name}: the {{eval}} expressions were not evaluated")
    results = outputs[0]["data"][RESULTS_MIME]
    if isinstance(results, str):
        results = json.loads(results)
    for expr in exprs:
        result = results.get(expr, {})
        if result.get("status") != "ok":
            what = f"{result.get('ename', 'Error')}: {result.get('evalue', 'not evaluated')}"
            raise BuildError(f"{name}, Markdown: {{eval}}`{expr}` failed:\n    {what}")
        if "text/plain" not in result.get("data", {}):
            raise BuildError(f"{name}, Markdown: {{eval}}`{expr}` has no plain-text form")
    return {expr: results[expr] for expr in exprs}


def shown(result: dict) -> str:
    """What a reader sees for one result: its text/plain form without a pair of surrounding quotes."""
    text = result["data"]["text/plain"]
    text = "".join(text) if isinstance(text, list) else text
    return QUOTED.sub(r"\2", text)


def render(source: str, results: dict, where: str) -> str:
    """A Markdown cell as the book shows it: each ``{eval}`` replaced by its result as inert text in
    a ``pasted-text`` span (the class myst-nb gives glued text), ``[Figure](#fig-x)`` by a numbered
    reference. ``where`` names the notebook for an expression without a result."""
    from docutils.utils.smartquotes import educateQuotes

    from .cache import BuildError
    from .pages import inert

    def value(match: re.Match) -> str:
        expr = match.group(1)
        if expr not in results:
            raise BuildError(f"{where}: {{eval}}`{expr}` has no result in the executed copy; rebuild")
        # Set the value's own quotes: Sphinx's smart quotes read a quote at the start of the span as a
        # closing one ('"China"' shown as '”China”'); a space before it is the context docutils needs.
        text = educateQuotes(" " + shown(results[expr]), language="en")[1:]
        # inert folds whitespace; a value that starts or ends with a space keeps one there
        lead, trail = (" " if text[:1].isspace() else ""), (" " if text[-1:].isspace() else "")
        return f'<span class="pasted-text">{lead}{inert(text)}{trail}</span>'

    return NUMBERED_LINK.sub(lambda m: f"{{numref}}`{m.group(1)}`", EVAL.sub(value, source))
