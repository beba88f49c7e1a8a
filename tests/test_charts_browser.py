"""The book's charts in a real browser (Debian's Chromium driven by Playwright), at a 390 px phone
and at 1280 px desktop width.

For every chart of every chapter: the smallest text, computed from the smallest font size the chart
was drawn with (charts/<name>.json, written by book/_ext/light_pages.py from northeast.charts), the
rendering's natural width and the width it is displayed at, is at least 9 CSS px on the phone and
11 px on the desktop; the phone gets the phone rendering; the image is drawn at twice its CSS size
or more (sharp on a 2x screen); a click opens it full size, with its headline, source and licence
drawn in; a headline stands above it; it offers a PNG and an SVG; and its "Data (CSV)" link
downloads a CSV whose numbers are the values the chart function was given, at published precision,
each row with its source.
"""
from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import pytest

from test_browser import ARGS, CHROMIUM, DESKTOP, HTML, PAGES, PHONE, site  # noqa: F401 (fixture)

MIN_PX = {"phone": 9.0, "desktop": 11.0}
CHAPTERS = [page for page in PAGES if page.startswith("notebooks/")]

# Every chart on a page: its name, the rendering the browser chose, sizes, and its links.
CHARTS = """async () => {
  const charts = Array.from(document.querySelectorAll('img[data-chart]'));
  for (const img of charts) { img.loading = 'eager'; img.scrollIntoView(); }
  await Promise.all(charts.map(img => img.complete ? null : new Promise(done => {
      img.addEventListener('load', done); img.addEventListener('error', done); })));
  return charts.map(img => {
    const figure = img.closest('figure');
    const full = img.closest('a.chart-full');
    const data = figure && figure.querySelector('a.chart-data');
    const readme = figure && figure.querySelector('a.chart-readme');
    const png = figure && figure.querySelector('a.chart-png');
    const svg = figure && figure.querySelector('a.chart-svg');
    const headline = figure && figure.querySelector('p.chart-headline');
    const above = headline ? headline.getBoundingClientRect().bottom <= img.getBoundingClientRect().top + 1 : false;
    return {name: img.dataset.chart, current: img.currentSrc, natural: img.naturalWidth,
            shown: img.getBoundingClientRect().width, full: full ? full.href : null,
            data: data ? data.href : null, readme: readme ? readme.href : null,
            png: png ? png.href : null, svg: svg ? svg.href : null,
            headline: headline ? headline.textContent : '', headline_above: above,
            source: figure ? (figure.querySelector('p.chart-source') || {}).textContent || '' : ''};
  });
}"""
FIGURE_IMAGES = "() => document.querySelectorAll('article figure img').length"


