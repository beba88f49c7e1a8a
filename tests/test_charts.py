"""northeast.charts: two renderings of a chart from one drawing function, no text below the
minimum, the data and README it publishes, lines broken at missing years, names from places.csv."""
from __future__ import annotations

import base64
import csv
import io

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from PIL import Image  # noqa: E402

from northeast import charts, data  # noqa: E402

SOURCE = "nbs-gdp-by-province"


@pytest.fixture
def shown(monkeypatch):
    """What charts.chart displays, instead of sending it to a notebook."""
    bundles = []
    monkeypatch.setattr(charts, "display", lambda bundle, raw: bundles.append(bundle))
    return bundles


def values_frame():
    return pd.DataFrame({"region": ["Liaoning", "Jilin"], "year": [2020, 2021], "value": [1.25, 2.5],
                         "unit": "percent"})


def two_panels(fig, phone):
    left, right = charts.panels(fig, 2, phone)
    left.plot([2020, 2021], [1.25, 2.5])
    right.plot([2020, 2021], [2.5, 1.25])
    left.text(2020.5, 2, "tiny note", fontsize=5)   # asks for less than the minimum


def test_a_missing_year_breaks_the_line():
    series = pd.Series([1.0, 2.0, 4.0], index=[2010, 2011, 2013])
    full = charts.year_series(series)
    assert list(full.index) == [2010, 2011, 2012, 2013] and np.isnan(full.loc[2012])
    fig, ax = plt.subplots()
    (line,) = charts.plot_years(ax, series, "-o")
    y = np.asarray(line.get_ydata(), dtype=float)
    assert np.isnan(y[2]) and list(y[[0, 1, 3]]) == [1.0, 2.0, 4.0]   # matplotlib leaves a gap at NaN
    plt.close(fig)


def test_panels_stand_side_by_side_on_the_desktop_and_stack_on_a_phone():
    for phone in (False, True):
        fig = plt.figure()
        axes = charts.panels(fig, 3, phone)
        boxes = [ax.get_position() for ax in axes]
        if phone:
            assert boxes[0].y0 > boxes[1].y0 > boxes[2].y0 and boxes[0].x0 == boxes[2].x0
        else:
            assert boxes[0].x0 < boxes[1].x0 < boxes[2].x0 and boxes[0].y0 == boxes[2].y0
        plt.close(fig)


def test_a_chart_is_rendered_for_desktop_and_phone_with_no_text_below_the_minimum(shown):
    charts.chart(two_panels, "test-chart", SOURCE, values_frame(), note="A note.", size=(8, 4), phone_height=6)
    (bundle,) = shown
    record = bundle[charts.CHART_MIME]
    desktop = Image.open(io.BytesIO(base64.b64decode(bundle["image/png"])))
    phone = Image.open(io.BytesIO(base64.b64decode(record["renderings"]["phone"]["png"])))
    assert desktop.info["northeast-chart"] == phone.info["northeast-chart"] == "test-chart"
    assert phone.width < desktop.width and phone.height > phone.width   # narrower, panels stacked
    assert desktop.width >= charts.DESKTOP_WIDTH * charts.DPI * 0.9       # drawn at 2x the CSS size
    for rendering in record["renderings"].values():
        assert rendering["min_font_pt"] == charts.MIN_FONT_PT             # the 5-point note was raised
    assert record["dpi"] == 2 * record["css_dpi"]


def test_a_chart_publishes_the_values_it_was_given_with_a_readme(shown):
    frame = values_frame()
    charts.chart(two_panels, "test-chart", SOURCE, frame, note="Nominal; revised vintage.")
    record = shown[0][charts.CHART_MIME]
    rows = list(csv.DictReader(io.StringIO(record["csv"])))
    assert [float(r["value"]) for r in rows] == list(frame["value"])
    assert record["columns"] == list(frame.columns) + ["source"]
    assert {r["source"] for r in rows} == {charts.source_line(SOURCE)}
    assert [v["value"] for v in record["values"]] == list(frame["value"])
    source = data.sources(source_id=SOURCE).iloc[0]
    assert record["source"] == charts.cite(SOURCE)
    readme = record["readme"]
    assert source["url"] in readme and "Units: percent" in readme and "Period: 2020 to 2021" in readme
    assert "Caveats: Nominal; revised vintage." in readme


def test_a_chart_without_units_or_period_or_with_a_bad_name_is_refused(shown):
    with pytest.raises(ValueError, match="value, unit and period or year"):
        charts.chart(two_panels, "test-chart", SOURCE, values_frame().drop(columns="unit"))
    with pytest.raises(ValueError, match="lower-case words"):
        charts.chart(two_panels, "Test chart", SOURCE, values_frame())
    assert not shown


