"""The claims audit: the rounding rule, and verdicts that follow the data.

The data tests copy data/ to a temporary folder, point the loader at it (NORTHEAST_DATA_DIR), change a
figure and check that the verdict changes with it. Quotes are edited along with the value (the
validator requires a quote to contain its value); NORTHEAST_SHARED_DIR points at an empty folder so the
edited quotes are not looked up in the source texts.
"""
import csv
import math
import shutil
from decimal import Decimal

import pytest

from northeast import audit, data
from northeast.audit import (CONSISTENT, INCONSISTENT, UNCHECKABLE, WITHIN_ROUNDING, Interval, agreement,
                             comparison, decimals, printed_interval, round_half_up)
from northeast.paths import ROOT


# --------------------------------------------------------------------------- the rounding rule
@pytest.mark.parametrize("printed, digits", [("81.6", 1), ("40", 0), ("200000", 0), ("1.35", 2),
                                             ("42380000.0", 1), ("0.1", 1), ("5.0", 1)])
def test_decimals_counts_printed_digits(printed, digits):
    assert decimals(printed) == digits


def test_printed_interval_is_half_a_unit_of_the_last_digit():
    assert printed_interval("3") == Interval(2.5, 3.5)  # "3 million" means 2.5 to 3.5 million
    low, high = printed_interval("81.6").low, printed_interval("81.6").high
    assert low == pytest.approx(81.55) and high == pytest.approx(81.65)
    assert printed_interval("5.0").width == pytest.approx(0.1)  # a trailing zero is a printed digit
    assert printed_interval("200000") == Interval(199999.5, 200000.5)


def test_qualifiers_open_one_side():
    assert printed_interval("41.87", "more than").high == math.inf
    assert printed_interval("41.87", "more than").low == pytest.approx(41.865)
    assert printed_interval("5", "less than").low == -math.inf
    assert printed_interval("42", "about") == Interval(41.5, 42.5)


def test_round_half_up_ignores_binary_noise_and_rounds_halves_up():
    assert round_half_up(6.3 - 1.1, 1) == Decimal("5.2")  # 5.199999999999999 in binary
    assert round_half_up(5.25, 1) == Decimal("5.3")
    assert round_half_up(2.675, 2) == Decimal("2.68")
    assert round_half_up(40.8, 0) == Decimal("41")
    assert round_half_up(-0.05, 1) == Decimal("-0.1")


def test_interval_arithmetic_covers_every_combination():
    a, b = Interval(1, 2), Interval(3, 5)
    assert a + b == Interval(4, 7)
    assert b - a == Interval(1, 4)
    assert a * b == Interval(3, 10)
    assert Interval(-1, 2) * Interval(3, 4) == Interval(-4, 8)
    assert b / a == Interval(1.5, 5)
    assert 1 - a == Interval(-1, 0)
    assert a * 2 == Interval(2, 4)
    with pytest.raises(ZeroDivisionError):
        a / Interval(-1, 1)
    with pytest.raises(ValueError):
        Interval(2, 1)
    assert a.overlaps(Interval(2, 3)) and not a.overlaps(Interval(2.01, 3))


def test_propagation_through_a_gap_a_conversion_and_a_ratio():
    # a gap: 18 (no decimals) minus 16.3 (one decimal)
    national = printed_interval("18") - printed_interval("16.3")
    assert (national.low, national.high) == pytest.approx((1.15, 2.25))
    # jin to tonnes: 81.6 billion jin is 40.775 to 40.825 million tonnes
    tonnes = printed_interval("81.6") * 0.5
    assert (tonnes.low, tonnes.high) == pytest.approx((40.775, 40.825))
    # a ratio: 1.35 trillion yuan / 188 billion dollars
    rate = printed_interval("1.35") * 1000 / printed_interval("188")
    assert (rate.low, rate.high) == pytest.approx((1345 / 188.5, 1355 / 187.5))


def test_agreement_verdicts():
    # equal at the printed precision
    assert agreement(40.8, Interval(40.775, 40.825), "40.8") == CONSISTENT
    assert agreement(40.8, Interval(40.775, 40.825), "41") == CONSISTENT
    # not equal once rounded, but the intervals overlap
    assert agreement(1.76, Interval(1.70, 1.82), "1.7") == WITHIN_ROUNDING
    # no overlap: rounding cannot explain it (81.6 billion jin printed as 40 million tonnes)
    assert agreement(40.8, Interval(40.775, 40.825), "40") == INCONSISTENT
    # floors and ceilings
    assert agreement(10500, Interval(10400, 10600), "10000", "more than") == CONSISTENT
    assert agreement(9990, Interval(9980, 10000), "10000", "more than") == WITHIN_ROUNDING
    assert agreement(9000, Interval(8900, 9100), "10000", "more than") == INCONSISTENT
    assert agreement(4.9, Interval(4.85, 4.95), "5", "less than") == CONSISTENT


def test_agreement_edges_of_the_interval():
    # 2.5 to 3.5 million: a computed 3.4999 is '3' at no decimals; 3.5 rounds up to '4' but still touches
    assert agreement(3.4999, Interval.point(3.4999), "3") == CONSISTENT
    assert agreement(3.5, Interval.point(3.5), "3") == WITHIN_ROUNDING
    assert agreement(3.6, Interval.point(3.6), "3") == INCONSISTENT


