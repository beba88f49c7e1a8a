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


# --- gap comparisons against plain arithmetic and known answers ---------------------------------

YEARS = np.arange(2000, 2020)


def gaps_with(before, after, seed, noise=0.5):
    rng = np.random.default_rng(seed)
    return np.where(YEARS > trends.BREAK_YEAR, after, before) + rng.normal(0, noise, len(YEARS))


def newey_west_se_by_hand(values, lags):
    """The standard error of a mean with Bartlett-kernel (Newey-West) weights, small-sample corrected."""
    u = values - values.mean()
    n = len(values)
    s = u @ u + 2 * sum((1 - lag / (lags + 1)) * (u[lag:] @ u[:-lag]) for lag in range(1, lags + 1))
    return np.sqrt(s / n ** 2 * n / (n - 1))


def test_mean_gap_interval_is_newey_west_by_hand_and_by_statsmodels():
    from scipy import stats
    from statsmodels.regression.linear_model import OLS
    values = np.cumsum(np.random.default_rng(3).normal(0, 0.4, 15)) - 1.0   # persistent, like yearly gaps
    m = trends.mean_gap(values)
    lags = trends.hac_lags(len(values))
    assert m.mean == pytest.approx(values.mean()) and m.n == len(values) and m.lags == lags >= 1
    half = stats.t.ppf(0.975, len(values) - 1) * newey_west_se_by_hand(values, lags)
    assert m.ci == pytest.approx((values.mean() - half, values.mean() + half))
    direct = OLS(values, np.ones_like(values)).fit(cov_type="HAC", cov_kwds={"maxlags": lags, "use_correction": True},
                                                   use_t=True)
    assert m.ci == pytest.approx(tuple(direct.conf_int()[0]))
    u = values - values.mean()
    assert m.durbin_watson == pytest.approx(np.sum(np.diff(u) ** 2) / np.sum(u ** 2))


def test_where_years_alternate_the_wider_independent_years_interval_is_kept():
    from statsmodels.regression.linear_model import OLS
    values = -1.0 + np.tile([0.6, -0.6], 8)[:15]        # negative persistence: HAC would be narrower
    m = trends.mean_gap(values)
    ols = OLS(values, np.ones_like(values)).fit().conf_int()[0]
    hac = OLS(values, np.ones_like(values)).fit(cov_type="HAC", cov_kwds={"maxlags": m.lags, "use_correction": True},
                                                use_t=True).conf_int()[0]
    assert hac[1] - hac[0] < ols[1] - ols[0] and m.ci == pytest.approx(tuple(ols))


def test_hac_lags_follow_the_newey_west_rule():
    assert [trends.hac_lags(n) for n in (5, 10, 25, 100)] == [int(4 * (n / 100) ** (2 / 9)) for n in (5, 10, 25, 100)]


def test_a_persistent_gap_gets_a_wider_interval_than_independent_years_would():
    from statsmodels.regression.linear_model import OLS
    values = np.cumsum(np.random.default_rng(4).normal(0, 0.5, 15))
    naive = OLS(values, np.ones_like(values)).fit().conf_int()[0]
    robust = trends.mean_gap(values).ci
    assert robust[1] - robust[0] > naive[1] - naive[0]


def test_before_after_means_are_the_period_means():
    values = gaps_with(-0.5, -2.5, seed=1)
    before, after, change, change_ci, p, dw = trends.gap_before_after(YEARS, values)
    assert before.mean == pytest.approx(values[YEARS <= trends.BREAK_YEAR].mean())
    assert after.mean == pytest.approx(values[YEARS > trends.BREAK_YEAR].mean())
    assert change == pytest.approx(after.mean - before.mean)
    assert change_ci[0] < change < change_ci[1] and 0 < dw < 4


@pytest.mark.parametrize("seed", range(5))
def test_a_known_change_is_detected(seed):
    *_, change, change_ci, p, _ = trends.gap_before_after(YEARS, gaps_with(0.0, -2.0, seed))
    assert p < 0.01 and change_ci[1] < 0 and change_ci[0] < -2.0 < change_ci[1]


@pytest.mark.parametrize("seed", range(5))
def test_no_change_is_not_detected(seed):
    *_, change_ci, p, _ = trends.gap_before_after(YEARS, gaps_with(-1.0, -1.0, seed))
    assert p > 0.05 and change_ci[0] < 0 < change_ci[1]


def test_false_alarm_rate_is_near_five_percent():
    rejections = np.mean([trends.gap_before_after(YEARS, gaps_with(-1.0, -1.0, s))[4] < 0.05 for s in range(400)])
    assert 0.02 < rejections < 0.09


def test_a_comparison_needs_years_on_both_sides():
    with pytest.raises(ValueError, match="each side"):
        trends.gap_before_after(np.arange(2000, 2016), np.zeros(16))
    with pytest.raises(ValueError, match="three or more"):
        trends.mean_gap([1.0, 2.0])
