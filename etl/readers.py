"""Readers for the file formats of the reference data: NBS data.stats.gov.cn exports (old portal,
GBK/GB18030; new portal, UTF-8 with TAB-comma separators), long tables of the 2021 database scrape,
wide English exports, and Excel 97 sheets. Every value is returned as the text the file prints."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

YEAR = re.compile(r"^(\d{4})年?$")


class ReferenceError(ValueError):
    """A reference file does not have the shape its step expects (message names file and line)."""


@dataclass(frozen=True)
class WideTable:
    """A table with one row per region and one column per year; values as printed ('' = no value)."""

    path: Path
    header_lines: tuple[str, ...]  # lines above the column header (database, indicator, time)
    footer_lines: tuple[str, ...]  # notes and the source line below the rows
    years: tuple[int, ...]
    rows: dict[str, dict[int, str]]  # region name as printed -> year -> value

    def value(self, region: str, year: int) -> str:
        return self.rows[region][year]


def _years(path: Path, line: int, cells: list[str]) -> tuple[int, ...]:
    years = []
    for cell in cells:
        match = YEAR.match(cell.strip())
        if not match:
            raise ReferenceError(f"{path}:{line}: expected a year column header, found {cell!r}")
        years.append(int(match.group(1)))
    return tuple(years)


def _wide(path: Path, records: list[list[str]], first_column: str) -> WideTable:
    """Split records into header lines, the year header, region rows and footer lines."""
    header_at = next((i for i, r in enumerate(records) if r and r[0].strip() == first_column), None)
    if header_at is None:
        raise ReferenceError(f"{path}:1: no header row starting with {first_column!r}")
    years = _years(path, header_at + 1, [c for c in records[header_at][1:] if c.strip()])
    rows: dict[str, dict[int, str]] = {}
    footer: list[str] = []
    for number, record in enumerate(records[header_at + 1:], start=header_at + 2):
        if not record or not any(c.strip() for c in record):
            continue
        if footer or len(record) < len(years) + 1:
            footer.append(",".join(record))
            continue
        region = record[0].strip()
        if region in rows:
            raise ReferenceError(f"{path}:{number}: region {region!r} appears twice")
        rows[region] = {year: cell.strip() for year, cell in zip(years, record[1:])}
    header = tuple(",".join(r) for r in records[:header_at])
    return WideTable(path, header, tuple(footer), years, rows)


def read_nbs_gbk_export(path: Path) -> WideTable:
    """An old-portal data.stats.gov.cn Chinese export: GBK/GB18030, lines '数据库：…', '指标：…',
    '时间：…', then '地区,2024年,…', one row per province, notes ('注：…') and '数据来源：国家统计局'."""
    text = path.read_bytes().decode("gb18030")
    return _wide(path, list(csv.reader(io.StringIO(text, newline=""))), "地区")


def read_nbs_new_portal(path: Path) -> WideTable:
    """A new-portal (2026) export: UTF-8 with BOM, every field followed by a TAB and a comma."""
    text = path.read_text(encoding="utf-8-sig")
    records = [[cell.strip() for cell in line.split("\t,")] for line in text.splitlines()]
    records = [r[:-1] if r and r[-1] == "" else r for r in records]
    return _wide(path, records, "地区")


def read_english_wide(path: Path) -> WideTable:
    """An English 'Annual by Province' export with its header trimmed: 'Region,2020,…,2000'."""
    text = path.read_text(encoding="utf-8-sig")
    return _wide(path, list(csv.reader(io.StringIO(text, newline=""))), "Region")


def read_transposed(path: Path) -> dict[str, dict[int, str]]:
    """A national export with indicators as rows: '指标,2024年,…' then one row per indicator."""
    table = _wide(path, list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline=""))), "指标")
    return table.rows


def read_long(path: Path, key_columns: tuple[str, ...]) -> tuple[list[str], dict[tuple[str, ...], dict[str, str]]]:
    """A long table (UTF-8 CSV) keyed by key_columns; returns the header and key -> row."""
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        missing = [c for c in key_columns if c not in header]
        if missing:
            raise ReferenceError(f"{path}:1: missing column(s) {', '.join(missing)}")
        rows: dict[tuple[str, ...], dict[str, str]] = {}
        for row in reader:
            key = tuple(row[c].strip() for c in key_columns)
            if key in rows:
                raise ReferenceError(f"{path}:{reader.line_num}: duplicate row {key}")
            rows[key] = row
    return header, rows


def read_xls_sheet(path: Path, sheet: int = 0) -> list[list[str]]:
    """An Excel 97-2003 sheet as text cells, numbers written as Excel shows them (no trailing .0)."""
    import xlrd

    book = xlrd.open_workbook(str(path))
    cells = []
    for row in book.sheet_by_index(sheet).get_rows():
        texts = []
        for cell in row:
            if cell.ctype == xlrd.XL_CELL_NUMBER:
                number = cell.value
                texts.append(str(int(number)) if float(number).is_integer() else repr(number))
            else:
                texts.append(str(cell.value).strip())
        cells.append(texts)
    return cells
