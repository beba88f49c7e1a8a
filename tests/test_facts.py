"""Each key finding of the landing page and the long-view chapters, recomputed independently from the
CSV with the csv module and plain Python arithmetic (no pandas, no northeast computations): whatever
the data hold, the facts layer and this second computation must agree. No number of today's data is
typed here."""
import csv
import math
from collections import defaultdict
from statistics import mean

import pytest

from northeast import facts, paths, trends, units


def rows():
    with open(paths.data_dir() / "series.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def raw(metric, vintage, regions=None):
    """{region: {year: value in base units}} straight from data/series.csv."""
    out = defaultdict(dict)
    for row in rows():
        if row["metric"] == metric and row["vintage"] == vintage and (regions is None or row["region"] in regions):
            out[row["region"]][int(row["year"])] = units.to_base(float(row["value"]), row["unit"])
    return out


def provinces():
    with open(paths.data_dir() / "places.csv", encoding="utf-8", newline="") as handle:
        return sorted(r["code"] for r in csv.DictReader(handle) if r["level"] == "province")


def complete_sum(table, regions, year):
    values = [table[r].get(year) for r in regions]
    return None if any(v is None for v in values) else sum(values)


def test_output_share_on_the_provinces_sum():
    grp = raw("grp_nominal", facts.GRP_VINTAGE, provinces())
    share = facts.output_share()
    years = sorted({y for r in grp.values() for y in r})
    for y in years:
        total = complete_sum(grp, provinces(), y)
        if total is None:
            assert y not in share.index or math.isnan(share.loc[y, facts.NORTHEAST])
            continue
        expected = sum(grp[c][y] for c in facts.PROVINCES) / total * 100
        assert share.loc[y, facts.NORTHEAST] == pytest.approx(expected)


def test_output_per_person_on_one_vintage_each():
    grp = raw("grp_nominal", facts.GRP_VINTAGE, provinces())
    pop = raw("population_year_end", facts.POPULATION_VINTAGE, provinces())
    relative = facts.output_per_person()
    for y in relative.index:
        g_all, p_all = complete_sum(grp, provinces(), y), complete_sum(pop, provinces(), y)
        for c in facts.PROVINCES:
            expected = (grp[c][y] / pop[c][y]) / (g_all / p_all) * 100
            assert relative.loc[y, c] == pytest.approx(expected)
    # a year with GRP but no population is named, not extrapolated
    later = [y for y in grp[facts.PROVINCES[0]] if y > relative.index.max() and y not in pop[facts.PROVINCES[0]]]
    assert later == facts.output_lacking_population()


def test_real_growth_gap_means_against_the_benchmark():
    for vintage in facts.REAL_VINTAGES:
        index = raw("grp_index", vintage)
        bench = facts.benchmark(vintage)
        gaps = facts.growth_gaps(vintage, bench)
        if bench == facts.CHINA:
            bench_growth = {y: v - 100 for y, v in index[facts.CHINA].items()}
        else:   # the provinces combined, weighted by previous-year nominal GRP of the matching vintage
            nominal = raw("grp_nominal", facts.REAL_VINTAGES[vintage], provinces())
            bench_growth = {}
            for y in index[facts.PROVINCES[0]]:
                weights = [nominal[c].get(y - 1) for c in provinces()]
                growth = [index[c].get(y) for c in provinces()]
                if None not in weights and None not in growth:
                    bench_growth[y] = sum(w * (g - 100) for w, g in zip(weights, growth)) / sum(weights)
        window = comparison_window(vintage, index, bench_growth)
        for c in facts.PROVINCES:
            diffs = [index[c][y] - 100 - bench_growth[y] for y in window]
            assert gaps[c].overall.mean == pytest.approx(mean(diffs))
            assert gaps[c].overall.n == len(diffs) and gaps[c].years == tuple(window)


def comparison_window(vintage, index, bench_growth):
    """One window per comparison: the years every province and the three together (which need each
    province's previous-year nominal GRP of the matching vintage) have a gap."""
    nominal = raw("grp_nominal", facts.REAL_VINTAGES[vintage], facts.PROVINCES)
    return sorted(y for y in bench_growth
                  if all(y in index[c] and nominal[c].get(y - 1) is not None for c in facts.PROVINCES))


def test_break_split_matches_plain_means():
    vintage = next(iter(facts.REAL_VINTAGES))
    gaps = facts.growth_gaps(vintage, facts.benchmark(vintage), trends.BREAK_YEAR)
    index = raw("grp_index", vintage)
    bench = facts.benchmark(vintage)
    window = comparison_window(vintage, index, {y: v - 100 for y, v in index[bench].items()})
    for c in facts.PROVINCES:
        diffs = {y: index[c][y] - index[bench][y] for y in window}
        before = [d for y, d in diffs.items() if y <= trends.BREAK_YEAR]
        after = [d for y, d in diffs.items() if y > trends.BREAK_YEAR]
        assert gaps[c].before.mean == pytest.approx(mean(before))
        assert gaps[c].after.mean == pytest.approx(mean(after))
        assert gaps[c].change == pytest.approx(mean(after) - mean(before))


def test_fiscal_self_reliance_by_copy():
    fiscal = facts.fiscal_self_reliance()
    for label, (rev_vintage, exp_vintage) in facts.BUDGET_COPIES.items():
        revenue, spending = raw("budget_revenue_local", rev_vintage), raw("budget_expenditure_local", exp_vintage)
        for c in facts.PROVINCES:
            for y in fiscal[label].index:
                if y in revenue[c] and y in spending[c]:
                    assert fiscal[label].loc[y, c] == pytest.approx(revenue[c][y] / spending[c][y] * 100)


def test_grain_share_of_the_three():
    grain = raw("grain_output", "download_2021")
    share = facts.grain_share()["download_2021"]
    for y in share.index:
        assert share[y] == pytest.approx(sum(grain[c][y] for c in facts.PROVINCES) / grain[facts.CHINA][y] * 100)


def test_no_fact_joins_two_vintages():
    """Each real-growth table holds years of one vintage only: the revised index never extends the old."""
    old, new = (facts.real_growth(v) for v in facts.REAL_VINTAGES)
    old_years = set(raw("grp_index", next(iter(facts.REAL_VINTAGES)))[facts.PROVINCES[0]])
    assert set(old[facts.PROVINCES[0]].dropna().index) == old_years
    assert set(new[facts.PROVINCES[0]].dropna().index) == set(raw("grp_index", list(facts.REAL_VINTAGES)[1])[facts.PROVINCES[0]])


def test_chapter_09_counts_population_change_within_one_basis():
    """FINDINGS disagreement 2: the change was stated 2000-2024, across the 2005 and 2011 breaks."""
    from northeast.findings import people
    pop = people.population_change()
    assert pop.breaks, "the population copy's basis breaks are flagged in series.csv"
    assert not any(pop.basis_from < b <= pop.last for b in pop.breaks)
    level = pop.people
    expected = (level.loc[pop.last, facts.PROVINCES] / level.loc[pop.basis_from, facts.PROVINCES] - 1) * 100
    assert (expected - pop.change).abs().max() < 1e-9
    assert f"counted from {pop.basis_from}" in people.basis_clause(pop)


def test_chapter_09_bounds_hold_for_the_numbers_as_printed():
    """FINDINGS disagreements 4 and 5: a bound printed rounded down, a run measured from an unrounded centre."""
    import re

    from northeast import report
    from northeast.findings import people
    bound = float(re.search(r"within ([\d.]+)%", people.income_check_sentence())[1])
    assert people.income_proxy_gap().abs().max() <= bound
    share = facts.grain_share()["download_2021"]
    centre, since = people.grain_steady()
    assert centre == report.fmt(share.iloc[-1], 0)
    if since is not None:
        assert (share.loc[since:] - float(centre)).abs().max() <= 1
        assert since == share.index.min() or abs(share.loc[since - 1] - float(centre)) > 1
    assert "as the articles say" not in people.grain_sentence()
