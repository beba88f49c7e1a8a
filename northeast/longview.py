"""Computations on the official annual series for the "long view" chapter.

Everything the chapter says about the long series is computed here, so the tests can check it
against an independent computation: the repair of the flagged Heilongjiang 2013 population, shares
of the national total, GRP per person relative to China, log-linear trends with a slope break, and
the growth gap of a province to China with confidence intervals.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm
from statsmodels.stats.stattools import durbin_watson

BREAK_YEAR = 2014


def fill_suspect(frame: pd.DataFrame) -> pd.DataFrame:
    """Replace each value flagged ``suspect`` by linear interpolation in the year between the nearest
    unflagged years of the same region, metric and vintage.

    Returns a copy with ``value_as_printed`` (the original value) and ``interpolated`` (True on the
    repaired rows). A suspect value at either end of a series cannot be interpolated: ValueError.
    """
    out = frame.copy()
    out["value_as_printed"] = out["value"]
    out["interpolated"] = False
    suspect = out["flag"].eq("suspect")
    for index in out.index[suspect]:
        row = out.loc[index]
        same = out[(out["region"] == row["region"]) & (out["metric"] == row["metric"])
                   & (out["vintage"] == row["vintage"]) & ~suspect]
        before = same[same["year"] < row["year"]]
        after = same[same["year"] > row["year"]]
        if before.empty or after.empty:
            raise ValueError(f"cannot interpolate {row['region']} {row['metric']} {row['year']}: "
                             "no unflagged neighbour on both sides")
        lo = before.loc[before["year"].idxmax()]
        hi = after.loc[after["year"].idxmin()]
        weight = (row["year"] - lo["year"]) / (hi["year"] - lo["year"])
        out.loc[index, "value"] = lo["value"] + weight * (hi["value"] - lo["value"])
        out.loc[index, "interpolated"] = True
    return out


def by_year(frame: pd.DataFrame, value: str = "value") -> pd.DataFrame:
    """A table with one row per year and one column per region."""
    return frame.pivot(index="year", columns="region", values=value).sort_index()


def share_of(part: pd.Series | pd.DataFrame, whole: pd.Series) -> pd.Series | pd.DataFrame:
    """Percentage of ``whole`` (indexed by year), for the years both hold."""
    years = part.index.intersection(whole.index)
    return part.loc[years].div(whole.loc[years], axis=0) * 100


def relative_per_person(grp: pd.DataFrame, population: pd.DataFrame, national_grp: pd.Series,
                        national_population: pd.Series) -> pd.DataFrame:
    """GRP per person of each region as a percentage of China's GDP per person, for the years all
    four inputs hold (the units cancel if each pair is in the same units)."""
    complete = population[grp.columns].dropna().index
    years = (grp.dropna().index.intersection(complete).intersection(national_grp.dropna().index)
             .intersection(national_population.dropna().index))
    regional = grp.loc[years] / population.loc[years, grp.columns]
    national = national_grp.loc[years] / national_population.loc[years]
    return regional.div(national, axis=0) * 100


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


def first_year_above(growth: pd.Series, benchmark: pd.Series) -> list[int]:
    """Years in which ``growth`` exceeds ``benchmark`` (both indexed by year)."""
    years = growth.dropna().index.intersection(benchmark.dropna().index)
    return [int(y) for y in years if growth[y] > benchmark[y]]


def resets(first_published: pd.Series, threshold: float = -10.0) -> pd.Series:
    """Year-on-year changes (percent) of a first-published level series below ``threshold``:
    the years in which a revision reset the level."""
    change = first_published.sort_index().pct_change() * 100
    return change[change < threshold]
