"""The synthetic control on fixture panels built here: a planted effect is recovered, none is found
where none is planted, the placebo p-value is a hand count, and the checks behave as documented."""
import numpy as np
import pandas as pd
import pytest

from northeast import synthetic

YEARS = np.arange(2006, 2025)


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("NORTHEAST_SYNTH_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"
POLICY = 2016


def panel(effect: float = 0.0, seed: int = 0, donors: int = 12) -> pd.DataFrame:
    """Donors on two common trends with their own loadings; the treated unit is a known mix of three
    of them plus small noise, and ``effect`` added from the policy year on."""
    rng = np.random.default_rng(seed)
    t = (YEARS - YEARS[0]).astype(float)
    factors = np.column_stack([t, np.sin(t / 3)])
    loadings = rng.uniform(-1, 1, (donors, 2))
    table = pd.DataFrame(100 + factors @ loadings.T * 3 + rng.normal(0, 0.3, (len(YEARS), donors)),
                         index=YEARS, columns=[f"D{i:02d}" for i in range(donors)])
    mix = pd.Series(0.0, index=table.columns)
    mix[["D01", "D04", "D07"]] = [0.5, 0.3, 0.2]
    table["T"] = table @ mix + rng.normal(0, 0.05, len(YEARS)) + np.where(YEARS >= POLICY, effect, 0.0)
    return table


DONORS = [f"D{i:02d}" for i in range(12)]


def test_a_planted_effect_is_recovered():
    result = synthetic.fit(panel(effect=5.0), "T", DONORS, POLICY)
    assert result.good_fit
    assert result.post.mean() == pytest.approx(5.0, abs=0.5)
    assert result.pre.abs().max() < 0.5
    assert result.weights.sum() == pytest.approx(1.0) and (result.weights >= 0).all()


def test_no_effect_is_found_where_none_is_planted():
    result = synthetic.fit(panel(effect=0.0), "T", DONORS, POLICY)
    assert abs(result.post.mean()) < 0.5
    test = synthetic.placebos(panel(effect=0.0), "T", DONORS, POLICY, main=result)
    assert test.p_value > 0.1


def test_the_donors_the_treated_unit_was_built_from_carry_the_weight():
    result = synthetic.fit(panel(), "T", DONORS, POLICY)
    assert result.weights[["D01", "D04", "D07"]].sum() > 0.8


def test_placebo_p_value_is_a_hand_count():
    table = panel(effect=5.0)
    test = synthetic.placebos(table, "T", DONORS, POLICY)
    by_hand = []
    for donor in DONORS:      # each donor treated in turn, its pool the other donors, ratio by hand
        weights = test.placebos[donor].weights
        gap = table[donor] - table[weights.index] @ weights
        pre, post = gap[gap.index < POLICY], gap[gap.index >= POLICY]
        by_hand.append(np.sqrt((post ** 2).mean()) / np.sqrt((pre ** 2).mean()))
    gap = test.treated.gap
    treated_ratio = np.sqrt((gap[gap.index >= POLICY] ** 2).mean()) / np.sqrt((gap[gap.index < POLICY] ** 2).mean())
    assert test.p_value == pytest.approx((1 + sum(r >= treated_ratio for r in by_hand)) / (len(DONORS) + 1))
    assert test.p_value == pytest.approx(1 / (len(DONORS) + 1))    # a large planted effect ranks first
    assert test.rank == 1 and test.post_rank == 1


def test_a_placebo_in_time_finds_nothing_before_the_real_policy_year():
    result = synthetic.placebo_in_time(panel(effect=5.0), "T", DONORS, POLICY, POLICY - 4)
    assert result.post.index.max() < POLICY and abs(result.post.mean()) < 0.5


def test_leave_one_out_drops_the_largest_donor_and_keeps_the_effect():
    table = panel(effect=5.0)
    main = synthetic.fit(table, "T", DONORS, POLICY)
    again = synthetic.leave_one_out(table, main)
    assert main.weights.idxmax() not in again.weights.index
    assert again.post.mean() == pytest.approx(5.0, abs=1.5)


def test_a_unit_no_mix_of_donors_can_follow_is_a_poor_fit():
    table = panel()
    table["T"] = table[DONORS].max(axis=1) + 10 + np.arange(len(YEARS))   # above every donor, diverging
    assert not synthetic.fit(table, "T", DONORS, POLICY).good_fit


def test_missing_years_and_short_pre_periods_are_refused():
    table = panel()
    table.loc[2010, "D03"] = np.nan
    with pytest.raises(ValueError, match="every year"):
        synthetic.fit(table, "T", DONORS, POLICY)
    with pytest.raises(ValueError, match="three or more years"):
        synthetic.fit(panel(), "T", DONORS, int(YEARS[2]))


def test_cached_weights_are_the_computed_ones_and_new_inputs_miss(own_cache):
    first = synthetic.fit(panel(effect=5.0), "T", DONORS, POLICY)
    entries = set(own_cache.iterdir())
    again = synthetic.fit(panel(effect=5.0), "T", DONORS, POLICY)
    assert set(own_cache.iterdir()) == entries and again.weights.equals(first.weights)
    changed = panel(effect=5.0, seed=1)
    synthetic.fit(changed, "T", DONORS, POLICY)
    assert len(set(own_cache.iterdir())) == len(entries) + 1


def test_an_index_base_year_is_not_counted_as_a_year_of_good_fit():
    """Every unit is 100 in an index's base year, so the gap there is zero whatever the weights: a
    normalisation year is not a fitted year, and the pre-period miss is counted over the other years."""
    raw = panel(effect=5.0)
    raw["T"] = raw["T"] + np.where(YEARS < POLICY, np.sin(YEARS), 0.0)     # a visible pre-period miss
    base = POLICY - 1
    table = raw / raw.loc[base] * 100
    result = synthetic.fit(table, "T", DONORS, POLICY)
    assert result.mechanical == (base,) and base not in result.pre.index
    assert result.gap.loc[base] == pytest.approx(0.0, abs=1e-9)          # still drawn, as it is
    gap = table["T"] - table[DONORS] @ result.weights
    counted = gap[(gap.index < POLICY) & (gap.index != base)]
    by_hand = np.sqrt((counted ** 2).mean())
    assert result.pre_rmspe == pytest.approx(by_hand)
    assert result.fit_percent == pytest.approx(by_hand / table.loc[counted.index, "T"].abs().mean() * 100)
    with_zero = np.sqrt((gap[gap.index < POLICY] ** 2).mean())
    assert result.pre_rmspe > with_zero                 # the mechanical zero would have flattered the fit
    in_time = synthetic.placebo_in_time(table, "T", DONORS, POLICY, POLICY - 4)
    assert base not in in_time.post.index and len(in_time.post) == 3