@pytest.fixture(scope="module")
def charts_seen(site):
    """Every chapter at phone and desktop width: the charts as the browser shows them."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps` (apt-get install chromium)")
    seen = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for label, viewport, scale in (("phone", PHONE, 2), ("desktop", DESKTOP, 1)):
            context = browser.new_context(viewport=viewport, device_scale_factor=scale,
                                          is_mobile=label == "phone", has_touch=label == "phone")
            for name in CHAPTERS:
                page = context.new_page()
                page.goto(f"{site}/{name}", wait_until="load")
                charts = page.evaluate(CHARTS)
                figures = page.evaluate(FIGURE_IMAGES)
                for chart in charts:
                    for link in ("data", "readme", "full", "png", "svg"):
                        if chart[link]:
                            response = context.request.get(chart[link])
                            chart[f"{link}_status"] = response.status
                            chart[f"{link}_body"] = response.body() if link in ("data", "readme", "svg") else b""
                    json_url = f"{site}/charts/{chart['name']}.json"
                    chart["record"] = context.request.get(json_url).json()
                seen[(label, name)] = {"charts": charts, "figures": figures}
                page.close()
            context.close()
        browser.close()
    return seen


def _all(charts_seen, label):
    return [(name, chart) for (seen_label, name), seen in charts_seen.items() if seen_label == label
            for chart in seen["charts"]]


def test_every_figure_image_on_a_chapter_is_a_chart(charts_seen):
    for (label, name), seen in charts_seen.items():
        assert seen["figures"] == len(seen["charts"]), f"{name} ({label}): a figure image not drawn by charts.chart"
    assert _all(charts_seen, "desktop"), "no chart found in any chapter"


@pytest.mark.parametrize("label", ["phone", "desktop"])
def test_the_smallest_text_of_every_chart_is_legible(charts_seen, label):
    too_small = []
    for name, chart in _all(charts_seen, label):
        record = chart["record"]
        rendering = "phone" if chart["current"].endswith(f"/charts/{chart['name']}-phone.png") else "desktop"
        assert rendering == label, f"{name}: {chart['name']} shows the {rendering} rendering at {label} width"
        assert chart["natural"] > 0, f"{name}: {chart['name']} did not load"
        font_pt = record["renderings"][rendering]["min_font_pt"]
        shown_px = font_pt * record["dpi"] / 72 * chart["shown"] / chart["natural"]
        if shown_px < MIN_PX[label]:
            too_small.append(f"{chart['name']}: {shown_px:.1f} px")
    assert not too_small, f"text smaller than {MIN_PX[label]} CSS px at {label} width: {too_small}"


@pytest.mark.parametrize("label", ["phone", "desktop"])
def test_every_chart_is_sharp_on_a_2x_screen(charts_seen, label):
    soft = [chart["name"] for _, chart in _all(charts_seen, label) if chart["natural"] < 2 * chart["shown"] - 1]
    assert not soft, f"fewer than two image pixels per CSS pixel at {label} width: {soft}"


def test_a_click_opens_every_chart_full_size(charts_seen):
    for name, chart in _all(charts_seen, "phone"):
        assert chart["full"] and chart["full_status"] == 200, f"{name}: {chart['name']} has no full-size link"


def test_every_chart_has_a_data_link_whose_csv_holds_the_charts_values(charts_seen):
    for name, chart in _all(charts_seen, "desktop"):
        assert chart["data"] and chart["data_status"] == 200, f"{name}: {chart['name']} has no data link"
        assert chart["readme"] and chart["readme_status"] == 200, f"{name}: {chart['name']} has no README"
        assert chart["source"].startswith("Source"), f"{name}: {chart['name']} has no source line"
        rows = list(csv.DictReader(io.StringIO(chart["data_body"].decode("utf-8"))))
        values = chart["record"]["values"]
        assert rows and len(rows) == len(values), f"{chart['name']}: {len(rows)} CSV rows, {len(values)} values"
        assert list(rows[0]) == chart["record"]["columns"]
        for number, (row, given) in enumerate(zip(rows, values), start=2):
            for column, value in given.items():
                if isinstance(value, (int, float)) and not isinstance(value, bool):
                    # at published precision: a value computed here has 4 significant figures
                    assert math.isclose(float(row[column]), value, rel_tol=5e-4, abs_tol=1e-12), \
                        f"{chart['name']}.csv:{number}: {column} = {row[column]}, the chart was given {value}"
                    assert len(row[column].lstrip("-").replace(".", "").lstrip("0")) <= 9, \
                        f"{chart['name']}.csv:{number}: {column} = {row[column]} carries binary noise"
            assert row.get("source"), f"{chart['name']}.csv:{number}: no source"
        readme = chart["readme_body"].decode("utf-8")
        assert "Sources:" in readme and "Units:" in readme and "Period:" in readme, f"{chart['name']}: README incomplete"



def test_every_chart_has_a_headline_above_it_and_a_png_and_svg_that_carry_their_attribution(charts_seen):
    for name, chart in _all(charts_seen, "desktop"):
        record = chart["record"]
        assert chart["headline"].strip() and chart["headline_above"], f"{name}: {chart['name']} has no headline above it"
        assert chart["png"] and chart["png_status"] == 200, f"{name}: {chart['name']} has no PNG to download"
        assert chart["svg"] and chart["svg_status"] == 200, f"{name}: {chart['name']} has no SVG to download"
        assert chart["full"] == chart["png"], f"{name}: a click on {chart['name']} opens a bare image"
        svg = chart["svg_body"].decode("utf-8")
        for words in (record["headline"], "Licence: " + record["licence"], record["source"].split(";")[0]):
            assert _xml_text(words) in svg, f"{chart['name']}.svg does not carry {words!r}"
        if record["address"]:
            assert record["address"] in svg, f"{chart['name']}.svg does not give its address"


def _xml_text(words: str) -> str:
    from xml.sax.saxutils import escape

    return escape(words.split()[0] if len(words) > 60 else words)
