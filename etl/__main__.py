"""Command line: ``python -m etl`` regenerates the curated rows from ../shared/reference-data;
``python -m etl --check`` only says whether data/ is up to date (exit 1 if not); ``--summary`` prints
the table of converted series that data/SERIES_NOTES.md carries."""
import argparse
import sys
from pathlib import Path

from northeast.paths import ROOT, shared_dir

from . import ReferenceError, run, summary_table


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m etl", description=__doc__)
    parser.add_argument("--reference", type=Path, default=shared_dir() / "reference-data", help="reference-data folder")
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="data folder to write")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file would change")
    parser.add_argument("--summary", action="store_true", help="print the table of converted series (for SERIES_NOTES.md)")
    args = parser.parse_args(argv)
    if not args.reference.is_dir():
        print(f"{args.reference}: reference-data folder not found", file=sys.stderr)
        return 2
    try:
        if args.summary:
            print(summary_table(args.reference), end="")
            return 0
        changed = run(args.reference, args.data, check=args.check)
    except (ReferenceError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for path in changed:
        print(f"{path}: {'out of date' if args.check else 'rewritten'}")
    if not changed:
        print("data up to date", file=sys.stderr)
    return 1 if (args.check and changed) else 0


if __name__ == "__main__":
    sys.exit(main())
