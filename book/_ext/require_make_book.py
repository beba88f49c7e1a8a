"""Sphinx extension: stop a plain `jupyter-book build .` at once, saying to run `make book`.

The book is built by `python -m northeast build` (`make book`): it executes the notebooks, writes
the pages generated from the data (the Sources and Catalogue pages) and hands Jupyter Book a staged
copy of the source. Run on the checkout itself, Jupyter Book would publish chapters without
outputs and a table of contents pointing at pages that do not exist. So when a page that
`_toc.yml` names is missing from the source, this extension fails the build before Sphinx reads
anything, naming the missing pages.
"""
from __future__ import annotations

from pathlib import Path

from sphinx.errors import ExtensionError

MESSAGE = ("Run `make book` (or `python -m northeast build`) to build this book, not a plain "
           "`jupyter-book build`: `make book` executes the notebooks and generates the pages that "
           "_toc.yml lists and {srcdir} lacks: {missing}.")


def missing_pages(srcdir: Path, docnames, suffixes) -> list[str]:
    """The pages of the table of contents with no source file under srcdir."""
    missing = []
    for docname in docnames:
        stem = next((docname[: -len(s)] for s in suffixes if docname.endswith(s)), docname)
        if not any((srcdir / f"{stem}{suffix}").is_file() for suffix in suffixes):
            missing.append(stem)
    return missing


def require_generated_pages(app, config) -> None:
    site_map = getattr(config, "external_site_map", None)  # set by sphinx_external_toc
    if site_map is None:
        return
    missing = missing_pages(Path(app.srcdir), list(site_map), list(config.source_suffix))
    if missing:
        raise ExtensionError(MESSAGE.format(missing=", ".join(missing), srcdir=app.srcdir))


def setup(app):
    app.connect("config-inited", require_generated_pages, priority=950)  # after sphinx_external_toc (900)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
