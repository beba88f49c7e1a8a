"""Step `nbs-scrape-2000-2019/`: the 2021 download of the NBS database, 31 provinces and China:
GRP/GDP index (previous year = 100; vintage `4th_census`, i.e. before the 5th-census revision),
per-capita disposable income of all, urban and rural residents (2013-2019), grain output and grain
sown area, local general budget revenue and expenditure (vintage `download_2021`), 2000-2019."""
from __future__ import annotations

from pathlib import Path

from .core import series_row
from .readers import ReferenceError, read_english_wide, read_long
from .regions import code_for

FOLDER = "nbs-scrape-2000-2019/源数据"
PROVINCIAL = "国家统计局分省年度数据"
NATIONAL = "国家统计局年度数据"
ORIGIN = ("Third-party copy of NBS tables, not a dated NBS release: long tables reshaped by the copier from the NBS National "
          "Data database (2021 download), from GitHub 3112944976/National-Visualization-Web-Application, files under 源数据/, "
          "added in commit 2e3008c519da42d6666213a07f73b9eca7dc8ef0 (2024-02-08, 'complete project code written in 2021'), "
          "unchanged at HEAD 582d20bfb0dae6bb730230820cf3bd07475f7396. Values keep the database's full precision. Files: {files}.")
# (source_id, title, metric, unit, vintage, provincial file, provincial column, national file, national column)
TABLES = (
    ("nbs-grp-index-2000-2019", "Gross regional product index and GDP index (previous year = 100), by province and national, 2000-2019",
     "grp_index", "index (previous year = 100)", "4th_census",
     "国民经济核算/地区生产总值指数.csv", "地区生产总值指数(上年=100)",
     "国民经济核算/国内生产总值指数/国内生产总值指数(上年=100).csv", "国内生产总值指数(上年=100)"),
    ("nbs-income-2013-2019", "Per-capita disposable income of all, urban and rural residents, by province and national, 2013-2019",
     "disposable_income_per_capita", "yuan", "download_2021",
     "人民生活/全体及分城乡居民收支基本情况（2013-）.csv", "居民人均可支配收入(元)",
     "人民生活/全国及分城乡居民收支基本情况（2013-）.csv", "居民人均可支配收入"),
    ("nbs-income-2013-2019", None, "disposable_income_per_capita_urban", "yuan", "download_2021",
     "人民生活/全体及分城乡居民收支基本情况（2013-）.csv", "城镇居民人均可支配收入(元)",
     "人民生活/全国及分城乡居民收支基本情况（2013-）.csv", "城镇居民人均可支配收入"),
    ("nbs-income-2013-2019", None, "disposable_income_per_capita_rural", "yuan", "download_2021",
     "人民生活/全体及分城乡居民收支基本情况（2013-）.csv", "农村居民人均可支配收入(元)",
     "人民生活/全国及分城乡居民收支基本情况（2013-）.csv", "农村居民人均可支配收入"),
    ("nbs-grain-2000-2019", "Grain output (10000 tonnes) and grain sown area (thousand hectares), by province and national, 2000-2019",
     "grain_output", "10000 tonnes", "download_2021",
     "农业/主要农作物产品产量.csv", "粮食产量(万吨)", "农业/主要农作物产品产量.csv", "粮食产量"),
    ("nbs-grain-2000-2019", None, "grain_sown_area", "thousand hectares", "download_2021",
     "农业/主要农作物播种面积.csv", "粮食作物播种面积(千公顷)", "农业/主要农作物播种面积.csv", "粮食作物播种面积"),
    ("nbs-budget-2000-2019", "Local general budget revenue and expenditure (100 million yuan), by province and all local governments, 2000-2019",
     "budget_revenue_local", "100 million yuan", "download_2021",
     "财政/地方财政收入.csv", "地方财政一般预算收入(亿元)", "财政/中央和地方财政收入及比重.csv", "地方财政收入"),
    ("nbs-budget-2000-2019", None, "budget_expenditure_local", "100 million yuan", "download_2021",
     "财政/地方财政支出.csv", "地方财政一般预算支出(亿元)", "财政/中央和地方财政支出及比重.csv", "地方财政支出"),
)


def _files(source_id: str) -> str:
    files = []
    for table in TABLES:
        if table[0] == source_id:
            for path in (f"{PROVINCIAL}/{table[5]}", f"{NATIONAL}/{table[7]}"):
                if path not in files:
                    files.append(path)
    return "; ".join(files)