def test_comparison_verdicts():
    nat = Interval(5.1, 5.3)
    assert comparison(5.3, Interval(5.25, 5.35), ">", 5.2, nat) == CONSISTENT
    assert comparison(5.2, Interval(5.15, 5.25), ">", 5.2, nat) == WITHIN_ROUNDING
    assert comparison(5.0, Interval(4.95, 5.05), ">", 5.2, nat) == INCONSISTENT
    assert comparison(5.0, Interval(4.95, 5.05), "<", 5.2, nat) == CONSISTENT
    with pytest.raises(ValueError):
        comparison(1, Interval.point(1), "=", 1, Interval.point(1))


def test_result_rejects_unknown_verdicts():
    with pytest.raises(ValueError):
        audit.Result("x", "gaps", "c", "c", "r", "probably fine", "t", "w")


# --------------------------------------------------------------------------- verdicts follow the data
@pytest.fixture
def tmp_data(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "data", folder)
    (tmp_path / "shared").mkdir()
    monkeypatch.setenv("NORTHEAST_DATA_DIR", str(folder))
    monkeypatch.setenv("NORTHEAST_SHARED_DIR", str(tmp_path / "shared"))
    monkeypatch.delenv("NORTHEAST_VALIDATED", raising=False)
    monkeypatch.delenv("NORTHEAST_TRACE", raising=False)
    data._checked.cache_clear()
    yield folder
    data._checked.cache_clear()


def _rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return reader.fieldnames, list(reader)


