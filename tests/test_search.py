"""The book's search (book/_ext/search_fixes.py) on the book built by `make book`: Chinese names
are found, results show titles as text, snippets come from the article, and the search box's
icon leaves the query readable. Debian's Chromium, driven by Playwright."""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

import pytest

from northeast.paths import ROOT

from conftest import debian_chromium, served

BUILD = Path(os.environ.get("NORTHEAST_BUILD_DIR", ROOT / "_build"))
HTML = BUILD / "html"


@pytest.fixture(scope="module")
def site():
    if not (HTML / "search.html").is_file():
        pytest.fail(f"no book in {HTML}: run `make book` first")
    with served(HTML) as address:
        yield address


@pytest.fixture(scope="module")
def browser():
    with debian_chromium() as chromium:
        yield chromium


def search(browser, site, query: str, width: int = 1280) -> tuple[list[dict], object]:
    """The results of a search as the reader sees them: each result's page, title and snippet."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    tab.goto(f"{site}/search.html?q={quote(query)}", wait_until="load")
    tab.wait_for_function("() => /found|did not match/i.test(document.querySelector('#search-results')?.innerText || '')")
    tab.wait_for_timeout(300)   # snippets arrive after the titles
    results = tab.evaluate("""() => Array.from(document.querySelectorAll('#search-results ul.search li')).map(li => ({
        href: li.querySelector('a').getAttribute('href'), title: li.querySelector('a').textContent,
        snippet: li.querySelector('p.context')?.textContent || ''}))""")
    return results, (context, tab)


def sources_in_chinese() -> list[str]:
    """Runs of Chinese characters in the Sources page's text, as a reader could type them."""
    import re

    from bs4 import BeautifulSoup

    text = BeautifulSoup((HTML / "book" / "sources.html").read_text(encoding="utf-8"), "html.parser").select_one("main").get_text(" ")
    return sorted(set(re.findall(r"[\u4e00-\u9fff]{2,}", text)))


def pages_holding(term: str) -> set[str]:
    """The book's pages whose article text holds ``term``."""
    from bs4 import BeautifulSoup

    found = set()
    for path in HTML.rglob("*.html"):
        if path.name in ("search.html", "genindex.html") or "_sources" in path.parts:
            continue
        article = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one("article, main")
        if article is not None and term in article.get_text():
            found.add(path.relative_to(HTML).as_posix())
    return found


def test_jilin_in_chinese_finds_the_sources_page(browser, site):
    assert "吉林" in " ".join(sources_in_chinese()), "the Sources page no longer holds 吉林"
    results, (context, _) = search(browser, site, "吉林")
    context.close()
    assert "book/sources.html" in [r["href"].split("#")[0] for r in results], results


@pytest.mark.parametrize("query,english", [("吉林", "Jilin"), ("辽宁", "Liaoning"), ("黑龙江", "Heilongjiang")])
def test_a_province_in_chinese_finds_the_pages_in_either_language(browser, site, query, english):
    """Pages that print the Chinese name, and pages on the province in English (data/places.csv
    gives the search each one-word place's Chinese name)."""
    results, (context, _) = search(browser, site, query)
    context.close()
    found = {r["href"].split("#")[0] for r in results}
    assert pages_holding(query) <= found
    assert found and found <= pages_holding(query) | pages_holding(english), sorted(found)
    assert "book/sources.html" in found


def test_every_chinese_title_on_the_sources_page_is_found(browser, site):
    runs = [run for run in sources_in_chinese() if len(run) >= 4]
    assert runs, "no Chinese title on the Sources page"
    for run in runs[:5]:
        results, (context, _) = search(browser, site, run)
        context.close()
        assert "book/sources.html" in [r["href"].split("#")[0] for r in results], (run, results)


def test_snippets_come_from_the_article_not_the_contents_box(browser, site):
    results, (context, _) = search(browser, site, "revitalization")
    context.close()
    snippets = [r["snippet"] for r in results if r["snippet"]]
    assert snippets, results
    assert not [s for s in snippets if s.strip(". ").startswith("Contents")], snippets


@pytest.mark.parametrize("width", [1280, 390])
def test_the_search_icon_leaves_the_first_letter_of_the_query_visible(browser, site, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    tab.goto(f"{site}/search.html?q=Jilin", wait_until="load")
    box = tab.evaluate("""() => {
        const input = Array.from(document.querySelectorAll('input[name=q]')).find(i => i.getBoundingClientRect().width > 0);
        const style = getComputedStyle(input);
        const inputBox = input.getBoundingClientRect();
        const textLeft = inputBox.left + parseFloat(style.paddingLeft) + parseFloat(style.borderLeftWidth);
        const icons = Array.from(input.parentElement.querySelectorAll('i, svg, .fa-magnifying-glass, .search-button__kbd-shortcut'))
            .filter(e => getComputedStyle(e).display !== 'none' && e.getBoundingClientRect().width > 0)
            .map(e => e.getBoundingClientRect());
        return {textLeft, icons: icons.map(r => [r.left, r.right]), value: input.value};
    }""")
    context.close()
    assert box["value"] == "Jilin"
    for left, right in box["icons"]:
        assert right <= box["textLeft"] or left >= box["textLeft"] + 8, box
