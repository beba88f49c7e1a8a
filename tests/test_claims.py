"""The claims audit: the rounding rule, lookups, the checks table, and verdicts that follow the data.

The data tests copy data/ to a temporary folder, point the loader at it (NORTHEAST_DATA_DIR), set the
figures a check reads to values the test chooses, and check that the verdict follows them. Quotes are
edited along with the value (the validator requires a quote to contain its value); NORTHEAST_SHARED_DIR
points at an empty folder so the edited quotes are not looked up in the source texts. No test relies on
a value of today's data: each sets the values it asserts on.
"""
import csv
import math
import shutil
from decimal import Decimal

import pytest

from northeast import claims, data
from northeast.claims import derived, figures, rounding
from northeast.claims.rounding import (CONSISTENT, FAILS, INCONSISTENT, PASSES, UNCHECKABLE, WITHIN_ROUNDING,
                                       Interval, agreement, comparison, decimals, printed_interval, round_half_up)
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
    national = printed_interval("18") - printed_interval("16.3")
    assert (national.low, national.high) == pytest.approx((1.15, 2.25))
    tonnes = printed_interval("81.6") * 0.5
    assert (tonnes.low, tonnes.high) == pytest.approx((40.775, 40.825))
    rate = printed_interval("1.35") * 1000 / printed_interval("188")
    assert (rate.low, rate.high) == pytest.approx((1345 / 188.5, 1355 / 187.5))


def test_agreement_verdicts():
    assert agreement(40.8, Interval(40.775, 40.825), "40.8") == CONSISTENT
    assert agreement(40.8, Interval(40.775, 40.825), "41") == CONSISTENT
    assert agreement(1.76, Interval(1.70, 1.82), "1.7") == WITHIN_ROUNDING
    assert agreement(40.8, Interval(40.775, 40.825), "40") == INCONSISTENT
    assert agreement(10500, Interval(10400, 10600), "10000", "more than") == CONSISTENT
    assert agreement(9990, Interval(9980, 10000), "10000", "more than") == WITHIN_ROUNDING
    assert agreement(9000, Interval(8900, 9100), "10000", "more than") == INCONSISTENT
    assert agreement(4.9, Interval(4.85, 4.95), "5", "less than") == CONSISTENT


def test_agreement_edges_of_the_interval():
    assert agreement(3.4999, Interval.point(3.4999), "3") == CONSISTENT
    assert agreement(3.5, Interval.point(3.5), "3") == WITHIN_ROUNDING
    assert agreement(3.6, Interval.point(3.6), "3") == INCONSISTENT


def test_an_order_is_consistent_only_if_rounding_cannot_reverse_it():
    nat = Interval(5.1, 5.3)
    assert comparison(5.5, Interval(5.45, 5.55), ">", 5.2, nat) == CONSISTENT
    # holds at the printed values, but rounding could close the gap: within rounding, not consistent
    assert comparison(5.3, Interval(5.25, 5.35), ">", 5.2, nat) == WITHIN_ROUNDING
    assert comparison(5.2, Interval(5.15, 5.25), ">", 5.2, nat) == WITHIN_ROUNDING
    assert comparison(5.0, Interval(4.95, 5.05), ">", 5.2, nat) == INCONSISTENT
    assert comparison(5.0, Interval(4.95, 5.05), "<", 5.4, Interval(5.35, 5.45)) == CONSISTENT
    with pytest.raises(ValueError):
        comparison(1, Interval.point(1), "=", 1, Interval.point(1))


