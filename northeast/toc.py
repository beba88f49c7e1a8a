"""The book's table of contents (``_toc.yml``) read once: its pages in reading order.

Tooling, not chapter code: the build, ``tools/`` and the tests ask here which pages the book has;
no chapter imports it.
"""
from __future__ import annotations

import re
from pathlib import Path

from .paths import ROOT

TOC = ROOT / "_toc.yml"
SUFFIX = re.compile(r"\.(md|ipynb|rst)$")


def toc_files(toc: Path = TOC) -> list[str]:
    """Every page the table of contents names, in reading order, as paths from the project root
    without suffix (``book/intro``, ``notebooks/01_industry``); each page once."""
    import yaml

    spec = yaml.safe_load(Path(toc).read_text(encoding="utf-8")) or {}
    found: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            for key in ("root", "file"):
                if isinstance(node.get(key), str):
                    found.append(SUFFIX.sub("", node[key]))
            for value in node.values():
                if isinstance(value, (list, dict)):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(spec)
    return list(dict.fromkeys(found))


def html_pages(toc: Path = TOC) -> list[str]:
    """The same pages as built HTML files, relative to the HTML folder (``book/intro.html``)."""
    return [f"{page}.html" for page in toc_files(toc)]
