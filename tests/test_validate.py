"""Validation: the real data pass, and each kind of broken table gets one exact, located message."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from northeast.paths import ROOT
from northeast.validate import validate

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
     "data/statistics.csv:2:10: column 'qualifier': 'roughly' is not one of: exact, about, more than, at least, less than, at most"),
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
