"""Sphinx extension: what makes every page a publication (listed in _config.yml).

The book's public address (``html_baseurl``) and its repository (``html_theme_options``:
``repository_url``, ``repository_branch``) are configured once, in _config.yml; everything here
reads them through ``book_address`` and ``repository_link``:

* the colophon in every page's footer (book/_templates/colophon.html): licence, version, data-as-of
  date, the page's address, the repository and the page's own source file, and the contributors'
  pages (``orphan: true``, outside the reader's navigation);
* a link from every file name a page shows in code (``data/sources.csv``, ``northeast/units.py``)
  to that file in the repository, when the repository holds it;
* description and Open Graph tags, with the page's first chart as its image (absolute addresses,
  so that a shared link shows the chart); Sphinx adds the canonical link from ``html_baseurl``;
* on the landing page, a masthead with the version and date and links to the data, the method,
  the sources, the PDF edition and the citation;
* a real root ``index.html`` (doctype, language, title, description) that sends readers to the
  landing page, instead of sphinx-external-toc's one-line redirect.
"""
from __future__ import annotations

import html
import posixpath
import re
from pathlib import Path

LICENCE = ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/")
PDF_NAME = "northeast-china-report.pdf"   # written by `make book` (northeast/tooling/pdf.py)
CODE_PATH = re.compile(r'(?<!<a )(<code class="docutils literal notranslate"><span class="pre">)'
                       r'([\w.-]+(?:/[\w.-]+)*\.\w+|[\w.-]+/)(</span></code>)')
FIRST_IMAGE = re.compile(r'<img\b[^>]*?\bsrc="([^"]+)"')
PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.S)
TAG = re.compile(r"<[^>]+>")


def _repository_root() -> Path:
    from northeast.paths import ROOT
    return ROOT


def book_address(config) -> str:
    """The book's public address with a trailing slash ('' when none is configured)."""
    base = (getattr(config, "html_baseurl", "") or "").strip()
    return base.rstrip("/") + "/" if base else ""


def repository_link(config, path: str = "") -> str:
    """The repository's address, or the address of one file in it ('' when none is configured)."""
    options = getattr(config, "html_theme_options", None) or {}
    url = (options.get("repository_url") or "").rstrip("/")
    if not url or not path:
        return url
    branch = options.get("repository_branch") or "main"
    kind = "tree" if path.endswith("/") else "blob"
    return f"{url}/{kind}/{branch}/{path.strip('/')}"


