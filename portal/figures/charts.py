"""Charts as plain inline SVG, drawn on the server: no script, no web fonts, no styles.

Each chart is an image (role="img") named by its <title>, with a short <desc>, and
points with aria-details to the data table beside it, which holds every number. The
colours have at least 3:1 contrast against white; series also differ by pattern
(solid, stripes, dots, lines) and are named in a legend, so colour is never the only
cue. Every text is escaped: the SVG is built with markupsafe's ``Markup.format``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from babel.numbers import format_decimal, format_percent
from markupsafe import Markup

# Series colours, each at least 3:1 (in fact 6:1 or more) against white.
COLOURS = ("#1d4f91", "#a34100", "#0b6b3a", "#6b3fa0")
INK = "#1b1b1f"
GRID = "#767684"
WIDTH = 720
FONT = 13  # px in the viewBox; the SVG scales with the column, the table does not
_ID = re.compile(r"^[a-z][a-z0-9-]*$")


@dataclass(frozen=True)
class Series:
    """One named row of values, one value per category."""

    label: str
    values: Sequence[float]


def _n(value: float) -> str:
    """A coordinate, short."""
    return f"{value:.1f}".removesuffix(".0")


def _text_width(text: str, size: float = FONT) -> float:
    # No font metrics on the server: an average glyph is a little over half the size.
    return len(text) * size * 0.58


def _colour(index: int) -> str:
    return COLOURS[index % len(COLOURS)]


# Marks in white over the series colour; index 0 is solid. Patterns repeat after four.
_MARKS = (
    "",
    '<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="#fff" stroke-width="2"/>',
    '<circle cx="4" cy="4" r="1.6" fill="#fff"/>',
    '<path d="M0,4 h8" stroke="#fff" stroke-width="2"/>',
)


def _defs(chart_id: str, count: int) -> Markup:
    patterns = Markup("")
    for index in range(1, count):
        marks = _MARKS[index % len(_MARKS)]
        if not marks:
            continue
        patterns += Markup(
            '<pattern id="{id}-p{i}" width="8" height="8" patternUnits="userSpaceOnUse">'
            '<rect width="8" height="8" fill="{colour}"/>{marks}</pattern>'
        ).format(id=chart_id, i=index, colour=_colour(index), marks=Markup(marks))  # noqa: S704 - constant
    return Markup("<defs>{}</defs>").format(patterns) if patterns else Markup("")


def _series_fill(chart_id: str, index: int) -> str:
    return _colour(index) if index % len(_MARKS) == 0 else f"url(#{chart_id}-p{index})"


def _text(x: float, y: float, text: str, *, anchor: str = "start") -> Markup:
    return Markup(
        '<text x="{x}" y="{y}" font-size="{size}" text-anchor="{anchor}" fill="{ink}">{text}</text>'
    ).format(x=_n(x), y=_n(y), size=FONT, anchor=anchor, ink=INK, text=text)


def _open(chart_id: str, height: float, title: str, description: str, table_id: str) -> Markup:
    if not _ID.match(chart_id) or not _ID.match(table_id):
        raise ValueError("chart and table ids are lowercase words joined by hyphens")
    return Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" '
        'height="{h}" class="chart__svg" role="img" focusable="false" '
        'aria-labelledby="{id}-title" aria-describedby="{id}-desc" aria-details="{table}">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
    ).format(w=WIDTH, h=_n(height), id=chart_id, table=table_id, title=title, desc=description)


def _legend(chart_id: str, series: Sequence[Series]) -> tuple[Markup, float]:
    """Swatches with names, wrapped into lines; returns the markup and the height used."""
    if len(series) < 2:
        return Markup(""), 0.0
    out = Markup('<g class="chart__legend">')
    x, y, line = 0.0, 0.0, 22.0
    for index, one in enumerate(series):
        width = 24 + _text_width(one.label) + 20
        if x > 0 and x + width > WIDTH:
            x, y = 0.0, y + line
        out += Markup(
            '<rect x="{x}" y="{y}" width="18" height="14" fill="{fill}" stroke="{colour}"/>'
        ).format(x=_n(x), y=_n(y), fill=_series_fill(chart_id, index), colour=_colour(index))
        out += _text(x + 24, y + 12, one.label)
        x += width
    return out + Markup("</g>"), y + line


def _fit(text: str, width: float) -> str:
    """``text`` cut with an ellipsis to fit ``width`` (the table beside has it in full)."""
    if _text_width(text) <= width:
        return text
    keep = max(1, int(width / (FONT * 0.58)) - 1)
    return text[:keep].rstrip() + "\N{HORIZONTAL ELLIPSIS}"


def _numbers(locale: str) -> Callable[[float], str]:
    """Numbers as ``locale`` writes them."""
    return lambda value: format_decimal(value, locale=locale)


def nice_step(maximum: float, ticks: int = 5) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving at most ``ticks`` gridlines."""
    if maximum <= 0:
        return 1.0
    raw = maximum / ticks
    power = 10 ** math.floor(math.log10(raw))
    factor = next(f for f in (1, 2, 5, 10) if f * power >= raw)
    return max(1.0, float(factor * power))


def _bar(x: float, y: float, w: float, h: float, chart_id: str, index: int, tip: str) -> Markup:
    # Outlined in the series colour so a patterned bar keeps its edge against white.
    return Markup(
        '<rect class="chart__bar" x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}" '
        'stroke="{colour}"><title>{tip}</title></rect>'
    ).format(
        x=_n(x),
        y=_n(y),
        w=_n(w),
        h=_n(h),
        fill=_series_fill(chart_id, index),
        colour=_colour(index),
        tip=tip,
    )


