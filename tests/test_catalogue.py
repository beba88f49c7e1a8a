"""The data catalogue as readers use it: figures written for readers, sections in chapter order, a
filter by theme and place that works, and on a phone one card per figure with nothing cut off."""
from __future__ import annotations

import pandas as pd
import pytest

from northeast.report import readable_figure
from northeast.tooling.pages import THEME_TITLES, catalogue_pages
from test_browser import HTML, PHONE, ROOT, browser, site  # noqa: F401 (fixtures)

CATALOGUE = "book/catalogue.html"


@pytest.mark.parametrize("value, qualifier, unit, words", [
    ("30209.4", "exact", "100 million yuan", "3.02 trillion yuan"),
    ("71316", "exact", "count", "71,316"),
    ("150", "more than", "billion yuan", "more than 150 billion yuan"),
    ("3500", "exact", "billion yuan", "3.5 trillion yuan"),
    ("8", "exact", "100 million yuan", "800 million yuan"),
    ("1200", "about", "10000 tonnes", "about 12 million tonnes"),
    ("2.6", "exact", "percent", "2.6 percent"),
    ("12.5", "exact", "billion US dollars", "12.5 billion US dollars"),
    ("0.5", "exact", "million mu", "500,000 mu"),
])
def test_figures_are_written_for_readers(value, qualifier, unit, words):
    assert readable_figure(value, qualifier, unit) == words


def _statistics(rows):
    columns = ["stat_id", "source_id", "theme", "region", "entity", "metric", "period", "value", "unit",
               "qualifier", "quote", "note", "flag"]
    return pd.DataFrame([dict(zip(columns, row)) for row in rows], columns=columns)


def test_the_catalogue_lists_themes_in_chapter_order_with_a_filter_and_the_printed_figure(tmp_path):
    data = ROOT / "data"
    for name in ("metrics", "places", "sources"):
        (tmp_path / f"{name}.csv").write_bytes((data / f"{name}.csv").read_bytes())
    source = pd.read_csv(data / "sources.csv", dtype=str)["source_id"].iloc[0]
    _statistics([
        ("a", source, "trade", "CN-LN", "", "x", "2023", "30209.4", "100 million yuan", "exact", "q", "", ""),
        ("b", source, "industry", "CN-JL", "", "y", "2023", "71316", "count", "exact", "q", "", ""),
        ("c", source, "unheard-of", "CN-JL", "", "y", "2023", "5", "percent", "exact", "q", "", ""),
    ]).to_csv(tmp_path / "statistics.csv", index=False)
    page = catalogue_pages(tmp_path)["book/catalogue.md"]
    order = [page.index(f"### {THEME_TITLES['industry']}"), page.index("### Opening\\-up and trade"),
             page.index("### unheard\\-of")]
    assert order == sorted(order), "themes not in the chapters' order, unknown ones last"
    assert "3.02 trillion yuan" in page and "(printed: 30209.4 100 million yuan)" in page
    assert "71,316" in page
    assert 'data-place="CN-LN"' in page and 'data-theme="trade"' in page
    assert '<option value="industry">' in page and '<option value="CN-JL">Jilin</option>' in page


def test_the_filter_shows_only_the_chosen_place_and_theme(browser, site):  # noqa: F811
    context = browser.context(PHONE)
    page = context.new_page()
    page.goto(f"{site}/{CATALOGUE}", wait_until="load")
    form = page.locator("form.catalogue-filter")
    assert form.is_visible()
    total = page.locator("table.catalogue tbody tr").count()
    places = page.evaluate("() => Array.from(document.querySelectorAll('table.catalogue tbody tr'))"
                           ".map(r => r.dataset.place)")
    place = max(set(places), key=places.count)
    form.locator("select[name=place]").select_option(place)
    shown = page.evaluate("() => Array.from(document.querySelectorAll('table.catalogue tbody tr'))"
                          ".filter(r => r.offsetParent !== null).map(r => r.dataset.place)")
    assert shown and set(shown) == {place} and len(shown) == places.count(place) < total
    assert f"{len(shown)} figure" in form.locator(".catalogue-count").inner_text()
    theme = page.evaluate("() => document.querySelector('table.catalogue').dataset.theme")
    form.locator("select[name=place]").select_option("")
    form.locator("select[name=theme]").select_option(theme)
    visible_tables = page.evaluate("() => Array.from(document.querySelectorAll('table.catalogue'))"
                                   ".filter(t => t.offsetParent !== null).map(t => t.dataset.theme)")
    assert visible_tables == [theme]
    context.close()


def test_on_a_phone_each_figure_is_a_card_that_fits(browser, site):  # noqa: F811
    context = browser.context(PHONE)
    page = context.new_page()
    page.goto(f"{site}/{CATALOGUE}", wait_until="load")
    cards = page.evaluate("""() => Array.from(document.querySelectorAll('table.catalogue tbody tr')).map(r => {
        const box = r.getBoundingClientRect();
        const figure = r.querySelector('td[data-label="Figure"]');
        return {right: box.right, display: getComputedStyle(r).display, figure: figure && figure.innerText.trim()};
    })""")
    assert cards and all(c["display"] == "block" for c in cards)
    assert all(c["right"] <= PHONE["width"] for c in cards), "a card runs past the screen's edge"
    assert all(c["figure"] for c in cards), "a card without its figure"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()
