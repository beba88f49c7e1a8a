"""The shared package: units, periods, the traced loader and the trend helpers."""
import json
import shutil
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from northeast import data, trends, units
from northeast.paths import ROOT
from northeast.periods import PeriodError, parse_period, within_basis

FIXTURE = Path(__file__).parent / "fixtures" / "valid"


@pytest.mark.parametrize("value,unit,expected", [
    (81.6, "billion jin", 40.8e6),          # 1 jin = 0.5 kg; base unit tonnes
    (3, "million mu", 200_000),              # 15 mu = 1 hectare
    (2.08, "billion yuan", 2.08e9),
    (30209.4, "100 million yuan", 3.02094e12),
    (42_380_000, "thousand US dollars", 42.38e9),
    (77.88, "billion kilograms", 77.88e6),
    (2691, "10000 persons", 26.91e6),
    (17.6, "percent", 17.6),                  # kept as printed
])
def test_to_base(value, unit, expected):
    assert units.to_base(value, unit) == pytest.approx(expected)


def test_convert_between_printed_units():
    assert units.convert(81.6, "billion jin", "million tonnes") == pytest.approx(40.8)
    assert units.convert(3, "million mu", "hectares") == pytest.approx(200_000)
    assert units.convert(1, "100 million yuan", "100 million yuan") == pytest.approx(1)
    assert units.convert(1.35, "trillion yuan", "100 million yuan") == pytest.approx(13_500)


def test_currencies_do_not_convert_into_each_other():
    with pytest.raises(Exception):
        units.convert(1, "billion yuan", "billion US dollars")


def test_unknown_unit_is_a_key_error():
    with pytest.raises(KeyError):
        units.to_base(1, "furlongs")


@pytest.mark.parametrize("text,kind,start,end", [
    ("2023", "year", date(2023, 1, 1), date(2023, 12, 31)),
    ("2023-H1", "half", date(2023, 1, 1), date(2023, 6, 30)),
    ("2023-H2", "half", date(2023, 7, 1), date(2023, 12, 31)),
    ("2024-Q1", "quarter", date(2024, 1, 1), date(2024, 3, 31)),
    ("2024-02", "month", date(2024, 2, 1), date(2024, 2, 29)),
    ("2022-06-23", "day", date(2022, 6, 23), date(2022, 6, 23)),
    ("2023-01/2023-07", "span", date(2023, 1, 1), date(2023, 7, 31)),
    ("2013/2021", "span", date(2013, 1, 1), date(2021, 12, 31)),
    ("2010/2022-07", "span", date(2010, 1, 1), date(2022, 7, 31)),
    ("asof:2022-07", "asof", date(2022, 7, 31), date(2022, 7, 31)),
])
def test_period_grammar(text, kind, start, end):
    period = parse_period(text)
    assert (period.kind, period.start, period.end) == (kind, start, end)


@pytest.mark.parametrize("text", ["", "23", "2023-H3", "2023-Q5", "2023-13", "2023-02-30", "2021/2013", "asof:soon", "2023 H1"])
def test_bad_periods_raise(text):
    with pytest.raises(PeriodError):
        parse_period(text)


@pytest.mark.parametrize("first,last,breaks,start", [
    (2000, 2024, [2005, 2011], 2011),   # the population copy: two breaks, counted from the last
    (2000, 2008, [2005, 2011], 2005),   # only the breaks inside the span count
    (2011, 2024, [2005, 2011], 2011),   # starting on a break is on the new basis already
    (2012, 2024, [2005, 2011], 2012),   # no break inside: the span stands
    (2000, 2004, [2005], 2000),
    (2000, 2005, [2005], 2005),         # a change into the break year crosses it
    (2000, 2024, [], 2000),
])
def test_a_change_is_counted_within_one_basis(first, last, breaks, start):
    """The rule for every change across years of a series with basis breaks (the population's 2005 and 2011)."""
    assert within_basis(first, last, breaks) == start


def test_a_backwards_change_is_an_error():
    with pytest.raises(ValueError):
        within_basis(2024, 2000, [2011])


@pytest.mark.parametrize("text,years", [
    ("2024", 1), ("2023", 1),                  # a calendar year is one year, leap or not
    ("2013/2021", 9), ("2023-H1", 0.5), ("2024-Q1", 0.25), ("2024-02", 1 / 12),
    ("2023-01/2023-07", 7 / 12), ("2010/2022-07", 12 + 7 / 12), ("asof:2022-07", 0),
])
def test_length_in_years_counts_calendar_months_exactly(text, years):
    """Exact, not approximate: 'a year or less' must hold for a leap year (366/365.25 was 1.002)."""
    assert parse_period(text).years == years


