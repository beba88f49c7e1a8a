"""Derived numbers and trend comparisons. Every derived figure in the report is computed here,
never typed in, so a test can check it against an independent computation."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm


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



def growth_rates(frame: pd.DataFrame, value: str = "value", by: str = "region") -> pd.DataFrame:
    """Year-on-year growth (percent) of `value` within each `by` group, sorted by year."""
    frame = frame.sort_values([by, "year"]).copy()
    frame["growth"] = frame.groupby(by)[value].pct_change() * 100
    return frame


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
