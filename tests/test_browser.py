"""The published book in a real browser (Debian's Chromium driven by Playwright).

The book built by `make book` (_build/html, or $NORTHEAST_BUILD_DIR/html) is served on 127.0.0.1
by the test itself. Every page of the table of contents (read from _toc.yml and checked against
the sidebar) must load with no console error and no failed request, show every image with
meaningful alt text, and link only to pages and anchors that exist; previous/next walks the whole
book in order; the search page finds "Shenyang" on the pages that mention it; no request leaves
127.0.0.1. Screenshots of every page (1280 wide and 390x844) go to _build/screenshots/ for
reviewers. The weight budget (1.5 MB a page, from the files) is checked without the browser.

`make audit` (tools/lighthouse_audit.py) adds Lighthouse scores and the figures in book/quality.md.
"""
from __future__ import annotations

import importlib.util
import os
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from northeast.tooling.toc import html_pages

ROOT = Path(__file__).resolve().parent.parent
BUILD = Path(os.environ.get("NORTHEAST_BUILD_DIR", ROOT / "_build"))
HTML = BUILD / "html"
SCREENSHOTS = BUILD / "screenshots"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
TERM = "Shenyang"
# Alt text that says nothing: a bare word for the kind of thing, or a file name.
EMPTY_ALT = {"png", "jpg", "jpeg", "svg", "gif", "webp", "image", "img", "picture", "figure", "chart",
             "graph", "plot", "photo", "icon", "logo", "alt", "untitled", "output"}
FILE_NAME = re.compile(r"^[\w.-]+\.(png|jpe?g|svg|gif|webp)$|^[0-9a-f]{16,}", re.I)


def _load_audit():
    spec = importlib.util.spec_from_file_location("lighthouse_audit", ROOT / "tools" / "lighthouse_audit.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


audit = _load_audit()
PAGES = html_pages()   # reading order, as HTML paths


def _slug(page: str) -> str:
    return re.sub(r"[^\w-]+", "_", page.removesuffix(".html"))


# --- the built files ----------------------------------------------------------------------------

class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value or "")


_ids_cache: dict[Path, set[str]] = {}


def anchors(path: Path) -> set[str]:
    if path not in _ids_cache:
        parser = _Ids()
        parser.feed(path.read_text(encoding="utf-8"))
        _ids_cache[path] = parser.ids
    return _ids_cache[path]


def article_text(path: Path) -> str:
    """The text of a page's article (not the sidebar, not scripts)."""
    html = path.read_text(encoding="utf-8")
    match = re.search(r"<article\b.*?</article>", html, re.S)
    html = match.group(0) if match else html
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def local_file(url: str) -> Path:
    """The built file a same-origin URL names."""
    path = unquote(urlsplit(url).path).lstrip("/")
    target = HTML / path
    return target / "index.html" if (not path or target.is_dir()) else target


# --- the browser --------------------------------------------------------------------------------

@dataclass
class Visit:
    """What one page did in one viewport."""
    page: str
    status: int | None = None
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    images: list[dict] = field(default_factory=list)
    links: list[dict] = field(default_factory=list)
    sidebar: list[str] = field(default_factory=list)


class Browser:
    """Chromium with every request recorded. No host but 127.0.0.1 resolves (as on a machine
    without a network), so a page that needs another site shows it as a failed request too."""

    def __init__(self, playwright, base: str):
        if not Path(CHROMIUM).exists():
            pytest.fail(f"{CHROMIUM} is missing: run `make browser-deps` (apt-get install chromium)")
        self.base = base
        self.browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=ARGS + ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"])
        self.off_host: list[str] = []
        self.requests = 0

    def context(self, viewport: dict):
        context = self.browser.new_context(viewport=viewport, device_scale_factor=1,
                                           is_mobile=viewport is PHONE, has_touch=viewport is PHONE)
        context.set_default_timeout(20_000)
        context.on("request", self._record)
        return context

    def _record(self, request) -> None:
        self.requests += 1
        parts = urlsplit(request.url)
        if parts.scheme not in ("data", "blob", "about") and parts.hostname != "127.0.0.1":
            self.off_host.append(request.url)

    @staticmethod
    def watch(page, visit: Visit) -> None:
        page.on("console", lambda m: visit.console_errors.append(f"console {m.type}: {m.text}")
                if m.type == "error" else None)
        page.on("pageerror", lambda e: visit.console_errors.append(f"uncaught: {e}"))
        # an image request the browser itself cancelled (a <picture> that switched source, a lazy image
        # no longer wanted) is not a failure; a missing file is an HTTP status, caught below
        page.on("requestfailed", lambda r: None if (r.resource_type == "image" and r.failure == "net::ERR_ABORTED")
                else visit.failed.append(f"{r.url} ({r.failure})"))
        page.on("response", lambda r: visit.failed.append(f"{r.url} (HTTP {r.status})") if r.status >= 400 else None)

    def close(self):
        self.browser.close()