def test_a_period_of_days_counts_days():
    assert parse_period("2022-06-23").years == pytest.approx(1 / 365.25)


@pytest.fixture
def fixture_data(tmp_path, monkeypatch):
    for path in FIXTURE.glob("*.csv"):
        shutil.copy(path, tmp_path)
    shutil.copy(ROOT / "data" / "datapackage.json", tmp_path)
    monkeypatch.setenv("NORTHEAST_DATA_DIR", str(tmp_path))
    data._checked.cache_clear()
    yield tmp_path
    data._checked.cache_clear()


def test_statistics_are_typed_and_converted(fixture_data):
    frame = data.statistics(theme="investment")
    assert list(frame["stat_id"]) == ["art-a-01", "art-a-03"]
    first = frame.iloc[0]
    assert (first["value"], first["value_printed"], first["qualifier"]) == (730.0, "730", "more than")
    assert first["period_kind"] == "half" and str(first["period_end"].date()) == "2023-06-30"
    series = data.series(metric="grp_nominal")
    assert series["value_base"].tolist() == pytest.approx([2.88261e12, 3.02094e12])
    assert series["year"].dtype.kind == "i"


def test_loader_refuses_invalid_data(fixture_data):
    (fixture_data / "statistics.csv").write_text(
        (fixture_data / "statistics.csv").read_text().replace("2023-H1", "2023-H9"))
    with pytest.raises(data.DataError, match=r"data/statistics.csv:2:7: unparseable period"):
        data.statistics()


def test_reads_are_traced_and_digests_follow_the_selected_rows(fixture_data, tmp_path_factory, monkeypatch):
    trace = tmp_path_factory.mktemp("trace") / "reads.jsonl"
    monkeypatch.setenv("NORTHEAST_TRACE", str(trace))
    data.statistics(theme="trade")
    data.statistics(stat_id=data.statistics(theme="investment")["stat_id"])  # a Series as a filter
    data.series(year=np.int64(2023))
    reads = [json.loads(line) for line in trace.read_text().splitlines()]
    assert [{k: r[k] for k in ("table", "filters")} for r in reads] == [
        {"table": "statistics", "filters": {"theme": ["trade"]}},
        {"table": "statistics", "filters": {"theme": ["investment"]}},
        {"table": "statistics", "filters": {"stat_id": ["art-a-01", "art-a-03"]}},
        {"table": "series", "filters": {"year": ["2023"]}}]
    # each read carries the digest of the rows as read, which the build keys the execution on
    assert [r["digest"] for r in reads] == [data.digest(r["table"], r["filters"], fixture_data) for r in reads]
    trade = data.digest("statistics", {"theme": "trade"}, fixture_data)
    investment = data.digest("statistics", {"theme": "investment"}, fixture_data)
    path = fixture_data / "statistics.csv"
    path.write_text(path.read_text().replace("2023-H1,730,count,more than,\"over 730", "2023-H1,731,count,more than,\"over 731"))
    assert data.digest("statistics", {"theme": "trade"}, fixture_data) == trade
    assert data.digest("statistics", {"theme": "investment"}, fixture_data) != investment


def test_stat_by_id(fixture_data):
    assert data.stat("art-a-02")["value"] == 17.6
    with pytest.raises(KeyError, match="no figure 'nope'"):
        data.stat("nope")


def test_derived_numbers():
    assert trends.national_from_gap(18, 16.3) == pytest.approx(1.7)
    assert trends.implied_base_level(772.4, 17.6) == pytest.approx(772.4 / 1.176)
    assert trends.implied_annual_rate(2, 3) == pytest.approx((2 ** (1 / 3) - 1) * 100)
    with pytest.raises(ValueError):
        trends.implied_annual_rate(2, 0)


def test_loglinear_trend_recovers_a_known_growth_rate():
    years = np.arange(2004, 2024)
    rng = np.random.default_rng(0)
    values = 100 * 1.07 ** (years - 2004) * np.exp(rng.normal(0, 0.01, len(years)))
    trend = trends.loglinear_trend(years, values)
    low, high = trend.annual_growth_ci
    assert low < 7 < high and trend.annual_growth == pytest.approx(7, abs=0.3)
    assert np.polyfit(years, np.log(values), 1)[0] == pytest.approx(trend.slope)
    with pytest.raises(ValueError, match="three or more"):
        trends.loglinear_trend([2020, 2021], [1, 2])


