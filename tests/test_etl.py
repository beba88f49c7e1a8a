"""The conversion script (etl/): it reproduces data/ from ../shared/reference-data exactly, and each
reader and step keeps values as printed and stops on files of the wrong shape (fixtures made here)."""
import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from northeast.paths import ROOT, shared_dir

sys.path.insert(0, str(ROOT))
import etl  # noqa: E402
from etl import communique_excerpts, grp_revised_5th_census, population_yearend_2000_2020  # noqa: E402
from etl.readers import ReferenceError, read_nbs_gbk_export, read_nbs_new_portal  # noqa: E402
from etl.regions import PROVINCES, code_for  # noqa: E402

REFERENCE = shared_dir() / "reference-data"
needs_reference = pytest.mark.skipif(not (REFERENCE / "grp-revised-5th-census").is_dir(),
                                     reason=f"{REFERENCE} (second delivery) is not on this machine")


def write_gbk_export(path: Path, indicator: str, years: list[int], value, footer: str = "") -> None:
    """A data.stats.gov.cn old-portal export of all 31 provinces: GB18030 bytes, CRLF."""
    lines = ["数据库：分省年度数据", f"指标：{indicator}", "时间：最近3年", "地区," + ",".join(f"{y}年" for y in years)]
    for number, (short, _, _) in enumerate(PROVINCES):
        name = short + ("市" if short in ("北京", "天津", "上海", "重庆") else "省")
        lines.append(name + "," + ",".join(value(number, y) for y in years))
    lines += [footer, "数据来源：国家统计局"] if footer else ["数据来源：国家统计局"]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes("\r\n".join(lines).encode("gb18030") + b"\r\n")


@needs_reference
def test_etl_reproduces_the_curated_tables_exactly():
    for path, text in etl.outputs(REFERENCE, ROOT / "data").items():
        assert path.read_text(encoding="utf-8") == text, f"{path.name} differs from what `python -m etl` writes"


