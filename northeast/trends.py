"""Derived numbers and trend comparisons. Every derived figure in the report is computed here,
never typed in, so a test can check it against an independent computation."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm
from statsmodels.stats.stattools import durbin_watson

# The break of the long view's trend comparisons: the first year of the 'new normal' slowdown,
# a modelling choice (not a data value) stated with every fit that uses it.
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
class Trend(LinearTrend):
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
    model = sm.OLS(np.asarray(values, dtype=float), sm.add_constant(years)).fit()
    low, high = model.conf_int(alpha)[1]
    return kind(float(model.params[1]), float(low), float(high), float(model.params[0]),
                int(model.nobs), float(model.rsquared))


def linear_trend(years, values, alpha: float = 0.05) -> LinearTrend:
    """Fit value on year by OLS (e.g. a share in percent: slope in percentage points a year)."""
    return _ols(LinearTrend, years, values, alpha)


def loglinear_trend(years, values, alpha: float = 0.05) -> Trend:
    """Fit log(value) on year by OLS; needs three or more positive points."""
    values = np.asarray(values, dtype=float)
    if (values <= 0).any():
        raise ValueError("a log-linear trend needs positive values")
    return _ols(Trend, years, np.log(values), alpha)


@dataclass(frozen=True)
class BreakTrend:
    """log(value) = a + b (year - k) + c max(year - k, 0): a trend whose slope changes after year k.

    slope_before is b, slope_after is b + c (log points a year); change is c, with its confidence
    interval and the p-value of the test that c = 0 (t distribution). durbin_watson measures how much
    the deviations from trend persist from year to year (2: not at all; towards 0: strongly, which
    makes the intervals too narrow).
    """
    break_year: int
    intercept: float
    slope_before: float
    slope_before_ci: tuple[float, float]
    slope_after: float
    slope_after_ci: tuple[float, float]
    change: float
    change_ci: tuple[float, float]
    change_p: float
    n: int
    r_squared: float
    durbin_watson: float

    def fitted(self, years) -> np.ndarray:
        t = np.asarray(years, dtype=float) - self.break_year
        return np.exp(self.intercept + self.slope_before * t + self.change * np.maximum(t, 0))

    @property
    def growth_before(self) -> float:
        """Trend growth before the break, percent a year."""
        return float(np.expm1(self.slope_before) * 100)

    @property
    def growth_after(self) -> float:
        return float(np.expm1(self.slope_after) * 100)


def break_design(years, break_year: int = BREAK_YEAR) -> np.ndarray:
    """Columns: constant, year - k, max(year - k, 0)."""
    t = np.asarray(years, dtype=float) - break_year
    return np.column_stack([np.ones_like(t), t, np.maximum(t, 0)])


def break_trend(years, values, break_year: int = BREAK_YEAR, alpha: float = 0.05,
                hac_lags: int | None = None) -> BreakTrend:
    """Fit a log-linear trend with a slope break after ``break_year`` by OLS.

    Classical standard errors by default: with twenty annual points, Newey-West (HAC) errors
    (``hac_lags``) reject a true "no change" far more often than the nominal 5% (see the tests), so
    they are an option, not the default. Needs three or more years on each side of the break and
    positive values.
    """
    years = np.asarray(years, dtype=float)
    values = np.asarray(values, dtype=float)
    if (values <= 0).any():
        raise ValueError("a log-linear trend needs positive values")
    if (years < break_year).sum() < 3 or (years > break_year).sum() < 3:
        raise ValueError("a break trend needs three or more years on each side of the break")
    model = sm.OLS(np.log(values), break_design(years, break_year))
    if hac_lags is None:
        fit = model.fit()
    else:
        fit = model.fit(cov_type="HAC", cov_kwds={"maxlags": hac_lags}, use_t=True)
    ci = fit.conf_int(alpha)
    after = fit.t_test([0, 1, 1])
    after_ci = tuple(float(x) for x in np.ravel(after.conf_int(alpha)))
    return BreakTrend(
        break_year=int(break_year),
        intercept=float(fit.params[0]),
        slope_before=float(fit.params[1]),
        slope_before_ci=(float(ci[1, 0]), float(ci[1, 1])),
        slope_after=float(fit.params[1] + fit.params[2]),
        slope_after_ci=after_ci,
        change=float(fit.params[2]),
        change_ci=(float(ci[2, 0]), float(ci[2, 1])),
        change_p=float(fit.pvalues[2]),
        n=int(fit.nobs),
        r_squared=float(fit.rsquared),
        durbin_watson=float(durbin_watson(fit.resid)),
    )


def growth_gap(years, region_values, national_values, break_year: int = BREAK_YEAR,
               alpha: float = 0.05) -> BreakTrend:
    """The growth gap of a region to the nation, before and after the break.

    Fits the break trend to log(region / nation). Its slopes are the differences between the
    region's and the nation's trend slopes (the interaction terms of a joint model of both series),
    in log points a year; a negative change means the gap widened against the region.
    """
    ratio = np.asarray(region_values, dtype=float) / np.asarray(national_values, dtype=float)
    return break_trend(years, ratio, break_year, alpha)


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
    fit = sm.OLS(gaps, np.ones_like(gaps)).fit()
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
    fit = sm.OLS(gaps, np.column_stack([np.ones_like(years), after])).fit()
    ci = fit.conf_int(alpha)
    later = fit.t_test([1, 1])
    later_ci = tuple(float(x) for x in np.ravel(later.conf_int(alpha)))
    before = MeanGap(float(fit.params[0]), (float(ci[0, 0]), float(ci[0, 1])), int((1 - after).sum()))
    after_gap = MeanGap(float(fit.params[0] + fit.params[1]), later_ci, int(after.sum()))
    return (before, after_gap, float(fit.params[1]), (float(ci[1, 0]), float(ci[1, 1])), float(fit.pvalues[1]),
            float(durbin_watson(fit.resid)))
