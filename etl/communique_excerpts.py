"""Step `communique-excerpts/`: single later years of grain output and grain sown area (Liaoning
2021-2023, Jilin 2023, Heilongjiang 2022-2023, China 2022-2024) read from the verbatim sentences
of the collector's file, as first published (vintage `first_published`). Each figure is found by
a pattern inside its numbered entry; the page address is read from the entry too."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from .core import series_row
from .readers import ReferenceError

FOLDER = "communique-excerpts"
FILE = "excerpts_2015-2024.md"
PATH = f"reference-data/{FOLDER}/{FILE}"
URL = re.compile(r"https?://\S+")
CHECKED = "Agrees with the official series wherever they overlap (communique-excerpts PROVENANCE)."
NOTE = ("Third-party republication, not the official page (none of the official addresses was found); the sentence is "
        "quoted verbatim in {path}, entry {entry}.")

# source_id -> (entry number, which address of the entry, publisher, title, published, kind)
PAGES = {
    "ln-2021-communique": (1, 0, "Liaoning Provincial Bureau of Statistics (republished by a mirror site)",
                           "Liaoning 2021 statistical communiqué on national economic and social development (grain)", "2022",
                           "official communiqué"),
    "ln-2022-communique": (2, 0, "Liaoning Provincial Bureau of Statistics (republished by a mirror site)",
                           "Liaoning 2022 statistical communiqué on national economic and social development (grain)", "2023-03-30",
                           "official communiqué"),
    "chinanews-2024-01-23-liaoning-grain": (3, 0, "China News Service (republished by a mirror site)",
                                            "Liaoning 2023 grain output and sown area", "2024-01-23", "news excerpt"),
    "jilin-2023-grain": (5, 0, "Jilin provincial government release 吉林发布 (republished by cinic.org.cn)",
                         "Jilin 2023 grain output and sown area", "2023-12", "news excerpt"),
    "hl-2023-grain": (9, 0, "People's Daily / China News Service (republished)", "Heilongjiang 2023 grain output", "2023-12",
                      "news excerpt"),
    "chinanews-2023-12-11-hl-grain": (9, 1, "China News Service (republished on an unidentified host)",
                                      "Heilongjiang 2022 grain output (reprint of 2023-12-11)", "2023-12-11", "news excerpt"),
    "nbs-grain-2022-announcement": (10, 0, "National Bureau of Statistics of China (reprinted)",
                                    "Announcement on the 2022 national grain output", "2022-12", "official communiqué"),
    "nbs-grain-2023-announcement": (11, 0, "National Bureau of Statistics of China (reprinted)",
                                    "Announcement on the 2023 national grain output", "2023-12", "official communiqué"),
    "nbs-grain-2024-announcement": (12, 0, "National Bureau of Statistics of China (reprinted)",
                                    "Announcement on the 2024 national grain output", "2024-12", "official communiqué"),
}
# (source_id, region, metric, year, pattern with one group = the value, unit)
FIGURES = (
    ("ln-2021-communique", "CN-LN", "grain_output", 2021, r"全年粮食总产量([\d.]+)万吨", "10000 tonnes"),
    ("ln-2021-communique", "CN-LN", "grain_sown_area", 2021, r"全年粮食作物播种面积([\d.]+)千公顷", "thousand hectares"),
    ("ln-2022-communique", "CN-LN", "grain_sown_area", 2022, r"全年糧食作物播種面積([\d.]+)千公頃", "thousand hectares"),
    ("chinanews-2024-01-23-liaoning-grain", "CN-LN", "grain_output", 2023, r"2023年,辽宁.*粮食总产量([\d.]+)亿斤", "100 million jin"),
    ("chinanews-2024-01-23-liaoning-grain", "CN-LN", "grain_sown_area", 2023, r"2023年,辽宁粮食播种面积([\d.]+)万亩", "10000 mu"),
    ("jilin-2023-grain", "CN-JL", "grain_output", 2023, r"吉林省播种面积为[\d.]+千公顷,总产量([\d.]+)万吨", "10000 tonnes"),
    ("jilin-2023-grain", "CN-JL", "grain_sown_area", 2023, r"吉林省播种面积为([\d.]+)千公顷", "thousand hectares"),
    ("hl-2023-grain", "CN-HL", "grain_output", 2023, r"2023年,黑龙江省.*粮食总产量([\d.]+)亿斤", "100 million jin"),
    ("hl-2023-grain", "CN-HL", "grain_sown_area", 2023, r"2023年,黑龙江省.*粮食作物种植面积达到([\d.]+)万亩", "10000 mu"),
    ("chinanews-2023-12-11-hl-grain", "CN-HL", "grain_output", 2022, r"2022年,黑龙江粮食产量.*为([\d.]+)亿斤", "100 million jin"),
    ("nbs-grain-2022-announcement", "CN", "grain_output", 2022, r"全国粮食总产量([\d.]+)万吨", "10000 tonnes"),
    ("nbs-grain-2022-announcement", "CN", "grain_sown_area", 2022, r"全国粮食播种面积([\d.]+)千公顷", "thousand hectares"),
    ("nbs-grain-2023-announcement", "CN", "grain_output", 2023, r"全国粮食总产量([\d.]+)万吨", "10000 tonnes"),
    ("nbs-grain-2023-announcement", "CN", "grain_sown_area", 2023, r"全国粮食播种面积([\d.]+)千公顷", "thousand hectares"),
    ("nbs-grain-2024-announcement", "CN", "grain_output", 2024, r"全国粮食总产量([\d.]+)万吨", "10000 tonnes"),
    ("nbs-grain-2024-announcement", "CN", "grain_sown_area", 2024, r"全国粮食播种面积([\d.]+)千公顷", "thousand hectares"),
)
ROW_NOTES = {
    ("CN-HL", "grain_sown_area", 2023): "Printed as 粮食作物种植面积 (planting area of grain crops).",
}


def entries(text: str) -> dict[int, str]:
    """Entry number -> its text (the numbered line and everything up to the next numbered entry)."""
    parts = re.split(r"(?m)^(\d+)\. ", text)
    return {int(number): body for number, body in zip(parts[1::2], parts[2::2])}


def verbatim(entry_text: str) -> str:
    """The sentences an entry quotes: its '> ' lines and any "..." quotation (never the collector's Check line)."""
    lines = entry_text.splitlines()
    quoted = [l.lstrip()[1:] for l in lines if l.lstrip().startswith(">")]
    quoted += re.findall(r'"([^"]+)"', lines[0] if lines else "")
    return "\n".join(quoted)


def clean_url(url: str) -> str:
    """An address as the collector's prose ends it, without the prose: trailing punctuation and a ')'
    that closes the collector's parenthesis (one the address did not open) are not part of it."""
    while url and (url[-1] in ".,;:—" or (url[-1] == ")" and url.count(")") > url.count("("))):
        url = url[:-1]
    return url


def _sources(text: str | None) -> list[dict]:
    found = entries(text) if text else {}
    out = []
    for source_id, (entry, which, publisher, title, published, kind) in PAGES.items():
        urls = [clean_url(url) for url in URL.findall(found.get(entry, ""))] if found else []
        url = urls[which] if len(urls) > which else ""
        out.append({"source_id": source_id, "publisher": publisher, "title": title, "author": "", "published": published,
                    "url": url, "kind": kind, "path": PATH, "note": NOTE.format(path=PATH, entry=entry),
                    "copy": f"the mirror {urlsplit(url).hostname}" if url else "", "confidence": "medium",
                    "checked": CHECKED})
    return out


def sources(reference: Path) -> list[dict]:
    return _sources((reference / FOLDER / FILE).read_text(encoding="utf-8"))


def rows(reference: Path) -> list[dict]:
    path = reference / FOLDER / FILE
    found = entries(path.read_text(encoding="utf-8"))
    out = []
    for source_id, region, metric, year, pattern, unit in FIGURES:
        entry = PAGES[source_id][0]
        quoted = verbatim(found.get(entry, ""))
        matches = re.findall(pattern, quoted)
        if len(matches) != 1:
            raise ReferenceError(f"{path}: entry {entry}: pattern {pattern!r} matched {len(matches)} times, expected once")
        out.append(series_row(region, metric, year, matches[0], unit, "first_published", source_id,
                              note=ROW_NOTES.get((region, metric, year), "")))
    return out


SOURCES: list[dict] = []  # read from the file: see sources()
METRICS: list[dict] = []
