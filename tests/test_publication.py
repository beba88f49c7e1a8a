"""Every page as a publication (book/_ext/publication.py): the one configured address and repository
reach the cite block, the canonical and Open Graph tags, the footer and the file links; the footer
states the licence and version; the root index.html is a real page; the landing page's masthead."""
import importlib.util
import os
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from bs4 import BeautifulSoup

from northeast.paths import ROOT
from northeast.tooling.toc import toc_files

HTML = Path(os.environ.get("NORTHEAST_BUILD_DIR", ROOT / "_build")) / "html"
PAGES = toc_files()
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["sphinx"]["config"]
BASE = CONFIG["html_baseurl"].rstrip("/") + "/"
REPOSITORY = CONFIG["html_theme_options"]["repository_url"].rstrip("/")

_spec = importlib.util.spec_from_file_location("publication", ROOT / "book" / "_ext" / "publication.py")
publication = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(publication)


def page(name: str) -> BeautifulSoup:
    path = HTML / f"{name}.html"
    assert path.exists(), f"{path} was not built (run `make book` first)"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _config(base="https://example.net/book", repository="https://git.example.net/r", branch="trunk"):
    return SimpleNamespace(html_baseurl=base, html_theme_options={"repository_url": repository,
                                                                  "repository_branch": branch})


# --- the functions, on made-up input --------------------------------------------------------------

def test_the_address_and_repository_links_come_from_the_configuration():
    config = _config()
    assert publication.book_address(config) == "https://example.net/book/"
    assert publication.book_address(_config(base="")) == ""
    assert publication.repository_link(config) == "https://git.example.net/r"
    assert publication.repository_link(config, "data/sources.csv") == "https://git.example.net/r/blob/trunk/data/sources.csv"
    assert publication.repository_link(config, "etl/") == "https://git.example.net/r/tree/trunk/etl"
    assert publication.repository_link(_config(repository=""), "data/x.csv") == ""


def test_file_names_in_code_link_to_the_repository_only_when_it_holds_them(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "sources.csv").write_text("x")
    code = '<code class="docutils literal notranslate"><span class="pre">{}</span></code>'
    body = (f"<p>See {code.format('data/sources.csv')}, {code.format('data/missing.csv')}, "
            f"{code.format('value')}, {code.format('data/')}, {code.format('etl/')} "
            f"and <a href='x'>{code.format('data/sources.csv')}</a>.</p>")
    linked = publication.link_file_names(body, tmp_path, _config())
    soup = BeautifulSoup(linked, "html.parser")
    links = [a["href"] for a in soup.select("a.repository-file")]
    assert links == ["https://git.example.net/r/blob/trunk/data/sources.csv", "https://git.example.net/r/tree/trunk/data"]
    assert linked.count("<a ") == 3          # the name already inside a link is left alone
    assert publication.link_file_names(body, tmp_path, _config(repository="")) == body


def test_the_description_is_the_first_paragraph_of_prose_cut_at_a_word():
    body = "<p>Short.</p><p>" + " ".join(["word"] * 80) + "</p>"
    text = publication.description(body, limit=60)
    assert text.endswith("…") and len(text) <= 60 and "wor…" not in text
    assert publication.description("<p>A &amp; B are long enough to be the description of a page.</p>") \
        == "A & B are long enough to be the description of a page."


def test_open_graph_tags_give_absolute_addresses_and_escape_the_text():
    app = SimpleNamespace(config=SimpleNamespace(html_title="Book", project="Book", **vars(_config())))
    body = '<p>A "quoted" <b>title</b> of more than forty characters for the tags.</p><img src="../_images/c.png">'
    soup = BeautifulSoup(publication.meta_tags(app, "notebooks/01_x", "Title <1>", body), "html.parser")
    content = {tag.get("property") or tag.get("name"): tag["content"] for tag in soup.find_all("meta")}
    assert content["og:url"] == "https://example.net/book/notebooks/01_x.html"
    assert content["og:image"] == "https://example.net/book/_images/c.png"
    assert content["og:title"] == "Title <1>"
    assert content["description"].startswith('A "quoted" title')


# --- the built book -----------------------------------------------------------------------------

