"""The investment chapter's official-series findings (northeast/findings/investment.py) on fixture rows
with known answers: levels are compared only within one statistical basis, the mean growth of funds in
place has a robust interval and words chosen by it, and the articles' figures are set against the
official growth of their province in words chosen by the signs."""
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from northeast import trends
from northeast.findings import investment

YEARS = list(range(2000, 2006))


def levels_frame(values: dict, breaks=()) -> pd.DataFrame:
    """Rows shaped like data.series(): one per province and year, value_base in yuan."""
    return pd.DataFrame([dict(region=r, year=y, value=v, value_base=v * 1e8,
                              flag="basis_break" if (r, y) in breaks else "")
                         for r, series in values.items() for y, v in zip(YEARS, series)])


def test_levels_are_compared_only_within_one_basis():
    frame = levels_frame({"CN-LN": [1, 2, 4, 8, 3, 3.3], "CN-JL": [2, 3, 4, 5, 6, 10], "CN-HL": [5, 5, 5, 5, 5, 5]},
                         breaks={("CN-LN", 2004)})
    levels = investment.fai_levels(frame)
    assert [list(p.index) for p in levels.pieces["CN-LN"]] == [[2000, 2001, 2002, 2003], [2004, 2005]]
    assert levels.breaks == [("CN-LN", 2004)]
    assert "8.0 times in Liaoning (2000 to 2003)" in levels.growth_words        # 8 / 1, never 3.3 / 1 across the break
    assert "5.0 times in Jilin (2000 to 2005)" in levels.growth_words and "1.0 times in Heilongjiang" in levels.growth_words
    assert "Liaoning's in 2004" in levels.break_words
    assert investment.fai_levels(levels_frame({r: [1, 2, 3, 4, 5, 6] for r in investment.PROVINCES})).break_words == ""


def growth_frame(values: dict) -> pd.DataFrame:
    return pd.DataFrame([dict(region=r, year=y, value=v) for r, series in values.items() for y, v in zip(YEARS, series)])


def test_mean_growth_has_a_robust_interval_and_says_when_it_is_not_clear():
    rising = [3.0, 3.5, 2.5, 3.2, 2.8, 3.0]          # mean 3, far from zero
    mixed = [-4.0, 5.0, -3.0, 4.0, -5.0, 3.0]         # mean 0, crosses zero
    funds = investment.funds_growth(growth_frame({"CN-LN": rising, "CN-JL": mixed, "CN-HL": rising[::-1]}))
    assert funds.window == "2000–2005"
    assert funds.means["CN-LN"].mean == pytest.approx(3.0) and funds.means["CN-JL"].mean == pytest.approx(0.0)
    assert funds.means["CN-JL"].ci == pytest.approx(trends.mean_gap(np.array(mixed)).ci)
    assert "3.0 percent a year in Liaoning (95 percent interval" in funds.words
    jilin = funds.words.split("in Jilin")[1].split(")")[0]
    assert "not clearly different from zero" in jilin and funds.words.count("not clearly different") == 1
    assert funds.answer == ("was not clearly different from zero in Jilin; "
                            "was clearly positive in Liaoning and Heilongjiang")
    assert "Jilin in three of six years" in funds.fell_words and "Liaoning in none of six years" in funds.fell_words


def test_article_growth_is_set_against_its_provinces_official_growth_in_words_chosen_by_the_signs():
    funds = investment.funds_growth(growth_frame({"CN-LN": [1, 2, 3, 4, 5, 6.5], "CN-JL": [1, 2, 3, 4, 5, -2.5],
                                                  "CN-HL": [1] * 6}))
    claim = lambda region, period, value: SimpleNamespace(region=region, period=period, value=value,  # noqa: E731
                                                          value_printed=f"{abs(value)}")
    counts = SimpleNamespace(sy_growth=claim("CN-LN-SY", "2005-H1", 10.0), jl_growth=claim("CN-JL", "2005-01/2005-07", 20.0))
    words = investment.against_claims(counts, funds)
    assert "Liaoning's fixed-asset investment grew 6.5 percent in 2005" in words
    assert "Jilin's fixed-asset investment fell 2.5 percent in 2005" in words
    late = SimpleNamespace(sy_growth=claim("CN-LN-SY", "2009-H1", 10.0), jl_growth=counts.jl_growth)
    assert "has no official year to set it against" in investment.against_claims(late, funds)
