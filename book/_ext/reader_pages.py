"""Sphinx extension: what a reader can take away from every page (listed in _config.yml).

* A "Cite this page" block at the end of every page of the book: plain text and BibTeX, with the
  book's version (the ``northeast`` package's version, from pyproject.toml) and its data-as-of
  date, computed from the data when the book is built: the newest ``published`` date in
  ``data/sources.csv``, and the last year of the official series in ``data/series.csv``. The
  page's address is the one in ``html_baseurl`` when that is set; otherwise the reader's browser
  fills in the address it shows.
* On a chapter built from a notebook, a link to download that notebook as executed for the book
  (with its charts and numbers), the copy Sphinx keeps under ``_sources/``.
* Every cell of a table with a header row gets ``data-label`` (its column's header), so that
  book/_static/reader.css can stack a wide table's rows as labelled blocks on a phone.
* MyST substitutions for unit definitions, read from ``northeast.units`` (the glossary states
  them without typing a number).
"""
from __future__ import annotations

import csv
import hashlib
import html
import re
from importlib import metadata
from pathlib import Path

TABLE = re.compile(r"<table\b.*?</table>", re.S)
HEADER_CELL = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
ROW = re.compile(r"<tr\b[^>]*>.*?</tr>", re.S)
DATA_CELL = re.compile(r"<td\b(?![^>]*\bdata-label=)")
TAG = re.compile(r"<[^>]+>")
BIBTEX_SPECIAL = re.compile(r"([&%$#_{}])")