def test_results_keep_real_verdicts_and_sanity_outcomes_apart():
    with pytest.raises(ValueError):
        claims.Result("x", "gap", "gaps", "c", "c", "r", "probably fine", "t", "w")
    with pytest.raises(ValueError):
        claims.Result("x", "part_of_whole", "totals", "c", "c", "r", CONSISTENT, "t", "w", test="sanity")
    sane = claims.Result("x", "part_of_whole", "totals", "c", "c", "r", PASSES, "t", "w", test="sanity")
    real = claims.Result("y", "gap", "gaps", "c", "c", "r", CONSISTENT, "t", "w")
    assert claims.counts([sane, real]) == {CONSISTENT: 1, WITHIN_ROUNDING: 0, INCONSISTENT: 0, UNCHECKABLE: 0}
    assert claims.sanity_counts([sane, real]) == {PASSES: 1, FAILS: 0}


def test_period_words():
    assert figures.period_words("2023-H1") == "first half of 2023"
    assert figures.period_words("asof:2022-07") == "as of July 2022"
    assert figures.period_words("2013/2021") == "2013 to 2021"
    assert figures.period_words("2022-06-23") == "23 June 2022"
    assert figures.period_words("2024-Q1") == "first quarter of 2024"


# --------------------------------------------------------------------------- data copies
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


def set_figure(folder, stat_id, value, **columns):
    """Change a printed figure (and the same number in its quote), and optionally other columns."""
    path = folder / "statistics.csv"
    fields, rows = _rows(path)
    row = next(r for r in rows if r["stat_id"] == stat_id)
    row["quote"] = row["quote"].replace(row["value"], value, 1) if row["value"] in row["quote"] else f"{value} {row['quote']}"
    row["value"] = value
    row.update(columns)
    _write(path, fields, rows)


def add_figure(folder, like, **changes):
    """Add a statistics row copied from `like` with some columns changed."""
    path = folder / "statistics.csv"
    fields, rows = _rows(path)
    row = dict(next(r for r in rows if r["stat_id"] == like), **changes)
    row["quote"] = f"{row['value']} {row['quote']}"
    rows.append(row)
    _write(path, fields, rows)


def remove_figure(folder, stat_id):
    path = folder / "statistics.csv"
    fields, rows = _rows(path)
    _write(path, fields, [r for r in rows if r["stat_id"] != stat_id])


def set_series(folder, region, metric, year, value, vintage=None, add=False, **columns):
    path = folder / "series.csv"
    fields, rows = _rows(path)
    if add:
        template = next(r for r in rows if r["region"] == region and r["metric"] == metric)
        rows.append(dict(template, year=str(year), value=value, note="", **columns))
    else:
        for r in rows:
            if (r["region"], r["metric"], r["year"]) == (region, metric, str(year)) and vintage in (None, r["vintage"]):
                r["value"] = value
    _write(path, fields, rows)


def verdict(check_id, path=None):
    found = [r for r in claims.run(path) if r.check == check_id]
    assert len(found) == 1, f"no check {check_id!r}"
    return found[0].verdict


def test_every_row_of_the_checks_table_gives_one_result(tmp_data):
    results = claims.run()
    assert [r.check for r in results] == [c.id for c in claims.read_checks()]
    assert all(r.verdict in (claims.SANITY if r.test == "sanity" else claims.VERDICTS) for r in results)
    notes = sum(r.test == "note" for r in results)
    assert sum(claims.counts(results).values()) + sum(claims.sanity_counts(results).values()) + notes == len(results)


def test_a_row_added_to_the_checks_table_is_a_new_check(tmp_data, tmp_path):
    table = tmp_path / "checks.csv"
    shutil.copy(claims.runner.CHECKS, table)
    add_figure(tmp_data, "cd-2022-18", stat_id="cd-2022-98", source_id="pd-2024-01-23-heilongjiang-trade", value="772.4")
    with open(table, "a", encoding="utf-8") as f:
        f.write("repeat-new,repeat,,,,cd-2022-18 cd-2022-98,\n")
    before = {r.check for r in claims.run()}
    results = {r.check: r for r in claims.run(table)}
    assert set(results) - before == {"repeat-new"}
    assert results["repeat-new"].verdict == CONSISTENT
    set_figure(tmp_data, "cd-2022-98", "780.4")
    assert verdict("repeat-new", table) == INCONSISTENT


