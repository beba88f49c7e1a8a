"""Derived numbers and trend comparisons. Every derived figure in the report is computed here,
never typed in, so a test can check it against an independent computation."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
# statsmodels and scipy.stats are imported by the fits that use them, not here: most chapters
# import this module (through facts) and fit nothing, and those imports are 1.4 s of a kernel's start.

# The break of the long view's before/after comparisons: the first year of the 'new normal' slowdown,
# a modelling choice (not a data value) stated with every comparison that uses it.
BREAK_YEAR = 2014


def national_from_gap(regional_rate: float, gap_points: float) -> float:
    """A regional growth rate and its stated lead over the national rate imply the national rate."""
    return regional_rate - gap_points


def implied_base_level(level: float, growth_percent: float) -> float:
    """The previous period's level implied by a level and its growth rate."""
    return level / (1 + growth_percent / 100)


def implied_annual_rate(multiple: float, years: float) -> float:
    """Compound annual growth (percent) implied by a change by `multiple` over `years` years."""
    if years <= 0:
        raise ValueError("years must be positive")
    return (multiple ** (1 / years) - 1) * 100



def share_percent(part: float, whole: float) -> float:
    """`part` as a percentage of `whole` (e.g. 500 of 666 subcategories)."""
    if whole == 0:
        raise ValueError("whole must not be zero")
    return part / whole * 100


def annual_average(total: float, years: float) -> float:
    """The average per year of a total cumulated over `years` years."""
    if years <= 0:
        raise ValueError("years must be positive")
    return total / years


def implied_exchange_rate(amount_cny: float, amount_usd: float) -> float:
    """Yuan per US dollar implied by one amount printed in both currencies (or matched from two sources)."""
    if amount_usd == 0:
        raise ValueError("amount_usd must not be zero")
    return amount_cny / amount_usd


@dataclass(frozen=True)
class LinearTrend:
    """A linear trend: value = intercept + slope * year (slope in the value's unit per year), its slope's
    interval autocorrelation-robust (see ``_robust_estimates``), with the fit's own Durbin-Watson
    statistic and HAC lags, and its window (first and last year fitted)."""
    slope: float
    slope_low: float
    slope_high: float
    intercept: float
    n: int
    r_squared: float
    durbin_watson: float | None = None
    lags: int | None = None
    window: tuple[int, int] | None = None

    def fitted(self, years) -> np.ndarray:
        return self.intercept + self.slope * np.asarray(years, dtype=float)

    @property
    def clear(self) -> bool:
        """True when the slope's interval does not cross zero (else: not clearly different from no trend)."""
        return self.slope_low > 0 or self.slope_high < 0


@dataclass(frozen=True)
class LogLinearTrend(LinearTrend):
    """A log-linear trend: log(value) = a + b * year. annual_growth is exp(b) - 1, in percent."""

    @property
    def annual_growth(self) -> float:
        return float(np.expm1(self.slope) * 100)

    @property
    def annual_growth_ci(self) -> tuple[float, float]:
        return float(np.expm1(self.slope_low) * 100), float(np.expm1(self.slope_high) * 100)

    def fitted(self, years) -> np.ndarray:
        return np.exp(super().fitted(years))


def _ols(kind, years, values, alpha: float):
    """Fit values on year by OLS, the slope's interval robust as in ``_robust_estimates``; a trend
    needs three or more points."""
    years = np.asarray(years, dtype=float)
    values = np.asarray(values, dtype=float)
    if len(years) < 3:
        raise ValueError(f"a trend needs three or more points, got {len(years)}")
    design = np.column_stack([np.ones_like(years), years])   # a constant, then the year
    (slope, intercept), dw, resid, lags = _robust_estimates(values, design, [[0, 1], [1, 0]], alpha)
    r_squared = 1 - float(resid @ resid) / float(((values - values.mean()) ** 2).sum())
    return kind(slope.value, *slope.ci, intercept.value, len(years), r_squared, dw, lags,
                (int(years.min()), int(years.max())))


def linear_trend(years, values, alpha: float = 0.05) -> LinearTrend:
    """Fit value on year by OLS (e.g. a share in percent: slope in percentage points a year); the
    slope's interval is the wider of Newey-West and independent years."""
    return _ols(LinearTrend, years, values, alpha)


def loglinear_trend(years, values, alpha: float = 0.05) -> LogLinearTrend:
    """Fit log(value) on year by OLS, the interval robust as in ``linear_trend``; needs three or more
    positive points."""
    values = np.asarray(values, dtype=float)
    if (values <= 0).any():
        raise ValueError("a log-linear trend needs positive values")
    return _ols(LogLinearTrend, years, np.log(values), alpha)


