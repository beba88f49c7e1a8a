"""The long-view computations against independent ones: polyfit slopes, hand-computed shares, the
Heilongjiang 2013 repair, and the slope-break test on synthetic series with a known answer."""
import numpy as np
import pandas as pd
import pytest

from northeast import data, longview, trends


@pytest.fixture(scope="module")
def grp():
    return longview.by_year(data.series(metric="grp_nominal", vintage="revised"))


@pytest.fixture(scope="module")
def population():
    return longview.fill_suspect(data.series(metric="population_year_end", vintage=["revised", "yearbook"]))


# --- the Heilongjiang 2013 population -----------------------------------------------------------

def test_heilongjiang_2013_is_interpolated(population):
    hl = population[population["region"] == "CN-HL"].set_index("year")
    assert hl.loc[2013, "interpolated"]
    assert hl.loc[2013, "value_as_printed"] == 3535          # the printed typo is kept for the record
    assert hl.loc[2013, "value"] == pytest.approx((hl.loc[2012, "value"] + hl.loc[2014, "value"]) / 2)
    assert hl.loc[2013, "value"] == pytest.approx(3833.5)
    # nothing else changed
    others = population.drop(population.index[
        (population["region"] == "CN-HL") & (population["year"] == 2013)])
    assert not others["interpolated"].any()
    assert (others["value"] == others["value_as_printed"]).all()


def test_fill_suspect_weights_by_year_and_refuses_the_ends():
    frame = pd.DataFrame({"region": "X", "metric": "m", "vintage": "v", "year": [2000, 2001, 2003],
                          "value": [10.0, 99.0, 40.0], "flag": ["", "suspect", ""]})
    filled = longview.fill_suspect(frame).set_index("year")
    assert filled.loc[2001, "value"] == pytest.approx(20.0)    # a third of the way from 10 to 40
    frame.loc[2, "flag"] = "suspect"
    with pytest.raises(ValueError, match="cannot interpolate"):
        longview.fill_suspect(frame)


# --- shares and per-person ratios ---------------------------------------------------------------

def test_share_of_national_gdp_by_hand(grp):
    share = longview.share_of(grp[["CN-LN", "CN-JL", "CN-HL"]], grp["CN"])
    assert share.loc[2023, "CN-LN"] == pytest.approx(30209.4 / 1260582.1 * 100)
    assert share.loc[2004, "CN-HL"] == pytest.approx(4134.7 / 161840.2 * 100)
    assert share.loc[2016, "CN-JL"] == pytest.approx(trends.share_percent(10427.0, 746395.1))


def test_relative_per_person_by_hand(grp, population):
    pop = longview.by_year(population)
    provinces = ["CN-LN", "CN-JL", "CN-HL"]
    rel = longview.relative_per_person(grp[provinces], pop[provinces], grp["CN"], pop["CN"])
    assert list(rel.index) == list(range(2004, 2020))     # only where the provincial population exists
    expected = (24855.3 / 4352) / (986515.2 / 141008) * 100
    assert rel.loc[2019, "CN-LN"] == pytest.approx(expected)
    expected_hl_2013 = (11849.1 / 3833.5) / (592963.2 / 136726) * 100   # with the interpolated population
    assert rel.loc[2013, "CN-HL"] == pytest.approx(expected_hl_2013)


# --- trend fits against numpy -------------------------------------------------------------------

def test_break_trend_matches_polyfit_on_each_side(grp):
    """With a break, the OLS fit is continuous at the break; each side's slope must match polyfit
    when the series is exactly piecewise log-linear, and the full-sample fit must match lstsq."""
    years = grp.index.to_numpy()
    fit = longview.break_trend(years, grp["CN"])
    X = longview.break_design(years)
    coef = np.linalg.lstsq(X, np.log(grp["CN"].to_numpy()), rcond=None)[0]
    assert fit.slope_before == pytest.approx(coef[1])
    assert fit.slope_after == pytest.approx(coef[1] + coef[2])
    assert fit.fitted(years) == pytest.approx(np.exp(X @ coef))


def test_break_trend_recovers_exact_piecewise_slopes():
    years = np.arange(2004, 2024)
    log_values = np.where(years <= 2014, 0.12 * (years - 2014), 0.05 * (years - 2014)) + 3
    fit = longview.break_trend(years, np.exp(log_values))
    before = np.polyfit(years[years <= 2014], log_values[years <= 2014], 1)[0]
    after = np.polyfit(years[years >= 2014], log_values[years >= 2014], 1)[0]
    assert fit.slope_before == pytest.approx(before) and fit.slope_before == pytest.approx(0.12)
    assert fit.slope_after == pytest.approx(after) and fit.slope_after == pytest.approx(0.05)
    assert fit.growth_after == pytest.approx((np.exp(0.05) - 1) * 100)