@needs_reference
def test_rows_the_steps_do_not_own_are_kept_as_they_are(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    hand_row = {"region": "CN-LN", "metric": "grp_nominal", "year": "1999", "value": "1.0", "unit": "100 million yuan",
                "vintage": "revised", "source_id": "nbs-gdp-by-province", "flag": "", "note": "kept"}
    stale_row = dict(hand_row, year="2030", vintage="5th_census", source_id="nbs-grp-5th-census", note="stale")
    rows = etl.read_rows(data / "series.csv") + [hand_row, stale_row]
    (data / "series.csv").write_text(etl.to_csv(rows, etl.SERIES_COLUMNS), encoding="utf-8")
    etl.run(REFERENCE, data)
    after = etl.read_rows(data / "series.csv")
    assert hand_row in after  # not produced by a step: kept
    assert stale_row not in after  # owned by the 5th-census step, which no longer produces it
    assert after == sorted(after, key=etl.sort_key)


@needs_reference
def test_check_mode_reports_an_out_of_date_file_and_writes_nothing(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    rows = etl.read_rows(data / "series.csv")
    changed = next(i for i, r in enumerate(rows) if r["vintage"] == "5th_census")
    rows[changed]["value"] = "1"
    (data / "series.csv").write_text(etl.to_csv(rows, etl.SERIES_COLUMNS), encoding="utf-8")
    before = (data / "series.csv").read_text(encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "etl", "--check", "--data", str(data)], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 1 and "series.csv: out of date" in result.stdout
    assert (data / "series.csv").read_text(encoding="utf-8") == before


def test_missing_reference_folder_is_a_message_not_a_traceback(tmp_path):
    result = subprocess.run([sys.executable, "-m", "etl", "--reference", str(tmp_path / "nowhere")], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert "reference-data folder not found" in result.stderr and "Traceback" not in result.stderr


def test_gbk_export_values_come_back_as_printed(tmp_path):
    path = tmp_path / "export.csv"
    printed = {2023: "105.0", 2024: "761193"}
    write_gbk_export(path, "地区生产总值(亿元)", [2024, 2023], lambda n, y: printed[y] if n == 5 else f"{n}.5")
    assert b"\xc1\xc9\xc4\xfe" in path.read_bytes()  # 辽宁 in GBK, so the file is not UTF-8
    table = read_nbs_gbk_export(path)
    assert table.header_lines[1] == "指标：地区生产总值(亿元)"
    assert table.years == (2024, 2023)
    assert table.value("辽宁省", 2023) == "105.0" and table.value("辽宁省", 2024) == "761193"
    assert table.footer_lines == ("数据来源：国家统计局",)
    assert code_for("辽宁省") == "CN-LN" and code_for("内蒙古自治区") == "CN-NM" and code_for("全国") == "CN"


def test_grp_step_reads_a_gbk_fixture_and_requires_the_revision_note(tmp_path):
    folder = tmp_path / grp_revised_5th_census.FOLDER
    note = "注：……在第五次全国经济普查后，对1992年-2023年地区生产总值历史数据进行了系统修订。"
    write_gbk_export(folder / grp_revised_5th_census.PROVINCES_FILE, "地区生产总值(亿元)", [2024, 2023],
                     lambda n, y: f"{n}{y % 10}.0", footer=note)
    (folder / grp_revised_5th_census.NATIONAL_FILE).write_text(
        "指标,2024年,2023年\n国内生产总值(亿元),1349083.5,1294271.7\n", encoding="utf-8")
    rows = [r for r in grp_revised_5th_census.rows(tmp_path) if r]
    liaoning_2023 = next(r for r in rows if r["region"] == "CN-LN" and r["year"] == "2023")
    assert liaoning_2023["value"] == "53.0" and liaoning_2023["vintage"] == "5th_census"
    assert len(rows) == 31 * 2 + 2
    write_gbk_export(folder / grp_revised_5th_census.PROVINCES_FILE, "地区生产总值(亿元)", [2024], lambda n, y: "1.0")
    with pytest.raises(ReferenceError, match="revision note"):
        grp_revised_5th_census.rows(tmp_path)


def test_new_portal_export_with_tab_comma_separators(tmp_path):
    path = tmp_path / "new.csv"
    lines = ["数据库：分省年度数据\t", "时间：2016年-2025年\t", "地区\t,2025年\t,2024年\t,"]
    lines += [f"{short}省\t,\t,10{n}.0\t," for n, (short, _, _) in enumerate(PROVINCES)]
    lines += ["数据来源：国家统计局\t"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    table = read_nbs_new_portal(path)
    assert table.years == (2025, 2024)
    assert table.value("辽宁省", 2024) == "105.0" and table.value("辽宁省", 2025) == ""


def test_population_files_that_disagree_on_an_overlap_year_stop_the_step(tmp_path):
    write_gbk_export(tmp_path / "population-yearend-2015-2024" / "分省年度数据.csv", "年末常住人口(万人)",
                     [2016, 2015], lambda n, y: str(1000 + n))
    english = tmp_path / population_yearend_2000_2020.FOLDER / population_yearend_2000_2020.FILE
    english.parent.mkdir(parents=True)
    body = ["Region,2015,2014"] + [f"{name},{1000 + n},{900 + n}" for n, (_, _, name) in enumerate(PROVINCES)]
    english.write_text("\n".join(body) + "\n", encoding="utf-8")
    rows = population_yearend_2000_2020.rows(tmp_path)
    assert {r["year"] for r in rows} == {"2014"} and len(rows) == 31
    english.write_text("\n".join(body).replace("Jilin,1006", "Jilin,1007") + "\n", encoding="utf-8")
    with pytest.raises(ReferenceError, match="CN-JL 2015 = 1007"):
        population_yearend_2000_2020.rows(tmp_path)


def test_excerpt_figures_are_read_from_quoted_sentences_only(tmp_path):
    folder = tmp_path / communique_excerpts.FOLDER
    folder.mkdir()
    text = ("10. 2022: https://example.org/a — \"全国粮食播种面积118332千公顷 … 全国粮食总产量68653万吨\"\n"
            "    Check: 全国粮食总产量99999万吨 is not a quote\n")
    (folder / communique_excerpts.FILE).write_text(text, encoding="utf-8")
    assert "99999" not in communique_excerpts.verbatim(communique_excerpts.entries(text)[10])
    with pytest.raises(ReferenceError, match="entry 1: pattern"):
        communique_excerpts.rows(tmp_path)  # entry 1 is absent from this fixture
    sources = {s["source_id"]: s for s in communique_excerpts.sources(tmp_path)}
    assert sources["nbs-grain-2022-announcement"]["url"] == "https://example.org/a"


@needs_reference
def test_every_generated_row_names_a_known_source_metric_and_place():
    data = ROOT / "data"
    known = {name: {r[key] for r in etl.read_rows(data / f"{name}.csv")}
             for name, key in (("sources", "source_id"), ("metrics", "metric_id"), ("places", "code"))}
    for row in etl.generated_rows(REFERENCE):
        assert row["source_id"] in known["sources"] and row["metric"] in known["metrics"]
        assert row["region"] in known["places"]


@needs_reference
def test_series_notes_carry_the_current_summary_table():
    notes = (ROOT / "data" / "SERIES_NOTES.md").read_text(encoding="utf-8")
    assert etl.summary_table(REFERENCE) in notes, "run `python -m etl --summary` and paste the table into SERIES_NOTES.md"


def test_an_address_is_taken_without_the_collectors_closing_parenthesis():
    from etl.communique_excerpts import clean_url
    assert clean_url("http://124.42.81.250:8082/main.php?G=2cMm.html)") == "http://124.42.81.250:8082/main.php?G=2cMm.html"
    assert clean_url("https://en.wikipedia.org/wiki/Harbin_(city)") == "https://en.wikipedia.org/wiki/Harbin_(city)"
    assert clean_url("http://example.org/a.html—") == "http://example.org/a.html"


def test_every_copied_table_names_its_copy_and_never_dates_the_release_by_the_copy():
    """The steps' sources name the copy they read; a copy's date is in 'copied', not 'published'."""
    from etl import STEPS, step_sources
    from etl.copies import COPIES
    for step in STEPS:
        for source in step_sources(step, shared_dir() / "reference-data"):
            if source["source_id"] in COPIES:
                assert source["copy"] and source["copied"] != source["published"], source["source_id"]


@needs_reference
def test_grp_before_the_export_is_taken_only_where_the_scrape_is_the_same_vintage(tmp_path):
    """GRP 2000-2003 comes from the 2021 scrape only because it equals the held export in every year both
    hold: one value changed in a shared year (a different vintage) stops the step, naming both files."""
    from etl import nbs_scrape_2000_2019 as scrape
    rows = scrape.grp_before_export(REFERENCE)
    held = read_csv_rows(REFERENCE / scrape.HELD_GRP[0] / scrape.HELD_GRP[1])
    first_held = min(int(c) for c in held[0] if c.isdigit())
    assert rows and {r["region"] for r in rows} == set(scrape.GRP_REGIONS)
    assert all(int(r["year"]) < first_held and r["vintage"] == "revised" for r in rows)
    copy = tmp_path / "reference"
    for folder in (scrape.FOLDER.split("/")[0], scrape.HELD_GRP[0]):
        shutil.copytree(REFERENCE / folder, copy / folder)
    path = copy / scrape.HELD_GRP[0] / scrape.HELD_GRP[1]
    table = read_csv_rows(path)
    liaoning = next(r for r in table if r["Region"] == "Liaoning")
    liaoning[str(first_held)] = f"{float(liaoning[str(first_held)]) + 1:.1f}"
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(table[0]))
        writer.writeheader()
        writer.writerows(table)
    with pytest.raises(ReferenceError, match=rf"{first_held}.*not the same vintage"):
        scrape.grp_before_export(copy)


def read_csv_rows(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))
