"""A synthetic control: a weighted combination of donor units that tracked a treated unit before a
policy year, and the gap after it (Abadie, Diamond and Hainmueller 2010), with the checks that say how
far to trust it: in-space placebos with a permutation p-value, a placebo in time, leave-one-out of the
largest donor, and a pre-period fit test below which no effect is reported.

The weights come from pysyncon's ``Synth`` (pinned). Every pre-period year of the outcome is a
predictor, weighted so that the weights minimise the pre-period mean squared prediction error itself
(no outer search over predictor weights: fast, deterministic, and the fit the reader sees is the one
optimised). Everything here takes a year-by-unit table and holds no number of the report's data.
"""
from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pysyncon
from pysyncon import Synth

from .paths import ROOT

# The pre-period fit is poor, and no effect is reported, when its root mean squared prediction error
# exceeds this percentage of the treated unit's mean pre-period level: a modelling choice, stated with
# every result.
POOR_FIT_PERCENT = 2.0
# Weights below this are shown as zero (the optimiser leaves tiny non-zero weights).
WEIGHT_FLOOR = 0.005


@dataclass(frozen=True)
class SynthFit:
    """One synthetic control: the donors' weights, the treated unit and its synthetic twin by year."""
    treated: str
    treatment_year: int          # the first year counted as treated
    weights: pd.Series           # donor -> weight, summing to 1
    actual: pd.Series
    synthetic: pd.Series
    # Years in which every unit has the same value (an index's base year): the gap there is zero by
    # construction, so they are neither fitted nor counted in the pre- or post-period miss.
    mechanical: tuple[int, ...] = ()

    @property
    def gap(self) -> pd.Series:
        return self.actual - self.synthetic

    @property
    def counted(self) -> pd.Series:
        """The gap in the years that carry information (the mechanical years left out)."""
        return self.gap[~self.gap.index.isin(self.mechanical)]

    @property
    def pre(self) -> pd.Series:
        return self.counted[self.counted.index < self.treatment_year]

    @property
    def post(self) -> pd.Series:
        return self.counted[self.counted.index >= self.treatment_year]

    @property
    def pre_rmspe(self) -> float:
        return float(np.sqrt(np.mean(self.pre ** 2)))

    @property
    def post_rmspe(self) -> float:
        return float(np.sqrt(np.mean(self.post ** 2))) if len(self.post) else float("nan")

    @property
    def ratio(self) -> float:
        """Post- over pre-period RMSPE: large when the gap opens after the policy year."""
        return self.post_rmspe / self.pre_rmspe if self.pre_rmspe > 0 else float("inf")

    @property
    def fit_percent(self) -> float:
        """Pre-period RMSPE as a percentage of the treated unit's mean pre-period level."""
        level = self.actual.loc[self.pre.index].abs().mean()
        return self.pre_rmspe / level * 100

    @property
    def good_fit(self) -> bool:
        return self.fit_percent <= POOR_FIT_PERCENT

    @property
    def last_gap(self) -> float:
        return float(self.post.iloc[-1]) if len(self.post) else float("nan")

    def top_donors(self, count: int = 5) -> pd.Series:
        shown = self.weights[self.weights >= WEIGHT_FLOOR]
        return shown.sort_values(ascending=False).head(count)


def fit(panel: pd.DataFrame, treated: str, donors: list[str], treatment_year: int) -> SynthFit:
    """Weights on ``donors`` (non-negative, summing to one) that best track ``treated`` in the years
    before ``treatment_year``; ``panel`` is one row per year, one column per unit, without gaps."""
    table = panel[[treated] + list(donors)]
    if table.isna().any().any():
        missing = table.columns[table.isna().any()].tolist()
        raise ValueError(f"a synthetic control needs every year of every unit; missing values for {missing}")
    # A year in which every unit is equal (an index's base year) carries no information: its gap is
    # zero whatever the weights, so it is neither fitted nor counted as a year of good fit.
    spread = table.std(axis=1)
    equal = spread <= 1e-9 * table.abs().max(axis=1).clip(lower=1)
    mechanical = tuple(int(y) for y in table.index[equal])
    before = table[(table.index < treatment_year) & ~equal]
    if len(before) < 3 or ((table.index >= treatment_year) & ~equal).sum() < 1:
        raise ValueError("a synthetic control needs three or more years before the policy year and one after "
                         "(years in which every unit is equal, such as an index's base year, do not count)")
    # pysyncon scales each predictor (year) by its spread across units; this V undoes that scaling, so
    # the weights minimise the plain pre-period squared error.
    weights = pd.Series(_weights(before[list(donors)], before[treated], spread[before.index] ** 2),
                        index=list(donors))
    return SynthFit(treated, int(treatment_year), weights, table[treated], table[list(donors)] @ weights, mechanical)