def _write(path, fields, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    data._checked.cache_clear()


def set_figure(folder, stat_id, value):
    """Change a printed figure (and the same number in its quote)."""
    path = folder / "statistics.csv"
    fields, rows = _rows(path)
    row = next(r for r in rows if r["stat_id"] == stat_id)
    row["quote"] = row["quote"].replace(row["value"], value, 1) if row["value"] in row["quote"] else f"{value} {row['quote']}"
    row["value"] = value
    _write(path, fields, rows)


def add_figure(folder, like, **changes):
    """Add a statistics row copied from `like` with some columns changed."""
    path = folder / "statistics.csv"
    fields, rows = _rows(path)
    row = dict(next(r for r in rows if r["stat_id"] == like), **changes)
    row["quote"] = f"{row['value']} {row['quote']}"
    rows.append(row)
    _write(path, fields, rows)


def set_series(folder, region, metric, year, value, add=False):
    path = folder / "series.csv"
    fields, rows = _rows(path)
    if add:
        template = next(r for r in rows if r["region"] == region and r["metric"] == metric)
        rows.append(dict(template, year=str(year), value=value, note=""))
    else:
        for r in rows:
            if r["region"] == region and r["metric"] == metric and r["year"] == str(year):
                r["value"] = value
    _write(path, fields, rows)


def verdict(check_prefix):
    found = [r for r in audit.run() if r.check.startswith(check_prefix)]
    assert found, f"no check {check_prefix!r}"
    return found[0].verdict


def test_the_copy_gives_the_same_verdicts(tmp_data):
    results = audit.run()
    assert all(r.verdict in audit.VERDICTS for r in results)
    assert sum(audit.counts(results).values()) == len(results)
    assert len({r.check for r in results}) == len(results), "check ids must be unique"


def test_jin_to_tonnes_follows_the_printed_conversion(tmp_data):
    assert verdict("convert-cgtn-2023-13") == INCONSISTENT  # 81.6 billion jin is 40.8, printed 40
    set_figure(tmp_data, "cgtn-2023-13", "41")
    assert verdict("convert-cgtn-2023-13") == CONSISTENT
    set_figure(tmp_data, "cgtn-2023-13", "40.8")
    assert verdict("convert-cgtn-2023-13") == CONSISTENT


def test_mu_to_hectares(tmp_data):
    assert verdict("convert-cgtn-2023-11") == CONSISTENT
    set_figure(tmp_data, "cgtn-2023-11", "250000")
    assert verdict("convert-cgtn-2023-11") == INCONSISTENT


def test_gap_without_a_national_figure_cannot_be_checked_until_one_is_added(tmp_data):
    check = "gap-CN-HL-high_tech_manufacturing_va_growth-2023-H1"
    assert verdict(check) == UNCHECKABLE
    add_figure(tmp_data, "cgtn-2023-01", stat_id="cgtn-2023-99", region="CN", value="1.7")
    assert verdict(check) == CONSISTENT
    set_figure(tmp_data, "cgtn-2023-99", "2.2")
    assert verdict(check) == WITHIN_ROUNDING  # 18 - 16.3 may be anything from 1.15 to 2.25
    set_figure(tmp_data, "cgtn-2023-99", "2.7")
    assert verdict(check) == INCONSISTENT


def test_two_implied_national_rates(tmp_data):
    check = "gap-CN-JL-real_gdp_growth-2023"
    assert verdict(check) == CONSISTENT  # 6.3 - 1.1 and 5.3 - 0.1
    set_figure(tmp_data, "gojilin-2024-04", "1.2")
    assert verdict(check) == WITHIN_ROUNDING  # 5.1 (5.0-5.2) against 5.2 (5.1-5.3)
    set_figure(tmp_data, "gojilin-2024-04", "1.4")
    assert verdict(check) == INCONSISTENT


def test_above_the_national_rate(tmp_data):
    check = "above-CN-LN-real_gdp_growth-2023"
    assert verdict(check) == CONSISTENT
    set_figure(tmp_data, "pd-2024-ln-01", "5.2")
    assert verdict(check) == WITHIN_ROUNDING
    set_figure(tmp_data, "pd-2024-ln-01", "4.9")
    assert verdict(check) == INCONSISTENT


def test_components_sum_and_growth(tmp_data):
    assert verdict("components-CN-HL") == CONSISTENT
    assert verdict("component-growth-CN-HL") == CONSISTENT
    set_figure(tmp_data, "pd-2024-hl-07", "76.16")
    assert verdict("components-CN-HL") == INCONSISTENT
    set_figure(tmp_data, "pd-2024-hl-07", "76.06")
    set_figure(tmp_data, "pd-2024-hl-06", "45.4")
    assert verdict("component-growth-CN-HL") == INCONSISTENT


def test_share_of_total(tmp_data):
    assert verdict("share-CN-HL") == CONSISTENT
    set_figure(tmp_data, "pd-2024-hl-10", "80.8")
    assert verdict("share-CN-HL") == INCONSISTENT


def test_currency_conversion_against_the_year_benchmark(tmp_data):
    assert verdict("convert-gojilin-2024-03") == INCONSISTENT  # 188 against 192.1 at the 2023 rate
    set_figure(tmp_data, "gojilin-2024-03", "192")
    assert verdict("convert-gojilin-2024-03") == CONSISTENT
    # the benchmark moves with the Heilongjiang yuan figure it is computed from
    set_figure(tmp_data, "pd-2024-hl-01", "290.00")
    set_figure(tmp_data, "gojilin-2024-03", "188")
    assert verdict("convert-gojilin-2024-03") != CONSISTENT


def test_currency_conversion_without_a_same_year_benchmark(tmp_data):
    assert verdict("convert-cd-2022-02") == UNCHECKABLE


def test_dollar_figure_against_the_official_series(tmp_data):
    assert verdict("convert-pd-2024-hl-02") == CONSISTENT
    assert verdict("official-trade-pd-2024-hl-02") == CONSISTENT
    set_figure(tmp_data, "pd-2024-hl-02", "37")
    assert verdict("official-trade-pd-2024-hl-02") == INCONSISTENT
    set_series(tmp_data, "CN-HL", "goods_trade_value_usd_location", 2023, "37000000.0")
    assert verdict("official-trade-pd-2024-hl-02") == CONSISTENT


def test_cumulative_trade(tmp_data):
    assert verdict("cumulative-cd-2022-16") == CONSISTENT
    set_figure(tmp_data, "cd-2022-16", "600.00")
    assert verdict("cumulative-cd-2022-16") == INCONSISTENT  # less than the official years alone
    set_figure(tmp_data, "cd-2022-16", "800.00")
    assert verdict("cumulative-cd-2022-16") == UNCHECKABLE  # 60 a year for 2013-2015: outside the range


def test_part_of_whole(tmp_data):
    assert verdict("part-cd-2022-04") == CONSISTENT
    set_figure(tmp_data, "cd-2022-04", "700")
    assert verdict("part-cd-2022-04") == INCONSISTENT


def test_repeated_figures(tmp_data):
    assert verdict("repeat-pd-2024-ln-01-mysteel-2024-02") == CONSISTENT
    set_figure(tmp_data, "mysteel-2024-02", "5.5")
    assert verdict("repeat-pd-2024-ln-01-mysteel-2024-02") == INCONSISTENT


def test_level_repeated_across_sources(tmp_data):
    check = "repeat-level-cgtn-2023-12-gojilin-2024-09"
    assert verdict(check) == CONSISTENT
    set_figure(tmp_data, "gojilin-2024-13", "3.6")
    assert verdict(check) == INCONSISTENT


def test_official_level(tmp_data):
    assert verdict("official-gojilin-2024-02") == CONSISTENT
    set_series(tmp_data, "CN-JL", "grp_nominal", 2023, "13400.0")
    assert verdict("official-gojilin-2024-02") == INCONSISTENT
    set_figure(tmp_data, "gojilin-2024-02", "1.34")
    assert verdict("official-gojilin-2024-02") == CONSISTENT


def test_decade_high_needs_the_claim_year(tmp_data):
    check = "decade-CN-LN-rd_intensity"
    assert verdict(check) == UNCHECKABLE  # the series ends before the claim's year
    set_series(tmp_data, "CN-LN", "rd_intensity", 2024, "2.30", add=True)
    assert verdict(check) == CONSISTENT
    set_series(tmp_data, "CN-LN", "rd_intensity", 2024, "2.10")
    assert verdict(check) == INCONSISTENT
