"""book/_ext/chart_export.py: a chart's downloadable PNG and SVG carry its headline, subtitle,
source line, licence and address around the drawing, and the text never runs past the drawing."""
from __future__ import annotations

import io
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from PIL import Image  # noqa: E402

from northeast.paths import ROOT  # noqa: E402

sys.path.insert(0, str(ROOT / "book" / "_ext"))
import chart_export  # noqa: E402

ADDRESS = "https://example.org/report/notebooks/03_trade.html#fig-x"


def drawing():
    fig, ax = plt.subplots(figsize=(7.2, 4))
    ax.plot([2020, 2021], [1, 2])
    png, svg = io.BytesIO(), io.StringIO()
    fig.savefig(png, format="png", dpi=200)
    fig.savefig(svg, format="svg")
    plt.close(fig)
    return png.getvalue(), svg.getvalue()


RECORD = {"name": "x", "headline": "Goods trade of the three provinces", "subtitle": "billion US dollars; 2016 to 2024",
          "source": "Source: National Bureau of Statistics of China, Total value of imports and exports. " * 3,
          "note": "A note & <caveat>.", "licence": "CC BY 4.0", "dpi": 200, "book": "The report"}


def test_the_png_frames_the_drawing_with_room_for_its_words():
    png, _ = drawing()
    chart = Image.open(io.BytesIO(png))
    framed = Image.open(io.BytesIO(chart_export.export_png(png, RECORD, ADDRESS)))
    assert framed.width > chart.width and framed.height > chart.height + 200   # headline above, 4+ lines below
    assert framed.info["northeast-chart"] == "x"
    below = chart_export.blocks(RECORD, ADDRESS)[1]
    font = chart_export._font(chart_export.FOOTER_PT, 200)
    for words, _, _ in below:
        for line in chart_export._wrap(words, font, chart.width):
            assert font.getlength(line) <= chart.width or " " not in line


def test_the_svg_nests_the_drawing_and_carries_every_word_as_text():
    _, svg = drawing()
    framed = chart_export.export_svg(svg, RECORD, ADDRESS)
    root = ET.fromstring(framed.encode())
    words = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    for expected in ("Goods trade of the three provinces", "Billion US dollars; 2016 to 2024", "Licence: CC BY 4.0",
                     ADDRESS, "<caveat>"):
        assert expected in words, expected
    nested = [e for e in root.iter("{http://www.w3.org/2000/svg}svg") if e is not root]
    assert len(nested) == 1 and not nested[0].get("width").endswith("pt")   # one point per outer unit
    assert float(root.get("height").removesuffix("pt")) > float(nested[0].get("height")) + 60


def test_a_chart_without_a_headline_takes_its_captions_first_clause():
    caption = "Goods trade of Liaoning, Jilin and Heilongjiang in billion US dollars: every year published."
    assert chart_export.headline_from_caption(caption) == "Goods trade of Liaoning, Jilin and Heilongjiang in billion US dollars"


def test_the_download_png_is_encoded_once_in_its_palette():
    png, _ = drawing()
    framed = Image.open(io.BytesIO(chart_export.export_png(png, RECORD, ADDRESS)))
    assert framed.mode == "P"   # the palette pass (light_pages) has nothing left to re-encode
    # the drawing's colours survive: its line colour is in the palette, exactly
    line = tuple(int(matplotlib.colors.to_rgb("C0")[i] * 255 + 0.5) for i in range(3))
    assert line in {colour for _, colour in framed.convert("RGB").getcolors(maxcolors=256)}


def test_a_failing_encoding_fails_the_build_after_the_others_finish(tmp_path):
    import light_pages

    class App:
        outdir = str(tmp_path)

        class builder:
            format = "html"

    done = []

    def fails():
        raise OSError("disk full")

    encoder = light_pages._encoder(App)
    encoder.submit(fails)
    encoder.submit(lambda: done.append(1))
    try:
        light_pages.palette_images(App, None)
    except OSError as exc:
        assert "disk full" in str(exc)
    else:
        raise AssertionError("a failed encoding passed silently")
    assert done == [1]
    assert not hasattr(App, "light_pages_encoder"), "the worker threads were left running"


def test_a_lighter_png_keeps_its_text_chunks_whether_or_not_the_palette_is_smaller():
    from PIL.PngImagePlugin import PngInfo

    from northeast.png import lighter

    def png_of(image):
        info = PngInfo()
        info.add_text("northeast-chart", "x")
        out = io.BytesIO()
        image.save(out, "PNG", pnginfo=info)
        return out.getvalue()

    flat = png_of(Image.new("RGB", (400, 300), "white"))           # a palette is smaller: re-encoded
    tiny = png_of(Image.new("RGB", (1, 1), "red"))                  # a palette adds more than it saves: kept
    assert Image.open(io.BytesIO(lighter(flat))).mode == "P"
    assert lighter(tiny) == tiny
    for original in (flat, tiny):
        assert Image.open(io.BytesIO(lighter(original))).info["northeast-chart"] == "x"
