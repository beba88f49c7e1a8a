"""Ranks among the provinces and the policy periods, on small tables built here."""
import pandas as pd
import pytest

from northeast import peers


def test_periods_are_clipped_to_the_years_a_series_holds():
    assert peers.periods(range(2000, 2020)) == [("before the 2003 strategy", 2000, 2003),
                                                ("2003 strategy", 2004, 2014),
                                                ("2014 measures and new round", 2015, 2019)]
    # a vintage that starts after the first rounds holds only the last period
    assert [p[1:] for p in peers.periods(range(2016, 2025))] == [(2016, 2024)]
    assert peers.periods([]) == []


def test_rank_one_is_the_highest_and_ties_share_the_better_rank():
    ranks = peers.rank(pd.Series({"A": 3.0, "B": 5.0, "C": 3.0, "D": None}))
    assert ranks.to_dict() == {"B": 1, "A": 2, "C": 2}


def test_moves_compare_the_first_and_last_period_of_each_measure():
    table = pd.DataFrame({"measure": "real_growth", "vintage": "v", "period": ["2000/2003"] * 3 + ["2015/2019"] * 3,
                          "region": ["X", "Y", "Z"] * 2, "rank": [1, 2, 3, 3, 1, 2]})
    moved = peers.moves(table, regions=["X", "Y"]).set_index("region")
    assert moved.loc["X", "move"] == -2 and moved.loc["Y", "move"] == 1


def test_strip_rows_keep_the_table_order_and_name_the_index_vintage():
    table = pd.DataFrame({"measure": ["real_growth", "income"], "period": ["2016/2024", "2016"],
                          "vintage": ["5th_census", "export_2026"]})
    table["key"] = table["measure"] + " " + table["period"]
    rows = peers.strip_rows(table)
    assert [k for _, k in rows] == list(table["key"])
    assert "2016–2024" in rows[0][0] and "revised index" in rows[0][0] and "index" not in rows[1][0]


def test_population_ranks_never_count_a_change_across_a_basis_break(monkeypatch):
    """A province whose level jumps in a break year (a new basis, not people moving) is ranked on the
    change within one basis: the period is counted from the last break inside it, and says so."""
    from northeast import facts
    years = range(2000, 2021)
    people = pd.DataFrame({"A": [100 * 1.01 ** (y - 2000) for y in years],
                           "B": [100 * 0.99 ** (y - 2000) for y in years]}, index=list(years))
    people.loc[2011:, "B"] *= 1.5        # the new basis lifts B's level from 2011
    monkeypatch.setattr(facts, "population", lambda: people)
    monkeypatch.setattr(facts, "all_provinces", lambda: ["A", "B"])
    monkeypatch.setattr(facts, "basis_breaks", lambda: [2005, 2011])
    ranks = peers.population_ranks()
    periods = list(dict.fromkeys(ranks["period"]))
    assert periods == ["2001/2003", "2012/2014", "2015/2020"]
    for period in periods:
        first, last = map(int, period.split("/"))
        assert not any(first <= b <= last for b in (2005, 2011))      # no counted change starts a new basis
    middle = ranks[ranks["period"] == "2012/2014"].set_index("region")
    by_hand = ((people.loc[2014] / people.loc[2011]) ** (1 / 3) - 1) * 100
    assert middle["value"].to_dict() == pytest.approx(by_hand.to_dict())
    assert middle.loc["A", "rank"] == 1 and middle.loc["B", "rank"] == 2    # the jump does not make B grow
