"""The PDF edition (`make pdf`): the built book, every page in the table of contents' order, printed
as one PDF by Debian's Chromium through the pinned Playwright, the browser the tests already use.

Why Chromium and not LaTeX: the PDF is printed from the same HTML the reader sees (the same charts,
glued numbers, tables and citation blocks), with no second typesetting path to keep in step, no
TeX Live (about 1 GB with CJK fonts) on a machine that has Chromium for the tests anyway, and
Chinese text set in WenQuanYi Zen Hei, which `make browser-deps` installs. Jupyter Book's own
pdfhtml would download a browser of its own at run time, which this project never does.

The pages' article bodies are joined into one document (``<build dir>/pdf/edition.html``, its
addresses resolved against the built book) after a title page (version, date, licence, citation)
and a contents list; each page is a named CSS page whose footer gives its published address and
the page number (CSS page-margin boxes). book/_ext/static/print.css, the stylesheet that prints a
single page, sets the rest: charts at full column width, figures, captions and citation blocks
never split, links printed with their address. The PDF is written into the published book
(``html/<PDF_NAME>``), which links it from every page.
"""
from __future__ import annotations

import html
import re
import sys
import time
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urljoin

import yaml

from ..chart_sizes import LICENCE
from ..paths import ROOT
from .toc import html_pages

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
PDF_NAME = "northeast-china-report.pdf"   # every page links it (book/_ext/print_pages.py)
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
ROOT_URL = "http://book.invalid/"           # a stand-in origin to resolve the pages' relative addresses


def book_config(root: Path = ROOT) -> dict:
    """Title, author, year and the published address, from _config.yml (html_baseurl is set there once)."""
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    sphinx = (config.get("sphinx") or {}).get("config") or {}
    year = re.search(r"\d{4}", str(config.get("copyright") or ""))
    return {"title": config["title"], "author": config.get("author", ""), "year": year.group(0) if year else "",
            "base": (sphinx.get("html_baseurl") or "").rstrip("/")}


def version() -> str:
    try:
        return metadata.version("northeast")
    except metadata.PackageNotFoundError:
        return "unversioned"


def data_as_of(html_dir: Path) -> str:
    """The data-as-of date the pages' "Cite this page" blocks give (book/_ext/reader_pages.py)."""
    text = (html_dir / "book" / "intro.html").read_text(encoding="utf-8") if (html_dir / "book" / "intro.html").is_file() else ""
    found = re.search(r'class="cite-text">[^<]*?, data as of ([^.<]+)\.', text)
    return html.unescape(found.group(1)) if found else ""


def citation(config: dict, as_of: str = "") -> str:
    """How to cite the whole report (as the title page prints it)."""
    where = f" {config['base']}/" if config["base"] else ""
    when = f", data as of {as_of}" if as_of else ""
    return f"{config['author']} ({config['year']}). {config['title']}. Version {version()}{when}.{where}"


