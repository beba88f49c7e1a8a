"""Sphinx extension: lighter pages for the published book (listed in _config.yml).

Full-colour chart PNGs put a chapter with eight of them over the 1.5 MB page budget
(book/quality.md). The charts of ``northeast.charts.chart`` come from the notebooks already in a
palette of at most 256 colours (``northeast.png``: about a third of the bytes, no visible change);
this extension makes the rest of the HTML lighter:

* every other PNG under ``_images/`` and ``charts/`` is re-encoded in such a palette, only when
  that is smaller (in worker threads, as the charts' downloadable PNGs are: ``Encoder``);
* a page loads the files of sphinx-design, of code highlighting and its copy buttons, and of
  toggle buttons only if its body uses them (every page loaded all of them), and the buttons'
  stylesheets do not block the first paint (those buttons are drawn by scripts anyway);
* every ``<img>`` gets its ``width`` and ``height`` (so the page does not jump as charts arrive;
  with ``height: auto`` so a narrow screen scales it without distortion) and
  ``decoding="async"``; all but the first image of a page load lazily, as the reader scrolls
  towards them, so the text above them paints first.

It also puts each chart of ``northeast.charts.chart`` on the page. A chart's notebook output holds
the desktop PNG (named in a PNG text chunk) and, beside it, a record with the phone rendering, the
data it draws and its source line. For each such chart the page gets:

* a ``<picture>`` that serves the phone rendering (narrower, panels stacked) below 768 px and the
  desktop one above, both drawn at twice the CSS size so they are sharp on 2x screens, inside a link
  that opens the chart full size;
* a headline above the chart (what it shows) and its subtitle (units and period);
* the source line and note under the caption, in the page's own type, with links to the chart as a
  PNG and an SVG that carry their headline, source, licence and address (chart_export.py), a "Data
  (CSV)" link and a README (sources, units, period, caveats), written to ``charts/`` in the output
  with a JSON record of each rendering's smallest font size and the values the chart was given
  (read by tests/test_charts_browser.py).
"""
from __future__ import annotations

import base64
import html
import io
import json
import os
import re
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from PIL import Image

import chart_export
from northeast.chart_sizes import CHART_MIME
from northeast.png import lighter

IMG = re.compile(r"<img\b[^>]*>")
# Extensions whose files every page loads, and what in a page's body uses them. A page without
# any of it does not load them; a page with it loads the stylesheets of buttons that scripts add
# without blocking the first paint.
FEATURES = [
    (re.compile(r'class="[^"]*\bsd-'), ("sphinx-design.min.css", "design-tabs.js")),
    (re.compile(r'class="[^"]*\bhighlight'), ("pygments.css", "copybutton.css", "clipboard.min.js", "copybutton.js")),
    (re.compile(r'class="[^"]*\b(toggle|dropdown)'), ("togglebutton.css", "togglebutton.js")),
]
NOT_BLOCKING = {"copybutton.css", "togglebutton.css"}
SRC = re.compile(r'\bsrc="([^"]+)"')
TAG = re.compile(r"<[^>]+>")
CHARTS = "charts"                                      # output folder of the charts' files
PHONE_MEDIA = "screen and (max-width: 767.98px)"       # where the theme drops its sidebars (print: desktop)
FIGURE = re.compile(r'(<figure\b[^>]*>\s*)(<img\b[^>]*>)(.*?)(</figcaption>)', re.S)


def _sizes(app) -> dict[str, tuple[int, int]]:
    """Pixel size of each image the builder copies, by its name under _images/."""
    sizes = {}
    for source, name in getattr(app.builder, "images", {}).items():
        path = Path(app.srcdir, source)
        try:
            with Image.open(path) as image:
                sizes[name] = image.size
        except (OSError, ValueError):
            continue
    return sizes


def lighten_images(app, pagename, templatename, context, doctree) -> None:
    body = context.get("body")
    if not body or "<img" not in body:
        return
    sizes = _sizes(app)
    count = 0

    def rewrite(match: re.Match) -> str:
        nonlocal count
        tag = match.group(0)
        count += 1
        extra = []
        src = SRC.search(tag)
        size = sizes.get(src.group(1).rsplit("/", 1)[-1]) if src else None
        if size and " width=" not in tag and " height=" not in tag:
            # the attributes give the browser the aspect ratio; height:auto keeps it when the
            # theme's max-width:100% narrows the image (phones)
            extra.append(f'width="{size[0]}" height="{size[1]}"')
            if ' style="' in tag:
                tag = tag.replace(' style="', ' style="height: auto; ', 1)
            else:
                extra.append('style="height: auto"')
        if " decoding=" not in tag:
            extra.append('decoding="async"')
        if count > 1 and " loading=" not in tag:
            extra.append('loading="lazy"')
        return tag[:4] + " " + " ".join(extra) + tag[4:] if extra else tag

    context["body"] = IMG.sub(rewrite, body)


