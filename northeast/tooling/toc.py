"""The book's table of contents (``_toc.yml``) read in one place: its pages in reading order.

Tooling, not chapter code: the build, ``tools/`` and the tests ask here which pages the book has;
no chapter imports it.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..paths import ROOT

TOC = ROOT / "_toc.yml"
SUFFIX = re.compile(r"\.(md|ipynb|rst)$")


def toc_files(toc: Path = TOC) -> list[str]:
    """Every page the table of contents names, in reading order, as paths from the project root
    without suffix (``book/intro``, ``notebooks/01_industry``). Read with sphinx-external-toc's
    parser, the one Jupyter Book builds with, so the tooling and the book agree."""
    from sphinx_external_toc.parsing import parse_toc_yaml

    return list(dict.fromkeys(SUFFIX.sub("", docname) for docname in parse_toc_yaml(Path(toc))))


def html_pages(toc: Path = TOC) -> list[str]:
    """The same pages as built HTML files, relative to the HTML folder (``book/intro.html``)."""
    return [f"{page}.html" for page in toc_files(toc)]