@pytest.mark.parametrize("name", PAGES)
def test_every_page_has_its_address_licence_version_and_sharing_tags(name):
    soup = page(name)
    address = BASE + name + ".html"
    assert soup.find("link", rel="canonical")["href"] == address
    assert soup.find("meta", property="og:url")["content"] == address
    assert soup.find("meta", attrs={"name": "description"})["content"].strip()
    assert soup.find("meta", property="og:title")["content"].strip()
    footer = soup.select_one("footer .colophon")
    assert footer, f"{name}: no colophon in the footer"
    assert footer.find("a", rel="license", string="CC BY 4.0")
    assert "version " in footer.get_text(" ")
    assert footer.find("a", href=REPOSITORY)
    assert address in soup.select_one(".cite-this-page").get_text(" ")
    assert soup.select_one(".header-article-items .publication-name").get_text(strip=True)


@pytest.mark.parametrize("name", [p for p in PAGES if p.startswith("notebooks/")])
def test_a_chapter_with_a_chart_shares_its_first_chart_and_links_its_source(name):
    soup = page(name)
    first = soup.select_one("article img")
    if first:
        image = soup.find("meta", property="og:image")["content"]
        assert image.startswith(BASE) and image.rsplit("/", 1)[1] == first["src"].rsplit("/", 1)[1]
    source = soup.select_one("footer .colophon-repository a[href*='/blob/']")
    assert source["href"].endswith(f"{name}.ipynb") and (ROOT / f"{name}.ipynb").is_file()


def test_file_names_on_pages_link_to_files_the_repository_holds():
    links = [a["href"] for name in PAGES for a in page(name).select("a.repository-file")]
    assert links, "no page links a file it names"
    for href in links:
        assert href.startswith(REPOSITORY + "/")
        path = href[len(REPOSITORY):].split("/", 3)[-1]     # /blob/<branch>/<path>
        assert (ROOT / path).exists(), href


def test_the_root_page_is_a_real_page_that_sends_readers_to_the_landing_page():
    text = (HTML / "index.html").read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    soup = BeautifulSoup(text, "html.parser")
    assert soup.html["lang"] and soup.title.get_text(strip=True)
    assert soup.find("a", href=f"{PAGES[0]}.html")
    assert f"url={PAGES[0]}.html" in soup.find("meta", attrs={"http-equiv": "refresh"})["content"]


def test_the_landing_page_opens_with_its_date_and_links_to_data_method_sources_pdf_and_citation():
    soup = page(PAGES[0])
    masthead = soup.select_one("article .masthead")
    assert masthead and "data as of" in masthead.get_text(" ")
    article = soup.select_one("article")
    assert article.select("h1, p")[1] is masthead.p, "the masthead is not just under the title"
    hrefs = [a["href"] for a in masthead.select("a")]
    for target in ("catalogue.html", "method.html", "sources.html", publication.PDF_NAME, "#cite-this-page"):
        assert any(href.endswith(target) for href in hrefs), target
    assert soup.find(id="cite-this-page")


def test_contributor_pages_are_built_outside_the_readers_navigation_and_linked_from_every_footer():
    contributors = [p for p in sorted((ROOT / "book").glob("*.md"))
                    if p.read_text(encoding="utf-8").startswith("---\norphan: true")]
    assert contributors, "no contributors' page"
    names = [f"book/{p.stem}" for p in contributors]
    assert not set(names) & set(PAGES), "a contributors' page is in _toc.yml"
    for name in names:
        assert (HTML / f"{name}.html").is_file(), f"{name} was not built"
    for name in PAGES:
        soup = page(name)
        sidebar = {a["href"].rsplit("/", 1)[-1] for a in soup.select("nav.bd-docs-nav a[href]")}
        assert not {f"{n.rsplit('/', 1)[1]}.html" for n in names} & sidebar, f"{name}: a contributors' page in the sidebar"
        footer = {a["href"].rsplit("/", 1)[-1] for a in soup.select("footer .colophon-contributors a")}
        assert footer == {f"{n.rsplit('/', 1)[1]}.html" for n in names}, f"{name}: footer links {footer}"
