"""Validation: the real data pass, and each kind of broken table gets one exact, located message."""
import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from northeast.paths import ROOT, shared_dir
from northeast.validate import check, validate

FIXTURE = Path(__file__).parent / "fixtures" / "valid"


@pytest.fixture
def data_copy(tmp_path):
    """A small valid data folder (fixture tables + the real schema) to break one way at a time."""
    for path in FIXTURE.glob("*.csv"):
        shutil.copy(path, tmp_path)
    shutil.copy(ROOT / "data" / "datapackage.json", tmp_path)
    return tmp_path


def replace(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture lost {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def messages(folder: Path) -> list[str]:
    return [str(p) for p in validate(folder)]


def test_fixture_is_valid(data_copy):
    assert messages(data_copy) == []


def test_real_data_are_valid():
    assert messages(ROOT / "data") == []


# (what is broken, file, old text, new text, the one message expected)
BROKEN = [
    ("non-numeric value", "statistics.csv", "2021,17.6,percent", "2021,seventeen,percent",
     "data/statistics.csv:3:8: column 'value': 'seventeen' is not a number"),
    ("unknown unit", "statistics.csv", "17.6,percent", "17.6,per cent",
     "data/statistics.csv:3:9: unknown unit 'per cent' (known units: see data/README.md)"),
    ("unknown place", "statistics.csv", "trade,CN-LN,", "trade,CN-XX,",
     "data/statistics.csv:3:4: unknown place 'CN-XX' (not in places.csv)"),
    ("unknown metric", "statistics.csv", ",trade_growth,", ",trade_growht,",
     "data/statistics.csv:3:6: unknown metric 'trade_growht' (not in metrics.csv)"),
    ("unknown source", "statistics.csv", "art-a-02,art-a,", "art-a-02,art-z,",
     "data/statistics.csv:3:2: unknown source 'art-z' (not in sources.csv)"),
    ("duplicate id", "statistics.csv", "art-a-03,", "art-a-01,",
     "data/statistics.csv:4:1: duplicate stat_id 'art-a-01'"),
    ("unparseable period", "statistics.csv", "2023-H1", "2023-H3",
     "data/statistics.csv:2:7: unparseable period '2023-H3': expected YYYY, YYYY-Hn, YYYY-Qn, YYYY-MM or YYYY-MM-DD"),
    ("empty quote", "statistics.csv", '"772.4 billion yuan, up 17.6 percent year-on-year"', '""',
     "data/statistics.csv:3:11: column 'quote' is empty"),
    ("quote without its value", "statistics.csv", "up 17.6 percent", "up 17.5 percent",
     "data/statistics.csv:3:11: quote does not contain the value '17.6' as printed"),
    ("unknown qualifier", "statistics.csv", "more than,", "roughly,",
     "data/statistics.csv:2:10: column 'qualifier': 'roughly' is not one of: exact, about, more than, at least, less than, at most, expected, estimated, target, planned"),
    ("count that is not whole", "statistics.csv", '2023-H1,730,count,more than,"over 730', '2023-H1,730.5,count,more than,"over 730.5',
     "data/statistics.csv:2:8: a count must be a whole number of at least 0, not 730.5"),
    ("implausible percent", "statistics.csv", "2021,17.6,percent,exact,\"772.4 billion yuan, up 17.6", "2021,1760,percent,exact,\"772.4 billion yuan, up 1760",
     "data/statistics.csv:3:8: 1760 percent is outside -100..1000 for a growth_rate"),
    ("missing column", "statistics.csv", "stat_id,source_id,theme,region,entity,metric,period,value,unit,qualifier,quote,note",
     "stat_id,source_id,theme,region,entity,metric,period,value,unit,qualifier,note",
     "data/statistics.csv:1:11: missing column 'quote'"),
    ("duplicate series key", "series.csv", "CN-LN,grp_nominal,2023,", "CN-LN,grp_nominal,2022,",
     "data/series.csv:3:1: duplicate region/metric/year/vintage 'CN-LN/grp_nominal/2022/revised'"),
    ("year that is not a year", "series.csv", "CN-LN,grp_nominal,2023,", "CN-LN,grp_nominal,20x3,",
     "data/series.csv:3:3: column 'year': '20x3' is not a integer"),
    ("unknown parent place", "places.csv", "city,CN-LN", "city,CN-LX",
     "data/places.csv:4:5: unknown parent place 'CN-LX' (not in places.csv)"),
    ("row with too few cells", "series.csv", "CN-LN,grp_nominal,2023,30209.4,100 million yuan,revised,tab-b,,",
     "CN-LN,grp_nominal,2023,30209.4",
     "data/series.csv:3:5: row has 4 cells, the header has 9"),
]


@pytest.mark.parametrize("what,name,old,new,expected", BROKEN, ids=[case[0] for case in BROKEN])
def test_broken_table_gets_exact_message(data_copy, what, name, old, new, expected):
    replace(data_copy, name, old, new)
    assert messages(data_copy) == [expected]


def test_byte_order_mark(data_copy):
    path = data_copy / "metrics.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert messages(data_copy) == ["data/metrics.csv:1:1: file starts with a byte-order mark; save it as UTF-8 without BOM"]


def test_wrong_delimiter(data_copy):
    path = data_copy / "places.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8")
    assert messages(data_copy) == ["data/places.csv:1:1: wrong delimiter: the header is separated by semicolons; use commas"]


def test_not_utf8(data_copy):
    path = data_copy / "sources.csv"
    path.write_bytes(path.read_bytes().replace("Example".encode(), "Exampl\xe9".encode("latin-1")))
    assert messages(data_copy) == ["data/sources.csv:2:1: not valid UTF-8 (byte 0xe9); save the file as UTF-8"]


def test_missing_file(data_copy):
    (data_copy / "metrics.csv").unlink()
    assert messages(data_copy) == ["data/metrics.csv:1:1: file not found"]


def test_every_problem_is_reported_not_just_the_first(data_copy):
    replace(data_copy, "statistics.csv", "2021,17.6,percent", "2021,abc,percent")
    replace(data_copy, "statistics.csv", "2023-H1", "H1-2023")
    assert len(messages(data_copy)) == 2


def test_command_line_prints_located_problems_without_traceback(data_copy):
    replace(data_copy, "statistics.csv", ",trade_growth,", ",trade_growht,")
    result = subprocess.run([sys.executable, "-m", "northeast", "validate", "--data", str(data_copy)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 1
    assert result.stdout.strip() == "data/statistics.csv:3:6: unknown metric 'trade_growht' (not in metrics.csv)"
    assert "Traceback" not in result.stderr


def test_command_line_on_valid_data_exits_zero(data_copy):
    result = subprocess.run([sys.executable, "-m", "northeast", "validate", "--data", str(data_copy)],
                            capture_output=True, text=True, cwd=ROOT)
    assert (result.returncode, result.stdout) == (0, "")


# --- hostile and broken input (issue 13): one exact, located message each, never a traceback ---------

NO_TEXT = "source-articles/example.txt"  # the fixture's article text, not in the shared folder


def notices(folder: Path, file: str = "") -> list[str]:
    return [str(p) for p in check(folder)[1] if p.file.endswith(file)]


def edit_text(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture lost {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def edit_package(edit):
    def apply(path: Path) -> None:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
        edit(descriptor)
        path.write_text(json.dumps(descriptor, indent=1), encoding="utf-8")
    return apply


def swap_columns(path: Path) -> None:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([[r[0], r[2], r[1], *r[3:]] for r in rows])
    path.write_text(out.getvalue(), encoding="utf-8")


def into_folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


def link_outside(path: Path) -> None:
    outside = path.parent.parent / f"outside-{path.name}"
    outside.write_bytes(path.read_bytes() if path.exists() else b"# notes\n")
    path.unlink(missing_ok=True)
    path.symlink_to(outside)


PACKAGE = "data/datapackage.json"
PACKAGE_TEXT = (ROOT / PACKAGE).read_text(encoding="utf-8")


def position(text: str, needle: str, skip: str = "") -> str:
    """'line:column' (1-based) where `needle` starts in `text`, plus the length of `skip` (its key): the
    place the validator must name, derived from the file rather than pinned."""
    start = text.index(needle) + len(skip)
    line = text.count("\n", 0, start) + 1
    return f"{line}:{start - (text.rfind(chr(10), 0, start) + 1) + 1}"


def redumped(edit) -> str:
    """datapackage.json as edit_package writes it after `edit`."""
    descriptor = json.loads(PACKAGE_TEXT)
    edit(descriptor)
    return json.dumps(descriptor, indent=1)


def json_error_at(text: str) -> str:
    try:
        json.loads(text)
    except json.JSONDecodeError as error:
        return f"{error.lineno}:{error.colno}"
    raise AssertionError("the text is valid JSON")


AT_TRUNCATED = json_error_at(PACKAGE_TEXT.encode()[:500].decode(errors="ignore"))
AT_NO_SCHEMA = position(redumped(lambda d: d["resources"][3].pop("schema")), '"name": "statistics"', '"name": ')
AT_PATH = position(PACKAGE_TEXT, '"path": "places.csv"', '"path": ')
AT_TYPE = position(PACKAGE_TEXT, '{"name": "value", "type": "number"', "{")
HOSTILE = [
    ("truncated datapackage.json", "datapackage.json", lambda p: p.write_bytes(p.read_bytes()[:500]),
     f"{PACKAGE}:{AT_TRUNCATED}: not valid JSON: Expecting property name enclosed in double quotes"),
    ("datapackage.json is a list", "datapackage.json", lambda p: p.write_text("[]"),
     f'{PACKAGE}:1:1: expected a JSON object with a list of "resources" (a Data Package)'),
    ("resource without schema", "datapackage.json", edit_package(lambda d: d["resources"][3].pop("schema")),
     f"{PACKAGE}:{AT_NO_SCHEMA}: resource 'statistics' has no schema with a list of named \"fields\""),
    ("resource dropped", "datapackage.json", edit_package(lambda d: d["resources"].pop(4)),
     f"{PACKAGE}:1:1: no resource 'series': the report needs the tables sources, places, metrics, statistics, series"),
    ("resource renamed", "datapackage.json", lambda p: edit_text(p, '"name": "metrics"', '"name": "measures"'),
     f"{PACKAGE}:1:1: no resource 'metrics': the report needs the tables sources, places, metrics, statistics, series"),
    ("path leaving data/", "datapackage.json", lambda p: edit_text(p, '"path": "places.csv"', '"path": "../places.csv"'),
     f"{PACKAGE}:{AT_PATH}: resource 'places': path '../places.csv' leaves the data folder; name a file in data/"),
    ("unknown field type", "datapackage.json",
     lambda p: edit_text(p, '{"name": "value", "type": "number"', '{"name": "value", "type": "decimal"'),
     f"{PACKAGE}:{AT_TYPE}: resource 'statistics', field 'value': unknown type 'decimal' (Table Schema types: any, "
     "array, boolean, date, datetime, duration, geojson, geopoint, integer, list, number, object, string, time, "
     "year, yearmonth)"),
    ("duplicated header column", "places.csv", lambda p: edit_text(p, "code,name,name_zh", "code,name,name"),
     "data/places.csv:1:3: column 'name' appears twice (also column 2)"),
    ("cell over 128 KB", "sources.csv", lambda p: edit_text(p, "An example article", "A" * 140_000),
     "data/sources.csv:2:3: a cell is longer than 131072 characters (128 KB); is a quoted cell missing its closing quote?"),
    ("data file is a folder", "metrics.csv", into_folder, "data/metrics.csv:1:1: is a folder, not a file"),
    ("NaN amount", "statistics.csv",
     lambda p: edit_text(p, '2021,17.6,percent,exact,"772.4 billion yuan, up 17.6', '2021,NaN,percent,exact,"772.4 billion yuan, up NaN'),
     "data/statistics.csv:3:8: column 'value': 'NaN' is not a number written with the digits 0-9 (like -1234.5)"),
    ("inf amount", "series.csv", lambda p: edit_text(p, "2023,30209.4", "2023,inf"),
     "data/series.csv:3:4: column 'value': 'inf' is not a number written with the digits 0-9 (like -1234.5)"),
    ("underscore in a number", "statistics.csv",
     lambda p: edit_text(p, '2023-H1,730,count,more than,"over 730', '2023-H1,7_30,count,more than,"over 7_30'),
     "data/statistics.csv:2:8: column 'value': '7_30' is not a number written with the digits 0-9 (like -1234.5)"),
    ("full-width digits", "statistics.csv",
     lambda p: edit_text(p, '2023-H1,730,count,more than,"over 730', '2023-H1,７３０,count,more than,"over ７３０'),
     "data/statistics.csv:2:8: column 'value': '７３０' is not a number written with the digits 0-9 (like -1234.5)"),
    ("full-width year", "series.csv", lambda p: edit_text(p, ",2023,", ",２０２３,"),
     "data/series.csv:3:3: column 'year': '２０２３' is not a four-digit year"),
    ("whitespace-only quote", "statistics.csv",
     lambda p: edit_text(p, '"772.4 billion yuan, up 17.6 percent year-on-year"', '"   "'),
     "data/statistics.csv:3:11: column 'quote' holds only spaces"),
    ("impossible published date", "sources.csv", lambda p: edit_text(p, "2023-09-08", "2023-02-30"),
     "data/sources.csv:2:5: column 'published': '2023-02-30' is not a real date"),
    ("NUL byte", "places.csv", lambda p: edit_text(p, "city,", "ci\x00ty,"),
     "data/places.csv:4:24: contains a NUL byte; the file is damaged or not text"),
    ("empty statistics table", "statistics.csv", lambda p: p.write_text(p.read_text().splitlines()[0] + "\n"),
     "data/statistics.csv:1:1: the table has no rows, only its header"),
    ("line numbers after a quoted newline", "statistics.csv",
     lambda p: (edit_text(p, '"over 730 projects', '"over\n730 projects'), edit_text(p, ",trade_growth,", ",trade_growht,")),
     "data/statistics.csv:4:6: unknown metric 'trade_growht' (not in metrics.csv)"),
    ("a row of commas", "statistics.csv", lambda p: p.write_text(p.read_text() + ",,,,,,,,,,,\n"),
     "data/statistics.csv:5:1: blank row (only commas or spaces); delete it"),
    ("two swapped columns", "statistics.csv", swap_columns,
     "data/statistics.csv:1:2: columns in another order than in datapackage.json: column 2 is 'theme', expected "
     "'source_id' (order: stat_id, source_id, theme, region, entity, metric, period, value, unit, qualifier, quote, note, "
     "flag)"),
    ("CSV linked from outside data/", "places.csv", link_outside,
     "data/places.csv:1:1: is a link to {outside}/outside-places.csv, outside the data folder; data files must be "
     "inside data/ (copy the file in instead)"),
    ("README linked from outside data/", "README.md", link_outside,
     "data/README.md:1:1: is a link to {outside}/outside-README.md, outside the data folder; data files must be "
     "inside data/ (copy the file in instead)"),
]


@pytest.mark.parametrize("what,name,breaks,expected", HOSTILE, ids=[case[0] for case in HOSTILE])
def test_hostile_or_broken_input_gets_one_located_message(data_copy, what, name, breaks, expected):
    breaks(data_copy / name)
    assert messages(data_copy) == [expected.format(outside=data_copy.parent.resolve())]


def test_unreadable_data_file(data_copy, monkeypatch):
    target = data_copy / "places.csv"
    read_bytes = Path.read_bytes

    def denied(self):
        if self == target:
            raise PermissionError(13, "Permission denied")
        return read_bytes(self)

    monkeypatch.setattr(Path, "read_bytes", denied)
    assert messages(data_copy) == ["data/places.csv:1:1: cannot be read (Permission denied)"]


@pytest.mark.parametrize("what,name,breaks,expected", HOSTILE[:8] + HOSTILE[9:10],
                         ids=[case[0] for case in HOSTILE[:8] + HOSTILE[9:10]])
def test_command_line_never_shows_a_traceback(data_copy, what, name, breaks, expected):
    breaks(data_copy / name)
    result = subprocess.run([sys.executable, "-m", "northeast", "validate", "--data", str(data_copy)],
                            capture_output=True, text=True, cwd=ROOT)
    assert (result.returncode, result.stdout.strip()) == (1, expected)
    assert "Traceback" not in result.stderr


def test_a_trailing_blank_line_is_no_problem(data_copy):
    path = data_copy / "statistics.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert messages(data_copy) == []


def test_markup_in_text_is_valid_data(data_copy):
    """A publisher with '<' is data like any other; the pages escape it (tests/test_hostile_input.py)."""
    edit_text(data_copy / "sources.csv", "Example Daily", "Example <Daily> & {download}`x <../../etc/passwd>`")
    assert messages(data_copy) == []


def test_a_missing_source_text_is_a_notice_not_silence(data_copy):
    assert messages(data_copy) == []
    assert notices(data_copy) == [
        f"data/sources.csv:2:8: notice: source text {NO_TEXT} is not in {shared_dir()}; the quotes of 'art-a' "
        "were not checked against it (NORTHEAST_TEXTS names more folders to look in)"]


def test_a_source_with_no_text_path_is_a_notice(data_copy):
    edit_text(data_copy / "sources.csv", NO_TEXT, "")
    assert messages(data_copy) == []
    assert notices(data_copy) == [
        "data/sources.csv:2:8: notice: source 'art-a' has no text path; the quotes of its figures were not "
        "checked against a text"]


def test_a_series_with_a_missing_year_is_a_notice(data_copy):
    path = data_copy / "series.csv"
    path.write_text(path.read_text(encoding="utf-8")
                    + "CN-LN,grp_nominal,2026,31000.0,100 million yuan,revised,tab-b,,\n", encoding="utf-8")
    assert messages(data_copy) == []
    assert notices(data_copy, "series.csv") == [
        "data/series.csv:4:3: notice: series CN-LN/grp_nominal/revised has no row for 2024, 2025 "
        "(years 2022-2026); the charts show a gap"]


def test_a_census_every_ten_years_misses_no_year(data_copy):
    path = data_copy / "series.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",2022,", ",2003,").replace(",2023,", ",2013,"),
                    encoding="utf-8")
    assert notices(data_copy, "series.csv") == []


def test_command_line_prints_notices_on_stderr(data_copy):
    result = subprocess.run([sys.executable, "-m", "northeast", "validate", "--data", str(data_copy)],
                            capture_output=True, text=True, cwd=ROOT)
    assert (result.returncode, result.stdout) == (0, "")
    assert f"data/sources.csv:2:8: notice: source text {NO_TEXT}" in result.stderr


def rewrite_row(folder: Path, index: int, **cells) -> None:
    path = folder / "sources.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    rows[index].update(cells)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def test_a_copied_nbs_table_must_name_its_copy(data_copy):
    """Official figures read from a third-party copy name the copy; the copy's date is never a release date."""
    rewrite_row(data_copy, 1, copy="")
    assert messages(data_copy) == ["data/sources.csv:3:5: column 'published' is blank: give the release date, "
                                   "or name the copy read (column 'copy')"]


def test_an_nbs_table_with_a_date_but_no_copy_is_a_problem(data_copy):
    rewrite_row(data_copy, 1, copy="", published="2024-01-01")
    assert messages(data_copy) == ["data/sources.csv:3:10: an NBS table read from a third-party copy must name the copy "
                                   "(column 'copy')"]


def test_an_address_ending_in_the_prose_parenthesis_is_refused(data_copy):
    rewrite_row(data_copy, 0, url="http://example.org/page.html)")
    found = messages(data_copy)
    assert len(found) == 1 and found[0].startswith("data/sources.csv:2:6:") and "url" in found[0]
    rewrite_row(data_copy, 0, url="https://en.wikipedia.org/wiki/Harbin_(city)")
    assert messages(data_copy) == []
