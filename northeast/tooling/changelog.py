"""The book's changelog page: what each commit that touched the data tables changed in them.

Read from the git history of ``data/*.csv``: for every commit (newest first), the rows each table
gained or lost and the values that changed, row by row on the table's primary key (from
``datapackage.json``). Uncommitted edits are listed first. A copy of the project without its git
history gets a page that says so.
"""
from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from pathlib import Path

from ..periods import period_label

SHOWN_CHANGES = 8  # changed values listed per table and commit; the rest are counted
MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~$!&])")  # what MyST could read as markup


def _escape(text: str) -> str:
    """Plain text that MyST shows as it is (never inside a line's first characters here)."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def _rows(text: str | None, key: list[str]) -> dict[tuple, dict]:
    if not text:
        return {}
    return {tuple(row.get(k, "") for k in key): row for row in csv.DictReader(io.StringIO(text))}


def table_changes(before: str | None, after: str | None, key: list[str]) -> tuple[list, list, list]:
    """(added keys, removed keys, [(key, column, old, new)]) between two versions of a CSV table."""
    old, new = _rows(before, key), _rows(after, key)
    added = [k for k in new if k not in old]
    removed = [k for k in old if k not in new]
    changed = [(k, column, old[k].get(column, ""), value)
               for k in new if k in old for column, value in new[k].items()
               if column not in key and old[k].get(column, "") != value]
    return added, removed, changed


def _describe(name: str, added, removed, changed) -> list[str]:
    if not (added or removed or changed):
        return []
    counts = []
    if added:
        counts.append(f"{len(added)} row{'s' * (len(added) != 1)} added")
    if removed:
        counts.append(f"{len(removed)} row{'s' * (len(removed) != 1)} removed")
    rows_changed = len({k for k, *_ in changed})
    if changed:
        counts.append(f"{rows_changed} row{'s' * (rows_changed != 1)} changed")
    lines = [f"- `{name}`: " + _escape(", ".join(counts))]
    for key, column, old, new in changed[:SHOWN_CHANGES]:
        lines.append(f"  - {_escape(' '.join(key))}, {_escape(column)}: "
                     f"{_escape(old) or '(blank)'} → {_escape(new) or '(blank)'}")
    if len(changed) > SHOWN_CHANGES:
        more = len(changed) - SHOWN_CHANGES
        lines.append(f"  - and {more} more changed value{'' if more == 1 else 's'}")
    return lines


def changelog_page(folder: Path) -> str:
    lines = ["(changelog)=", "# Changes to the data", "",
             "What each change to the data tables added, removed or revised: a new source, a new year "
             "of an official series, a corrected value. It is generated from the project's version "
             "history (git) of `data/` when the book is built; each entry gives the date and the "
             "description of the change, then the rows it touched in each table.", ""]
    folder = Path(folder).resolve()
    top = _git(folder, "rev-parse", "--show-toplevel")
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8")) \
        if (folder / "datapackage.json").is_file() else {"resources": []}
    keys = {r["path"]: r["schema"].get("primaryKey") or [] for r in package["resources"] if r.get("path")}
    if top is None or not keys:
        return "\n".join(lines + ["This copy of the report has no version history of its data, so no "
                                  "changes can be listed here.", ""])
    root = Path(top.strip())
    relative = folder.relative_to(root).as_posix() if folder.is_relative_to(root) else None
    if relative is None:
        return "\n".join(lines + ["The data this book was built from lie outside the project's version "
                                  "history, so no changes can be listed here.", ""])
    prefix = "" if relative == "." else relative + "/"
    log = _git(root, "log", "--no-merges", "--format=%H%x09%ad%x09%s", "--date=short", "--", *(prefix + p for p in keys)) or ""

    def version(commit: str, path: str) -> str | None:
        return _git(root, "show", f"{commit}:{prefix}{path}")

    uncommitted = []
    for path, key in keys.items():
        current = (folder / path).read_text(encoding="utf-8") if (folder / path).is_file() else None
        uncommitted += _describe(path, *table_changes(version("HEAD", path), current, key))
    if uncommitted:
        lines += ["## Not yet committed", "", *uncommitted, ""]
    last_date = None
    for entry in log.splitlines():
        commit, date, subject = entry.split("\t", 2)
        described = []
        for path, key in keys.items():
            described += _describe(path, *table_changes(version(f"{commit}^", path), version(commit, path), key))
        if described:
            if date != last_date:  # one heading a day, newest first
                lines += [f"## {period_label(date)}", ""]
                last_date = date
            lines += [_escape(subject), "", *described, ""]
    return "\n".join(lines)
