"""Step `exchange-rate/`: yuan per US dollar, annual average, 2000-2025, from two series kept side by
side: the US Federal Reserve's (FRED AEXCHUS, via datahub.io) and the World Bank's WDI PA.NUS.FCRF
(official rate from IMF IFS). Vintage `release_2026` (the copies' 2026 releases)."""
from __future__ import annotations

import csv
from pathlib import Path

from .core import series_row
from .readers import ReferenceError

FOLDER = "exchange-rate"
FRED_FILE = "datahub_exchange-rates_annual.csv"
WDI_FILE = "wdi_PA.NUS.FCRF_CHN_subset.csv"
FIRST_YEAR = 2000
UNIT = "yuan per US dollar"

SOURCES = [
    {"source_id": "fred-aexchus", "publisher": "Board of Governors of the Federal Reserve System (via FRED and datahub.io)",
     "title": "China / U.S. Foreign Exchange Rate, annual average (AEXCHUS), yuan per US dollar", "author": "",
     "published": "", "url": "https://fred.stlouisfed.org/series/AEXCHUS", "kind": "statistical table",
     "path": f"reference-data/{FOLDER}/{FRED_FILE}",
     "note": "Annual average of the H.10 noon buying rates in New York (G.5A). Copy: GitHub datasets/exchange-rates "
             "(datahub.io core data, PDDL 1.0), path data/annual.csv, last changed in commit "
             "6ce89dd2d063b130ab001c0e34933510ec45aac5 (2026-03-09), blob "
             "d2594802258cd9d8e5de8b4d5215202ed1df8638; China rows 1981-2025."},
    {"source_id": "wdi-pa-nus-fcrf", "publisher": "World Bank (World Development Indicators, from IMF International Financial Statistics)",
     "title": "Official exchange rate (LCU per US$, period average), PA.NUS.FCRF, China", "author": "",
     "published": "2026-07-13", "url": "https://data.worldbank.org/indicator/PA.NUS.FCRF", "kind": "statistical table",
     "path": f"reference-data/{FOLDER}/{WDI_FILE}",
     "note": "Transcribed subset (China row and header) of the WDI bulk file API_PA.NUS.FCRF_DS2_en_csv_v2_404139.csv "
             "('Last Updated Date' 2026-07-13), found at GitHub favourdavidemeka/nigeria-market-analysis, "
             "commit 338825da02091afd3105d111ef747de9fd0296eb; a faithful transcription, not a byte copy. CC BY 4.0."},
]
METRICS = [
    {"metric_id": "exchange_rate_fred", "label": "Yuan per US dollar (FRED)",
     "definition": "Yuan per US dollar, annual average of the noon buying rates in New York certified by the Federal Reserve "
                   "Bank of New York (FRED series AEXCHUS).",
     "kind": "ratio", "base": "", "unit_family": "exchange_rate"},
    {"metric_id": "exchange_rate_wdi", "label": "Yuan per US dollar (World Bank)",
     "definition": "Official exchange rate, local currency units per US dollar, period (annual) average, as reported by the "
                   "IMF International Financial Statistics (World Bank WDI indicator PA.NUS.FCRF).",
     "kind": "ratio", "base": "", "unit_family": "exchange_rate"},
]


def rows(reference: Path) -> list[dict]:
    folder = reference / FOLDER
    out = []
    with open(folder / FRED_FILE, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            year = int(row["Date"][:4])
            if row["Country"] == "China" and year >= FIRST_YEAR:
                out.append(series_row("CN", "exchange_rate_fred", year, row["Exchange rate"], UNIT, "release_2026", "fred-aexchus"))
    with open(folder / WDI_FILE, newline="", encoding="utf-8-sig") as handle:
        records = [r for r in csv.reader(handle) if r]
    header = next((r for r in records if r[:2] == ["Country Name", "Country Code"]), None)
    china = next((r for r in records if len(r) > 1 and r[1] == "CHN"), None)
    if header is None or china is None or china[3] != "PA.NUS.FCRF":
        raise ReferenceError(f"{folder / WDI_FILE}: expected the WDI header and a CHN row of PA.NUS.FCRF")
    for column, value in zip(header[4:], china[4:]):
        if column.strip() and int(column) >= FIRST_YEAR:
            out.append(series_row("CN", "exchange_rate_wdi", int(column), value, UNIT, "release_2026", "wdi-pa-nus-fcrf"))
    return out