def test_an_unknown_kind_in_the_checks_table_is_named(tmp_path):
    table = tmp_path / "checks.csv"
    table.write_text("id,kind,region,metric,period,stats,options\nx,no_such_kind,,,,,\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no_such_kind"):
        claims.run(table)


def test_lookup_names_the_table_and_the_lookup(tmp_data):
    with pytest.raises(LookupError) as missing:
        figures.lookup("statistics", metric="x", region="CN-LN", period="2023")
    assert str(missing.value) == "data/statistics.csv: no figure for metric='x', region='CN-LN', period='2023'" \
        or str(missing.value).endswith("statistics.csv: no figure for metric='x', region='CN-LN', period='2023'")
    frame = data.statistics(metric="goods_trade_value", region="CN-LN")
    with pytest.raises(LookupError, match=r"statistics.csv: \d+ figures for metric='goods_trade_value'"):
        figures.lookup("statistics", frame, metric="goods_trade_value")
    row = figures.lookup("statistics", frame, stat_id="cd-2022-18")
    assert row["stat_id"] == "cd-2022-18"
    assert figures.optional("statistics", frame, stat_id="none-such") is None


def test_a_removed_row_makes_its_check_uncheckable_not_a_crash(tmp_data):
    remove_figure(tmp_data, "cgtn-2023-13")
    result = next(r for r in claims.run() if r.check == "unit-jl-grain")
    assert result.verdict == UNCHECKABLE
    assert "row missing" in result.why and "stat_id='cgtn-2023-13'" in result.why


# --------------------------------------------------------------------------- verdicts follow the data
def test_jin_to_tonnes_follows_the_printed_conversion(tmp_data):
    set_figure(tmp_data, "cgtn-2023-12", "81.6")
    set_figure(tmp_data, "cgtn-2023-13", "40")
    assert verdict("unit-jl-grain") == INCONSISTENT   # 40.8 million tonnes printed as 40
    set_figure(tmp_data, "cgtn-2023-13", "41")
    assert verdict("unit-jl-grain") == CONSISTENT
    set_figure(tmp_data, "cgtn-2023-13", "40.8")
    assert verdict("unit-jl-grain") == CONSISTENT


def test_mu_to_hectares(tmp_data):
    set_figure(tmp_data, "cgtn-2023-10", "3")
    set_figure(tmp_data, "cgtn-2023-11", "200000")
    assert verdict("unit-lishu-area") == CONSISTENT
    set_figure(tmp_data, "cgtn-2023-11", "250000")
    assert verdict("unit-lishu-area") == INCONSISTENT


def test_gap_without_a_national_figure_cannot_be_checked_until_one_is_added(tmp_data):
    set_figure(tmp_data, "cgtn-2023-01", "18")
    set_figure(tmp_data, "cgtn-2023-02", "16.3")
    assert verdict("gap-hl-hightech") == UNCHECKABLE
    add_figure(tmp_data, "cgtn-2023-01", stat_id="cgtn-2023-99", region="CN", value="1.7")
    assert verdict("gap-hl-hightech") == CONSISTENT
    set_figure(tmp_data, "cgtn-2023-99", "2.2")
    assert verdict("gap-hl-hightech") == WITHIN_ROUNDING  # 18 - 16.3 may be anything from 1.15 to 2.25
    set_figure(tmp_data, "cgtn-2023-99", "2.7")
    assert verdict("gap-hl-hightech") == INCONSISTENT


def test_two_implied_national_rates(tmp_data):
    for stat_id, value in [("gojilin-2024-01", "6.3"), ("gojilin-2024-04", "1.1"), ("mysteel-2024-02", "5.3"),
                           ("mysteel-2024-03", "0.1")]:
        set_figure(tmp_data, stat_id, value)
    assert verdict("gap-jl-gdp") == CONSISTENT
    set_figure(tmp_data, "gojilin-2024-04", "1.2")
    assert verdict("gap-jl-gdp") == WITHIN_ROUNDING  # 5.1 (5.0-5.2) against 5.2 (5.1-5.3)
    set_figure(tmp_data, "gojilin-2024-04", "1.4")
    assert verdict("gap-jl-gdp") == INCONSISTENT