LOAD_ALL_IMAGES = """async () => {
  for (const img of document.images) { img.loading = 'eager'; }
  await Promise.all(Array.from(document.images).map(img => img.complete ? null :
      new Promise(done => { img.addEventListener('load', done); img.addEventListener('error', done); })));
  return Array.from(document.images).map(img => ({
      src: img.getAttribute('src'), alt: img.getAttribute('alt'), complete: img.complete,
      naturalWidth: img.naturalWidth, shown: img.getClientRects().length > 0}));
}"""

# Chromium paints an image decoded off screen only once it has been on screen: scroll through the
# page before a full-page screenshot, or the charts below the first screen come out blank.
SCROLL_THROUGH = """async () => {
  for (let y = 0; y < document.documentElement.scrollHeight; y += window.innerHeight / 2) {
    window.scrollTo(0, y);
    await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  }
  window.scrollTo(0, 0);
  await document.fonts.ready;
}"""

LINKS = """() => Array.from(document.querySelectorAll(
    'a[href], link[rel~="next"][href], link[rel~="prev"][href], link[rel~="index"][href], link[rel~="search"][href]'))
  .map(a => ({href: a.getAttribute('href'), url: a.href, text: (a.textContent || a.rel || '').trim().slice(0, 60)}))"""

SIDEBAR = """() => Array.from(document.querySelectorAll('nav.bd-docs-nav a.reference.internal')).map(a => a.href)"""


