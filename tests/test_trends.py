"""Trend fits on yearly series: the slope's interval is the wider of Newey-West (HAC) and independent
years, with the fit's own Durbin-Watson statistic, tested on fixture series with a known answer."""
import numpy as np
import pytest
from scipy import stats
from statsmodels.regression.linear_model import OLS
from statsmodels.tools.tools import add_constant

from northeast import trends

YEARS = np.arange(2005, 2025)


def slope_intervals(years, values, lags):
    design = add_constant(years.astype(float))
    ols = OLS(values, design).fit()
    hac = OLS(values, design).fit(cov_type="HAC", cov_kwds={"maxlags": lags, "use_correction": True}, use_t=True)
    return tuple(ols.conf_int()[1]), tuple(hac.conf_int()[1])


def test_a_persistent_series_gets_the_newey_west_interval_and_its_own_durbin_watson():
    noise = np.cumsum(np.random.default_rng(5).normal(0, 0.6, len(YEARS)))   # persistent residuals
    values = 3.0 + 0.5 * (YEARS - YEARS[0]) + noise
    trend = trends.linear_trend(YEARS, values)
    ols, hac = slope_intervals(YEARS, values, trend.lags)
    assert trend.lags == trends.hac_lags(len(YEARS)) >= 1
    assert hac[1] - hac[0] > ols[1] - ols[0]                  # this fixture: HAC is the wider
    assert (trend.slope_low, trend.slope_high) == pytest.approx(hac)
    assert trend.slope == pytest.approx(np.polyfit(YEARS, values, 1)[0])
    resid = values - trend.fitted(YEARS)
    assert trend.durbin_watson == pytest.approx(np.sum(np.diff(resid) ** 2) / np.sum(resid ** 2))
    assert trend.durbin_watson < 1.5                          # the persistence the fixture built in
    assert trend.window == (YEARS[0], YEARS[-1]) and trend.n == len(YEARS)


def test_where_residuals_alternate_the_wider_independent_years_interval_is_kept():
    values = 10 + 0.2 * (YEARS - YEARS[0]) + np.tile([0.8, -0.8], len(YEARS) // 2)
    trend = trends.linear_trend(YEARS, values)
    ols, hac = slope_intervals(YEARS, values, trend.lags)
    assert hac[1] - hac[0] < ols[1] - ols[0]
    assert (trend.slope_low, trend.slope_high) == pytest.approx(ols)
    half = stats.t.ppf(0.975, len(YEARS) - 2) * OLS(values, add_constant(YEARS.astype(float))).fit().bse[1]
    assert trend.slope_high - trend.slope == pytest.approx(half)


def test_clear_says_whether_the_interval_crosses_zero():
    rising = trends.loglinear_trend(YEARS, 100 * 1.05 ** (YEARS - YEARS[0]) * np.exp(
        np.random.default_rng(1).normal(0, 0.01, len(YEARS))))
    assert rising.clear and rising.annual_growth_ci[0] > 0
    flat = trends.loglinear_trend(YEARS, 100 * np.exp(np.random.default_rng(2).normal(0, 0.2, len(YEARS))))
    assert flat.annual_growth_ci[0] < 0 < flat.annual_growth_ci[1] and not flat.clear