def test_above_the_national_rate(tmp_data):
    for stat_id, value in [("gojilin-2024-01", "6.3"), ("gojilin-2024-04", "1.1"), ("mysteel-2024-02", "5.3"),
                           ("mysteel-2024-03", "0.1")]:
        set_figure(tmp_data, stat_id, value)
    set_figure(tmp_data, "pd-2024-ln-01", "5.5")
    assert verdict("above-ln-gdp") == CONSISTENT
    set_figure(tmp_data, "pd-2024-ln-01", "5.3")
    assert verdict("above-ln-gdp") == WITHIN_ROUNDING   # one printed digit above: rounding could close it
    set_figure(tmp_data, "pd-2024-ln-01", "4.9")
    assert verdict("above-ln-gdp") == INCONSISTENT


def test_components_sum_and_growth(tmp_data):
    for stat_id, value in [("pd-2024-hl-01", "300.00"), ("pd-2024-hl-05", "220.00"), ("pd-2024-hl-07", "80.00"),
                           ("pd-2024-hl-04", "10.0"), ("pd-2024-hl-06", "10.0"), ("pd-2024-hl-03", "10.0")]:
        set_figure(tmp_data, stat_id, value)
    assert verdict("sum-hl-trade") == CONSISTENT
    assert verdict("growth-hl-trade") == CONSISTENT
    set_figure(tmp_data, "pd-2024-hl-07", "80.10")
    assert verdict("sum-hl-trade") == INCONSISTENT
    set_figure(tmp_data, "pd-2024-hl-07", "80.00")
    set_figure(tmp_data, "pd-2024-hl-06", "20.0")
    assert verdict("growth-hl-trade") == INCONSISTENT


def test_share_of_total(tmp_data):
    set_figure(tmp_data, "pd-2024-hl-01", "300.00")
    set_figure(tmp_data, "pd-2024-hl-08", "150.00")
    set_figure(tmp_data, "pd-2024-hl-10", "50.0")
    assert verdict("share-hl-bri") == CONSISTENT
    set_figure(tmp_data, "pd-2024-hl-10", "52.0")
    assert verdict("share-hl-bri") == INCONSISTENT


def _official_rates(folder, wdi, fred):
    """Set the two rate series to fixture values (replacing any rows the data hold for them)."""
    fields, rows = _rows(folder / "metrics.csv")
    known = {r["metric_id"] for r in rows}
    for metric in ("exchange_rate_wdi", "exchange_rate_fred"):
        if metric not in known:
            rows.append({**{k: "" for k in fields}, "metric_id": metric, "label": f"Yuan per US dollar ({metric[-4:]})",
                         "definition": "Yuan per US dollar, annual average (test fixture).", "kind": "ratio",
                         "unit_family": "dimensionless"})
    _write(folder / "metrics.csv", fields, rows)
    fields, rows = _rows(folder / "series.csv")
    for metric, values in (("exchange_rate_wdi", wdi), ("exchange_rate_fred", fred)):
        held = [r for r in rows if r["metric"] == metric]
        template = held[0] if held else {**{k: "" for k in fields}, "region": "CN", "metric": metric, "unit": "times",
                                         "vintage": "revised", "source_id": "nbs-trade-by-province"}
        rows = [r for r in rows if r["metric"] != metric]
        rows += [dict(template, year=str(year), value=value, note="", flag="") for year, value in values.items()]
    _write(folder / "series.csv", fields, rows)


