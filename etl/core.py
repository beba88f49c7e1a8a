"""What every step shares: the columns of data/series.csv and a row constructor that keeps values as
printed (a blank cell is no row)."""
from __future__ import annotations

SERIES_COLUMNS = ("region", "metric", "year", "value", "unit", "vintage", "source_id", "flag", "note")
SOURCE_COLUMNS = ("source_id", "publisher", "title", "author", "published", "url", "kind", "path", "note",
                  "copy", "copied", "confidence", "checked")
METRIC_COLUMNS = ("metric_id", "label", "definition", "kind", "base", "unit_family")
PLACE_COLUMNS = ("code", "name", "name_zh", "level", "parent")
MISSING = {"", "..", "--", "…"}


def series_row(region: str, metric: str, year: int, value: str, unit: str, vintage: str, source_id: str,
               note: str = "", flag: str = "") -> dict[str, str] | None:
    """One row of series.csv, or None when the file has no value for that cell."""
    value = value.strip()
    if value in MISSING:
        return None
    return {"region": region, "metric": metric, "year": str(year), "value": value, "unit": unit,
            "vintage": vintage, "source_id": source_id, "flag": flag, "note": note}


def sort_key(row: dict[str, str]) -> tuple:
    return row["metric"], row["region"], row["vintage"], int(row["year"])
