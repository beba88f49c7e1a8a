"""Step `nbs-national-annual/` (first delivery): China's year-end population, 2000-2023, under the
vintage `7th_census`, so that per-person ratios can use province and China populations of one vintage.
The file's population column is the series revised after the 2020 census (its PROVENANCE: 2015 is
138326, not the original 137462); the same values for 2004-2023 are also curated by hand under
vintage `revised` for the chapters that already use them."""
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


def rows(reference: Path) -> list[dict]:
    _, table = read_long(reference / FOLDER / FILE, ("年份",))
    return [series_row("CN", "population_year_end", int(year), row[COLUMN], "10000 persons", "7th_census",
                       "nbs-national-annual")
            for (year,), row in table.items() if int(year) >= FIRST_YEAR]
