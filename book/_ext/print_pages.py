"""Sphinx extension (set up by light_pages.py): printing a page, and the PDF edition's link.

* ``print.css`` (media print) prints the article alone, charts across the column, figures and
  citation blocks unsplit, links with their address, page numbers in the footer;
* each page's printed footer also gives its published address (from ``html_baseurl``, set once in
  _config.yml), in a print-only ``@page`` rule in the page's head;
* every page links the PDF edition that ``make book`` (northeast/tooling/pdf.py) prints from the
  same build, beside its "Cite this page" block.
"""
from __future__ import annotations

import html

from northeast.tooling.pdf import PDF_NAME, css_string


def print_parts(app, pagename, templatename, context, doctree) -> None:
    if not context.get("body"):
        return
    base = (app.config.html_baseurl or "").rstrip("/")
    if base:
        address = css_string(f"{base}/{pagename}.html")
        context["metatags"] = (context.get("metatags") or "") + (
            f'\n<style media="print">@page {{ @bottom-left {{ content: {address}; }} }}</style>')
    href = context["pathto"](PDF_NAME, 1)
    context["body"] += (f'\n<p class="pdf-edition-link">The whole report as one PDF, for print or offline reading: '
                        f'<a href="{html.escape(href)}" type="application/pdf">{html.escape(PDF_NAME)}</a>.</p>\n')


def setup(app):
    app.add_css_file("print.css", media="print")
    app.connect("html-page-context", print_parts, priority=600)   # after "Cite this page" (reader_pages)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
