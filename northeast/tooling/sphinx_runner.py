"""Jupyter Book's ``build`` command in a process the build starts while the notebooks still run:
it imports Sphinx and the book's extensions (about a second and a half) at once, then waits for a
line on its standard input: ``build`` runs ``jupyter-book build`` with its arguments, anything
else (or the end of input) exits. The command itself is Jupyter Book's own, unchanged.

``python -m northeast.tooling.sphinx_runner SOURCE --path-output OUT --warningiserror ...``"""
from __future__ import annotations

import importlib
import os
import sys

import yaml

from ..paths import ROOT


def preload() -> None:
    """Import what ``jupyter-book build`` will: its command, Sphinx's HTML builder and the installed
    extensions _config.yml names (the book's own, in book/_ext, are Sphinx's to load from the source)."""
    import jupyter_book.cli.main  # noqa: F401
    import jupyter_book.sphinx  # noqa: F401
    import sphinx.builders.html  # noqa: F401

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    sphinx = config.get("sphinx", {})
    local = set(sphinx.get("local_extensions") or {})
    for name in sphinx.get("config", {}).get("extensions", []):
        if name not in local:
            try:
                importlib.import_module(name)
            except ImportError:   # Sphinx reports it, in its words, when it loads the extension
                pass


def main(argv: list[str]) -> int:
    # Below the kernels it runs beside: its imports take only the time they leave idle. Alone
    # afterwards, the build runs at full speed all the same.
    try:
        os.nice(10)
    except OSError:   # a sandbox that forbids it: run at the normal priority
        pass
    preload()
    if sys.stdin.readline().strip() != "build":
        return 0
    from jupyter_book.cli.main import main as jupyter_book

    jupyter_book(["build", *argv], prog_name="jupyter-book")   # exits with the command's status
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
