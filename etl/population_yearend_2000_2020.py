"""Step `population-yearend-2000-2020/`: the same revised year-end population series (vintage
`7th_census`) further back. Only 2000-2014 are taken from it; the years it shares with the 2015-2024
export must agree with that export value for value, or the step stops."""
from __future__ import annotations

from pathlib import Path

from . import population_yearend_2015_2024 as newer
from .core import series_row
from .readers import ReferenceError, read_english_wide
from .regions import code_for

FOLDER = "population-yearend-2000-2020"
FILE = "AnnualbyProvince.csv"
SOURCE_ID = "nbs-population-2000-2020"

SOURCES = [
    {"source_id": SOURCE_ID, "publisher": "National Bureau of Statistics of China",
     "title": "Year-end resident population (10000 persons) by province, 2000-2020 (NBS National Data English export, header trimmed)",
     "author": "", "published": "", "url": "", "kind": "statistical table", "path": f"reference-data/{FOLDER}/{FILE}",
     "note": "Third-party copy of an NBS table, not a dated NBS release: the export's header and source lines were removed "
             "by the copier; from GitHub yinthan/ECON323-China-Polulation, path AnnualbyProvince.csv, commit "
             "9b54a5dced1f14b31f8e263a2eae03ff704b03c9 (2021-12-21), blob b3805089cf31a064b57a28546c4046e0384a833f. "
             "Used for 2000-2014 only; 2015-2020 equal nbs-population-2015-2024 (checked by the conversion script)."},
]
METRICS = []
# Years that start a new basis (PROVENANCE.md and the reference README): from 2005 the regional figures count
# usual residents (a registration basis before); 2010 rests on the 2010 census, 2011 onward were re-estimated
# back from the 2020 census. A change across one of these years mixes two bases.
BASIS_BREAKS = {
    2005: "First year counted as usual residents; earlier years are on a registration basis (reference README, GCAM section).",
    2011: "First year re-estimated back from the 2020 census; 2010 rests on the 2010 census, so the 2010-2011 step mixes two bases (PROVENANCE.md).",
}


def rows(reference: Path) -> list[dict]:
    found = read_english_wide(reference / FOLDER / FILE)
    export = newer.table(reference)
    by_code = {code_for(name, str(found.path)): values for name, values in found.rows.items()}
    export_by_code = {code_for(name, str(export.path)): values for name, values in export.rows.items()}
    first_export_year = min(export.years)
    out = []
    for code, values in by_code.items():
        for year, value in values.items():
            if year >= first_export_year:
                if year in export_by_code[code] and export_by_code[code][year] != value:
                    raise ReferenceError(f"{found.path}: {code} {year} = {value} but {export.path} has "
                                         f"{export_by_code[code][year]}: the two files are not one vintage")
                continue
            out.append(series_row(code, "population_year_end", year, value, "10000 persons", newer.VINTAGE, SOURCE_ID,
                                  note=BASIS_BREAKS.get(year, ""), flag="basis_break" if year in BASIS_BREAKS else ""))
    return out
