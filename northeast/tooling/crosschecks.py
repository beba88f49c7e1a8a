"""Cross-checks of the sources, recomputed from the data at build time for the Sources page: wherever
two sources in ``series.csv`` hold the same figure (region, measure, year, unit), how many figures they
share, over which years and regions, and the largest difference between them.

Two copies of one table should agree to the digit; two vintages of one series (a first release and a
census revision) differ by the revision, which is named as such, not as a disagreement.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

KEY = ["region", "metric", "year", "unit"]
# Copies of one NBS database taken at different times carry the copy as their vintage: not a revision.
COPY_VINTAGES = {"download_2021", "export_2026", "sheet_2026", "release_2026"}


@dataclass(frozen=True)
class CrossCheck:
    first: str               # source ids, in sorted order
    second: str
    vintages: tuple          # (first's, second's)
    metrics: tuple
    regions: int
    years: tuple             # (first, last) overlapping year
    figures: int             # values compared
    largest: float           # largest difference, percent of the second source's value
    where: str               # the figure with the largest difference, in words
    same_vintage: bool       # copies of one vintage (or of one database): should agree to the digit

    def result(self) -> str:
        """The result in words chosen by the numbers."""
        span = f"{self.years[0]}–{self.years[1]}" if self.years[0] != self.years[1] else str(self.years[0])
        shared = (f"{self.figures} figure{'s' * (self.figures != 1)} in common ({', '.join(self.metrics)}; "
                  f"{self.regions} region{'s' * (self.regions != 1)}, {span})")
        if self.largest == 0:
            return f"{shared}: identical in every one."
        found = f"{shared}: they differ by up to {self.largest:.3g}% ({self.where})"
        return found + ("." if self.same_vintage else
                        f"; different vintages ({self.vintages[0].replace('_', ' ')} and {self.vintages[1].replace('_', ' ')}), so the difference is a "
                        "revision, not a copying error.")


def cross_checks(series: pd.DataFrame, names: dict | None = None) -> list[CrossCheck]:
    """Every pair of sources holding the same figures in ``series`` (columns region, metric, year, unit,
    value, vintage, source_id; values as text or numbers), with the largest difference between them.
    ``names`` turns region codes and metric ids into words."""
    names = names or {}
    rows = series[KEY + ["value", "vintage", "source_id"]].copy()
    rows["printed"] = rows["value"].astype(str)   # shown as the copies print it
    rows["value"] = pd.to_numeric(rows["value"], errors="coerce")
    pairs = rows.merge(rows, on=KEY, suffixes=("_a", "_b"))
    pairs = pairs[pairs["source_id_a"] < pairs["source_id_b"]].dropna(subset=["value_a", "value_b"])
    if pairs.empty:
        return []
    gap = (pairs["value_a"] - pairs["value_b"]).abs()
    pairs["difference"] = np.where(pairs["value_b"] != 0, gap / pairs["value_b"].abs().where(pairs["value_b"] != 0) * 100,
                                   np.where(gap == 0, 0.0, np.inf))
    out = []
    for (a, b, va, vb), group in pairs.groupby(["source_id_a", "source_id_b", "vintage_a", "vintage_b"], sort=True):
        worst = group.loc[group["difference"].idxmax()]
        out.append(CrossCheck(
            a, b, (va, vb), tuple(sorted(names.get(m, m) for m in group["metric"].unique())), int(group["region"].nunique()),
            (str(group["year"].min()), str(group["year"].max())), len(group), float(worst["difference"]),
            f"{names.get(worst['region'], worst['region'])}, {worst['year']}: {worst['printed_a']} against {worst['printed_b']}",
            va == vb or {va, vb} <= COPY_VINTAGES))
    return out