def test_currency_conversion_against_the_official_rate(tmp_data):
    set_figure(tmp_data, "gojilin-2024-02", "1.35")
    set_figure(tmp_data, "gojilin-2024-03", "188")
    _official_rates(tmp_data, {2023: "7.1800"}, {2023: "7.1000"})
    result = next(r for r in claims.run() if r.check == "fx-jl-grp")
    assert result.verdict == CONSISTENT                       # 1,350 / 7.18 = 188.0
    assert result.values["official_rate"] == pytest.approx(7.18)
    assert result.values["cross_check"] == pytest.approx(1350 / 7.1)
    _official_rates(tmp_data, {2023: "7.0800"}, {})
    # 1,350 / 7.08 = 190.7, outside 187.5-188.5: not at the annual average, and the data hold no daily rate
    result = next(r for r in claims.run() if r.check == "fx-jl-grp")
    assert result.verdict == UNCHECKABLE and "no daily" in result.why


def test_a_conversion_whose_year_is_doubtful_says_so():
    result = next(r for r in claims.run() if r.check == "fx-ln-trade")
    assert result.values["doubtful"] and "year doubtful" in result.claim


def drop_series(folder, unwanted):
    """Remove the series rows for which ``unwanted(row)`` is true."""
    path = folder / "series.csv"
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, [r for r in reader if not unwanted(r)]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_currency_conversion_without_an_official_rate_uses_a_ratio_or_cannot_be_checked(tmp_data):
    drop_series(tmp_data, lambda row: row["metric"].startswith("exchange_rate"))   # no official rate at all
    # 2023: Heilongjiang's yuan trade over the official dollars is the comparison (a ratio of two sources)
    set_figure(tmp_data, "gojilin-2024-02", "1.35")
    set_figure(tmp_data, "pd-2024-hl-01", "300.00")
    set_series(tmp_data, "CN-HL", "goods_trade_value_usd_location", 2023, "40000000.0")   # thousand USD: 40 bn
    set_figure(tmp_data, "gojilin-2024-03", "180")                                      # 1,350 / 7.5
    result = next(r for r in claims.run() if r.check == "fx-jl-grp")
    assert result.verdict == CONSISTENT and result.values["ratio"] == pytest.approx(7.5)
    assert "not an exchange rate" in result.why or "consistency check" in result.why
    set_figure(tmp_data, "gojilin-2024-03", "188")
    assert verdict("fx-jl-grp") == INCONSISTENT
    # a year with no rate and no other pair
    set_figure(tmp_data, "cd-2022-01", "15", period="2019-06-23")
    set_figure(tmp_data, "cd-2022-02", "2.23", period="2019-06-23")
    assert verdict("fx-bmw-plant") == UNCHECKABLE


def test_dollar_figure_against_the_official_series(tmp_data):
    set_figure(tmp_data, "pd-2024-hl-02", "42")
    set_series(tmp_data, "CN-HL", "goods_trade_value_usd_location", 2023, "42100000.0")
    assert verdict("official-hl-trade") == CONSISTENT
    set_figure(tmp_data, "pd-2024-hl-02", "37")
    assert verdict("official-hl-trade") == INCONSISTENT
    set_series(tmp_data, "CN-HL", "goods_trade_value_usd_location", 2023, "37000000.0")
    assert verdict("official-hl-trade") == CONSISTENT


def test_cumulative_trade_is_a_sanity_check(tmp_data):
    first, last = (int(p[:4]) for p in data.stat("cd-2022-16")["period"].split("/"))
    held = sorted(int(y) for y in data.series(metric="goods_trade_value_usd_location", region="CN-LN")["year"])
    covered = [y for y in held if first <= y <= last]
    missing = (last - first + 1) - len(covered)
    assert covered and missing, "the fixture needs a span the official series covers only in part"
    for k, year in enumerate(covered):   # 90 and 110 billion in turn
        set_series(tmp_data, "CN-LN", "goods_trade_value_usd_location", year, "90000000.0" if k % 2 else "110000000.0")
    covered_sum = sum(90 if k % 2 else 110 for k in range(len(covered)))
    set_figure(tmp_data, "cd-2022-16", f"{covered_sum + 100 * missing:.2f}")   # leaves 100 a year
    result = next(r for r in claims.run() if r.check == "remainder-ln-trade")
    assert result.test == "sanity" and result.verdict == PASSES
    assert result.values["per_missing"] == pytest.approx(100) and len(result.values["missing"]) == missing
    assert "cannot be checked" in result.why
    set_figure(tmp_data, "cd-2022-16", f"{covered_sum - 1:.2f}")
    assert verdict("remainder-ln-trade") == FAILS    # the official years alone exceed the total


