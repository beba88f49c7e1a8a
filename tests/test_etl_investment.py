"""The investment steps of etl/ on fixture files: fixed-asset investment levels (2021 download, to 2017)
and the growth of funds in place (2026 export) are read as printed, each in its own vintage, and never
joined into one series."""
import sys

from northeast.paths import ROOT

sys.path.insert(0, str(ROOT))
from etl import nbs_fai_2000_2017, nbs_fai_funds_2018_2024  # noqa: E402
from etl.regions import PROVINCES  # noqa: E402


def long_name(short: str) -> str:
    return short + ("市" if short in ("北京", "天津", "上海", "重庆") else "省")


def write_scrape(root, years, value) -> None:
    """The copier's long tables: provinces (code, name, year, three indicators) and the national file."""
    provincial = root / nbs_fai_2000_2017.FOLDER / nbs_fai_2000_2017.PROVINCIAL
    provincial.parent.mkdir(parents=True)
    lines = ["省份编码,省份,年份,全社会固定资产投资(亿元),城镇固定资产投资(亿元),房地产开发投资(亿元)"]
    lines += [f"{100000 + n},{long_name(short)},{y},{value(n, y)},1.0,2.0"
              for n, (short, _, _) in enumerate(PROVINCES) for y in years]
    provincial.write_text("\n".join(lines) + "\n", encoding="utf-8")
    national = root / nbs_fai_2000_2017.FOLDER / nbs_fai_2000_2017.NATIONAL
    national.parent.mkdir(parents=True)
    national.write_text("年份,全社会固定资产投资,城镇固定资产投资\n" + "".join(f"{y},{9000 + y},1\n" for y in years), encoding="utf-8")


def test_fai_levels_are_read_as_printed_to_2017_with_liaonings_correction_flagged(tmp_path):
    years = [1999, 2015, 2016, 2017, 2018]
    write_scrape(tmp_path, years, lambda n, y: "" if y == 2018 else f"{n}.{y}0")   # blank after 2017, as NBS
    rows = nbs_fai_2000_2017.rows(tmp_path)
    by_key = {(r["region"], r["year"]): r for r in rows}
    liaoning = next(n for n, (_, code, _) in enumerate(PROVINCES) if code == "CN-LN")
    assert by_key["CN-LN", "2015"]["value"] == f"{liaoning}.20150"            # the printed digits, trailing zero kept
    assert by_key["CN-LN", "2016"]["flag"] == "basis_break" and by_key["CN-LN", "2016"]["note"]
    assert not by_key["CN-JL", "2016"]["flag"] and not by_key["CN-LN", "2015"]["flag"]
    assert {r["year"] for r in rows if r["region"] == "CN"} == {"2015", "2016", "2017"}   # 1999 and the re-based 2018 left out
    assert not any(r["year"] == "2018" for r in rows)
    assert len([r for r in rows if r["region"] != "CN"]) == 31 * 4                       # 1999-2017, no blank row
    assert {(r["vintage"], r["source_id"], r["unit"]) for r in rows} == {
        (nbs_fai_2000_2017.VINTAGE, nbs_fai_2000_2017.SOURCE_ID, "100 million yuan")}


def test_funds_in_place_growth_is_its_own_metric_vintage_and_source(tmp_path):
    path = tmp_path / nbs_fai_funds_2018_2024.FOLDER / nbs_fai_funds_2018_2024.FILE
    path.parent.mkdir(parents=True)
    lines = ["数据库：分省年度数据 ", "时间： ", "地区\t,2024年\t,2023年\t,"]
    lines += [f"{long_name(short)}\t,-{n}.5\t,{'' if code == 'CN-HL' else n}\t," for n, (short, code, _) in enumerate(PROVINCES)]
    path.write_text("\n".join(lines) + "\n数据来源：国家统计局\n", encoding="utf-8-sig")
    rows = nbs_fai_funds_2018_2024.rows(tmp_path)
    assert len(rows) == 31 * 2 - 1                                              # Heilongjiang's blank 2023: no row
    jilin = next(n for n, (_, code, _) in enumerate(PROVINCES) if code == "CN-JL")
    assert next(r for r in rows if r["region"] == "CN-JL" and r["year"] == "2024")["value"] == f"-{jilin}.5"
    assert {(r["metric"], r["vintage"], r["unit"]) for r in rows} == {("fai_funds_in_place_growth", "export_2026", "percent")}
    assert nbs_fai_funds_2018_2024.METRIC != nbs_fai_2000_2017.METRIC
    assert nbs_fai_funds_2018_2024.VINTAGE != nbs_fai_2000_2017.VINTAGE    # never one series across the two


def test_each_investment_source_names_its_copy_and_is_no_dated_release():
    for step in (nbs_fai_2000_2017, nbs_fai_funds_2018_2024):
        (source,) = step.SOURCES
        assert source["copy"].startswith("GitHub ") and source["copied"] and not source["published"]
        assert "not a dated NBS release" in source["note"]
