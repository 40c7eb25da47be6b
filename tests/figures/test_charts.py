"""The server-drawn SVG charts: well-formed, named, escaped, readable without colour."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
from flask import Flask
from markupsafe import Markup

from portal.figures import charts
from portal.figures.charts import Series

NS = {"svg": "http://www.w3.org/2000/svg"}
SVG = "{http://www.w3.org/2000/svg}"
ALLOWED = {"svg", "title", "desc", "defs", "pattern", "g", "rect", "path", "circle", "line", "text"}


@pytest.fixture
def english(app: Flask) -> Iterator[None]:
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        yield


def parse(svg: Markup) -> ET.Element:
    return ET.fromstring(str(svg))  # noqa: S314 - our own output


def bars(root: ET.Element) -> list[ET.Element]:
    return [r for r in root.iter(f"{SVG}rect") if r.get("class") == "chart__bar"]


def texts(root: ET.Element) -> list[str]:
    return [t.text or "" for t in root.iter(f"{SVG}text")]


def weekly(series: list[Series]) -> Markup:
    return charts.column_chart(
        "chart-test",
        locale="en",
        title="Inquiries per week",
        description="Numbers in the table.",
        table_id="table-test",
        categories=[f"Week {n}" for n in range(1, len(series[0].values) + 1)],
        ticks=[str(n) for n in range(1, len(series[0].values) + 1)],
        series=series,
        axis_label="ISO week",
    )


def contrast_with_white(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (luminance + 0.05)


@pytest.mark.usefixtures("english")
def test_a_column_chart_is_a_named_image_pointing_at_its_table() -> None:
    root = parse(weekly([Series("Ask for help", [1, 0, 3]), Series("Application", [2, 2, 0])]))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title = root.find("svg:title", NS)
    assert title is not None
    assert title.text == "Inquiries per week"
    assert root.get("aria-labelledby") == title.get("id")
    desc = root.find("svg:desc", NS)
    assert desc is not None
    assert desc.text == "Numbers in the table."
    assert root.get("aria-describedby") == desc.get("id")
    assert root.get("aria-details") == "table-test"
    assert {element.tag.removeprefix(SVG) for element in root.iter()} <= ALLOWED
    # One bar per value above zero; both series named in the legend.
    assert len(bars(root)) == 4
    assert {"Ask for help", "Application", "ISO week"} <= set(texts(root))


@pytest.mark.usefixtures("english")
def test_columns_are_as_tall_as_their_values_and_stack() -> None:
    root = parse(weekly([Series("A", [1, 2, 4]), Series("B", [0, 0, 4])]))
    found = bars(root)
    heights = [float(b.get("height", 0)) + 1 for b in found]  # one unit of gap per part
    assert heights[1] == pytest.approx(2 * heights[0], rel=0.02)
    assert heights[2] == pytest.approx(4 * heights[0], rel=0.02)
    # B's part of the third column sits on top of A's, with the same x.
    a3, b3 = found[2], found[3]
    assert a3.get("x") == b3.get("x")
    assert float(b3.get("y", 0)) + heights[3] == pytest.approx(float(a3.get("y", 0)), abs=0.2)
    # Totals above the columns when there is room.
    assert {"1", "2", "8"} <= set(texts(root))


@pytest.mark.usefixtures("english")
def test_an_empty_period_draws_axes_but_no_bars() -> None:
    root = parse(weekly([Series("A", [0, 0, 0, 0])]))
    assert bars(root) == []
    assert "0" in texts(root)


@pytest.mark.usefixtures("english")
def test_every_text_is_escaped() -> None:
    nasty = '<script>alert("x")</script> & Co'
    svg = charts.bar_chart(
        "chart-test",
        locale="en",
        title=nasty,
        description=nasty,
        table_id="table-test",
        categories=[nasty],
        series=[Series(nasty, [3]), Series("Other", [1])],
    )
    assert "<script" not in str(svg)
    root = parse(svg)
    assert root.find("svg:title", NS) is not None
    assert root.findtext("svg:title", namespaces=NS) == nasty
    assert nasty in texts(root)  # the legend
    assert not list(root.iter(f"{SVG}script"))


@pytest.mark.parametrize("bad", ['x" onload="alert(1)', "Chart", "1chart", ""])
def test_ids_are_checked(bad: str) -> None:
    with pytest.raises(ValueError, match="ids"):
        charts.share_chart(
            bad,
            title="t",
            description="d",
            table_id="table-x",
            rows=[],
            no_data="No data",
            locale="en",
        )


@pytest.mark.usefixtures("english")
def test_series_differ_by_pattern_not_only_by_colour() -> None:
    root = parse(weekly([Series(f"Kind {i}", [1, 1]) for i in range(4)]))
    patterns = {p.get("id"): p for p in root.iter(f"{SVG}pattern")}
    fills = [b.get("fill", "") for b in bars(root)[:4]]  # the four parts of the first column
    assert len(set(fills)) == 4
    marks = set()
    for fill in fills:
        if fill.startswith("url(#"):
            pattern = patterns[fill[5:-1]]  # every pattern used is defined
            marks.add("".join(ET.tostring(child, encoding="unicode") for child in pattern[1:]))
        else:
            marks.add("solid")
    # Solid, stripes, dots, lines: four different shapes, whatever the colours.
    assert len(marks) == 4
    # The legend shows the same fills next to the names.
    legend = root.find("svg:g[@class='chart__legend']", NS)
    assert legend is not None
    assert [r.get("fill") for r in legend.iter(f"{SVG}rect")] == fills
    assert [t.text for t in legend.iter(f"{SVG}text")] == [f"Kind {i}" for i in range(4)]


@pytest.mark.usefixtures("english")
def test_every_colour_has_3_to_1_contrast_against_white() -> None:
    drawn = str(weekly([Series(f"Kind {i}", [1, 2]) for i in range(4)])) + str(
        charts.share_chart(
            "chart-share",
            locale="en",
            title="Shares",
            description="d",
            table_id="table-share",
            rows=[("On time", 0.5)],
            no_data="No data",
        )
    )
    colours = set(re.findall(r'(?:fill|stroke)="(#[0-9a-fA-F]{6})"', drawn))
    assert set(charts.COLOURS) <= colours
    for colour in colours:
        assert contrast_with_white(colour) >= 3, colour


@pytest.mark.usefixtures("english")
def test_horizontal_bars_are_as_long_as_their_values() -> None:
    root = parse(
        charts.bar_chart(
            "chart-test",
            locale="en",
            title="By age band",
            description="d",
            table_id="table-test",
            categories=["6-9 years", "10-13 years", "Not given"],
            series=[Series("Children", [1, 2, 4])],
        )
    )
    widths = [float(b.get("width", 0)) + 1 for b in bars(root)]
    assert widths[1] == pytest.approx(2 * widths[0], rel=0.02)
    assert widths[2] == pytest.approx(4 * widths[0], rel=0.02)
    assert {"6-9 years", "10-13 years", "Not given", "1", "2", "4"} <= set(texts(root))
    # One series: no legend.
    assert root.find("svg:g[@class='chart__legend']", NS) is None


@pytest.mark.usefixtures("english")
def test_share_bars_fill_their_track_and_say_the_percentage() -> None:
    root = parse(
        charts.share_chart(
            "chart-share",
            locale="en",
            title="Deadlines met",
            description="d",
            table_id="table-share",
            rows=[("Assessed within 24 hours", 2 / 3), ("Receipts", None), ("Other", 0.0)],
            no_data="No data",
        )
    )
    tracks = [r for r in root.iter(f"{SVG}rect") if r.get("class") == "chart__track"]
    assert len(tracks) == 3
    (bar,) = bars(root)
    assert float(bar.get("width", 0)) / float(tracks[0].get("width", 1)) == pytest.approx(
        2 / 3, abs=0.001
    )
    assert {"67%", "No data", "0%"} <= set(texts(root))


@pytest.mark.parametrize(
    ("largest", "step"), [(0, 1), (3, 1), (7, 2), (12, 5), (52, 20), (100, 20), (1234, 500)]
)
def test_gridlines_fall_on_round_numbers(largest: int, step: int) -> None:
    assert charts.nice_step(largest) == step
