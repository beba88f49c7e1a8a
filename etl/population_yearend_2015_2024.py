"""Step `population-yearend-2015-2024/`: year-end resident population of the 31 provinces, 2015-2024,
revised after the 2020 census (vintage `7th_census`), from a verbatim GBK NBS export."""
from __future__ import annotations

from pathlib import Path

from .core import series_row
from .readers import ReferenceError, WideTable, read_nbs_gbk_export
from .regions import full_names

FOLDER = "population-yearend-2015-2024"
FILE = "分省年度数据.csv"
VINTAGE = "7th_census"
SOURCE_ID = "nbs-population-2015-2024"

SOURCES = [
    {"source_id": SOURCE_ID, "publisher": "National Bureau of Statistics of China",
     "title": "Year-end resident population (10000 persons) by province, 2015-2024 (NBS National Data export, Annual by Province)",
     "author": "", "published": "", "url": "", "kind": "statistical table", "path": f"reference-data/{FOLDER}/{FILE}",
     "note": "Third-party copy of an NBS table, not a dated NBS release: verbatim GBK export from GitHub "
             "1lmq/FYP_QMM2_Chinese_Railways, path 分省年度数据.csv, added in commit b126026fefc95417acd08ef2555ae10e4328623a "
             "(2025-10-20), HEAD 5ed1c6741ea0931e8fe89cd0c320d439015ee381, blob "
             "8e81064e40df0e0c7cb7225340064f993a0649aa. 2011-2019 as revised after the 2020 census."},
]
METRICS = []


def table(reference: Path) -> WideTable:
    found = read_nbs_gbk_export(reference / FOLDER / FILE)
    if "指标：年末常住人口(万人)" not in found.header_lines:
        raise ReferenceError(f"{found.path}:2: expected the indicator line 指标：年末常住人口(万人)")
    return found


def rows(reference: Path) -> list[dict]:
    found = table(reference)
    return [series_row(code, "population_year_end", year, found.value(name, year), "10000 persons", VINTAGE, SOURCE_ID)
            for code, name in full_names(found.rows).items() for year in found.years]
