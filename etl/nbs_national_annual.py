"""Step `nbs-national-annual/` (first delivery): China's year-end population, 2000-2023, under the
vintage `7th_census`, so that per-person ratios can use province and China populations of one vintage.
The file's population column is the series revised after the 2020 census (its PROVENANCE: 2015 is
138326, not the original 137462). Under vintage `revised` (the accounts before the 5th economic census,
which is what this file's GDP is) the same file gives China's GDP from 2000 and the population for
2004-2023, the years the chapters that use that vintage read (first curated by hand; the notes are kept)."""
from __future__ import annotations

from pathlib import Path

from .core import series_row
from .readers import read_long

FOLDER = "nbs-national-annual"
FILE = "china_national_gdp_population_1952_2023.csv"
COLUMN = "年末总人口(万人)"
FIRST_YEAR = 2000
SOURCES = []  # nbs-national-annual is already in sources.csv
METRICS = []


GDP_COLUMN = "国内生产总值(亿元)"
REVISED_POPULATION_FIRST_YEAR = 2004
PRE_CENSUS_NOTE = "pre-5th-economic-census value (the Dec 2024 revision is not included)"
REVISED_NOTES = {("grp_nominal", 2022): PRE_CENSUS_NOTE, ("grp_nominal", 2023): PRE_CENSUS_NOTE,
                 ("population_year_end", 2015): "post-7th-census revised national series (the original 2015 value was 137462)"}


def rows(reference: Path) -> list[dict]:
    _, table = read_long(reference / FOLDER / FILE, ("年份",))
    out = [series_row("CN", "population_year_end", int(year), row[COLUMN], "10000 persons", "7th_census",
                      "nbs-national-annual")
           for (year,), row in table.items() if int(year) >= FIRST_YEAR]
    for (year,), row in table.items():
        year = int(year)
        if year >= FIRST_YEAR:
            out.append(series_row("CN", "grp_nominal", year, row[GDP_COLUMN], "100 million yuan", "revised",
                                  "nbs-national-annual", REVISED_NOTES.get(("grp_nominal", year), "")))
        if year >= REVISED_POPULATION_FIRST_YEAR:
            out.append(series_row("CN", "population_year_end", year, row[COLUMN], "10000 persons", "revised",
                                  "nbs-national-annual", REVISED_NOTES.get(("population_year_end", year), "")))
    return out