def _plain(fragment: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", TAG.sub("", fragment))).strip()


def data_as_of(folder: Path) -> tuple[str, str]:
    """(newest ``published`` date in sources.csv, last year in series.csv); '' when missing."""
    newest = last_year = ""
    if (folder / "sources.csv").is_file():
        with open(folder / "sources.csv", encoding="utf-8", newline="") as handle:
            newest = max((row.get("published") or "" for row in csv.DictReader(handle)), default="")
    if (folder / "series.csv").is_file():
        with open(folder / "series.csv", encoding="utf-8", newline="") as handle:
            # the official statistical series (exchange rates, a market series, run later)
            years = [row["year"] for row in csv.DictReader(handle)
                     if (row.get("year") or "").isdigit() and not row.get("metric", "").startswith("exchange_rate")]
        last_year = max(years, key=int, default="")
    return newest, last_year


def book_version() -> str:
    try:
        return metadata.version("northeast")
    except metadata.PackageNotFoundError:
        return "unversioned"


def collect(app, config) -> None:
    """Facts for the citation block, and unit substitutions, into the configuration (a change
    in them makes Sphinx write every page again)."""
    from northeast import units
    from northeast.periods import PeriodError, period_label

    newest, last_year = data_as_of(Path(app.srcdir) / "data")
    try:
        newest_words = period_label(newest) if newest else ""
    except PeriodError:
        newest_words = newest
    config.html_context = dict(config.html_context or {}, citation={
        "version": book_version(), "data_as_of": newest_words, "data_as_of_iso": newest,
        "series_last_year": last_year})
    substitutions = dict(getattr(config, "myst_substitutions", None) or {})
    substitutions.update({
        **chart_text_sizes(),
        "jin_in_kg": f"{units.convert(1, 'jin', 'kilograms'):g}",
        "mu_per_hectare": f"{1 / units.convert(1, 'mu', 'hectares'):g}",
    })
    config.myst_substitutions = substitutions


# The width of the text column on a 390 px phone, where a chart's phone rendering is shrunk to fit
# (tests/test_reader_pages.py measures it).
PHONE_COLUMN_PX = 342


def chart_text_sizes() -> dict[str, str]:
    """The smallest chart text in CSS px: at full size (the desktop page), and on a 390 px phone,
    where the phone rendering is shown narrower than it is drawn (book/reading-charts.md)."""
    from northeast import chart_sizes as charts   # not northeast.charts: no matplotlib in Sphinx

    full = charts.MIN_FONT_PT / 72 * charts.CSS_DPI
    phone = full * min(1, PHONE_COLUMN_PX / (charts.PHONE_WIDTH * charts.CSS_DPI))
    return {"chart_text_px": f"{full:.0f}", "chart_text_phone_px": f"{phone:.1f}".removesuffix(".0"),
            "chart_text_phone_smaller": f"{100 * (1 - phone / full):.0f}", "phone_column_px": str(PHONE_COLUMN_PX)}


def _bibtex(value: str) -> str:
    return BIBTEX_SPECIAL.sub(r"\\\1", value)


def citation_block(app, pagename: str, title: str, facts: dict) -> str:
    author = app.config.author or "The contributors"
    book = app.config.html_title or app.config.project
    year = (re.search(r"\d{4}", str(app.config.copyright or "")) or re.search(r"\d{4}", facts["data_as_of_iso"]))
    year = year.group(0) if year else ""
    base = (app.config.html_baseurl or "").rstrip("/")
    url = f"{base}/{pagename}.html" if base else ""
    as_of = f"data as of {facts['data_as_of']}" if facts["data_as_of"] else ""
    plain = (f"{author} ({year}). {title}{'' if title.endswith(('?', '!', '.')) else '.'} In: {book}, version {facts['version']}"
             + (f", {as_of}" if as_of else "") + ". ")
    key = "northeast-report-" + re.sub(r"[^a-z0-9]+", "-", pagename.lower()).strip("-")
    fields = [("author", "{" + _bibtex(author) + "}"), ("title", _bibtex(title)),
              ("howpublished", _bibtex(f"In: {book}, version {facts['version']}")), ("year", year),
              ("note", _bibtex(as_of[0].upper() + as_of[1:]) if as_of else ""), ("url", url)]
    bibtex_lines = [f"@misc{{{key},"]
    for name, value in fields:
        if value or name == "url":
            bibtex_lines.append(f"  {name:<12} = {{{value}}},")
    bibtex = "\n".join(bibtex_lines).rstrip(",") + "\n}"
    url_html = (f'<span class="cite-url">{html.escape(url)}</span>' if url else
                '<span class="cite-url" data-fill="address"></span>')
    bibtex_html = html.escape(bibtex).replace(
        "url          = {}", 'url          = {<span class="cite-url" data-fill="address"></span>}')
    where = ("" if not facts["data_as_of"] else
             f'<p class="cite-note">The data-as-of date is the newest publication date in '
             f'<code>data/sources.csv</code>\'s <code>published</code> column (an article\'s date or a '
             f'table\'s release date; a copy\'s own date, in <code>copied</code>, does not count); the '
             f'official statistical series run to '
             f'{html.escape(facts["series_last_year"] or "their last year")}.</p>')
    return (
        '\n<aside class="cite-this-page" id="cite-this-page" aria-label="Cite this page">\n'
        '<p class="cite-heading">Cite this page</p>\n'
        f'<p class="cite-text">{html.escape(plain)}{url_html}</p>\n'
        f'<details class="cite-bibtex"><summary>BibTeX</summary><pre>{bibtex_html}</pre></details>\n'
        f"{where}\n"
        "<script>document.currentScript.parentElement.querySelectorAll('[data-fill=address]')"
        ".forEach(e => { e.textContent = location.origin + location.pathname; });</script>\n"
        "</aside>\n")


def notebook_link(app, pagename: str, context: dict) -> str:
    source = context.get("sourcename") or ""
    if not source.endswith(".ipynb") or not app.config.html_copy_source:
        return ""
    href = context["pathto"]("_sources/" + source, 1)
    name = Path(source).name
    return ('\n<p class="download-notebook">Download this chapter as a Jupyter notebook, executed for '
            f'this book (with its charts and numbers): <a href="{html.escape(href)}" download="{html.escape(name)}" '
            f'type="application/x-ipynb+json">{html.escape(name)}</a>. It reads the data through the '
            'report’s Python package: to run it again, use the project’s repository.</p>\n')


def label_cells(table: str) -> str:
    """Add each column's header text as data-label to the cells under it (rows with a cell
    spanning several columns are left alone)."""
    head = re.search(r"<thead\b.*?</thead>", table, re.S)
    if not head:
        return table
    labels = [_plain(cell) for cell in HEADER_CELL.findall(head.group(0))]

    def row(match: re.Match) -> str:
        text = match.group(0)
        if "colspan=" in text or "<th" in text:
            return text
        cells = iter(labels)
        return DATA_CELL.sub(lambda m: f'<td data-label="{html.escape(next(cells, ""))}"', text)

    body_start = head.end()
    return table[:body_start] + ROW.sub(row, table[body_start:])


def add_reader_parts(app, pagename, templatename, context, doctree) -> None:
    body = context.get("body")
    if not body or pagename not in app.env.titles:
        return
    title = app.env.titles[pagename].astext()
    body = TABLE.sub(lambda m: label_cells(m.group(0)), body)
    facts = context.get("citation") or app.config.html_context.get("citation")
    context["body"] = body + notebook_link(app, pagename, context) + citation_block(app, pagename, title, facts)


def _own_version() -> int:
    """A number that changes with the book's extensions and their static files (book/_ext), its
    static files and its templates. Sphinx neither rewrites pages nor copies static files when no
    page's source changed; a new env_version makes it do both."""
    book = Path(__file__).resolve().parent.parent
    files = [*sorted((book / "_ext").rglob("*.py")), *sorted((book / "_ext" / "static").rglob("*")),
             *sorted((book / "_static").rglob("*")), *sorted((book / "_templates").rglob("*"))]
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in files if p.is_file())).hexdigest()
    return int(digest[:12], 16)


def setup(app):
    app.connect("config-inited", collect)
    app.connect("html-page-context", add_reader_parts)
    return {"version": "1", "env_version": _own_version(), "parallel_read_safe": True, "parallel_write_safe": True}
