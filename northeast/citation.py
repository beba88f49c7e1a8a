"""How a source is named wherever a figure is shown: the source line under a chart, a chart's README,
the Sources page. The official series are third-party copies of NBS figures, so they are named as
"NBS, via <the copy>", and a copy's date is said to be the copy's, never a release date."""
from __future__ import annotations

import re


def source_name(source) -> str:
    """A source named as it is, the one wording every source line uses: an official table read from a
    third-party copy as "NBS, via GitHub owner/repo" (the copy's date is the copy's, so it is not
    shown as a release date); any other source by its publisher and date, with the mirror it was read
    from ("..., via the mirror web.xiaze.org")."""
    publisher = re.sub(r"\s*\([^)]*\)", "", source["publisher"]).strip()
    publisher = re.sub(r"^National Bureau of Statistics of China\b", "NBS", publisher)
    copy = re.sub(r"\s*\([^)]*\)$", "", str(source.get("copy", "") or "")).strip()
    dated = publisher if source["kind"] == "statistical table" or not source["published"] \
        else f"{publisher} ({source['published']})"
    return f"{dated}, via {copy}" if copy else dated


def source_dates(source) -> str:
    """'(released 2024-10-02; copy of 2025-06-09)': the dates source_name does not show, each said as
    what it is (a table's release date where known, a copy's own date; for a table copied from one
    release a year, the span of those releases, never one of their dates); '' when there are none."""
    dates = []
    releases = release_years(source)
    if len(releases) > 1:   # each year's values from that year's release: no one release date
        dates.append(f"one release per year, {min(releases)}–{max(releases)}")
    elif source["kind"] == "statistical table" and source["published"]:
        dates.append(f"released {source['published']}")
    if source.get("copied", ""):
        dates.append(f"copy of {source.get('copied', '')}")
    return f"({'; '.join(dates)})" if dates else ""


def release_years(source) -> list[int]:
    """The years of a table copied from several releases: its series rows of the first-published
    vintage, each year's value from that year's own release (a bulletin a year). [] for a table of
    one release, or a source with no series rows."""
    from . import data

    # a row of data.sources(), or one indexed by source_id (its name), or a plain dict
    source_id = source.get("source_id", "") or str(getattr(source, "name", "") or "")
    if not source_id:
        return []
    rows = data.series(source_id=source_id)
    return sorted({int(y) for y in rows.loc[rows["vintage"] == FIRST_PUBLISHED, "year"]})


FIRST_PUBLISHED = "first_published"   # the vintage of values as each year's release first gave them