def _plain(fragment: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", TAG.sub(" ", fragment))).strip()


def description(body: str, limit: int = 200) -> str:
    """The page's first paragraph of prose, shortened at a word to at most ``limit`` characters."""
    for match in PARAGRAPH.finditer(body):
        text = _plain(match.group(1))
        if len(text) > 40:
            if len(text) <= limit:
                return text
            return text[:limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return ""


def link_file_names(body: str, root: Path, config) -> str:
    """Each file or folder name shown in code that the repository holds becomes a link to it."""
    if not repository_link(config):
        return body

    def link(match: re.Match) -> str:
        name = match.group(2)
        exists = (root / name).is_dir() if name.endswith("/") else (root / name).is_file()
        if not exists or name.startswith(("/", "..")):
            return match.group(0)
        href = html.escape(repository_link(config, name))
        return f'<a class="reference external repository-file" href="{href}">{match.group(0)}</a>'

    parts = re.split(r"(<a\b.*?</a>)", body, flags=re.S)   # leave names already inside a link
    return "".join(part if index % 2 else CODE_PATH.sub(link, part) for index, part in enumerate(parts))


def _absolute(base: str, pagename: str, src: str) -> str:
    if re.match(r"^[a-z]+:", src):
        return src
    return base + posixpath.normpath(posixpath.join(posixpath.dirname(pagename), src))


def meta_tags(app, pagename: str, title: str, body: str) -> str:
    book = app.config.html_title or app.config.project
    base = book_address(app.config)
    text = description(body) or book
    tags = [("name", "description", text), ("property", "og:site_name", book),
            ("property", "og:title", title), ("property", "og:description", text),
            ("property", "og:type", "article"), ("property", "og:locale", "en_GB")]
    if base:
        tags.append(("property", "og:url", base + pagename + ".html"))
        image = FIRST_IMAGE.search(body)
        if image:
            tags += [("property", "og:image", _absolute(base, pagename, html.unescape(image.group(1)))),
                     ("name", "twitter:card", "summary_large_image")]
    return "".join(f'<meta {kind}="{name}" content="{html.escape(value)}">\n' for kind, name, value in tags)


def masthead(app, pagename: str, facts: dict, pathto) -> str:
    """The landing page's top line: version, date, and where the data, method, sources, PDF and
    citation are."""
    as_of = facts.get("data_as_of")
    date = f"data as of {html.escape(as_of)}" if as_of else ""
    links = [(pathto("book/catalogue"), "The data"), (pathto("book/method"), "Method"),
             (pathto("book/sources"), "Sources"), (pathto(PDF_NAME, 1), "PDF edition"),
             ("#cite-this-page", "Cite this report")]
    items = "".join(f'<li><a href="{html.escape(href)}">{label}</a></li>' for href, label in links)
    return (f'<div class="masthead"><p class="masthead-edition">Version {html.escape(facts["version"])}'
            f'{", " + date if date else ""}</p>\n'
            f'<nav aria-label="About this report"><ul class="masthead-links">{items}</ul></nav></div>\n')


def contributor_pages(app) -> list[str]:
    """The contributors' pages: built, but outside the table of contents (``orphan: true``)."""
    return sorted(doc for doc in app.env.found_docs
                  if "orphan" in app.env.metadata.get(doc, {}) and doc in app.env.titles)


def add_publication_parts(app, pagename, templatename, context, doctree) -> None:
    body = context.get("body")
    facts = context.get("citation") or (app.config.html_context or {}).get("citation") or {}
    source = (context.get("sourcename") or "").removesuffix(".txt")
    root = _repository_root()
    context["colophon"] = {
        "licence": LICENCE, "version": facts.get("version", ""), "data_as_of": facts.get("data_as_of", ""),
        "address": book_address(app.config) + pagename + ".html" if book_address(app.config) else "",
        "repository": repository_link(app.config),
        "source": repository_link(app.config, source) if source and (root / source).is_file() else "",
        "source_name": source,
        "contributors": [(context["pathto"](doc), app.env.titles[doc].astext()) for doc in contributor_pages(app)]}
    if not body or pagename not in app.env.titles:
        return
    title = app.env.titles[pagename].astext()
    body = link_file_names(body, root, app.config)
    if repository_link(app.config):   # "use the project's repository" (the notebook download) links it
        body = body.replace("the project’s repository",
                            f'the <a href="{html.escape(repository_link(app.config))}">project’s repository</a>')
    if pagename == app.config.root_doc:
        body = re.sub(r"(</h1>)", lambda m: m.group(1) + masthead(app, pagename, facts, context["pathto"]),
                      body, count=1)
    context["body"] = body
    context["metatags"] = context.get("metatags", "") + meta_tags(app, pagename, title, body)


def root_page(app, exception) -> None:
    """index.html: a small, valid page that sends readers to the landing page."""
    if exception is not None or app.builder.format != "html" or app.config.root_doc == "index":
        return
    book = html.escape(app.config.html_title or app.config.project)
    target = html.escape(app.config.root_doc + ".html")
    base = book_address(app.config)
    canonical = f'<link rel="canonical" href="{html.escape(base + app.config.root_doc)}.html">\n' if base else ""
    Path(app.outdir, "index.html").write_text(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{book}</title>\n"
        f'<meta name="description" content="{book}: an open, reproducible data report.">\n'
        f"{canonical}"
        f'<meta http-equiv="refresh" content="0; url={target}">\n'
        "</head>\n<body>\n"
        f'<p><a href="{target}">{book}</a></p>\n'
        "</body>\n</html>\n", encoding="utf-8")


def setup(app):
    app.connect("html-page-context", add_publication_parts, priority=600)  # after reader_pages' cite block
    app.connect("build-finished", root_page, priority=400)   # before sphinx-external-toc's redirect
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