def _chart_records(app, pagename: str) -> dict[str, dict]:
    """The chart records in the outputs of a page's notebook, by chart name."""
    try:
        source = Path(app.env.doc2path(pagename))
    except Exception:  # noqa: BLE001 - a page without a source (genindex, search)
        return {}
    if source.suffix != ".ipynb" or not source.is_file():
        return {}
    notebook = json.loads(source.read_text(encoding="utf-8"))
    records = {}
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            record = output.get("data", {}).get(CHART_MIME)
            if record:
                records[record["name"]] = record
    return records


def _chart_name(app, image_name: str) -> str | None:
    """The chart a PNG under _images/ belongs to, from its text chunk (None if not a chart)."""
    for source, name in getattr(app.builder, "images", {}).items():
        if name == image_name:
            try:
                with Image.open(Path(app.srcdir, source)) as image:
                    return image.info.get("northeast-chart")
            except (OSError, ValueError):
                return None
    return None


def page_address(app, pagename: str, anchor: str = "") -> str:
    """The published address of a page (and anchor) from html_baseurl; '' while it is not set."""
    base = (app.config.html_baseurl or "").rstrip("/")
    return f"{base}/{pagename}.html" + (f"#{anchor}" if anchor else "") if base else ""


def _write_chart_files(app, record: dict, desktop_source: Path, desktop_size: tuple[int, int],
                       address: str) -> tuple[int, int]:
    """Write a chart's phone PNG, its PNG and SVG for download, CSV, README and JSON record under
    charts/; the phone PNG's size."""
    folder = Path(app.outdir, CHARTS)
    folder.mkdir(exist_ok=True)
    name = record["name"]
    framed = dict(record, book=app.config.html_title or app.config.project)
    _encoder(app).submit(_write_export, folder / f"{name}.png", desktop_source.read_bytes(), framed, address)
    if record.get("svg"):
        (folder / f"{name}.svg").write_text(chart_export.export_svg(record["svg"], framed, address), encoding="utf-8")
    phone_png = base64.b64decode(record["renderings"]["phone"]["png"])
    (folder / f"{name}-phone.png").write_bytes(phone_png)
    (folder / f"{name}.csv").write_text(record["csv"], encoding="utf-8")
    (folder / f"{name}.README.txt").write_text(record["readme"], encoding="utf-8")
    with Image.open(io.BytesIO(phone_png)) as image:
        phone_size = image.size
    renderings = {
        "desktop": dict(record["renderings"]["desktop"], width=desktop_size[0], height=desktop_size[1]),
        "phone": {"min_font_pt": record["renderings"]["phone"]["min_font_pt"], "file": f"{name}-phone.png",
                  "width": phone_size[0], "height": phone_size[1]},
    }
    sidecar = {key: record.get(key) for key in ("name", "headline", "subtitle", "source", "note", "licence", "dpi",
                                                "css_dpi", "columns", "values")}
    sidecar.update(renderings=renderings, csv=f"{name}.csv", readme=f"{name}.README.txt", png=f"{name}.png",
                   svg=f"{name}.svg" if record.get("svg") else None, address=address)
    (folder / f"{name}.json").write_text(json.dumps(sidecar, indent=1, ensure_ascii=False), encoding="utf-8")
    return phone_size


def chart_figures(app, pagename, templatename, context, doctree) -> None:
    """Serve each chart as a phone or desktop rendering, open it full size on a click, and put its
    source line and data links under its caption."""
    body = context.get("body")
    if not body or "<figure" not in body:
        return
    records = _chart_records(app, pagename)
    if not records:
        return
    sizes = _sizes(app)
    sources = {name: Path(app.srcdir, source) for source, name in getattr(app.builder, "images", {}).items()}
    up = "../" * pagename.count("/")

    def rewrite(match: re.Match) -> str:
        start, img, middle, end = match.groups()
        anchor = re.search(r'\bid="([^"]+)"', start)
        src = SRC.search(img)
        image_name = src.group(1).rsplit("/", 1)[-1] if src else ""
        chart = _chart_name(app, image_name)
        record = records.get(chart or "")
        if not record or image_name not in sizes:
            return match.group(0)
        desktop = sizes[image_name]
        caption = TAG.sub("", middle.split("<figcaption", 1)[-1].split(">", 1)[-1])
        caption = re.sub(r"^\s*Fig(ure|\.)\s*[\d.]+\s*", "", html.unescape(caption)).strip()
        record = dict(record, headline=record.get("headline") or chart_export.headline_from_caption(caption))
        address = page_address(app, pagename, anchor.group(1) if anchor else "")
        phone = _write_chart_files(app, record, sources[image_name], desktop, address)
        ratio = record["dpi"] / record["css_dpi"]
        name = html.escape(record["name"])

        def css(size):
            return f'width="{round(size[0] / ratio)}" height="{round(size[1] / ratio)}"'

        img = img.replace("<img ", f'<img data-chart="{name}" {css(desktop)} style="height: auto" ', 1)
        heading = (f'<p class="chart-headline">{html.escape(record["headline"])}</p>'
                   + (f'<p class="chart-subtitle">{html.escape(record["subtitle"][:1].upper() + record["subtitle"][1:])}</p>'
                      if record.get("subtitle") else ""))
        picture = (f'<a class="chart-full" href="{up}{CHARTS}/{name}.png" title="Open the chart full size, '
                   f'with its title, source and licence">'
                   f'<picture><source media="{PHONE_MEDIA}" srcset="{up}{CHARTS}/{name}-phone.png" {css(phone)}>'
                   f'{img}</picture></a>')
        words = html.escape(record["source"] + (f" {record['note']}" if record["note"] else ""))
        svg = (f' · <a class="chart-svg" href="{up}{CHARTS}/{name}.svg" download>SVG</a>' if record.get("svg") else "")
        footer = (f'<p class="chart-source">{words}</p>\n'
                  f'<p class="chart-downloads">Download: <a class="chart-png" href="{up}{CHARTS}/{name}.png" '
                  f'download>PNG</a>{svg} · '
                  f'<a class="chart-data" href="{up}{CHARTS}/{name}.csv" download>Data (CSV)</a> · '
                  f'<a class="chart-readme" href="{up}{CHARTS}/{name}.README.txt">About the data</a></p>\n')
        return start + heading + picture + middle + footer + end

    context["body"] = FIGURE.sub(rewrite, body)


