"""New data the way curators bring it (issue 21): a decline entered with its sign, a forecast, a text at
hand outside ../shared/, the audit's checks table validated with file:line:column, the check kinds
for growth rates, and a theme's figures in its chapter's table. Each test sets the values it asserts
on; none relies on a value of today's data."""
from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from northeast import claims, data, themes
from northeast.claims.rounding import CONSISTENT, INCONSISTENT, UNCHECKABLE, WITHIN_ROUNDING, agreement, Interval
from northeast.paths import ROOT
from northeast.report import figure_text
from northeast.validate import check, validate
from northeast.validate.checks_table import NEEDS, checks_problems
from northeast.validate.quotes import decline_word, sign_problem

# The fixtures of the validation and audit tests: a small valid data folder; a copy of data/ the
# loader reads (NORTHEAST_DATA_DIR), with no source texts at hand.
from test_claims import tmp_data  # noqa: E402,F401
from test_validate import data_copy  # noqa: E402,F401


def set_row(folder: Path, stat_id: str, **columns) -> None:
    path = folder / "statistics.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    next(r for r in rows if r["stat_id"] == stat_id).update(columns)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def messages(folder: Path) -> list[str]:
    return [str(p) for p in validate(folder)]


# --------------------------------------------------------------------------- signed values
@pytest.mark.parametrize("quote", [
    "Provincial GDP shrank 2.5 percent in 2016",
    "output fell by 2.5% year on year",
    "down 2.5 percent from a year earlier",
    "a 2.5 percent decline in output",
    "地区生产总值同比下降2.5%",
    "growth of -2.5 percent",
])
def test_a_decline_validates_as_a_negative_value(data_copy, quote):
    set_row(data_copy, "art-a-02", value="-2.5", quote=quote)
    assert messages(data_copy) == []


def test_a_decline_entered_without_its_sign_is_rejected(data_copy):
    set_row(data_copy, "art-a-02", value="2.5", quote="Provincial GDP shrank 2.5 percent in 2016")
    assert messages(data_copy) == [
        "data/statistics.csv:3:8: the quote prints 2.5 with 'shrank', a decline: enter the value as -2.5 "
        "(the signed value; the quote keeps the magnitude as printed)"]


def test_a_negative_value_needs_a_word_of_decline(data_copy):
    set_row(data_copy, "art-a-02", value="-17.6")
    assert messages(data_copy) == [
        "data/statistics.csv:3:8: the value -17.6 is negative, but the quote prints 17.6 with no minus sign or "
        "word of decline beside it (shrank, fell, down, decreased, declined, contracted, 下降, 减少)"]


def test_a_count_cannot_be_negative_and_a_reduction_named_so_is_a_magnitude():
    assert sign_problem("reducing energy use by 18 percent", "18", "percent", "change", "energy_reduction") is None
    assert "not a signed rate" in sign_problem("fell 3", "-3", "count", "count", "project_count")
    # a decline word elsewhere in the quote is not the number's
    assert decline_word("grew 5 percent, down from 7 percent", "5") is None
    assert decline_word("lagging behind the national growth rate of 6.9 percent", "6.9") is None
    assert decline_word("0.8 points below the national average", "0.8", "gap") == "below"


# --------------------------------------------------------------------------- forecasts and targets
@pytest.mark.parametrize("qualifier", ["expected", "estimated", "target", "planned"])
def test_forecast_qualifiers_validate_and_read_as_such(data_copy, qualifier):
    set_row(data_copy, "art-a-02", qualifier=qualifier)
    assert messages(data_copy) == []
    shown = figure_text("2.53", qualifier, "trillion yuan")
    assert shown.startswith(qualifier) and shown.endswith("2.53 trillion yuan")


def test_a_forecast_the_outturn_misses_is_never_inconsistent():
    assert agreement(2.60, Interval(2.595, 2.605), "2.53", "exact") == INCONSISTENT
    assert agreement(2.60, Interval(2.595, 2.605), "2.53", "expected") == UNCHECKABLE
    assert agreement(2.53, Interval(2.525, 2.535), "2.53", "target") == CONSISTENT


# --------------------------------------------------------------------------- a text outside ../shared
def test_a_text_at_hand_outside_shared_checks_the_quotes(data_copy, tmp_path, monkeypatch):
    texts = tmp_path / "my-texts"
    (texts / "source-articles").mkdir(parents=True)
    (texts / "source-articles" / "example.txt").write_text(
        "Over 730 projects worth more than 100 million yuan. Trade reached 772.4 billion yuan, up 17.6 percent "
        "year-on-year, including 1,173 foreign-invested enterprises.", encoding="utf-8")
    monkeypatch.setenv("NORTHEAST_TEXTS", str(texts))
    problems, notices = check(data_copy)
    assert problems == [] and notices == []
    set_row(data_copy, "art-a-02", quote="772.4 billion yuan, up 17.6 percent on the year")
    assert messages(data_copy) == ["data/statistics.csv:3:11: quote not found verbatim in source-articles/example.txt"]


