"""Step `nbs-exports-2016-2024-post-5th-census/`: NBS new-portal exports of 2026 for the 31 provinces:
GRP index (previous year = 100; vintage `5th_census`, the file carries the revision note),
per-capita disposable income of all residents and local general public budget revenue
(vintage `export_2026`), 2016-2024."""
from __future__ import annotations

from pathlib import Path

from .core import series_row
from .readers import ReferenceError, read_nbs_new_portal
from .regions import full_names

FOLDER = "nbs-exports-2016-2024-post-5th-census"
ORIGIN = ("GitHub Liushenwuzhu-Alpaca/province-economy, path data/raw/nbs_exports/{file}, commit "
          "94b12911c3ad5d5b0ceee2c9c59b3a509bfb53e2 (2026-05-19; several files were "
          "deleted at later HEAD 01f5e21f84c6b02e3e4155f0ece44dcd07b8e18e). Verbatim new-portal data.stats.gov.cn "
          "export (UTF-8 with BOM, TAB-comma separated); the file names the indicator, the export does not.")
# (file, metric, unit, vintage, source_id, title)
FILES = (
    ("地区生产总值指数（近十年）.csv", "grp_index", "index (previous year = 100)", "5th_census", "nbs-grp-index-2016-2024",
     "Gross regional product index (previous year = 100) by province, 2016-2024, revised after the 5th economic census"),
    ("分省年度数据可支配收入.csv", "disposable_income_per_capita", "yuan", "export_2026", "nbs-income-2016-2024",
     "Per-capita disposable income of all residents (yuan) by province, 2016-2024"),
    ("分省年度数据地方财政数据.csv", "budget_revenue_local", "100 million yuan", "export_2026", "nbs-budget-revenue-2016-2024",
     "Local general public budget revenue (own level, 100 million yuan) by province, 2016-2024"),
)
REVISION_NOTE = "在第五次全国经济普查后"

SOURCES = [
    {"source_id": source_id, "publisher": "National Bureau of Statistics of China",
     "title": f"{title} (NBS National Data export, Annual by Province)", "author": "", "published": "",
     "url": "", "kind": "statistical table", "path": f"reference-data/{FOLDER}/{file}",
     "note": "Third-party copy of an NBS table, not a dated NBS release: " + ORIGIN.format(file=file)}
    for file, _, _, _, source_id, title in FILES
]
METRICS = [
    {"metric_id": "grp_index", "label": "GRP index (previous year = 100)",
     "definition": "Gross regional product (gross domestic product for China) at constant prices as an index of the previous "
                   "year = 100: real growth, 100 plus the growth rate in percent; NBS national accounts.",
     "kind": "growth_rate", "base": "previous year = 100, constant prices", "unit_family": "index"},
    {"metric_id": "disposable_income_per_capita", "label": "Disposable income per person",
     "definition": "Per-capita disposable income of all residents (urban and rural together), yuan, current prices; "
                   "NBS household survey (integrated since 2013).",
     "kind": "level", "base": "", "unit_family": "currency_cny"},
    {"metric_id": "budget_revenue_local", "label": "Local budget revenue",
     "definition": "Local general public budget revenue, own level (本级; excluding transfers from the central government "
                   "and debt revenue), at current prices; for China (CN) the total of all local governments. NBS.",
     "kind": "level", "base": "", "unit_family": "currency_cny"},
]


def rows(reference: Path) -> list[dict]:
    out = []
    for file, metric, unit, vintage, source_id, _ in FILES:
        table = read_nbs_new_portal(reference / FOLDER / file)
        if vintage == "5th_census" and not any(REVISION_NOTE in line for line in table.footer_lines):
            raise ReferenceError(f"{table.path}: expected the 5th-census revision note in the footer")
        for code, name in full_names(table.rows).items():
            for year in table.years:
                out.append(series_row(code, metric, year, table.value(name, year), unit, vintage, source_id))
    return out
