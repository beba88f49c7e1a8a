"""The audit run: read the checks table (``checks.csv``, one row per check), run each check by its kind,
and collect the results (one per check) with their verdicts and counts.

Auditing a new claim of a known kind means adding a row to the table. A check whose rows are missing
from the data is reported as "cannot be checked (row missing)", naming the lookup, instead of failing.
"""
from __future__ import annotations

import csv
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import pandas as pd

from .figures import Figure, figure
from .rounding import SANITY, UNCHECKABLE, VERDICTS

CHECKS = Path(__file__).with_name("checks.csv")

SECTIONS = {
    "gaps": "Gaps and components",
    "conversions": "Conversions printed beside figures",
    "totals": "Multiples and totals",
    "repeats": "Repeated claims",
    "official": "Against the official series",
}


@dataclass(frozen=True)
class Check:
    """One row of the checks table: a check's id, kind and the figures or lookups it uses."""
    id: str
    kind: str
    region: str = ""
    metric: str = ""
    period: str = ""
    stats: tuple = ()
    options: dict = field(default_factory=dict)

    def stat(self, index: int) -> Figure:
        """The index-th figure named in the row's stats (LookupError when the data lack it)."""
        if index >= len(self.stats):
            raise ValueError(f"check {self.id}: needs at least {index + 1} stat ids in checks.csv")
        return figure("statistics", stat_id=self.stats[index])

    def option(self, name: str, default: str = "") -> str:
        return self.options.get(name, default)


@dataclass
class Result:
    check: str            # the check's id in the checks table
    kind: str             # the check's kind
    section: str          # a SECTIONS key
    claim: str
    computation: str
    result: str
    verdict: str
    tolerance: str
    why: str
    test: str = "real"    # 'real' (a verdict), 'sanity' (cannot fail on rounding) or 'note' (its kind has one
                          # possible outcome, so it cannot come out otherwise); only 'real' counts in the headline
    refs: tuple = ()      # stat_ids and series references used
    sources: tuple = ()   # source_ids used (for the chapter's citations)
    values: dict = field(default_factory=dict)  # key numbers, for charts and asserts

    def __post_init__(self):
        allowed = VERDICTS if self.test in ("real", "note") else SANITY if self.test == "sanity" else ()
        if self.verdict not in allowed:
            raise ValueError(f"unknown verdict {self.verdict!r} for a {self.test!r} test")


def refs(*figs) -> dict:
    """The refs and sources of the figures a result uses (None left out)."""
    figs = [f for f in figs if f is not None]
    return {"refs": tuple(dict.fromkeys(f.ref for f in figs)),
            "sources": tuple(dict.fromkeys(f.source_id for f in figs))}


def read_checks(path: Path | None = None) -> list[Check]:
    """The checks table: `stats` are space-separated stat ids, `options` `name=value` pairs split by ';'."""
    path = Path(path or CHECKS)
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    checks = []
    for line, row in enumerate(rows, start=2):
        options = dict(part.split("=", 1) for part in row["options"].split(";") if part.strip())
        checks.append(Check(row["id"], row["kind"], row["region"], row["metric"], row["period"],
                            tuple(row["stats"].split()), {k.strip(): v.strip() for k, v in options.items()}))
        if not row["id"] or not row["kind"]:
            raise ValueError(f"{path}:{line}: a check needs an id and a kind")
    ids = [c.id for c in checks]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{path}: check ids must be unique")
    return checks


def run_check(check: Check) -> Result:
    """One check; a missing row makes it 'cannot be checked (row missing)'."""
    from .checks import KINDS

    if check.kind not in KINDS:
        raise ValueError(f"{CHECKS.name}: check {check.id!r} has unknown kind {check.kind!r} "
                         f"(known: {', '.join(sorted(KINDS))})")
    kind = KINDS[check.kind]
    try:
        result = kind.function(check)
    except LookupError as missing:
        return Result(check.id, check.kind, kind.section, f"Check {check.id} ({check.kind.replace('_', ' ')}).",
                      "Not computed.", "A row the check needs is missing.", UNCHECKABLE,
                      "—", f"Cannot be checked (row missing): {missing}.", test=kind.test)
    if result.verdict not in kind.outcomes:
        raise ValueError(f"check {check.id}: kind {check.kind!r} returned {result.verdict!r}, which is not among "
                         f"the outcomes it declares ({', '.join(kind.outcomes)})")
    return replace(result, test=kind.test)


@dataclass(frozen=True)
class Kind:
    """A check kind: its function, its section, and every outcome it can return. A kind with a single
    possible outcome cannot come out otherwise (it records what the data hold): its checks are notes, not
    tests. A kind whose outcomes are those of sanity checks is a sanity check."""
    function: object
    section: str
    outcomes: tuple

    @property
    def test(self) -> str:
        if set(self.outcomes) <= set(SANITY):
            return "sanity"
        return "note" if len(self.outcomes) == 1 else "real"


def run(path: Path | None = None) -> list[Result]:
    """Every check of the table, in its order."""
    return [run_check(c) for c in read_checks(path)]


def table(results: list[Result]) -> pd.DataFrame:
    """One row per check, with the section's title."""
    frame = pd.DataFrame([asdict(r) for r in results])
    frame["section_title"] = frame["section"].map(SECTIONS)
    return frame


def counts(results: list[Result]) -> dict[str, int]:
    """How many real tests got each verdict (zeros included); sanity checks are not counted."""
    found = pd.Series([r.verdict for r in results if r.test == "real"], dtype=object).value_counts()
    return {v: int(found.get(v, 0)) for v in VERDICTS}


def independent_groups(results: list[Result]) -> list[tuple[str, ...]]:
    """The real tests grouped by the printed figures they rest on: two tests that use one printed article
    figure (a stat id; a conversion printed inside a quote counts as its row's figure) cannot fail apart,
    so they are one independent test. Official series and exchange rates are the yardsticks, not printed
    claims, and do not join tests. Groups in the order of their first check; singletons included."""
    from .. import data

    printed = set(data.statistics()["stat_id"])
    tests = [r for r in results if r.test == "real"]
    parent = {r.check: r.check for r in tests}

    def root(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    first_user = {}
    for r in tests:
        for ref in r.refs:
            stat = ref.split(":", 1)[0] if ref.split(":", 1)[0] in printed else None
            if stat is None:
                continue
            if stat in first_user:
                parent[root(r.check)] = root(first_user[stat])
            else:
                first_user[stat] = r.check
    groups = {}
    for r in tests:
        groups.setdefault(root(r.check), []).append(r.check)
    return [tuple(g) for g in groups.values()]


def sanity_counts(results: list[Result]) -> dict[str, int]:
    found = pd.Series([r.verdict for r in results if r.test == "sanity"], dtype=object).value_counts()
    return {v: int(found.get(v, 0)) for v in SANITY}