def _name(asset) -> str:
    return str(getattr(asset, "filename", "") or "").rsplit("/", 1)[-1]


def prune_assets(app, pagename, templatename, context, doctree) -> None:
    """Leave out the files of extensions the page does not use; load button styles without
    blocking the first paint (media="print", switched to "all" once loaded)."""
    if not all(k in context for k in ("css_files", "script_files")):
        return
    body = context.get("body") or ""      # none on the search page: its results use none of them
    unused = {name for pattern, names in FEATURES if not pattern.search(body) for name in names}
    css_files = []
    for css in context["css_files"]:
        name = _name(css)
        if name in unused:
            continue
        if name in NOT_BLOCKING and css.attributes.get("media", "all") == "all":
            attributes = dict(css.attributes, media="print", onload="this.media='all'")
            css = type(css)(css.filename, priority=css.priority, **attributes)
        css_files.append(css)
    # in place: these are the builder's per-page lists, reset for every page
    context["css_files"][:] = css_files
    context["script_files"][:] = [js for js in context.get("script_files", []) if _name(js) not in unused]


class Encoder:
    """PNG encoding in worker threads: Pillow encodes without holding Python's lock, so the charts'
    download PNGs are encoded while Sphinx writes the next pages, on every core. ``finish`` waits for
    all of them and raises the first failure, so a broken chart still fails the build."""

    def __init__(self):
        self.pool = ThreadPoolExecutor(max_workers=os.cpu_count() or 1)
        self.pending: list[Future] = []

    def submit(self, function, *args) -> None:
        self.pending.append(self.pool.submit(function, *args))

    def finish(self) -> None:
        try:
            for future in self.pending:
                future.result()
        finally:
            self.pending = []


def _encoder(app) -> Encoder:
    if not hasattr(app, "light_pages_encoder"):
        app.light_pages_encoder = Encoder()
    return app.light_pages_encoder


def _write_export(path: Path, desktop_png: bytes, record: dict, address: str) -> None:
    path.write_bytes(chart_export.export_png(desktop_png, record, address))


def _lighten_file(path: Path) -> None:
    """The PNG at ``path`` in its palette if that is smaller (a chart's PNGs come in theirs already)."""
    png = path.read_bytes()
    light = lighter(png)
    if light != png:
        temporary = path.with_suffix(".tmp.png")
        temporary.write_bytes(light)
        temporary.replace(path)


def palette_images(app, exception) -> None:
    encoder = _encoder(app)
    try:
        encoder.finish()   # the charts' PNGs, before the palette pass reads the folder
        if exception is not None or app.builder.format != "html":
            return
        for folder in ("_images", CHARTS):
            for path in sorted(Path(app.outdir, folder).glob("*.png")):
                encoder.submit(_lighten_file, path)
        encoder.finish()
    finally:
        encoder.pool.shutdown(wait=True)
        del app.light_pages_encoder


def add_stylesheet(app) -> None:
    app.config.html_static_path.append(str(Path(__file__).with_name("static")))


def setup(app):
    app.connect("builder-inited", add_stylesheet)
    app.add_css_file("charts.css")
    app.setup_extension("print_pages")   # print.css, each page's printed address, the PDF edition's link
    app.connect("html-page-context", chart_figures, priority=400)   # before lighten_images (500)
    app.connect("html-page-context", lighten_images)
    app.connect("html-page-context", prune_assets, priority=900)   # after every other extension's
    app.connect("build-finished", palette_images)
    # env_version: bump on every change here, so that Sphinx rewrites every page
    return {"version": "14", "env_version": 14, "parallel_read_safe": True, "parallel_write_safe": True}
