"""A chart that carries itself: the downloadable PNG and SVG of a chart of ``northeast.charts.chart``
with its headline and subtitle above it and, below it, the source line, the licence and the address
of the page it is published on (read from ``html_baseurl``, configured once in _config.yml).

Used by light_pages.py when it writes a chart's files. The PNG is the page's desktop rendering with
the text set around it in the charts' own font (DejaVu Sans, which matplotlib ships); the SVG nests
the chart's SVG drawing in the same frame, with the same words as SVG text.
"""
from __future__ import annotations

import io
import re
import textwrap
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from PIL import Image, ImageDraw, ImageFont

from northeast import png

HEADLINE_PT, SUBTITLE_PT, FOOTER_PT = 15, 11, 9.5
MARGIN_PT = 10
INK, GREY = "#111111", "#333333"


@lru_cache(maxsize=None)
def _font(points: float, dpi: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    import matplotlib

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(Path(matplotlib.get_data_path(), "fonts", "ttf", name)),
                              size=round(points * dpi / 72))


def _wrap(text: str, font: ImageFont.FreeTypeFont, width_px: float) -> list[str]:
    """Lines of `text` no wider than `width_px` in `font` (words are never split)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split():
            trial = f"{line} {word}".strip()
            if line and font.getlength(trial) > width_px:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    return [line for line in lines if line]


def blocks(record: dict, address: str) -> tuple[list[tuple[str, float, bool]], list[tuple[str, float, bool]]]:
    """(the text above the chart, the text below it) as (words, points, bold) paragraphs."""
    above = [(record["headline"], HEADLINE_PT, True)] if record.get("headline") else []
    if record.get("subtitle"):
        above.append((record["subtitle"][:1].upper() + record["subtitle"][1:], SUBTITLE_PT, False))
    below = [(record["source"] + (f" {record['note']}" if record.get("note") else ""), FOOTER_PT, False),
             (f"Licence: {record['licence']} (data and code of the report; the figures belong to their "
              "publishers).", FOOTER_PT, False),
             (f"{record['book']}: {address}" if address else record["book"], FOOTER_PT, False)]
    return above, below


def _layout(paragraphs, width_px: float, dpi: int):
    """Each paragraph's lines with its font and line height in pixels."""
    laid = []
    for words, points, bold in paragraphs:
        font = _font(points, dpi, bold)
        laid.append((_wrap(words, font, width_px), font, points, bold, round(points * 1.35 * dpi / 72)))
    return laid


def export_png(desktop_png: bytes, record: dict, address: str) -> bytes:
    """The desktop rendering framed by its headline, subtitle, source, licence and address."""
    dpi = record["dpi"]
    chart = Image.open(io.BytesIO(desktop_png)).convert("RGB")
    margin = round(MARGIN_PT * dpi / 72)
    width = chart.width + 2 * margin
    above, below = (_layout(p, chart.width, dpi) for p in blocks(record, address))
    height_of = lambda laid: sum(len(lines) * step for lines, *_, step in laid)  # noqa: E731
    gap = margin // 2
    height = margin + height_of(above) + gap + chart.height + gap + height_of(below) + margin
    canvas = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(canvas)
    y = margin
    for lines, font, _, bold, step in above:
        for line in lines:
            draw.text((margin, y), line, font=font, fill=INK if bold else GREY)
            y += step
    y += gap
    canvas.paste(chart, (margin, y))
    y += chart.height + gap
    for lines, font, _, _, step in below:
        for line in lines:
            draw.text((margin, y), line, font=font, fill=GREY)
            y += step
    out = io.BytesIO()
    # in its palette at once: one encoding, not an RGB one that light_pages re-encodes
    png.to_palette(canvas).save(out, "PNG", optimize=True, pnginfo=_pnginfo(record["name"]))
    return out.getvalue()


def _pnginfo(name: str):
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("northeast-chart", name)
    return info


SVG_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([\d.]+)pt"\s+height="([\d.]+)pt"')


def export_svg(chart_svg: str, record: dict, address: str) -> str:
    """The chart's SVG drawing nested in a frame with the same words as the PNG, as SVG text."""
    start = chart_svg.index("<svg")
    inner = chart_svg[start:]
    size = SVG_SIZE.search(inner)
    if not size:
        raise ValueError(f"chart {record['name']}: its SVG has no size in points")
    chart_w, chart_h = float(size.group(1)), float(size.group(2))
    # lay the words out in points (72 per inch), measured with the same font as the PNG
    above, below = (_layout(p, chart_w, 72) for p in blocks(record, address))
    width = chart_w + 2 * MARGIN_PT
    parts, y = [], MARGIN_PT

    def text(laid, y):
        for lines, _, points, bold, step in laid:
            for line in lines:
                y += step
                weight = ' font-weight="bold"' if bold else ""
                parts.append(f'<text x="{MARGIN_PT}" y="{y - step * 0.3:.1f}" font-size="{points}"{weight} '
                             f'fill="{INK if bold else GREY}">{escape(line)}</text>')
        return y

    y = text(above, y) + MARGIN_PT / 2
    # the outer user unit is one point: the nested drawing's size in points, without the unit
    nested = SVG_SIZE.sub(lambda m: m.group(0).replace(f'"{m.group(1)}pt"', f'"{m.group(1)}"', 1)
                          .replace(f'"{m.group(2)}pt"', f'"{m.group(2)}"', 1), inner, count=1)
    nested = nested.replace("<svg", f'<svg x="{MARGIN_PT}" y="{y:.1f}"', 1)
    y = text(below, y + chart_h + MARGIN_PT / 2) + MARGIN_PT
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
            f'width="{width:.1f}pt" height="{y:.1f}pt" viewBox="0 0 {width:.1f} {y:.1f}" '
            f'font-family="DejaVu Sans, Bitstream Vera Sans, Arial, sans-serif">\n'
            f'<title>{escape(record.get("headline") or record["name"])}</title>\n'
            f'<rect width="100%" height="100%" fill="white"/>\n' + "\n".join(parts) + "\n" + nested + "</svg>\n")


def headline_from_caption(caption: str) -> str:
    """A headline for a chart that was given none: its caption's first clause."""
    first = re.split(r"(?<=[a-z0-9)])[.:;](\s|$)", caption.strip(), maxsplit=1)[0]
    return textwrap.shorten(first, 120, placeholder="…")