def _slug(page: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", page.removesuffix(".html").lower()).strip("-")


def css_string(text: str) -> str:
    """Text as a quoted CSS string (in an @page rule's content), unable to close the rule or a style element."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ").replace("\n", " ") + '"'


def _page_article(path: Path, page: str, pages: set[str], config: dict, files: str):
    """One page's article, its addresses made absolute or internal to the PDF, its ids unique;
    images from `files` (the built book's folder as a file: address)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article.bd-article") or soup.body
    slug = _slug(page)
    page_url = urljoin(ROOT_URL, page)
    for node in article.select("script, a.headerlink, picture source, details.cite-bibtex, .cite-note, .pdf-edition-link"):
        node.decompose()
    for node in article.find_all(id=True):
        node["id"] = f"{slug}--{node['id']}"
    for img in article.find_all("img"):
        img.attrs.pop("loading", None)
        img["src"] = files + urljoin(page_url, img["src"]).removeprefix(ROOT_URL)
    for link in article.find_all("a", href=True):
        if link.get_text(strip=True) == link["href"]:
            link["class"] = link.get("class", []) + ["pdf-url-shown"]   # print.css: no second copy
        target = urljoin(page_url, link["href"])
        if not target.startswith(ROOT_URL):
            link["data-url"] = unquote(target)   # printed after the link's text, in words (print.css)
            continue
        inside = target.removeprefix(ROOT_URL)
        file, _, anchor = inside.partition("#")
        if file in pages:        # a page of this PDF: a link inside the PDF
            link["href"] = f"#{_slug(file)}--{anchor}" if anchor else f"#{_slug(file)}"
        elif config["base"]:     # a file of the published book (a chart's data): its address
            link["href"] = f"{config['base']}/{inside}"
        else:
            link["href"] = inside
    return article, slug


def _stylesheets(html_dir: Path, pages: list[str]) -> list[str]:
    """Every stylesheet the pages load, relative to the book's root, in first-seen order."""
    found: dict[str, None] = {}
    for page in pages:
        text = (html_dir / page).read_text(encoding="utf-8")
        for href in re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', text):
            found.setdefault(urljoin(urljoin(ROOT_URL, page), href).removeprefix(ROOT_URL).split("?")[0])
    return list(found)


def compose(html_dir: Path, pages: list[str], config: dict, printed: str) -> str:
    """The PDF edition as one HTML document (its files read from the built book in `html_dir`)."""
    pages = [p for p in pages if (html_dir / p).is_file()]
    names = set(pages)
    files = html_dir.resolve().as_uri() + "/"
    sections, contents, page_rules = [], [], []
    for number, page in enumerate(pages):
        article, slug = _page_article(html_dir / page, page, names, config, files)
        heading = article.find("h1")
        title = heading.get_text(" ", strip=True) if heading else page
        address = f"{config['base']}/{page}" if config["base"] else page
        contents.append(f'<li><a href="#{slug}">{html.escape(title)}</a></li>')
        page_rules.append(f"@page page-{number} {{ @bottom-left {{ content: {css_string(address)}; }} }}")
        sections.append(f'<section class="pdf-page" id="{slug}" style="page: page-{number}">'
                        f'<p class="pdf-address">{html.escape(address)}</p>'
                        f'<article class="bd-article">{article.decode_contents()}</article></section>')
    cite = citation(config, data_as_of(html_dir))
    links = "\n".join(f'<link rel="stylesheet" href="{html.escape(files + href)}">'
                      for href in _stylesheets(html_dir, pages))
    where = (f'<p>Online: <a href="{html.escape(config["base"])}/">{html.escape(config["base"])}/</a></p>'
             if config["base"] else "")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(config['title'])}</title>
{links}
<style>
@page :first {{ @bottom-right {{ content: none; }} @bottom-left {{ content: none; }} }}
{chr(10).join(page_rules)}
</style>
</head><body class="pdf-edition">
<section class="pdf-title-page">
<h1 class="pdf-title">{html.escape(config['title'])}</h1>
<p class="pdf-subtitle">Liaoning, Jilin and Heilongjiang: the figures, their sources and the official series</p>
<dl class="pdf-facts">
<dt>Version</dt><dd>{html.escape(version())}</dd>
<dt>Printed</dt><dd>{html.escape(printed)}</dd>
<dt>Authors</dt><dd>{html.escape(config['author'])}</dd>
<dt>Licence</dt><dd>Data and code: {LICENCE} (<a href="{LICENCE_URL}">{LICENCE_URL}</a>). The figures belong to
their publishers: see the Sources chapter.</dd>
</dl>
{where}
<div class="pdf-cite"><p class="cite-heading">Cite this report</p><p class="pdf-citation">{html.escape(cite)}</p></div>
</section>
<nav class="pdf-contents"><h2>Contents</h2><ol>{''.join(contents)}</ol></nav>
{''.join(sections)}
</body></html>
"""


# A page's images below the fold load lazily: load them all before printing.
LOAD_IMAGES = """() => Promise.all(Array.from(document.images).map(img => {
  img.loading = 'eager';
  return img.complete ? null : new Promise(done => { img.onload = img.onerror = done; });
}))"""


def print_pdf(document: Path, target: Path) -> None:
    """Print an HTML file to `target` as Chromium prints it (print media, the page's own @page size)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()
            page.emulate_media(media="print")
            page.goto(document.resolve().as_uri(), wait_until="load")
            page.evaluate(LOAD_IMAGES)
            page.evaluate("document.fonts.ready")
            page.pdf(path=str(target), prefer_css_page_size=True, print_background=True, outline=True, tagged=True)
        finally:
            browser.close()


def build_pdf(log=print) -> Path:
    from .cache import layout   # here: Sphinx imports this module for PDF_NAME, and cache brings pandas

    lay = layout()
    html_dir = lay.html
    if not (html_dir / "index.html").is_file():
        raise SystemExit(f"no built book at {html_dir}: run `make book` first")
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing: run `make browser-deps` (apt-get install chromium)")
    started = time.monotonic()
    config = book_config()
    printed = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    folder = lay.build / "pdf"
    folder.mkdir(parents=True, exist_ok=True)
    document = folder / "edition.html"
    document.write_text(compose(html_dir, html_pages(), config, printed), encoding="utf-8")
    target = html_dir.resolve() / PDF_NAME
    partial = target.with_suffix(".pdf.part")
    print_pdf(document, partial)
    partial.replace(target)   # a failed print leaves the last good PDF
    log(f"pdf: {target} ({target.stat().st_size / 1e6:.1f} MB, {time.monotonic() - started:.0f} s)")
    return target


if __name__ == "__main__":
    sys.exit(0 if build_pdf() else 1)