def test_part_of_whole(tmp_data):
    set_figure(tmp_data, "cd-2022-04", "500")
    set_figure(tmp_data, "cd-2022-05", "666")
    assert verdict("part-ln-subcategories") == PASSES
    set_figure(tmp_data, "cd-2022-04", "700")
    assert verdict("part-ln-subcategories") == FAILS


def test_repeated_figures(tmp_data):
    set_figure(tmp_data, "pd-2024-ln-01", "5.3")
    set_figure(tmp_data, "mysteel-2024-02", "5.3")
    assert verdict("repeat-ln-gdp") == CONSISTENT
    set_figure(tmp_data, "mysteel-2024-02", "5.5")
    assert verdict("repeat-ln-gdp") == INCONSISTENT


def test_level_repeated_across_sources(tmp_data):
    set_figure(tmp_data, "cgtn-2023-12", "80")         # billion jin = 40 billion kg
    set_figure(tmp_data, "gojilin-2024-09", "42")      # billion kg
    set_figure(tmp_data, "gojilin-2024-13", "5.0")     # 42 / 1.05 = 40
    assert verdict("repeat-jl-grain") == CONSISTENT
    set_figure(tmp_data, "gojilin-2024-13", "8.0")
    assert verdict("repeat-jl-grain") == INCONSISTENT


def test_official_level(tmp_data):
    set_figure(tmp_data, "gojilin-2024-02", "1.35")
    set_series(tmp_data, "CN-JL", "grp_nominal", 2023, "13531.0", vintage="revised")
    assert verdict("official-jl-grp") == CONSISTENT
    set_series(tmp_data, "CN-JL", "grp_nominal", 2023, "13400.0", vintage="revised")
    assert verdict("official-jl-grp") == INCONSISTENT
    set_figure(tmp_data, "gojilin-2024-02", "1.34")
    assert verdict("official-jl-grp") == CONSISTENT


def test_decade_high_needs_the_claim_year(tmp_data):
    claim_year = int(data.stat("pd-2025-12")["period"])
    fields, rows = _rows(tmp_data / "series.csv")
    _write(tmp_data / "series.csv", fields, [r for r in rows if not (r["region"] == "CN-LN" and r["metric"] == "rd_intensity"
                                                                    and int(r["year"]) >= claim_year)])
    assert verdict("decade-ln-rd") == UNCHECKABLE
    set_series(tmp_data, "CN-LN", "rd_intensity", claim_year, "9.99", add=True)
    assert verdict("decade-ln-rd") == CONSISTENT
    set_series(tmp_data, "CN-LN", "rd_intensity", claim_year, "0.01")
    assert verdict("decade-ln-rd") == INCONSISTENT


