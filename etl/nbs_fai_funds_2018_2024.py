"""Step `nbs-exports-2016-2024-post-5th-census/` (funds for fixed-asset investment): growth of the funds
actually in place for fixed-asset investment (固定资产投资实际到位资金比上年增长), percent on the previous year,
31 provinces, as the 2026 new-portal export prints it (vintage `export_2026`; 2018-2024 in today's file).

It is not the growth of fixed-asset investment itself (PROVENANCE.md, "Things that look wrong"), and it is
never joined to the levels of `nbs_fai_2000_2017`: a growth rate of another quantity, in another vintage."""
from __future__ import annotations

from pathlib import Path

from .core import series_row
from .readers import read_nbs_new_portal
from .regions import full_names

FOLDER = "nbs-exports-2016-2024-post-5th-census"
FILE = "分省年度数据固定资产投资实际到位资金比上年增长.csv"
SOURCE_ID, METRIC, UNIT, VINTAGE = "nbs-fai-funds-growth", "fai_funds_in_place_growth", "percent", "export_2026"
COPY = "GitHub Liushenwuzhu-Alpaca/province-economy"

SOURCES = [{
    "source_id": SOURCE_ID, "publisher": "National Bureau of Statistics of China",
    "title": "Growth of funds actually in place for fixed-asset investment (percent on the previous year) by province "
             "(NBS National Data export, Annual by Province)",
    "author": "", "published": "", "url": "", "kind": "statistical table", "path": f"reference-data/{FOLDER}/{FILE}",
    "note": "Third-party copy of an NBS table, not a dated NBS release: GitHub Liushenwuzhu-Alpaca/province-economy, path "
            f"data/raw/nbs_exports/{FILE}, commit 94b12911c3ad5d5b0ceee2c9c59b3a509bfb53e2 (2026-05-19). Verbatim "
            "new-portal data.stats.gov.cn export; the copier's README calls it fixed-asset investment growth, which it is not.",
    "copy": COPY, "copied": "2026-05-19", "confidence": "high",
    "checked": "The same export's GRP, income and revenue tables agree with an independent 2021 download and with "
               "communiqués (PROVENANCE.md); this table has no second copy."}]
METRICS = [
    {"metric_id": METRIC, "label": "Growth of funds in place for fixed-asset investment",
     "definition": "Growth over the previous year of the funds actually in place (实际到位资金) for fixed-asset investment, "
                   "percent; NBS. Funds received by projects in the year, not the investment completed: not FAI growth.",
     "kind": "growth_rate", "base": "previous year", "unit_family": "percent"},
]


def rows(reference: Path) -> list[dict]:
    table = read_nbs_new_portal(reference / FOLDER / FILE)
    found = (series_row(code, METRIC, year, table.value(name, year), UNIT, VINTAGE, SOURCE_ID)
             for code, name in full_names(table.rows).items() for year in table.years)
    return [row for row in found if row]   # a blank cell is no row