# --------------------------------------------------------------------------- the checks table
def write_checks(path: Path, *rows: str) -> Path:
    path.write_text("id,kind,region,metric,period,stats,options\n" + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def test_the_real_checks_table_is_valid():
    ids = {r for r in data.statistics()["stat_id"]}
    vintages = set(data.series()["vintage"])
    assert checks_problems(ids, vintages) == []


def test_every_check_kind_says_what_it_needs():
    from northeast.claims.checks import KINDS

    assert set(NEEDS) == set(KINDS)


@pytest.mark.parametrize("row, message", [
    ("x,repeat,,,,s-1 s-9,", "northeast/claims/checks.csv:2:6: check 'x': no figure 's-9' in data/statistics.csv"),
    ("x,repeet,,,,s-1 s-2,", "northeast/claims/checks.csv:2:2: unknown check kind 'repeet'"),
    ("x,repeat,,,,s-1,", "northeast/claims/checks.csv:2:6: check 'x' (repeat) lists 1 stat ids; the kind needs exactly 2"),
    ("x,official_level,,,,s-1,vintge=revised", "northeast/claims/checks.csv:2:7: check 'x': unknown option 'vintge' for official_level"),
    ("x,official_level,,,,s-1,vintage=revisd", "northeast/claims/checks.csv:2:7: check 'x': no vintage 'revisd' in data/series.csv"),
    ("x,gap,CN-LN,,2023,,", "northeast/claims/checks.csv:2:4: check 'x' (gap) needs a metric"),
    ("x,decade_high,CN-LN,rd_intensity,,s-1,window=ten", "northeast/claims/checks.csv:2:7: check 'x': option window='ten'"),
])
def test_a_mistyped_check_row_is_named_by_file_line_and_column(tmp_path, row, message):
    table = write_checks(tmp_path / "checks.csv", row)
    found = [str(p) for p in checks_problems({"s-1", "s-2"}, {"revised"}, path=table)]
    assert len(found) == 1 and found[0].startswith(message), found


def test_a_mistyped_check_row_stops_make_validate(tmp_path, monkeypatch):
    """Through the command `make validate` runs: exit 1 and the row's line on stdout."""
    import subprocess
    import sys

    project = tmp_path / "project"
    shutil.copytree(ROOT / "northeast", project / "northeast", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "data", project / "data")
    table = project / "northeast" / "claims" / "checks.csv"
    lines = table.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.append("typo-check,repeat,,,,no-such-figure " + next(data.statistics()["stat_id"].items())[1] + ",\n")
    table.write_text("".join(lines), encoding="utf-8")
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("NORTHEAST_")}
    env["NORTHEAST_SHARED_DIR"] = str(ROOT.parent / "shared")
    result = subprocess.run([sys.executable, "-m", "northeast", "validate"], cwd=project, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    assert result.stdout.startswith(f"northeast/claims/checks.csv:{len(lines)}:6: check 'typo-check': "
                                    "no figure 'no-such-figure' in data/statistics.csv"), result.stdout


# --------------------------------------------------------------------------- growth check kinds
def add_article(folder: Path, rows: list[dict]) -> None:
    """A fictional source and its rows (written in a copy of data/ only)."""
    with open(folder / "sources.csv", encoding="utf-8", newline="") as handle:
        fields = csv.DictReader(handle).fieldnames
    with open(folder / "sources.csv", "a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, fieldnames=fields, lineterminator="\n").writerow(
            {k: "" for k in fields} | {"source_id": "test-article", "publisher": "Test Daily (fictional)",
                                       "title": "A fictional test article", "published": "2019-03-01", "kind": "news article"})
    with open(folder / "statistics.csv", encoding="utf-8", newline="") as handle:
        fields = csv.DictReader(handle).fieldnames
    with open(folder / "statistics.csv", "a", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        for row in rows:
            writer.writerow({k: "" for k in fields} | {"source_id": "test-article", "theme": "economy",
                                                       "unit": "percent", "qualifier": "exact", "entity": ""} | row)


def index_growth(region: str, year: int, vintage: str) -> float:
    rows = data.series(metric="grp_index", region=region, year=year, vintage=vintage)
    return float(rows["value"].iloc[0]) - 100


def test_real_growth_is_checked_against_the_index_of_its_time_and_shown_in_todays(tmp_data, tmp_path):
    then = index_growth("CN-LN", 2017, "4th_census")
    now = index_growth("CN-LN", 2017, "5th_census")
    text = f"{then:.1f}"
    add_article(tmp_data, [{"stat_id": "t-1", "region": "CN-LN", "metric": "real_gdp_growth", "period": "2017",
                                    "value": text, "quote": f"grew {text} percent"},
                                   {"stat_id": "t-2", "region": "CN-LN", "metric": "real_gdp_growth", "period": "2017",
                                    "value": f"{then + 1:.1f}", "quote": f"grew {then + 1:.1f} percent"}])
    table = write_checks(tmp_path / "checks.csv", "g1,official_real_growth,,,,t-1,then=4th_census;now=5th_census",
                         "g2,official_real_growth,,,,t-2,then=4th_census;now=5th_census")
    results = {r.check: r for r in claims.run(table)}
    assert results["g1"].verdict in (CONSISTENT, WITHIN_ROUNDING)
    assert results["g2"].verdict == INCONSISTENT
    assert results["g1"].values == pytest.approx({"4th_census": then, "5th_census": now})
    assert "5th census vintage" in results["g1"].computation


def test_real_growth_without_the_vintage_of_its_time_is_shown_not_judged(tmp_data, tmp_path):
    now = index_growth("CN-LN", 2017, "5th_census")
    add_article(tmp_data, [{"stat_id": "t-1", "region": "CN-LN", "metric": "real_gdp_growth", "period": "2017",
                                    "value": f"{now + 3:.1f}", "quote": f"grew {now + 3:.1f} percent"}])
    table = write_checks(tmp_path / "checks.csv", "g1,official_real_growth,,,,t-1,then=first_published;now=5th_census")
    result = claims.run(table)[0]
    assert result.verdict == UNCHECKABLE and "may be a later revision" in result.why
    assert result.values == pytest.approx({"5th_census": now})


def test_a_rate_against_the_national_rate_printed_beside_it(tmp_data, tmp_path):
    add_article(tmp_data, [
        {"stat_id": "t-1", "region": "CN-LN", "metric": "real_gdp_growth", "period": "2017", "value": "4.2",
         "quote": "grew 4.2 percent in 2017, lagging behind the national growth rate"},
        {"stat_id": "t-2", "region": "CN", "metric": "real_gdp_growth", "period": "2017", "value": "6.9",
         "quote": "lagging behind the national growth rate of 6.9 percent"},
        {"stat_id": "t-3", "region": "CN-LN", "metric": "real_gdp_growth", "period": "2016", "value": "7.1",
         "quote": "grew 7.1 percent, lagging behind the national rate"},
        {"stat_id": "t-4", "region": "CN", "metric": "real_gdp_growth", "period": "2016", "value": "6.7",
         "quote": "lagging behind the national rate of 6.7 percent"}])
    table = write_checks(tmp_path / "checks.csv", "n1,national_beside,,,,t-1 t-2,", "n2,national_beside,,,,t-3 t-4,")
    results = {r.check: r for r in claims.run(table)}
    assert results["n1"].verdict == CONSISTENT and results["n1"].values["margin"] == pytest.approx(4.2 - 6.9)
    assert results["n2"].verdict == INCONSISTENT
    oldest = sorted(set(data.series(metric="grp_index", region="CN", year=2017)["vintage"]))[0]
    assert results["n1"].values["official_national"] == pytest.approx(index_growth("CN", 2017, oldest))


def test_a_forecast_against_the_official_level_reads_as_a_forecast(tmp_data, tmp_path):
    grp = data.series(metric="grp_nominal", region="CN-LN", vintage="revised")
    year = int(grp["year"].max())
    level = float(grp.loc[grp["year"] == year, "value"].iloc[0]) / 1e4 * 1.10   # 100 million -> trillion, 10% off
    add_article(tmp_data, [{"stat_id": "t-1", "region": "CN-LN", "metric": "grp_nominal", "period": str(year),
                                    "value": f"{level:.2f}", "unit": "trillion yuan", "qualifier": "expected",
                                    "quote": f"expected to reach {level:.2f} trillion yuan"}])
    table = write_checks(tmp_path / "checks.csv", "f1,official_level,,,,t-1,vintage=revised")
    result = claims.run(table)[0]
    assert result.verdict == UNCHECKABLE
    assert "forecast" in result.why and "revision" not in result.why
    assert result.claim.count("expected") == 1


# --------------------------------------------------------------------------- a theme's table
def test_a_new_figure_of_a_theme_shows_in_its_table_escaped(tmp_data):
    before = themes.single_year_claims("trade")
    add_article(tmp_data, [{"stat_id": "t-1", "theme": "trade", "region": "CN-LN", "metric": "goods_trade_growth",
                                    "period": "2016", "value": "-2.5", "entity": "<b>Port & Co</b>",
                                    "quote": "trade shrank 2.5 percent"}])
    after = themes.single_year_claims("trade")
    assert len(after) == len(before) + 1
    new = after[after["Source"] == "Test Daily"]
    assert list(new["Figure"]) == ["−2.5 percent"] and list(new["Year"]) == [2016]
    html = themes.claims_table_html("trade")
    assert "<b>Port" not in html and "&lt;b&gt;Port &amp; Co&lt;/b&gt;" in html