def hac_lags(n: int) -> int:
    """Newey and West's (1994) rule for the Bartlett kernel's lag length: floor(4 (n/100)^(2/9))."""
    return int(np.floor(4 * (n / 100) ** (2 / 9)))


@dataclass(frozen=True)
class RobustEstimate:
    """A linear combination of OLS coefficients with its robust t interval and p-value."""
    value: float
    ci: tuple[float, float]
    p: float


def _robust_estimates(values, design, contrasts, alpha: float):
    """OLS of ``values`` on ``design``; each contrast's standard error is the wider of the Newey-West
    (HAC, Bartlett kernel, small-sample corrected) and the independent-years one, with t intervals.

    Yearly gaps persist from one year to the next, so independent-years intervals are too narrow; in
    the ten to twenty years these series hold, HAC's own variance estimate is biased down when
    persistence is weak, so the wider of the two is the one that never claims more than either.
    Returns (estimates, Durbin-Watson of the residuals, residuals, lags)."""
    from scipy import stats
    # the OLS module alone: statsmodels.api imports every model, a second more
    from statsmodels.regression.linear_model import OLS
    from statsmodels.stats.stattools import durbin_watson

    lags = hac_lags(len(values))
    ols = OLS(values, design).fit()
    hac = ols.get_robustcov_results(cov_type="HAC", maxlags=lags, use_correction=True, use_t=True)
    critical = stats.t.ppf(1 - alpha / 2, ols.df_resid)
    out = []
    for contrast in contrasts:
        c = np.asarray(contrast, dtype=float)
        value = float(c @ ols.params)
        se = float(np.sqrt(max(c @ hac.cov_params() @ c, c @ ols.cov_params() @ c)))
        p = float(2 * stats.t.sf(abs(value) / se, ols.df_resid)) if se > 0 else float(value == 0)
        out.append(RobustEstimate(value, (value - critical * se, value + critical * se), p))
    return out, float(durbin_watson(ols.resid)), ols.resid, lags


@dataclass(frozen=True)
class MeanGap:
    """A mean (e.g. of yearly growth gaps, in points) with its autocorrelation-robust (Newey-West)
    confidence interval, its point count, the fit's own Durbin-Watson statistic and the HAC lags."""
    mean: float
    ci: tuple[float, float]
    n: int
    durbin_watson: float | None = None
    lags: int | None = None

    @property
    def clear(self) -> bool:
        """True when the interval does not cross zero."""
        return self.ci[0] > 0 or self.ci[1] < 0


def mean_gap(gaps, alpha: float = 0.05) -> MeanGap:
    """The mean of yearly gaps with its robust t interval (see ``_robust_estimates``); needs three or
    more years (two leave the robust variance undefined)."""
    gaps = np.asarray(gaps, dtype=float)
    if len(gaps) < 3:
        raise ValueError("a mean gap needs three or more years")
    (mean,), dw, _, lags = _robust_estimates(gaps, np.ones((len(gaps), 1)), [[1]], alpha)
    return MeanGap(mean.value, mean.ci, len(gaps), dw, lags)


def gap_before_after(years, gaps, break_year: int = BREAK_YEAR, alpha: float = 0.05):
    """OLS of yearly gaps on a constant and a dummy for years after ``break_year``, robust errors as in
    ``mean_gap``.

    Returns (before, after, change, change_ci, change_p, durbin_watson): the mean gap in each period
    with its robust interval, and the change with its interval and p-value. Each period's own
    Durbin-Watson is in its MeanGap; the last item is the split fit's. Needs two or more years on each
    side.
    """
    years = np.asarray(years, dtype=float)
    gaps = np.asarray(gaps, dtype=float)
    after = (years > break_year).astype(float)
    if after.sum() < 2 or (1 - after).sum() < 2:
        raise ValueError("a before/after comparison needs two or more years on each side of the break")
    (before, later, change), dw, resid, lags = _robust_estimates(
        gaps, np.column_stack([np.ones_like(years), after]), [[1, 0], [1, 1], [0, 1]], alpha)
    from statsmodels.stats.stattools import durbin_watson

    side_dw = {flag: float(durbin_watson(resid[after == flag])) for flag in (0.0, 1.0)}
    return (MeanGap(before.value, before.ci, int((1 - after).sum()), side_dw[0.0], lags),
            MeanGap(later.value, later.ci, int(after.sum()), side_dw[1.0], lags),
            change.value, change.ci, change.p, dw)