@pytest.fixture(scope="module")
def site():
    if not (HTML / "index.html").exists():
        pytest.fail(f"no built book at {HTML}: run `make book` first")
    server = audit.serve(HTML, compress=False)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser(site):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = Browser(playwright, site)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def visits(browser, site) -> dict[str, Visit]:
    """Open every page at desktop and phone size once; record everything; take the screenshots."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # only this fixture's own shots: tests in another process (pytest-xdist) write theirs here too
    for old in [*SCREENSHOTS.glob("[0-9][0-9]-*.png"), *SCREENSHOTS.glob("landing-*.png")]:
        old.unlink()
    results: dict[str, Visit] = {}
    for viewport, label in ((DESKTOP, "desktop"), (PHONE, "phone")):
        context = browser.context(viewport)
        for number, name in enumerate(PAGES):
            visit = Visit(name)
            page = context.new_page()
            Browser.watch(page, visit)
            response = page.goto(f"{site}/{name}", wait_until="load")
            visit.status = response.status if response else None
            images = page.evaluate(LOAD_ALL_IMAGES)
            page.evaluate(SCROLL_THROUGH)
            page.screenshot(path=str(SCREENSHOTS / f"{number:02d}-{_slug(name)}-{label}.png"), full_page=True)
            if label == "desktop":
                visit.images = images
                visit.links = page.evaluate(LINKS)
                visit.sidebar = page.evaluate(SIDEBAR)
                if number == 0:
                    page.screenshot(path=str(SCREENSHOTS / "landing-top-1280x900.png"))
            page.close()
            results[name if label == "desktop" else f"{name} (phone)"] = visit
        context.close()
    return results


# --- tests --------------------------------------------------------------------------------------

def test_the_table_of_contents_matches_the_sidebar(visits, site):
    assert all((HTML / page).is_file() for page in PAGES), [p for p in PAGES if not (HTML / p).is_file()]
    sidebar = [str(local_file(url).relative_to(HTML)) for url in visits[PAGES[0]].sidebar]
    sidebar = list(dict.fromkeys(sidebar))       # a page may appear twice (its own entry and a section)
    assert sidebar == PAGES[1:], "the sidebar lists the pages in another order than _toc.yml"


@pytest.mark.parametrize("page", PAGES)
def test_page_loads_without_console_errors_or_failed_requests(visits, page):
    for key in (page, f"{page} (phone)"):
        visit = visits[key]
        assert visit.status == 200, f"{key}: HTTP {visit.status}"
        problems = [f"failed request: {f}" for f in visit.failed] + visit.console_errors
        assert not problems, f"{key}:\n" + "\n".join(problems)


@pytest.mark.parametrize("page", PAGES)
def test_every_image_loads_and_has_meaningful_alt_text(visits, page):
    problems = []
    for image in visits[page].images:
        src, alt = image["src"], (image["alt"] or "").strip()
        if not image["complete"] or image["naturalWidth"] <= 0:
            problems.append(f"{src}: did not load")
        if not alt:
            problems.append(f"{src}: no alt text")
        elif alt.lower().strip(".") in EMPTY_ALT or FILE_NAME.search(alt) or alt.lower() == Path(src).name.lower():
            problems.append(f"{src}: alt text {alt!r} says nothing")
        elif len(alt.split()) < 3:
            problems.append(f"{src}: alt text {alt!r} is too short to describe a chart")
    assert not problems, f"{page}:\n" + "\n".join(problems)


@pytest.mark.parametrize("page", PAGES)
def test_every_internal_link_and_anchor_resolves(visits, site, page):
    broken = []
    for link in visits[page].links:
        href, url = link["href"], link["url"]
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or f"{parts.scheme}://{parts.netloc}" != site:
            continue                                  # mailto:, javascript:, other sites (not fetched)
        target = local_file(url)
        if not target.is_file():
            broken.append(f"{href!r} ({link['text']!r}): no such page {target.relative_to(HTML)}")
            continue
        fragment = unquote(parts.fragment)
        if fragment and target.suffix == ".html" and fragment not in anchors(target):
            broken.append(f"{href!r} ({link['text']!r}): no anchor #{fragment} in {target.relative_to(HTML)}")
    assert not broken, f"{page}:\n" + "\n".join(broken)


def test_previous_and_next_walk_the_whole_book_in_order(browser, site):
    context = browser.context(DESKTOP)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
    page.goto(f"{site}/", wait_until="load")       # index.html sends the reader to the first page
    page.wait_for_url(f"{site}/{PAGES[0]}")
    forward = [PAGES[0]]
    while page.locator("a.right-next").count():
        with page.expect_navigation(wait_until="domcontentloaded"):
            page.locator("a.right-next").first.click()
        forward.append(str(local_file(page.url).relative_to(HTML)))
        assert len(forward) <= len(PAGES), f"next goes on past the last page: {forward}"
    backward = [forward[-1]]
    while page.locator("a.left-prev").count():
        with page.expect_navigation(wait_until="domcontentloaded"):
            page.locator("a.left-prev").first.click()
        backward.append(str(local_file(page.url).relative_to(HTML)))
        assert len(backward) <= len(PAGES), f"previous goes on past the first page: {backward}"
    context.close()
    assert forward == PAGES, "next does not follow _toc.yml"
    assert backward == PAGES[::-1], "previous does not follow _toc.yml backwards"
    assert not errors, errors


def test_search_finds_the_pages_that_mention_a_known_term(browser, site):
    expected = {str(p.relative_to(HTML)) for p in HTML.rglob("*.html")
                if p.name not in ("search.html", "genindex.html") and "_sources" not in p.parts
                and TERM.lower() in article_text(p).lower()}
    assert expected & set(PAGES), f"no page of the book mentions {TERM!r}: pick another known term"
    context = browser.context(DESKTOP)
    page = context.new_page()
    visit = Visit("search.html")
    Browser.watch(page, visit)
    page.goto(f"{site}/search.html?q={TERM}", wait_until="load")
    page.wait_for_function("() => /found|did not match/i.test(document.querySelector('#search-results')?.innerText || '')")
    results = page.evaluate("() => Array.from(document.querySelectorAll('#search-results ul.search li a'))"
                            ".map(a => a.href)")
    found = [str(local_file(url).relative_to(HTML)) for url in results]
    assert found, f"the search for {TERM!r} found nothing; pages that mention it: {sorted(expected)}"
    assert set(found) <= expected, f"results that do not mention {TERM!r}: {sorted(set(found) - expected)}"
    assert set(found) & set(PAGES), f"no result is a page of the book: {found}"
    first = next(i for i, name in enumerate(found) if name in PAGES)
    with page.expect_navigation(wait_until="load"):
        page.locator("#search-results ul.search li a").nth(first).click()
    assert local_file(page.url) == HTML / found[first]
    assert TERM.lower() in page.locator("article").inner_text().lower()
    context.close()
    assert not visit.console_errors, visit.console_errors
    assert not visit.failed, visit.failed


def test_the_book_works_offline(visits, browser):
    """Every request the browser made, on every page at both sizes, went to 127.0.0.1."""
    assert browser.requests > len(PAGES)
    assert not browser.off_host, "requests to other hosts:\n" + "\n".join(sorted(set(browser.off_host)))


def test_screenshots_for_reviewers(visits):
    for number, name in enumerate(PAGES):
        for label in ("desktop", "phone"):
            shot = SCREENSHOTS / f"{number:02d}-{_slug(name)}-{label}.png"
            assert shot.is_file() and shot.stat().st_size > 1000, shot
    assert (SCREENSHOTS / "landing-top-1280x900.png").is_file()


@pytest.mark.parametrize("page", PAGES + ["search.html"])
def test_page_weight_from_files_is_under_budget(page):
    if not (HTML / page).exists():
        pytest.fail(f"{HTML / page} was not built: run `make book` first")
    files, missing = audit.page_files(page, HTML)
    assert not missing, f"{page} references missing files: {missing}"
    total = sum(files.values())
    largest = ", ".join(f"{p.relative_to(HTML)} {n / 1e3:.0f} kB"
                        for p, n in sorted(files.items(), key=lambda kv: -kv[1])[:4])
    assert total < audit.BUDGET_BYTES, f"{page}: {total / 1e6:.2f} MB (budget 1.5 MB); largest: {largest}"
