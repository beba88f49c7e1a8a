"""Derived figures of the official series (northeast.official) and the break-trend fits
(northeast.trends) against independent computations, on fixture frames built here: no number of
today's data is typed into a test, so a revision of data/ never breaks one."""
import numpy as np
import pandas as pd
import pytest

from northeast import official, report, trends


def long_frame(values: dict, metric="m", vintage="v", flags=None) -> pd.DataFrame:
    """{region: {year: value}} as rows like data.series() returns."""
    rows = [{"region": r, "metric": metric, "vintage": vintage, "year": y, "value": float(v),
             "flag": (flags or {}).get((r, y), "")} for r, years in values.items() for y, v in years.items()]
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def grp():
    """Exactly log-linear series with a known slope change after the break year."""
    years = np.arange(2004, 2024)
    t = years - trends.BREAK_YEAR
    def path(a, before, after):
        return dict(zip(years.tolist(), np.exp(a + before * t + (after - before) * np.maximum(t, 0))))
    frame = long_frame({"CN": path(13, 0.14, 0.07), "CN-LN": path(10, 0.11, 0.04),
                        "CN-JL": path(9.5, 0.14, 0.02), "CN-HL": path(9.6, 0.10, 0.03)})
    return official.by_year(frame)


# --- repairs, gaps, shares and per-person ratios ------------------------------------------------

def test_fill_suspect_interpolates_and_keeps_the_printed_value():
    frame = long_frame({"X": {2000: 10, 2001: 99, 2003: 40}, "Y": {2000: 1, 2001: 2}},
                       flags={("X", 2001): "suspect"})
    filled = official.fill_suspect(frame)
    x = filled[filled["region"] == "X"].set_index("year")
    assert x.loc[2001, "value"] == pytest.approx(20.0)    # a third of the way from 10 to 40
    assert x.loc[2001, "value_as_printed"] == 99 and x.loc[2001, "interpolated"]
    others = filled[~filled["interpolated"]]
    assert (others["value"] == others["value_as_printed"]).all()


def test_fill_suspect_refuses_the_ends():
    frame = long_frame({"X": {2000: 10, 2001: 20}}, flags={("X", 2001): "suspect"})
    with pytest.raises(ValueError, match="cannot interpolate"):
        official.fill_suspect(frame)


def test_by_year_keeps_a_missing_year_as_a_gap():
    wide = official.by_year(long_frame({"X": {2000: 1, 2001: 2, 2004: 5}, "Y": {2001: 3}}))
    assert list(wide.index) == [2000, 2001, 2002, 2003, 2004]
    assert wide.loc[[2002, 2003], "X"].isna().all()
    assert official.missing_years(wide["X"]) == [2002, 2003]
    assert official.missing_years(wide["Y"]) == []
    # growth is not bridged across the gap
    assert np.isnan(official.growth(wide["X"]).loc[2004])


def test_by_year_refuses_two_rows_for_one_region_and_year():
    frame = pd.concat([long_frame({"X": {2000: 1}}, vintage="a"), long_frame({"X": {2000: 2}}, vintage="b")])
    with pytest.raises(ValueError, match="one vintage"):
        official.by_year(frame)


def test_relative_per_person_stops_where_population_stops():
    grp = official.by_year(long_frame({"CN": {2000: 1000, 2001: 1100, 2002: 1200},
                                       "A": {2000: 100, 2001: 100, 2002: 100}}))
    pop = official.by_year(long_frame({"CN": {2000: 100, 2001: 100}, "A": {2000: 20, 2001: 5}}))
    rel = official.relative_per_person(grp[["A"]], pop[["A"]], grp["CN"], pop["CN"])
    assert list(rel.index) == [2000, 2001]
    assert rel.loc[2000, "A"] == pytest.approx((100 / 20) / (1000 / 100) * 100)
    assert official.years_lacking(grp, pop) == [2002]


def test_resets_find_the_drops():
    first = official.by_year(long_frame({"A": {2000: 100, 2001: 110, 2002: 80, 2003: 88}, "B": {2000: 1, 2001: 2}}))
    assert official.reset_years(first) == {"A": 2002, "B": None}
    assert official.resets(first["A"].dropna()).loc[2002] == pytest.approx((80 / 110 - 1) * 100)


def test_year_ticks_cover_the_span():
    ticks = official.year_ticks(2004, 2023)
    assert ticks[-1] == 2023 and ticks[0] >= 2004 and len(ticks) <= 6


def test_report_words_follow_the_numbers():
    assert report.years_text([2016, 2017, 2018, 2021]) == "2016–2018 and 2021"
    assert report.listing(["a", "b", "c"]) == "a, b and c" and report.listing([]) == "none"
    assert report.change_word(1, 2) == "rose" and report.change_word(2, 1) == "fell"
    assert report.number_word(4) == "four" and report.number_word(31) == "31"
    assert report.fmt(-0.04) == "0.0" and report.p_text(0.0004) == "< 0.001"


