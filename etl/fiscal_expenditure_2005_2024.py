"""Step `fiscal-expenditure-2005-2024/`: local general public budget expenditure of the 31 provinces,
2005-2024, from a researcher's Excel sheet of NBS figures (vintage `sheet_2026`). The sheet holds the
item under its two NBS names: 一般公共预算支出 (filled 2007-2024) and 财政支出 (2005-2006)."""
from __future__ import annotations

from pathlib import Path

from .core import series_row
from .readers import ReferenceError, read_xls_sheet
from .regions import code_for

FOLDER = "fiscal-expenditure-2005-2024"
FILE = "一般公共预算等.xls"
SOURCE_ID = "nbs-budget-expenditure-2005-2024"
LABELS = ("一般公共预算支出（亿元）", "财政支出（亿元）")
NAME_COLUMN, FIRST_YEAR_COLUMN = 3, 4

SOURCES = [
    {"source_id": SOURCE_ID, "publisher": "National Bureau of Statistics of China (figures compiled by a researcher)",
     "title": "Local general public budget expenditure (100 million yuan) by province, 2005-2024 (researcher-compiled sheet)",
     "author": "", "published": "", "url": "", "kind": "statistical table", "path": f"reference-data/{FOLDER}/{FILE}",
     "note": "Third-party sheet of NBS figures, not an NBS release: hand-assembled Excel 97 workbook (WPS, saved 2026-03-12, no "
             "source stated) from GitHub RenJiyi163/panel_data_analysis_for_thesis, path 一般公共预算等.xls, commit "
             "e6d65372ec36319dd3d838f5c5e12841f7c77f26, blob 63896ff4474ce64819a01e7332df9bbbddab3775. Equals the NBS 2021 "
             "download (nbs-budget-2000-2019) for 2005-2019; 2020-2024 rest on this sheet alone (PROVENANCE.md)."},
]
METRICS = []


def rows(reference: Path) -> list[dict]:
    path = reference / FOLDER / FILE
    cells = read_xls_sheet(path)
    years = [int(float(c)) for c in cells[0][FIRST_YEAR_COLUMN:] if c]
    seen: dict[tuple[str, int], int] = {}
    out = []
    for number, record in enumerate(cells[1:], start=2):
        if not any(label in cell for cell in record[:NAME_COLUMN] for label in LABELS):
            continue
        code = code_for(record[NAME_COLUMN], f"{path}:row {number}")
        for year, value in zip(years, record[FIRST_YEAR_COLUMN:]):
            row = series_row(code, "budget_expenditure_local", year, value, "100 million yuan", "sheet_2026", SOURCE_ID)
            if row is None:
                continue
            if (code, year) in seen:
                raise ReferenceError(f"{path}: rows {seen[code, year]} and {number} both give {code} {year}")
            seen[code, year] = number
            out.append(row)
    return out