def _line(x1: float, y1: float, x2: float, y2: float, colour: str, width: float) -> Markup:
    return Markup(
        '<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="{colour}" stroke-width="{w}"/>'
    ).format(x1=_n(x1), y1=_n(y1), x2=_n(x2), y2=_n(y2), colour=colour, w=_n(width))


def column_chart(
    chart_id: str,
    *,
    title: str,
    description: str,
    table_id: str,
    categories: Sequence[str],
    ticks: Sequence[str],
    series: Sequence[Series],
    axis_label: str,
    locale: str,
) -> Markup:
    """Stacked columns, one per category (e.g. a week), with the total above when there is
    room; ``ticks`` are the short labels under the axis (e.g. week numbers). Numbers are
    written for ``locale``."""
    number = _numbers(locale)
    legend, legend_height = _legend(chart_id, series)
    left, right, bottom, plot_height = 48.0, 12.0, 44.0, 220.0
    top = legend_height + 24
    base = top + plot_height
    height = base + bottom
    totals = [sum(s.values[i] for s in series) for i in range(len(categories))]
    largest = max(totals, default=0)
    step = nice_step(largest)
    top_value = step * max(1, math.ceil(largest / step))
    scale = plot_height / top_value
    out = _open(chart_id, height, title, description, table_id) + _defs(chart_id, len(series))
    out += legend
    for k in range(1, round(top_value / step) + 1):
        y = base - k * step * scale
        out += _line(left, y, WIDTH - right, y, GRID, 0.5)
        out += _text(left - 6, y + 4, number(int(k * step)), anchor="end")
    out += _text(left - 6, base + 4, number(0), anchor="end")
    band = (WIDTH - left - right) / max(1, len(categories))
    bar_width = max(2.0, band * 0.7)
    every = max(1, math.ceil(len(categories) / 13))
    for i, category in enumerate(categories):
        x = left + i * band + (band - bar_width) / 2
        y = base
        for index, one in enumerate(series):
            if one.values[i] <= 0:
                continue
            h = one.values[i] * scale
            tip = f"{category}: {one.label} {number(one.values[i])}"
            # One unit of white between stacked parts keeps them apart.
            out += _bar(x, y - h, bar_width, max(h - 1, 0.5), chart_id, index, tip)
            y -= h
        if totals[i] and band >= 24:
            out += _text(x + bar_width / 2, y - 4, number(totals[i]), anchor="middle")
        if i % every == 0:
            out += _text(x + bar_width / 2, base + 18, ticks[i], anchor="middle")
    out += _line(left, base, WIDTH - right, base, INK, 1.5)
    out += _text(left + (WIDTH - left - right) / 2, height - 6, axis_label, anchor="middle")
    return out + Markup("</svg>")


def bar_chart(
    chart_id: str,
    *,
    title: str,
    description: str,
    table_id: str,
    categories: Sequence[str],
    series: Sequence[Series],
    locale: str,
    value_text: Callable[[float], str] | None = None,
) -> Markup:
    """Horizontal (stacked) bars, one row per category, each labelled with its total (by
    ``value_text``; else the number, written for ``locale``)."""
    value_text = value_text or _numbers(locale)
    legend, legend_height = _legend(chart_id, series)
    row, bar_height = 30.0, 20.0
    top = legend_height + 4
    label_width = min(240.0, max((_text_width(c) for c in categories), default=0) + 12)
    totals = [sum(s.values[i] for s in series) for i in range(len(categories))]
    texts = [value_text(total) for total in totals]
    track = WIDTH - label_width - max((_text_width(t) for t in texts), default=0) - 12
    largest = max(totals, default=0) or 1
    height = top + row * len(categories) + 4
    out = _open(chart_id, height, title, description, table_id) + _defs(chart_id, len(series))
    out += legend
    for i, category in enumerate(categories):
        y = top + i * row + (row - bar_height) / 2
        out += _text(label_width - 8, y + 15, _fit(category, label_width - 12), anchor="end")
        x = label_width
        for index, one in enumerate(series):
            if one.values[i] <= 0:
                continue
            w = one.values[i] / largest * track
            tip = f"{category}: {one.label} {value_text(one.values[i])}"
            out += _bar(x, y, max(w - 1, 0.5), bar_height, chart_id, index, tip)
            x += w
        out += _text(x + 6, y + 15, texts[i])
    out += _line(label_width, top, label_width, height - 4, INK, 1.5)
    return out + Markup("</svg>")


def share_chart(
    chart_id: str,
    *,
    title: str,
    description: str,
    table_id: str,
    rows: Sequence[tuple[str, float | None]],
    no_data: str,
    locale: str,
) -> Markup:
    """One bar per measure on an outlined 0-100 % track, labelled with the percentage
    (written for ``locale``)."""
    row, bar_height = 34.0, 20.0
    label_width = min(320.0, max((_text_width(label) for label, _ in rows), default=0) + 12)
    track = WIDTH - label_width - max(_text_width(no_data), _text_width("100 %")) - 16
    height = 8 + row * len(rows)
    out = _open(chart_id, height, title, description, table_id)
    for i, (label, share) in enumerate(rows):
        y = 4 + i * row + (row - bar_height) / 2
        out += _text(label_width - 8, y + 15, _fit(label, label_width - 12), anchor="end")
        out += Markup(
            '<rect class="chart__track" x="{x}" y="{y}" width="{w}" height="{h}" fill="#fff" '
            'stroke="{ink}"/>'
        ).format(x=_n(label_width), y=_n(y), w=_n(track), h=_n(bar_height), ink=INK)
        text = no_data if share is None else format_percent(share, locale=locale)
        if share:
            width = track * min(share, 1.0)
            out += _bar(label_width, y, width, bar_height, chart_id, 0, f"{label}: {text}")
        out += _text(label_width + track + 8, y + 15, text)
    return out + Markup("</svg>")
