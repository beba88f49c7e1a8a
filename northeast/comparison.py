"""The comparisons the book's answer rests on, each computed once for the landing page and the
comparison chapter: the synthetic Northeast with its checks, and the words that say how sure each
comparison is. Nothing here holds a number of the data."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from . import facts, peers, synthetic

# The false policy year of the placebo in time: this many years before the real one.
PLACEBO_YEARS_EARLIER = 5
# The permutation p-value below which a synthetic gap is called unusual among the placebos.
PLACEBO_ALPHA = 0.10


@dataclass(frozen=True)
class SyntheticResult:
    """One treated unit's synthetic comparison and its checks (None where the pre-fit is poor)."""
    main: synthetic.SynthFit
    placebos: synthetic.Placebos | None
    in_time: synthetic.SynthFit | None
    leave_one_out: synthetic.SynthFit | None

    @property
    def reported(self) -> bool:
        """An effect is reported only where the pre-period fit is good."""
        return self.main.good_fit

    @property
    def unusual(self) -> bool:
        return self.placebos is not None and self.placebos.p_value <= PLACEBO_ALPHA


@lru_cache(maxsize=1)
def synthetic_northeast() -> dict[str, SyntheticResult]:
    """For each province and the three together: the synthetic fit on the output-share index around
    the new round; for good fits (and always for the three together, whose placebos the chart draws)
    in-space placebos; for good fits a placebo in time and leave-one-out."""
    panel, donors, year = peers.output_panel(), peers.donors(), peers.SYNTH_POLICY_YEAR
    out = {}
    for code in facts.PROVINCES + [facts.NORTHEAST]:
        main = synthetic.fit(panel, code, donors, year)
        checks = main.good_fit
        placebos = synthetic.placebos(panel, code, donors, year, main) if checks or code == facts.NORTHEAST else None
        false_year = year - PLACEBO_YEARS_EARLIER
        in_time = synthetic.placebo_in_time(panel, code, donors, year, false_year) if checks else None
        loo = synthetic.leave_one_out(panel, main) if checks else None
        out[code] = SyntheticResult(main, placebos, in_time, loo)
    return out


def clarity(ci: tuple[float, float], lower: str = "slower", higher: str = "faster") -> str:
    """'clearly slower', 'clearly faster' or 'not clearly different', as the interval says."""
    low, high = sorted(ci)
    return f"clearly {lower}" if high < 0 else f"clearly {higher}" if low > 0 else "not clearly different"
