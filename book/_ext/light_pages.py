"""Sphinx extension: lighter pages for the published book (listed in _config.yml).

The chapters' charts come out of matplotlib as full-colour PNGs; a chapter with eight of them
went over the 1.5 MB page budget (book/quality.md). This extension, and nothing in the
notebooks, makes the HTML lighter:

* every PNG under ``_images/`` is re-encoded with a palette of at most 256 colours (charts are
  flat colours and anti-aliased edges: about a third of the bytes, no visible change), only when
  that is smaller;
* a page loads the files of sphinx-design, of code highlighting and its copy buttons, and of
  toggle buttons only if its body uses them (every page loaded all of them), and the buttons'
  stylesheets do not block the first paint (those buttons are drawn by scripts anyway);
* every ``<img>`` gets its ``width`` and ``height`` (so the page does not jump as charts arrive;
  with ``height: auto`` so a narrow screen scales it without distortion) and
  ``decoding="async"``; all but the first image of a page load lazily, as the reader scrolls
  towards them, so the text above them paints first.
"""
from __future__ import annotations

import re
from pathlib import Path

from PIL import Image

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


def _palette_png(path: Path) -> None:
    """Re-encode a PNG with an adaptive palette if that makes it smaller."""
    with Image.open(path) as image:
        image.load()
    if image.mode == "P":
        return
    if image.mode in ("RGBA", "LA") and image.getchannel("A").getextrema()[0] < 255:
        quantized = image.convert("RGBA").quantize(colors=256, method=Image.Quantize.FASTOCTREE)
    else:
        quantized = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT,
                                                  dither=Image.Dither.NONE)
    tmp = path.with_suffix(".tmp.png")
    quantized.save(tmp, "PNG", optimize=True)
    if tmp.stat().st_size < path.stat().st_size:
        tmp.replace(path)
    else:
        tmp.unlink()


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


def palette_images(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for path in sorted(Path(app.outdir, "_images").glob("*.png")):
        _palette_png(path)


def setup(app):
    app.connect("html-page-context", lighten_images)
    app.connect("html-page-context", prune_assets, priority=900)   # after every other extension's
    app.connect("build-finished", palette_images)
    # env_version: bump on every change here, so that Sphinx rewrites every page
    return {"version": "5", "env_version": 5, "parallel_read_safe": True, "parallel_write_safe": True}