def test_region_names_and_colours_follow_the_places_table():
    places = data.places(level=["country", "region", "province"]).set_index("code")["name"]
    for code in ("CN", "CN-NE3", "CN-LN", "CN-JL", "CN-HL"):
        assert charts.REGION_NAMES[code] == places[code]
    with pytest.raises(KeyError):
        charts.REGION_NAMES["CN-XX"]
    colours = {code: charts.region_colour(code) for code in ("CN", "CN-NE3", "CN-LN", "CN-JL", "CN-HL")}
    assert len(set(colours.values())) == 5 and colours["CN"] == "#555555"
    assert charts.region_colour("CN-LN-SY") == charts.NEUTRAL   # a city has no colour of its own


def test_derived_bars_are_hatched_on_white_and_printed_ones_solid():
    printed, derived = charts.bar_style("CN-LN"), charts.bar_style("CN-LN", derived=True)
    assert printed["color"] == charts.region_colour("CN-LN") and "hatch" not in printed
    assert derived["color"] == "white" and derived["hatch"] == charts.DERIVED_HATCH


def test_the_old_finish_still_lays_out_a_chart_not_yet_converted():
    fig, ax = plt.subplots()
    ax.plot([2020, 2021], [1, 2])
    charts.finish(fig, "A title", SOURCE, note="A note.", subtitle="A subtitle")
    words = [t.get_text() for t in charts.texts(fig)]
    assert "A title" in words and any(w.startswith("Source:") and "A note." in w for w in words)
    assert min(t.get_fontsize() for t in charts.texts(fig)) >= charts.MIN_FONT_PT
    plt.close(fig)


def test_values_keep_their_printed_precision_and_derived_ones_four_significant_figures():
    assert charts.published_precision(3020.94) == 3020.94            # printed (as converted): unchanged
    assert charts.published_precision(0.1 + 0.2) == 0.3               # binary noise dropped
    assert charts.published_precision(114.934213825) == 114.9         # computed here
    assert charts.published_precision(-0.0300482706862) == -0.03005
    assert np.isnan(charts.published_precision(float("nan")))


def test_each_row_of_a_charts_csv_cites_its_own_source():
    other = "nbs-rd-bulletin"
    frame = values_frame().assign(value=[1 / 3, 2.5], source_id=[SOURCE, other])
    tidy = charts.tidy_values(frame, [SOURCE, other])
    assert list(tidy["source"]) == [charts.source_line(SOURCE), charts.source_line(other)]
    assert list(tidy["value"]) == [0.3333, 2.5]
    assert charts.source_line(SOURCE) and not charts.source_line(SOURCE).startswith("Source")
    derived = values_frame().assign(source_ids=[(SOURCE, other), (other,)])
    tidy = charts.tidy_values(derived, [SOURCE, other])
    assert list(tidy["source"]) == [charts.source_line([SOURCE, other]), charts.source_line(other)]
    assert "source_ids" not in tidy.columns
    no_ids = charts.tidy_values(values_frame(), [SOURCE, other])
    assert set(no_ids["source"]) == {charts.source_line([SOURCE, other])}


def test_the_subtitle_gives_the_units_and_the_period_from_the_values(shown):
    assert charts.subtitle(values_frame()) == "percent; 2020 to 2021"
    one_year = values_frame().assign(year=2020, unit=["percent", "index, 2020 = 100"])
    assert charts.subtitle(one_year) == "percent; index, 2020 = 100; 2020"
    spans = pd.DataFrame({"period": ["2005/2014", "2016/2024", "2023-H1"], "value": 1.0, "unit": "points"})
    assert charts.subtitle(spans) == "points; 2005 to 2024"
    charts.chart(two_panels, "test-chart", SOURCE, values_frame(), headline="A headline")
    record = shown[0][charts.CHART_MIME]
    assert record["headline"] == "A headline" and record["subtitle"] == "percent; 2020 to 2021"
    assert record["licence"] == charts.LICENCE and record["svg"].lstrip().startswith("<?xml")


def test_an_aggregate_computed_here_is_named_for_readers_in_chart_data():
    """The 31 provinces' sum is not a place in places.csv: its chart rows carry its reader's label, never the code."""
    from northeast import facts

    wide = pd.DataFrame({facts.PROVINCES_SUM: [1.0, 2.0], "CN-LN": [3.0, None]}, index=[2020, 2021])
    rows = charts.long_values(wide, [facts.PROVINCES_SUM, "CN-LN"], "%")
    assert set(rows["region"]) == {facts.LABELS[facts.PROVINCES_SUM], charts.REGION_NAMES["CN-LN"]}
    assert not rows["region"].str.fullmatch(r"CN(-\w+)?").any()
