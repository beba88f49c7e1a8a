"""The Sources page's cross-checks are recomputed from the data: fixture copies with a planted difference."""
import pandas as pd

from northeast.tooling.crosschecks import cross_checks


def _rows(source, vintage, values, region="CN-LN", metric="grp_nominal", unit="100 million yuan"):
    return pd.DataFrame({"region": region, "metric": metric, "unit": unit, "vintage": vintage, "source_id": source,
                         "year": [str(y) for y in values], "value": [str(v) for v in values.values()]})


def test_two_copies_that_agree_are_identical_and_a_planted_difference_is_found():
    a = _rows("copy-a", "download_2021", {2017: "100.0", 2018: "110.0", 2019: "120.0"})
    b = _rows("copy-b", "export_2026", {2018: "110.0", 2019: "120.0", 2020: "130.0"})
    (same,) = cross_checks(pd.concat([a, b]))
    assert (same.first, same.second, same.figures, same.years, same.largest) == ("copy-a", "copy-b", 2, ("2018", "2019"), 0)
    assert same.result().endswith("identical in every one.")

    planted = _rows("copy-b", "export_2026", {2018: "110.0", 2019: "126.0"})   # 5% off in 2019
    (found,) = cross_checks(pd.concat([a, planted]), {"CN-LN": "Liaoning"})
    assert abs(found.largest - 100 * 6 / 126) < 1e-9 and found.same_vintage
    assert "Liaoning, 2019: 120.0 against 126.0" in found.result() and "revision" not in found.result()


def test_two_vintages_differ_by_a_revision_and_unshared_figures_are_not_compared():
    old = _rows("first", "first_published", {2019: "100"})
    new = _rows("census", "5th_census", {2019: "104"})
    other = _rows("people", "7th_census", {2019: "100"}, metric="population_year_end", unit="10000 persons")
    (revision,) = cross_checks(pd.concat([old, new, other]))
    assert {revision.first, revision.second} == {"census", "first"} and not revision.same_vintage
    assert "a revision, not a copying error" in revision.result()
    assert cross_checks(pd.concat([old, other])) == []
