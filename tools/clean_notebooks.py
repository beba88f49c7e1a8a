"""Clear notebooks for committing (`make clean-notebooks`): no outputs, no execution counts, no
execution timestamps, and the kernel the build runs.

Notebooks are committed without outputs; the build executes them. nbconvert's
ClearOutputPreprocessor removes the outputs, the execution counts and the cell metadata that only
record a session (timings, collapsed or scrolled outputs). The notebook's kernel is set back to
"python3", the one `python -m northeast build` and nbval use, whichever kernel an editor picked
(`make kernel` registers one per checkout); `language_info` keeps only the language's name.
A clean notebook is left as it is, byte for byte.

    python tools/clean_notebooks.py notebooks/*.ipynb
    python tools/clean_notebooks.py --check notebooks/*.ipynb   # exit 1 if any is not clean
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat
from nbconvert.preprocessors import ClearOutputPreprocessor

KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}
# Cell metadata that records a session, not the notebook: JupyterLab's execution timings, the
# ExecuteTime extension's, and whether an output was collapsed or scrolled.
SESSION_CELL_METADATA = {"execution", "ExecuteTime", "collapsed", "scrolled"}
# Notebook metadata that records a session: saved widget state.
SESSION_NOTEBOOK_METADATA = {"widgets"}


def cleaned(text: str) -> str:
    """The notebook (as its JSON text) without outputs and session metadata."""
    notebook = nbformat.reads(text, as_version=nbformat.NO_CONVERT)
    clear = ClearOutputPreprocessor(remove_metadata_fields=SESSION_CELL_METADATA)
    notebook, _ = clear.preprocess(notebook, {})
    for cell in notebook.cells:   # the preprocessor clears code cells only
        for key in SESSION_CELL_METADATA & set(cell.metadata):
            del cell.metadata[key]
    for key in SESSION_NOTEBOOK_METADATA & set(notebook.metadata):
        del notebook.metadata[key]
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
    notebook.metadata["language_info"] = {"name": "python"}
    return nbformat.writes(notebook) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if a notebook is not clean")
    args = parser.parse_args(argv)
    unclean = []
    for path in args.notebooks:
        text = path.read_text(encoding="utf-8")
        clean = cleaned(text)
        if clean != text:
            unclean.append(path)
            if not args.check:
                path.write_text(clean, encoding="utf-8")
    verb = "not clean" if args.check else "cleaned"
    for path in unclean:
        print(f"{path}: {verb}", file=sys.stderr)
    return 1 if args.check and unclean else 0


if __name__ == "__main__":
    sys.exit(main())