SOURCES = [
    {"source_id": t[0], "publisher": "National Bureau of Statistics of China", "title": f"{t[1]} (NBS National Data, 2021 download)",
     "author": "", "published": "", "url": "", "kind": "statistical table", "path": f"reference-data/{FOLDER}/",
     "note": ORIGIN.format(files=_files(t[0]))}
    for t in TABLES if t[1]
]
METRICS = [
    {"metric_id": "disposable_income_per_capita_urban", "label": "Urban disposable income per person",
     "definition": "Per-capita disposable income of urban residents, yuan, current prices; NBS integrated household survey (2013-).",
     "kind": "level", "base": "", "unit_family": "currency_cny"},
    {"metric_id": "disposable_income_per_capita_rural", "label": "Rural disposable income per person",
     "definition": "Per-capita disposable income of rural residents, yuan, current prices; NBS integrated household survey (2013-); "
                   "not the old rural 'net income'.",
     "kind": "level", "base": "", "unit_family": "currency_cny"},
    {"metric_id": "budget_expenditure_local", "label": "Local budget expenditure",
     "definition": "Local general public budget expenditure (一般公共预算支出; called 财政支出 before 2007), at current prices; for China "
                   "(CN) the total of all local governments. NBS.",
     "kind": "level", "base": "", "unit_family": "currency_cny"},
    {"metric_id": "grain_sown_area", "label": "Grain sown area",
     "definition": "Sown area of grain crops (cereals, beans and tubers) in the year; NBS agricultural statistics.",
     "kind": "level", "base": "", "unit_family": "area"},
]


# GRP in current prices for the years before the held provincial export (nbs-gdp-by-province, 2004-2023)
# begins: the same post-4th-census vintage (`revised`), which this download matches exactly for every
# year the two share (checked below, so a different vintage stops the step rather than being spliced).
GRP_FILE = "国民经济核算/地区生产总值.csv"
GRP_COLUMN = "地区生产总值(亿元)"
GRP_SOURCE = "nbs-grp-2000-2003"
GRP_REGIONS = ("CN-LN", "CN-JL", "CN-HL")     # the provinces the `revised` vintage holds
HELD_GRP = ("nbs-gdp-by-province", "gross_regional_product_100m_yuan_2004_2023.csv")
SOURCES.append({
    "source_id": GRP_SOURCE, "publisher": "National Bureau of Statistics of China",
    "title": "Gross regional product (100 million yuan), by province, 2000-2003, from the 2000-2019 table (NBS National Data, 2021 download)",
    "author": "", "published": "", "url": "", "kind": "statistical table", "path": f"reference-data/{FOLDER}/",
    "note": ORIGIN.format(files=f"{PROVINCIAL}/{GRP_FILE}") + " Only 2000-2003 are curated (vintage `revised`): for "
            "2004-2019 the file equals nbs-gdp-by-province, which the data take those years from."})


def grp_before_export(reference: Path) -> list[dict]:
    """GRP of the three provinces for the years before nbs-gdp-by-province starts, after checking that
    the two files agree on every year they share (the same vintage)."""
    path = reference / FOLDER / PROVINCIAL / GRP_FILE
    _, table = read_long(path, ("省份", "年份"))
    held = read_english_wide(reference / HELD_GRP[0] / HELD_GRP[1])
    held_codes = {code_for(name, str(held.path)): name for name in held.rows}
    out = []
    for (name, year), row in table.items():
        code, year = code_for(name, str(path)), int(year)
        if code not in GRP_REGIONS:
            continue
        if year in held.years:
            if float(held.value(held_codes[code], year)) != float(row[GRP_COLUMN]):
                raise ReferenceError(f"{path}: {name} {year}: GRP {row[GRP_COLUMN]} differs from {held.path.name} "
                                     f"({held.value(held_codes[code], year)}): not the same vintage")
        elif year < min(held.years):
            out.append(series_row(code, "grp_nominal", year, row[GRP_COLUMN], "100 million yuan", "revised", GRP_SOURCE))
    return out


def rows(reference: Path) -> list[dict]:
    root = reference / FOLDER
    out = grp_before_export(reference)
    for source_id, _, metric, unit, vintage, prov_file, prov_column, nat_file, nat_column in TABLES:
        path = root / PROVINCIAL / prov_file
        _, provinces = read_long(path, ("省份", "年份"))
        for (name, year), row in provinces.items():
            out.append(series_row(code_for(name, str(path)), metric, int(year), row[prov_column], unit, vintage, source_id))
        _, national = read_long(root / NATIONAL / nat_file, ("年份",))
        for (year,), row in national.items():
            if int(year) >= 2000:
                out.append(series_row("CN", metric, int(year), row[nat_column], unit, vintage, source_id))
    return out
