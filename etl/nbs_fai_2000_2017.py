"""Step `nbs-scrape-2000-2019/` (fixed-asset investment): total fixed-asset investment of the whole
society (全社会固定资产投资), 100 million yuan at current prices, 31 provinces and China, 2000-2017, from the
2021 download of the NBS database (vintage `download_2021`).

NBS publishes no provincial levels after 2017 (growth rates only), and the national level was re-based in
2018-2019, so the national rows stop at 2017 too. Liaoning's 2016 level is the first after the correction
of inflated statistics: it is flagged as a basis break (PROVENANCE.md, "Things to note")."""
from __future__ import annotations

from pathlib import Path

from .core import series_row
from .readers import read_long
from .regions import code_for

FOLDER = "nbs-scrape-2000-2019/源数据"
PROVINCIAL = "国家统计局分省年度数据/固定资产投资和房地产/全社会固定资产投资.csv"
NATIONAL = "国家统计局年度数据/固定资产投资和房地产/全社会固定资产投资.csv"
SOURCE_ID, METRIC, UNIT, VINTAGE = "nbs-fai-2000-2017", "fixed_asset_investment", "100 million yuan", "download_2021"
LAST_YEAR = 2017
BASIS_BREAKS = {("CN-LN", 2016): "First level after Liaoning's correction of inflated statistics: the fall from 2015 mostly "
                                 "reflects the correction, not investment (PROVENANCE.md)."}
COPY = "GitHub 3112944976/National-Visualization-Web-Application"

SOURCES = [{
    "source_id": SOURCE_ID, "publisher": "National Bureau of Statistics of China",
    "title": "Total fixed-asset investment (100 million yuan), by province and national, 2000-2017 "
             "(NBS National Data, 2021 download)",
    "author": "", "published": "", "url": "", "kind": "statistical table", "path": f"reference-data/{FOLDER}/",
    "note": "Third-party copy of NBS tables, not a dated NBS release: long tables reshaped by the copier from the NBS National "
            "Data database (2021 download), from GitHub 3112944976/National-Visualization-Web-Application, files under 源数据/, "
            "added in commit 2e3008c519da42d6666213a07f73b9eca7dc8ef0 (2024-02-08), unchanged at HEAD "
            f"582d20bfb0dae6bb730230820cf3bd07475f7396. Files: {PROVINCIAL}; {NATIONAL}.",
    "copy": COPY, "copied": "2024-02-08", "confidence": "medium-high",
    "checked": "The copy's other tables agree exactly with verbatim NBS exports where they overlap (PROVENANCE.md); "
               "these levels were not checked against a second copy."}]
METRICS = [
    {"metric_id": METRIC, "label": "Fixed-asset investment",
     "definition": "Total fixed-asset investment of the whole society (全社会固定资产投资), at current prices; NBS. Provincial "
                   "levels are published to 2017 only; a level is not comparable across a statistical correction.",
     "kind": "level", "base": "", "unit_family": "currency_cny"},
]


def _row(region: str, year: int, value: str) -> dict | None:
    note = BASIS_BREAKS.get((region, year), "")
    return series_row(region, METRIC, year, value, UNIT, VINTAGE, SOURCE_ID, note=note, flag="basis_break" if note else "")


def rows(reference: Path) -> list[dict]:
    root = reference / FOLDER
    path = root / PROVINCIAL
    _, provinces = read_long(path, ("省份", "年份"))
    out = [_row(code_for(name, str(path)), int(year), row["全社会固定资产投资(亿元)"])
           for (name, year), row in provinces.items() if int(year) <= LAST_YEAR]
    _, national = read_long(root / NATIONAL, ("年份",))
    out += [_row("CN", int(year), row["全社会固定资产投资"]) for (year,), row in national.items() if 2000 <= int(year) <= LAST_YEAR]
    return [row for row in out if row]   # a blank cell is no row