# --------------------------------------------------------------------------- derived facts
def test_rd_breaks_come_from_the_grp_resets(tmp_data):
    grp = data.series(metric="grp_nominal", vintage="first_published", region="CN-JL").set_index("year")["value"]
    year = int(grp.index[len(grp) // 2])
    before = {k: v for k, v in derived.rd_break_years(["CN-JL"]).items()}
    set_series(tmp_data, "CN-JL", "grp_nominal", year, f"{grp[year - 1] * 0.5:.1f}", vintage="first_published")
    after = derived.rd_break_years(["CN-JL"])
    assert after["CN-JL"] == min(year, before.get("CN-JL", year))


def test_trade_ratio_and_the_year_before(tmp_data):
    set_figure(tmp_data, "cd-2022-18", "700.0")
    set_figure(tmp_data, "cd-2022-19", "40.0")
    set_series(tmp_data, "CN-LN", "goods_trade_value_usd_location", 2021, "100000000.0")   # 100 bn
    set_series(tmp_data, "CN-LN", "goods_trade_value_usd_location", 2020, "80000000.0")    # 80 bn
    assert derived.trade_ratio("CN-LN", 2021).point == pytest.approx(7.0)
    before = derived.trade_ratio("CN-LN", 2020)
    assert before.derived and before.point == pytest.approx(700 / 1.4 / 80)
    with pytest.raises(LookupError, match="region='CN-LN', year=1999"):
        derived.trade_ratio("CN-LN", 1999)


def test_multiple_of_national_shows_the_range_rounding_allows(tmp_data):
    set_figure(tmp_data, "cgtn-2023-01", "18")
    set_figure(tmp_data, "cgtn-2023-02", "16.3")
    point, interval = derived.multiple_of_national("CN-HL", "high_tech_manufacturing_va_growth", "2023-H1")
    assert point == pytest.approx(18 / 1.7)
    # 18 is both the rate and part of the implied national rate (18 - 16.3): one value in both places
    assert (interval.low, interval.high) == pytest.approx((18.5 / 2.25, 17.5 / 1.15))


def test_over_corners_counts_a_shared_input_once():
    r, g = Interval(17.5, 18.5), Interval(16.25, 16.35)
    shared = rounding.over_corners(lambda a, b: a / (a - b), r, g)
    independent = r / (r - g)
    assert (shared.low, shared.high) == pytest.approx((18.5 / 2.25, 17.5 / 1.15))
    assert independent.low < shared.low and shared.high < independent.high


def test_justified_decimals_follow_the_interval_width():
    assert rounding.justified_decimals(Interval(8.2, 15.2)) == 0
    assert rounding.justified_decimals(Interval(1.2, 1.5)) == 1
    assert rounding.justified_decimals(Interval(1.21, 1.25)) == 2


def test_every_printed_conversion_has_a_check():
    """A row whose note says 'conversion of X', and a quote printing 'N yuan ($M)', are named by a
    conversion check in the checks table: every printed conversion gets a verdict."""
    named = {s for c in claims.read_checks() if c.kind.endswith("conversion") for s in c.stats}
    rows = data.statistics()
    converted = rows[rows["note"].str.startswith("conversion of")]
    assert set(converted["stat_id"]) <= named
    quoted = rows[rows["quote"].str.contains(r"yuan \(\$")]
    assert all(set(quoted[quoted["quote"] == q]["stat_id"]) & named for q in quoted["quote"])


# --------------------------------------------------------------------------- what counts as a test
def _table(tmp_path, *rows):
    table = tmp_path / "checks.csv"
    table.write_text("id,kind,region,metric,period,stats,options\n" + "".join(r + "\n" for r in rows), encoding="utf-8")
    return table


def test_a_kind_that_cannot_come_out_otherwise_gives_notes_not_tests(tmp_data, tmp_path):
    table = _table(tmp_path, "readings,two_readings,,,,cd-2022-22 cd-2022-21 cd-2022-20,",
                   "told-twice,repeat,,,,pd-2024-ln-01 mysteel-2024-02,",
                   "part,part_of_whole,,,,cd-2022-04 cd-2022-05,")
    results = {r.check: r for r in claims.run(table)}
    assert [results[c].test for c in ("readings", "told-twice", "part")] == ["note", "real", "sanity"]
    assert sum(claims.counts(list(results.values())).values()) == 1   # only the repeat is a test


def test_a_kind_returning_an_outcome_it_does_not_declare_is_an_error(tmp_data, tmp_path, monkeypatch):
    from northeast.claims import checks
    monkeypatch.setitem(checks.KINDS, "repeat", claims.runner.Kind(checks.repeat, "repeats", (UNCHECKABLE,)))
    with pytest.raises(ValueError, match="told-twice.*not among"):
        claims.run(_table(tmp_path, "told-twice,repeat,,,,pd-2024-ln-01 mysteel-2024-02,"))


def test_tests_resting_on_one_printed_figure_are_one_independent_test(tmp_data, tmp_path):
    table = _table(tmp_path,
                   "a,repeat,,,,pd-2024-ln-01 mysteel-2024-02,",         # the 5.3 told twice
                   "b,official_real_growth,,,,pd-2024-ln-01,",            # the same 5.3 against the index
                   "c,unit_conversion,,,,cgtn-2023-12 cgtn-2023-13,",     # another figure
                   "d,currency_conversion,,,,gojilin-2024-02 gojilin-2024-03,",
                   "e,currency_conversion,,,,cd-2025-ln-01 cd-2025-ln-02,",   # shares only the official rate with d
                   "f,two_readings,,,,cd-2022-22 cd-2022-21 cd-2022-20,")     # a note: not a test at all
    groups = claims.runner.independent_groups(claims.run(table))
    assert groups == [("a", "b"), ("c",), ("d",), ("e",)]


def test_above_national_counts_a_printed_figure_shared_by_both_sides_once(tmp_data):
    # Liaoning's 5.3 printed by two outlets, one with a gap of 0.1: the implied national rate is that same
    # 5.3 minus 0.1, so '5.3 is above it' holds for every value rounding allows (only the gap's rounding counts)
    for stat_id, value in [("pd-2024-ln-01", "5.3"), ("mysteel-2024-02", "5.3"), ("mysteel-2024-03", "0.1"),
                           ("gojilin-2024-01", "6.3"), ("gojilin-2024-04", "2.3")]:   # Jilin implies 4.0: far below
        set_figure(tmp_data, stat_id, value)
    assert verdict("above-ln-gdp") == CONSISTENT    # two independent 5.3s would overlap: within rounding
    set_figure(tmp_data, "mysteel-2024-02", "5.4")  # a different printed figure: two rounding ranges
    set_figure(tmp_data, "mysteel-2024-03", "0.2")
    assert verdict("above-ln-gdp") == WITHIN_ROUNDING


def test_vintages_are_ordered_by_release_not_by_name():
    from northeast.claims.growth import in_release_order
    assert in_release_order(["5th_census", "first_published", "4th_census"]) == ["first_published", "4th_census",
                                                                                 "5th_census"]
    with pytest.raises(ValueError, match="6th_census"):
        in_release_order(["6th_census", "5th_census"])


def test_a_level_names_the_vintage_it_was_checked_in_and_what_later_ones_give(tmp_data):
    set_figure(tmp_data, "gojilin-2024-02", "1.35")
    set_series(tmp_data, "CN-JL", "grp_nominal", 2023, "13531.2", vintage="revised")
    set_series(tmp_data, "CN-JL", "grp_nominal", 2023, "13942.7", vintage="5th_census")
    result = next(r for r in claims.run() if r.check == "official-jl-grp")
    assert result.verdict == CONSISTENT and "later vintage" not in result.why.split("The table used")[0]
    assert "the later 5th census vintage gives 1.394 trillion yuan, which does not match" in result.why
    set_series(tmp_data, "CN-JL", "grp_nominal", 2023, "13512.0", vintage="5th_census")
    assert "1.351 trillion yuan, which also matches" in next(r for r in claims.run() if r.check == "official-jl-grp").why


def test_a_cross_check_beyond_rounding_is_worded_like_an_uncheckable_verdict(tmp_data):
    set_figure(tmp_data, "gojilin-2024-02", "1.35")
    set_figure(tmp_data, "gojilin-2024-03", "150")     # 9 yuan per dollar: at no annual average
    result = next(r for r in claims.run() if r.check == "fx-jl-grp")
    assert result.verdict == UNCHECKABLE and INCONSISTENT not in result.computation
