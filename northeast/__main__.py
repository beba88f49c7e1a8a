"""Command line: ``python -m northeast validate`` | ``build`` | ``bench``."""
import argparse
import sys


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m northeast")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("validate", help="check every data table; print file:line:column: message")
    check.add_argument("--data", help="data folder (default: data/; with another folder the audit's checks table is not checked)")
    build = commands.add_parser("build", help="validate, execute changed notebooks, build the book")
    build.add_argument("--force", action="store_true", help="execute every notebook again and rebuild every page")
    args = parser.parse_args(argv)
    if args.command == "validate":
        from .validate import check

        problems, notices = check(args.data, audit_checks=args.data is None)
        for problem in problems:
            print(problem)
        for item in notices:  # on stderr: stdout lists only what makes the data invalid
            print(item, file=sys.stderr)
        print(f"{len(problems)} problem(s)" if problems else "data valid", file=sys.stderr)
        return 1 if problems else 0
    from .tooling.build import build as run_build

    return run_build(force=args.force)


if __name__ == "__main__":
    sys.exit(main())
