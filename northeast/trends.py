"""Derived numbers and trend comparisons. Every derived figure in the report is computed here,
never typed in, so a test can check it against an independent computation."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
# the OLS module alone: statsmodels.api imports every model, a second of each kernel's start
from statsmodels.regression.linear_model import OLS
from statsmodels.stats.stattools import durbin_watson
from statsmodels.tools.tools import add_constant

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
    """A linear trend: value = intercept + slope * year (slope in the value's unit per year)."""
    slope: float
    slope_low: float
    slope_high: float
    intercept: float
    n: int
    r_squared: float

    def fitted(self, years) -> np.ndarray:
        return self.intercept + self.slope * np.asarray(years, dtype=float)


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
    """Fit values on year by OLS; a trend needs three or more points."""
    years = np.asarray(years, dtype=float)
    if len(years) < 3:
        raise ValueError(f"a trend needs three or more points, got {len(years)}")
    model = OLS(np.asarray(values, dtype=float), add_constant(years)).fit()
    low, high = model.conf_int(alpha)[1]
    return kind(float(model.params[1]), float(low), float(high), float(model.params[0]),
                int(model.nobs), float(model.rsquared))


def linear_trend(years, values, alpha: float = 0.05) -> LinearTrend:
    """Fit value on year by OLS (e.g. a share in percent: slope in percentage points a year)."""
    return _ols(LinearTrend, years, values, alpha)


def loglinear_trend(years, values, alpha: float = 0.05) -> LogLinearTrend:
    """Fit log(value) on year by OLS; needs three or more positive points."""
    values = np.asarray(values, dtype=float)
    if (values <= 0).any():
        raise ValueError("a log-linear trend needs positive values")
    return _ols(LogLinearTrend, years, np.log(values), alpha)


@dataclass(frozen=True)
class MeanGap:
    """A mean (e.g. of yearly growth gaps, in points) with its confidence interval and point count."""
    mean: float
    ci: tuple[float, float]
    n: int


def mean_gap(gaps, alpha: float = 0.05) -> MeanGap:
    """The mean of yearly gaps with its t interval (OLS on a constant); needs two or more years."""
    gaps = np.asarray(gaps, dtype=float)
    if len(gaps) < 2:
        raise ValueError("a mean gap needs two or more years")
    fit = OLS(gaps, np.ones_like(gaps)).fit()
    low, high = fit.conf_int(alpha)[0]
    return MeanGap(float(fit.params[0]), (float(low), float(high)), len(gaps))


def gap_before_after(years, gaps, break_year: int = BREAK_YEAR, alpha: float = 0.05):
    """OLS of yearly gaps on a constant and a dummy for years after ``break_year``.

    Returns (before, after, change, change_ci, change_p, durbin_watson): the mean gap in each period
    with its interval, and the change with its interval and p-value. Needs two or more years on each
    side; intervals assume independent years (the Durbin-Watson statistic says how far that holds).
    """
    years = np.asarray(years, dtype=float)
    gaps = np.asarray(gaps, dtype=float)
    after = (years > break_year).astype(float)
    if after.sum() < 2 or (1 - after).sum() < 2:
        raise ValueError("a before/after comparison needs two or more years on each side of the break")
    fit = OLS(gaps, np.column_stack([np.ones_like(years), after])).fit()
    ci = fit.conf_int(alpha)
    later = fit.t_test([1, 1])
    later_ci = tuple(float(x) for x in np.ravel(later.conf_int(alpha)))
    before = MeanGap(float(fit.params[0]), (float(ci[0, 0]), float(ci[0, 1])), int((1 - after).sum()))
    after_gap = MeanGap(float(fit.params[0] + fit.params[1]), later_ci, int(after.sum()))
    return (before, after_gap, float(fit.params[1]), (float(ci[1, 0]), float(ci[1, 1])), float(fit.pvalues[1]),
            float(durbin_watson(fit.resid)))