def test_without_a_break_the_slope_is_the_polyfit_slope(grp):
    """On a series with no break, the break model's two slopes agree with one straight-line fit."""
    years = np.arange(2004, 2024)
    values = np.exp(2 + 0.07 * (years - 2004))
    fit = longview.break_trend(years, values)
    assert fit.slope_before == pytest.approx(np.polyfit(years, np.log(values), 1)[0])
    assert fit.change == pytest.approx(0, abs=1e-12)
    # and the shared Trend helper gives the same slope on real data over a stretch without the hinge
    real = grp.loc[2004:2014, "CN"]
    assert trends.loglinear_trend(real.index, real).slope == pytest.approx(
        np.polyfit(real.index, np.log(real.to_numpy()), 1)[0])


def test_gap_equals_difference_of_slopes(grp):
    years = grp.index.to_numpy()
    for code in ["CN-LN", "CN-JL", "CN-HL"]:
        gap = longview.growth_gap(years, grp[code], grp["CN"])
        own, china = longview.break_trend(years, grp[code]), longview.break_trend(years, grp["CN"])
        assert gap.slope_before == pytest.approx(own.slope_before - china.slope_before)
        assert gap.slope_after == pytest.approx(own.slope_after - china.slope_after)
        assert gap.slope_before_ci[0] < gap.slope_before < gap.slope_before_ci[1]
        assert gap.slope_after_ci[0] < gap.slope_after < gap.slope_after_ci[1]


# --- the break test on synthetic data -----------------------------------------------------------

YEARS = np.arange(2004, 2024)


def synthetic(slope_before, slope_after, seed, noise=0.02):
    rng = np.random.default_rng(seed)
    t = YEARS - 2014
    log_values = 5 + slope_before * t + (slope_after - slope_before) * np.maximum(t, 0)
    return np.exp(log_values + rng.normal(0, noise, len(YEARS)))


@pytest.mark.parametrize("seed", range(5))
def test_a_known_slope_change_is_detected(seed):
    fit = longview.break_trend(YEARS, synthetic(0.12, 0.05, seed))
    assert fit.change_p < 0.01
    assert fit.change_ci[1] < 0
    assert fit.change_ci[0] < -0.07 < fit.change_ci[1]


@pytest.mark.parametrize("seed", range(5))
def test_no_slope_change_is_not_detected(seed):
    fit = longview.break_trend(YEARS, synthetic(0.08, 0.08, seed))
    assert fit.change_p > 0.05
    assert fit.change_ci[0] < 0 < fit.change_ci[1]


def test_gap_widening_detected_on_synthetic_pair():
    china = synthetic(0.10, 0.07, seed=11, noise=0.01)
    steady = china * synthetic(-0.02, -0.02, seed=12, noise=0.01) / np.exp(5)
    widening = china * synthetic(-0.01, -0.05, seed=13, noise=0.01) / np.exp(5)
    assert longview.growth_gap(YEARS, steady, china).change_p > 0.05
    widened = longview.growth_gap(YEARS, widening, china)
    assert widened.change_p < 0.01 and widened.change < 0


def test_break_trend_needs_years_on_both_sides():
    with pytest.raises(ValueError, match="each side"):
        longview.break_trend(np.arange(2004, 2016), np.ones(12))


# --- revisions and comparisons ------------------------------------------------------------------

def test_resets_find_the_documented_breaks():
    first = longview.by_year(data.series(metric="grp_nominal", vintage="first_published"))
    found = {code: list(longview.resets(first[code].dropna()).index) for code in ["CN-LN", "CN-JL", "CN-HL"]}
    assert found == {"CN-LN": [2016], "CN-JL": [2019], "CN-HL": [2019]}
    assert longview.resets(first["CN-LN"].dropna()).loc[2016] == pytest.approx((22246.9 / 28669.02 - 1) * 100)


def test_liaoning_nominal_growth_above_china_only_in_2023(grp):
    nominal = grp.pct_change() * 100
    assert longview.first_year_above(nominal["CN-LN"], nominal["CN"]) == [2023]
    assert nominal.loc[2023, "CN-LN"] == pytest.approx((30209.4 / 28826.1 - 1) * 100)


def test_false_alarm_rate_is_near_five_percent():
    """Over many series without a break, the default test rejects at 5% about 5% of the time; the
    Newey-West option, with twenty points, rejects more often (why it is not the default)."""
    seeds = range(400)
    ols = np.mean([longview.break_trend(YEARS, synthetic(0.08, 0.08, s)).change_p < 0.05 for s in seeds])
    hac = np.mean([longview.break_trend(YEARS, synthetic(0.08, 0.08, s), hac_lags=2).change_p < 0.05
                   for s in seeds])
    assert 0.02 < ols < 0.09
    assert hac > ols