@pytest.mark.parametrize("text", ["71,316", "0.60", "3,535", "more than 730", "it's 18%"])
def test_glued_text_renders_as_written(text):
    """myst-nb reads a glued str back through literal_eval; the str's repr must come back unchanged."""
    from myst_nb.core.variables import format_plain_text
    from IPython.core.formatters import PlainTextFormatter

    plain = PlainTextFormatter()(text)  # what glue() stores as text/plain
    assert format_plain_text(plain, "") == text


def test_fmt_for_prose():
    from northeast.report import fmt

    assert fmt(71316, 0) == "71,316"
    assert fmt(0.6, 2) == "0.60"
    assert fmt(-0.01, 1) == "0.0"


def test_citations_under_charts(fixture_data):
    from northeast import charts

    assert charts.cite("art-a") == "Source: Example Daily (2023-09-08)."
    # An official table is named as read: NBS, via its third-party copy; the copy's date is not a release date.
    assert charts.cite(["tab-b", "art-a"]) == (
        "Sources: NBS, via GitHub example/nbs-copy; Example Daily (2023-09-08).")
    with pytest.raises(KeyError, match="nope"):
        charts.cite(["nope"])


def test_a_table_copied_from_one_release_a_year_shows_no_single_release_date(monkeypatch):
    import pandas as pd
    from northeast import citation, data

    rows = pd.DataFrame({"source_id": ["bulletins"] * 3 + ["table"] * 2,
                         "vintage": ["first_published"] * 3 + ["5th_census"] * 2, "year": [2011, 2012, 2013, 2020, 2021]})
    monkeypatch.setattr(data, "series", lambda source_id: rows[rows["source_id"] == source_id])
    bulletins = {"source_id": "bulletins", "kind": "statistical table", "published": "2014-10-02", "copied": "2025-06-09"}
    assert citation.source_dates(bulletins) == "(one release per year, 2011–2013; copy of 2025-06-09)"
    table = {**bulletins, "source_id": "table"}
    assert citation.source_dates(table) == "(released 2014-10-02; copy of 2025-06-09)"
    indexed = pd.Series({k: v for k, v in bulletins.items() if k != "source_id"}, name="bulletins")
    assert "2014-10-02" not in citation.source_dates(indexed)


def test_a_source_is_named_as_it_is():
    from northeast.citation import source_dates, source_name

    table = {"publisher": "National Bureau of Statistics of China", "kind": "statistical table",
             "published": "", "copy": "GitHub owner/repo (a thesis repository)", "copied": "2026-03-15"}
    assert source_name(table) == "NBS, via GitHub owner/repo"
    assert source_dates(table) == "(copy of 2026-03-15)"
    assert source_dates({**table, "published": "2024-10-02"}) == "(released 2024-10-02; copy of 2026-03-15)"
    mirror = {"publisher": "Liaoning Provincial Bureau of Statistics (republished by a mirror site)",
              "kind": "official communiqué", "published": "2023-03-30", "copy": "the mirror example.com", "copied": ""}
    assert source_name(mirror) == "Liaoning Provincial Bureau of Statistics (2023-03-30), via the mirror example.com"



@pytest.mark.parametrize("deviations,digits,text", [
    ([0.31, -0.74, 0.2], 1, "within 0.8%"),    # FINDINGS 4: 0.74 was printed "within 0.7%"
    ([0.7, 0.1], 1, "within 0.7%"),             # a bound already at the printed precision stays
    ([0.70000000001], 1, "within 0.7%"),       # float noise does not round a bound up
    ([1.03], 0, "within 2%"),
])
def test_a_bound_is_rounded_up_so_it_holds_for_what_it_bounds(deviations, digits, text):
    from northeast import report
    assert report.within(deviations, digits) == text
    bound = float(text.split()[1].rstrip("%"))
    assert all(abs(d) <= bound + 1e-9 for d in deviations)


def test_steady_is_measured_from_the_centre_as_printed():
    """FINDINGS 5: 'within a point of 21% every year since 2012' when 2012 is 1.03 from 21 (the test used
    the unrounded last value, 20.8): the run must hold against the printed 21."""
    import pandas as pd
    from northeast import report
    share = pd.Series([17.0, 19.97, 20.8 - 0.83, 20.5, 21.6, 20.9, 21.2, 20.8], index=range(2010, 2018))
    centre = report.fmt(share.iloc[-1], 0)                      # '21'
    since = report.steady_since(share, centre, 1)
    assert since == 2013                                        # 2012 is 19.97: 1.03 from the printed 21
    assert (share.loc[since:] - 21).abs().max() <= 1
    assert report.steady_since(share.loc[2015:], centre, 1) is None     # three years are not a run
