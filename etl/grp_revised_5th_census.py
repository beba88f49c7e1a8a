"""Step `grp-revised-5th-census/`: GRP of the 31 provinces, 2006-2024, and national GDP, 2015-2024,
as revised after the 5th National Economic Census (vintage `5th_census`)."""
from __future__ import annotations

from pathlib import Path

from .core import series_row
from .readers import ReferenceError, read_nbs_gbk_export, read_transposed
from .regions import full_names

FOLDER = "grp-revised-5th-census"
PROVINCES_FILE = "分省年度数据.csv"
NATIONAL_FILE = "national_年度数据_AfterMaxQ.csv"
VINTAGE = "5th_census"
REVISION_NOTE = "在第五次全国经济普查后"

SOURCES = [
    {"source_id": "nbs-grp-5th-census", "publisher": "National Bureau of Statistics of China",
     "title": "Gross regional product (100 million yuan) by province, 2006-2024, revised after the 5th economic census "
              "(NBS National Data export, Annual by Province)",
     "author": "", "published": "", "url": "", "kind": "statistical table",
     "path": f"reference-data/{FOLDER}/{PROVINCES_FILE}",
     "note": "Third-party copy of an NBS table, not a dated NBS release: verbatim GBK export (footer note on the "
             "revision of 1992-2023 after the 5th national economic census) from GitHub RenJiyi163/panel_data_analysis_for_thesis, "
             "path 分省年度数据.csv, added in commit e6d65372ec36319dd3d838f5c5e12841f7c77f26 (2026-03-15), "
             "HEAD 756964b145f2ca33ab3c2390922b91e0070a2ed4, blob 0a0ca57172506ab562d0951350a2c32dde131b91."},
    {"source_id": "nbs-gdp-national-5th-census", "publisher": "National Bureau of Statistics of China",
     "title": "Gross domestic product (100 million yuan), national annual data, 2015-2024, revised after the 5th economic census",
     "author": "", "published": "", "url": "", "kind": "statistical table",
     "path": f"reference-data/{FOLDER}/{NATIONAL_FILE}",
     "note": "Third-party copy of an NBS table, not a dated NBS release: NBS national annual export with its header and "
             "footer removed, from GitHub AfterMaxQ/Economic-growth-line-chart-drawing, path 年度数据.csv, commit "
             "5f6d7d77df726491d427206e9f40f4c965bec163 (2025-03-08), blob "
             "9408dd8aa71ecde82b4dcb1aff89ff5abf59fc0c. Values print without a trailing .0 (2016: 761193)."},
]
METRICS = []


def rows(reference: Path) -> list[dict]:
    folder = reference / FOLDER
    table = read_nbs_gbk_export(folder / PROVINCES_FILE)
    if "指标：地区生产总值(亿元)" not in table.header_lines or not any(REVISION_NOTE in l for l in table.footer_lines):
        raise ReferenceError(f"{table.path}:2: expected the GRP indicator line and the 5th-census revision note")
    out = []
    for code, name in full_names(table.rows).items():
        for year in table.years:
            out.append(series_row(code, "grp_nominal", year, table.value(name, year), "100 million yuan", VINTAGE,
                                  "nbs-grp-5th-census"))
    national = read_transposed(folder / NATIONAL_FILE)["国内生产总值(亿元)"]
    for year, value in national.items():
        out.append(series_row("CN", "grp_nominal", year, value, "100 million yuan", VINTAGE, "nbs-gdp-national-5th-census"))
    return out
