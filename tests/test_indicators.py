"""northeast.indicators on small invented frames (no value of the real data is typed here)."""
import pandas as pd
import pytest

from northeast import indicators


def frame(metric, vintage, values, unit_factor=1.0):
    """Rows like data.series returns: values = {region: {year: value}}; value_base = value * unit_factor."""
    rows = [{"region": r, "metric": metric, "year": y, "vintage": vintage, "value": v, "value_base": v * unit_factor}
            for r, by_year in values.items() for y, v in by_year.items()]
    return pd.DataFrame(rows)


INDEX = frame("grp_index", "v1", {"A": {2001: 110.0, 2002: 90.0, 2003: 105.0},
                                  "CN": {2001: 105.0, 2002: 105.0, 2003: 105.0}})


def test_cumulative_index_chains_from_the_base_year():
    levels = indicators.cumulative_index(INDEX)
    assert levels.loc[2000, "A"] == 100.0
    assert levels.loc[2002, "A"] == pytest.approx(100 * 1.10 * 0.90)
    assert levels.loc[2003, "CN"] == pytest.approx(100 * 1.05 ** 3)
    rebased = indicators.cumulative_index(INDEX, base_year=2001)
    assert list(rebased.index) == [2001, 2002, 2003] and rebased.loc[2003, "A"] == pytest.approx(100 * 0.90 * 1.05)


def test_two_vintages_are_never_chained_together():
    other = frame("grp_index", "v2", {"A": {2004: 101.0}})
    with pytest.raises(ValueError, match="mixes vintages v1, v2"):
        indicators.cumulative_index(pd.concat([INDEX, other]))


def test_a_gap_in_the_years_stops_the_chain():
    gappy = frame("grp_index", "v1", {"A": {2001: 101.0, 2003: 101.0, 2004: 102.0}})
    levels = indicators.cumulative_index(gappy)["A"]
    assert levels[2001] == pytest.approx(101.0)
    assert levels.loc[2002:].isna().all()      # nothing is chained across the missing year


def test_income_relative_to_china():
    income = frame("disposable_income_per_capita", "v1", {"A": {2019: 80.0, 2020: 90.0}, "CN": {2019: 100.0}})
    relative = indicators.relative_to(income)
    assert list(relative.index) == [2019] and relative.loc[2019, "A"] == pytest.approx(80.0)


def test_fiscal_self_reliance_uses_the_years_both_hold():
    revenue = frame("budget_revenue_local", "r", {"A": {2020: 30.0, 2021: 40.0}})
    expenditure = frame("budget_expenditure_local", "e", {"A": {2021: 80.0, 2022: 90.0}})
    ratio = indicators.fiscal_self_reliance(revenue, expenditure)
    assert list(ratio.index) == [2021] and ratio.loc[2021, "A"] == pytest.approx(50.0)


def test_grain_share_compares_in_base_units():
    province = frame("grain_output", "first", {"A": {2023: 10.0}}, unit_factor=50000)   # printed in 100 million jin
    china = frame("grain_output", "first", {"CN": {2023: 500.0}}, unit_factor=100)       # printed in 10000 tonnes
    share = indicators.grain_share(pd.concat([province, china]), ["A"])
    assert share.loc[2023, "A"] == pytest.approx(10 * 50000 / (500 * 100) * 100)


def test_share_of_china_on_the_provinces_sum_needs_every_province():
    grp = frame("grp_nominal", "v", {"A": {2020: 10.0, 2021: 12.0}, "B": {2020: 30.0}, "CN": {2020: 50.0, 2021: 60.0}})
    by_sum = indicators.share_of_china(grp, ["A"])
    assert list(by_sum.index) == [2020] and by_sum.loc[2020, "A"] == pytest.approx(25.0)
    national = indicators.share_of_china(grp, ["A"], base="national")
    assert national.loc[2021, "A"] == pytest.approx(20.0)
    with pytest.raises(ValueError, match="base must be"):
        indicators.share_of_china(grp, ["A"], base="gdp")


def test_aggregate_index_weights_by_previous_year_level():
    index = frame("grp_index", "v", {"A": {2021: 110.0}, "B": {2021: 100.0}})
    nominal = frame("grp_nominal", "v", {"A": {2020: 1.0, 2021: 5.0}, "B": {2020: 3.0, 2021: 5.0}})
    combined = indicators.aggregate_index(index, nominal)
    assert list(combined.index) == [2021]
    assert combined[2021] == pytest.approx((110 * 1 + 100 * 3) / 4)


def test_indicators_run_on_the_curated_series_within_one_vintage():
    from northeast import data

    ne = ["CN-LN", "CN-JL", "CN-HL"]
    index = data.series(metric="grp_index", vintage="5th_census", region=ne)
    first, last = int(index["year"].min()), int(index["year"].max())
    levels = indicators.cumulative_index(index)
    for region in ne:
        steps = index[index["region"] == region]["value"] / 100
        assert levels.loc[last, region] == pytest.approx(100 * steps.prod())
    assert levels.index.min() == first - 1
    with pytest.raises(ValueError, match="mixes vintages"):
        indicators.cumulative_index(data.series(metric="grp_index", region="CN-LN"))
    grain = data.series(metric="grain_output", vintage="first_published", region=["CN-JL", "CN"])
    year = int(grain[grain["region"] == "CN-JL"]["year"].max())
    share = indicators.grain_share(grain[grain["year"] == year], ["CN-JL"])
    by_hand = {r["region"]: r["value_base"] for _, r in grain[grain["year"] == year].iterrows()}
    assert share.loc[year, "CN-JL"] == pytest.approx(by_hand["CN-JL"] / by_hand["CN"] * 100)
