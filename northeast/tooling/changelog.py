"""The book's changelog page, for readers: every revision of a published figure, old -> new and why.

Read from the git history of the figure tables (``data/statistics.csv``, ``data/series.csv``),
row by row on each table's primary key (from ``datapackage.json``): a row whose value, unit,
qualifier or period changed is a revision, listed with the description of the change as its
reason; rows added or removed are counted by date. Uncommitted edits are listed first. The full
commit log stays in the repository. A copy of the project without its git history gets a page
that says so.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import subprocess
from pathlib import Path

from ..paths import ROOT
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


# The columns that make a published figure: a change in one of them revises the number a reader saw.
FIGURE_COLUMNS = ("value", "unit", "qualifier", "period")
# The tables whose rows are published figures (the others describe them).
FIGURE_TABLES = ("statistics.csv", "series.csv")


def _names(folder: Path, table: str, key: str, column: str) -> dict[str, str]:
    path = folder / table
    if not path.is_file():
        return {}
    with open(path, encoding="utf-8", newline="") as handle:
        return {row[key]: row[column] for row in csv.DictReader(handle) if row.get(key)}


def _figure_label(row: dict, metrics: dict, places: dict) -> str:
    """A published figure in words: what, where, when ('Grain output, Heilongjiang, 2023')."""
    what = metrics.get(row.get("metric", ""), row.get("metric", ""))
    if row.get("entity"):
        what = f"{what} ({row['entity']})"
    when = row.get("year") or ""
    if row.get("period"):
        try:
            when = period_label(row["period"])
        except Exception:   # an old row's period outside today's grammar is shown as written
            when = row["period"]
    vintage = f"{row['vintage']} series" if row.get("vintage") else ""
    return ", ".join(part for part in (what, places.get(row.get("region", ""), row.get("region", "")), when, vintage) if part)


def _figure(row: dict) -> str:
    from ..report import figure_text

    return figure_text(row.get("value", ""), row.get("qualifier", "") or "exact", row.get("unit", ""))


def revisions(before: str | None, after: str | None, key: list[str]) -> tuple[list[tuple[dict, dict]], int, int]:
    """([(old row, new row)] whose published figure changed, rows added, rows removed)."""
    old, new = _rows(before, key), _rows(after, key)
    revised = [(old[k], new[k]) for k in new if k in old
               and any(old[k].get(c, "") != new[k].get(c, "") for c in FIGURE_COLUMNS if c in new[k])]
    return revised, sum(k not in old for k in new), sum(k not in new for k in old)


def cache_dir() -> Path:
    return Path(os.environ.get("NORTHEAST_CHANGELOG_CACHE", ROOT / ".cache" / "changelog"))


def committed_revisions(commit: str, path: str, key: list[str], version) -> tuple[list[tuple[dict, dict]], int, int]:
    """``revisions`` made by one commit to one table (``path`` in the repository; ``version(ref)``: the
    table's text at a commit).
    A commit never changes, so its answer is kept (``cache_dir``), keyed on the commit, the table, its
    key and the columns that make a revision: reading two versions of the tables for every commit
    was most of the time of a build that changed nothing."""
    name = hashlib.sha256(json.dumps([commit, path, key, sorted(FIGURE_COLUMNS)]).encode()).hexdigest()
    cached = cache_dir() / f"{name}.json"
    try:
        revised, added, removed = json.loads(cached.read_text(encoding="utf-8"))
        return [(old, new) for old, new in revised], added, removed
    except (OSError, ValueError, TypeError):
        pass   # not there yet, or unreadable: computed again
    answer = revisions(version(f"{commit}^"), version(commit), key)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        temporary = cached.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(answer), encoding="utf-8")
        temporary.replace(cached)   # whole or not at all, whoever reads it meanwhile
    except OSError:
        pass   # a read-only checkout still builds, only slower
    return answer


REASON = "Reason"   # the commit trailer that says why, for readers ("Reason: NBS revised 2023 after the census.")


def reader_reason(reason: str, subject: str) -> str:
    """Why a figure changed, for readers: the commit's Reason trailer, or, without one, the commit's
    subject marked plainly as the developers' description, not a reason written for readers."""
    reason = " ".join(reason.split())
    return reason or f"not stated for readers; the change is recorded in the project's history as \"{' '.join(subject.split())}\""


def changelog_page(folder: Path) -> str:
    """The reader's changelog: every revision of a published figure (old -> new, and why, from the
    description of the change), then how many figures each change added or removed. The full
    history of the data is the repository's own log."""
    lines = ["(changelog)=", "# Revisions to the figures", "",
             "When a figure this report publishes is revised (a source corrects itself, a statistical "
             "office revises a year, a value was curated wrongly), the change is listed here: the old "
             "figure, the new one and why. Figures added or removed are counted under their date. The "
             "complete history of every change to `data/` is the version history in the project's "
             "repository.", ""]
    folder = Path(folder).resolve()
    top = _git(folder, "rev-parse", "--show-toplevel")
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8")) \
        if (folder / "datapackage.json").is_file() else {"resources": []}
    keys = {r["path"]: r["schema"].get("primaryKey") or [] for r in package["resources"]
            if r.get("path") in FIGURE_TABLES}
    if top is None or not keys:
        return "\n".join(lines + ["This copy of the report has no version history of its data, so no "
                                  "revisions can be listed here.", ""])
    root = Path(top.strip())
    relative = folder.relative_to(root).as_posix() if folder.is_relative_to(root) else None
    if relative is None:
        return "\n".join(lines + ["The data this book was built from lie outside the project's version "
                                  "history, so no revisions can be listed here.", ""])
    prefix = "" if relative == "." else relative + "/"
    metrics = _names(folder, "metrics.csv", "metric_id", "label")
    places = _names(folder, "places.csv", "code", "name")
    # the reason for readers is the commit's "Reason:" trailer; a commit without one is marked as such
    log = _git(root, "log", "--no-merges", f"--format=%H%x09%ad%x09%s%x09%(trailers:key={REASON},valueonly,separator=%x20)",
               "--date=short", "--", *(prefix + p for p in keys)) or ""

    def version(commit: str, path: str) -> str | None:
        return _git(root, "show", f"{commit}:{prefix}{path}")

    def entry(changes: list[tuple[str, tuple]], why: str) -> tuple[list[str], list[str]]:
        revised_lines, counts = [], []
        for path, (revised, added, removed) in changes:
            noun = "official value" if path == "series.csv" else "figure"
            for old, new in revised[:SHOWN_CHANGES]:
                revised_lines.append(f"- {_escape(_figure_label(new, metrics, places))}: "
                                     f"{_escape(_figure(old)) or '(blank)'} → "
                                     f"{_escape(_figure(new)) or '(blank)'}. Why: {_escape(why)}")
            if len(revised) > SHOWN_CHANGES:
                more = len(revised) - SHOWN_CHANGES
                revised_lines.append(f"- and {more} more revised {noun}{'s' * (more != 1)}. Why: {_escape(why)}")
            for count, verb in ((added, "added"), (removed, "removed")):
                if count:
                    counts.append(f"{count:,} {noun}{'s' * (count != 1)} {verb}")
        return revised_lines, counts

    uncommitted = []
    for path, key in keys.items():
        current = (folder / path).read_text(encoding="utf-8") if (folder / path).is_file() else None
        uncommitted.append((path, revisions(version("HEAD", path), current, key)))
    revised_now, counts_now = entry(uncommitted, "not yet recorded (an edit not yet committed)")
    if revised_now or counts_now:
        lines += ["## Not yet committed", "", *revised_now]
        if counts_now:
            lines += ["", _escape(", ".join(counts_now)) + "."]
        lines.append("")
    dated: dict[str, dict[str, list[str]]] = {}
    for line in log.splitlines():
        if line.count("\t") < 3:
            continue
        commit, date, subject, reason = line.split("\t", 3)
        changes = [(path, committed_revisions(commit, prefix + path, key, lambda c, p=path: version(c, p)))
                   for path, key in keys.items()]
        revised_lines, counts = entry(changes, reader_reason(reason, subject))
        day = dated.setdefault(date, {"revised": [], "counts": []})
        day["revised"] += revised_lines
        if counts:
            day["counts"].append(f"{_escape(', '.join(counts))} ({_escape(subject)})")
    revised_days = [(d, v["revised"]) for d, v in dated.items() if v["revised"]]
    lines += ["## Revised figures", ""]
    if not revised_days:
        lines += ["No published figure has been revised yet.", ""]
    for date, revised_lines in revised_days:
        lines += [f"### {period_label(date)}", "", *revised_lines, ""]
    counted = [(d, v["counts"]) for d, v in dated.items() if v["counts"]]
    if counted:
        lines += ["## Figures added and removed", ""]
        for date, counts in counted:
            lines += [f"- {period_label(date)}: " + "; ".join(counts)]
        lines.append("")
    return "\n".join(lines)