def _weights(donors_pre: pd.DataFrame, treated_pre: pd.Series, importance: pd.Series) -> np.ndarray:
    """pysyncon's weights, cached on their inputs (a placebo run fits every donor: seconds each time
    the chapter runs otherwise). The cache holds weights only, in JSON, keyed by a hash of the inputs
    and the library's version, so new data or a new pysyncon never read an old answer."""
    key = hashlib.sha256(json.dumps([pysyncon.__version__, donors_pre.to_json(orient="split", double_precision=15),
                                     treated_pre.to_json(orient="split", double_precision=15),
                                     importance.tolist()]).encode()).hexdigest()
    path = cache_dir() / f"{key}.json"
    if path.exists():
        try:
            return np.asarray(json.loads(path.read_text()), dtype=float)
        except (ValueError, OSError):
            pass        # an unreadable cache entry is recomputed
    model = Synth()
    model.fit(X0=donors_pre, X1=treated_pre, Z0=donors_pre, Z1=treated_pre, custom_V=importance.to_numpy())
    weights = np.clip(model.W, 0, None)
    weights = weights / weights.sum()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(weights.tolist()))
    except OSError:
        pass            # a read-only checkout still builds, only slower
    return weights


def cache_dir() -> Path:
    return Path(os.environ.get("NORTHEAST_SYNTH_CACHE", ROOT / ".cache" / "synthetic"))


@dataclass(frozen=True)
class Placebos:
    """In-space placebos: each donor treated in turn (the other donors its pool), and where the treated
    unit's post/pre RMSPE ratio ranks among all of them."""
    treated: SynthFit
    placebos: dict[str, SynthFit]

    @property
    def ratios(self) -> pd.Series:
        out = {name: f.ratio for name, f in self.placebos.items()}
        out[self.treated.treated] = self.treated.ratio
        return pd.Series(out).sort_values(ascending=False)

    @property
    def rank(self) -> int:
        """1 = the largest ratio of all units."""
        return int(1 + sum(r > self.treated.ratio for r in (f.ratio for f in self.placebos.values())))

    @property
    def post_rank(self) -> int:
        """Where the treated unit's post-period RMSPE alone ranks (1 = the largest): the ratio divides
        by the pre-period miss, so a placebo that fitted tightly before can outrank a larger gap."""
        return int(1 + sum(f.post_rmspe > self.treated.post_rmspe for f in self.placebos.values()))

    @property
    def p_value(self) -> float:
        """Share of units (the treated one included) whose ratio is at least the treated unit's."""
        at_least = sum(f.ratio >= self.treated.ratio for f in self.placebos.values())
        return (1 + at_least) / (len(self.placebos) + 1)


def placebos(panel: pd.DataFrame, treated: str, donors: list[str], treatment_year: int,
             main: SynthFit | None = None) -> Placebos:
    main = main or fit(panel, treated, donors, treatment_year)
    runs = {d: fit(panel, d, [o for o in donors if o != d], treatment_year) for d in donors}
    return Placebos(main, runs)


def placebo_in_time(panel: pd.DataFrame, treated: str, donors: list[str], treatment_year: int,
                    false_year: int) -> SynthFit:
    """The same fit with a false, earlier policy year, on the years before the real one only: a gap
    that opens at the false year says the method finds effects where there is none to find."""
    if false_year >= treatment_year:
        raise ValueError("a placebo in time needs a false year before the policy year")
    return fit(panel[panel.index < treatment_year], treated, donors, false_year)


def leave_one_out(panel: pd.DataFrame, main: SynthFit) -> SynthFit:
    """The fit again without the donor of largest weight."""
    largest = main.weights.idxmax()
    return fit(panel, main.treated, [d for d in main.weights.index if d != largest], main.treatment_year)