# --- trend fits against numpy -------------------------------------------------------------------

def test_break_trend_matches_polyfit_on_each_side(grp):
    """With a break, the OLS fit is continuous at the break; each side's slope must match polyfit
    when the series is exactly piecewise log-linear, and the full-sample fit must match lstsq."""
    years = grp.index.to_numpy()
    fit = trends.break_trend(years, grp["CN"])
    X = trends.break_design(years)
    coef = np.linalg.lstsq(X, np.log(grp["CN"].to_numpy()), rcond=None)[0]
    assert fit.slope_before == pytest.approx(coef[1])
    assert fit.slope_after == pytest.approx(coef[1] + coef[2])
    assert fit.fitted(years) == pytest.approx(np.exp(X @ coef))


def test_break_trend_recovers_exact_piecewise_slopes():
    years = np.arange(2004, 2024)
    log_values = np.where(years <= 2014, 0.12 * (years - 2014), 0.05 * (years - 2014)) + 3
    fit = trends.break_trend(years, np.exp(log_values))
    before = np.polyfit(years[years <= 2014], log_values[years <= 2014], 1)[0]
    after = np.polyfit(years[years >= 2014], log_values[years >= 2014], 1)[0]
    assert fit.slope_before == pytest.approx(before) and fit.slope_before == pytest.approx(0.12)
    assert fit.slope_after == pytest.approx(after) and fit.slope_after == pytest.approx(0.05)
    assert fit.growth_after == pytest.approx((np.exp(0.05) - 1) * 100)


def test_without_a_break_the_slope_is_the_polyfit_slope(grp):
    """On a series with no break, the break model's two slopes agree with one straight-line fit."""
    years = np.arange(2004, 2024)
    values = np.exp(2 + 0.07 * (years - 2004))
    fit = trends.break_trend(years, values)
    assert fit.slope_before == pytest.approx(np.polyfit(years, np.log(values), 1)[0])
    assert fit.change == pytest.approx(0, abs=1e-12)
    # and the shared log-linear helper gives the same slope over a stretch without the hinge
    real = grp.loc[2004:trends.BREAK_YEAR, "CN"]
    assert trends.loglinear_trend(real.index, real).slope == pytest.approx(
        np.polyfit(real.index, np.log(real.to_numpy()), 1)[0])


def test_gap_equals_difference_of_slopes(grp):
    years = grp.index.to_numpy()
    for code in ["CN-LN", "CN-JL", "CN-HL"]:
        gap = trends.growth_gap(years, grp[code], grp["CN"])
        own, china = trends.break_trend(years, grp[code]), trends.break_trend(years, grp["CN"])
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
    fit = trends.break_trend(YEARS, synthetic(0.12, 0.05, seed))
    assert fit.change_p < 0.01
    assert fit.change_ci[1] < 0
    assert fit.change_ci[0] < -0.07 < fit.change_ci[1]


@pytest.mark.parametrize("seed", range(5))
def test_no_slope_change_is_not_detected(seed):
    fit = trends.break_trend(YEARS, synthetic(0.08, 0.08, seed))
    assert fit.change_p > 0.05
    assert fit.change_ci[0] < 0 < fit.change_ci[1]


def test_gap_widening_detected_on_synthetic_pair():
    china = synthetic(0.10, 0.07, seed=11, noise=0.01)
    steady = china * synthetic(-0.02, -0.02, seed=12, noise=0.01) / np.exp(5)
    widening = china * synthetic(-0.01, -0.05, seed=13, noise=0.01) / np.exp(5)
    assert trends.growth_gap(YEARS, steady, china).change_p > 0.05
    widened = trends.growth_gap(YEARS, widening, china)
    assert widened.change_p < 0.01 and widened.change < 0


def test_break_trend_needs_years_on_both_sides():
    with pytest.raises(ValueError, match="each side"):
        trends.break_trend(np.arange(2004, 2016), np.ones(12))


def test_false_alarm_rate_is_near_five_percent():
    """Over many series without a break, the default test rejects at 5% about 5% of the time; the
    Newey-West option, with twenty points, rejects more often (why it is not the default)."""
    seeds = range(400)
    ols = np.mean([trends.break_trend(YEARS, synthetic(0.08, 0.08, s)).change_p < 0.05 for s in seeds])
    hac = np.mean([trends.break_trend(YEARS, synthetic(0.08, 0.08, s), hac_lags=2).change_p < 0.05
                   for s in seeds])
    assert 0.02 < ols < 0.09
    assert hac > ols
