"""Each key finding of the landing page and chapter 7, recomputed independently from the CSV with the
csv module and numpy (no pandas pivots, no northeast.official): whatever the data hold, the facts
layer and this second computation must agree. No number of today's data is typed here."""
import csv
from collections import defaultdict

import numpy as np
import pytest

from northeast import facts, paths, trends


def raw_series(metric, vintages):
    """{region: {year: value}} straight from data/series.csv."""
    vintages = [vintages] if isinstance(vintages, str) else vintages
    out = defaultdict(dict)
    with open(paths.data_dir() / "series.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["metric"] == metric and row["vintage"] in vintages:
                out[row["region"]][int(row["year"])] = float(row["value"])
    return out


@pytest.fixture(scope="module")
def grp():
    return raw_series("grp_nominal", facts.GRP_VINTAGE)


@pytest.fixture(scope="module")
def population():
    return raw_series("population_year_end", facts.POPULATION_VINTAGES)


def test_output_share_of_the_three_provinces(grp):
    share = facts.output_share()[facts.NORTHEAST].dropna()
    years = [y for y in grp[facts.CHINA] if all(y in grp[c] for c in facts.PROVINCES)]
    assert sorted(share.index) == sorted(years)
    for y in years:
        assert share[y] == pytest.approx(sum(grp[c][y] for c in facts.PROVINCES) / grp[facts.CHINA][y] * 100)


def test_output_per_person_uses_only_years_with_population(grp, population):
    relative = facts.output_per_person()
    complete = [y for y in grp[facts.CHINA]
                if all(y in grp[c] and y in population[c] for c in facts.PROVINCES + [facts.CHINA])]
    # a flagged typo is repaired in the facts layer, so compare on the other years
    flagged = {(r["region"], int(r["year"])) for r in csv.DictReader(open(paths.data_dir() / "series.csv"))
               if r["flag"] == "suspect"}
    assert sorted(relative.index) == sorted(complete)
    for y in complete:
        for c in facts.PROVINCES:
            if (c, y) in flagged:
                continue
            expected = (grp[c][y] / population[c][y]) / (grp[facts.CHINA][y] / population[facts.CHINA][y]) * 100
            assert relative.loc[y, c] == pytest.approx(expected)
    later = [y for y in grp[facts.CHINA] if y > max(complete)
             and all(y in grp[c] for c in facts.PROVINCES) and y not in population[facts.CHINA]]
    assert all(y in facts.output_lacking_population() for y in later)


def test_growth_gap_is_the_slope_difference_by_least_squares(grp):
    fits = facts.growth_fits()
    years = np.array(sorted(y for y in grp[facts.CHINA] if all(y in grp[c] for c in facts.PROVINCES)), dtype=float)
    t = years - fits.break_year
    design = np.column_stack([np.ones_like(t), t, np.maximum(t, 0)])
    for code in facts.PROVINCES:
        ratio = np.log([grp[code][y] / grp[facts.CHINA][y] for y in years])
        coef = np.linalg.lstsq(design, ratio, rcond=None)[0]
        assert fits.gaps[code].slope_before == pytest.approx(coef[1])
        assert fits.gaps[code].slope_after == pytest.approx(coef[1] + coef[2])


def test_rd_breaks_are_the_first_published_resets():
    first = raw_series("grp_nominal", facts.FIRST_VINTAGE)
    rd = raw_series("rd_intensity", ["first_published"])
    rd_years = sorted({y for c in rd.values() for y in c})
    expected = {}
    for code in facts.PROVINCES:
        years = sorted(first[code])
        drops = [b for a, b in zip(years, years[1:]) if b == a + 1 and first[code][b] / first[code][a] - 1 < -0.10]
        if drops and rd_years[0] < drops[0] <= rd_years[-1]:
            expected[code] = drops[0]
    assert facts.rd_breaks() == expected


def test_break_year_is_inside_the_fitted_span():
    fits = facts.growth_fits()
    assert fits.frame.index.min() < trends.BREAK_YEAR < fits.frame.index.max()
