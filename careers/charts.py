"""A radar chart of leadership levels, drawn on the server as SVG.

The chart is decoration for sighted readers: every page that shows one also shows
the same numbers in a table, and the SVG says so in its accessible name.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

SIZE = 440
CENTRE = SIZE / 2
RADIUS = 150
LEVELS = 4
# Each ring is a level of the Healthcare Leadership Model, named where it meets the
# twelve o'clock spoke, so the shape can be read without the table.
LEVEL_NAMES = ("Essential", "Proficient", "Strong", "Exemplary")
# Room either side for the dimension names.
PAD = 150
# NHS blue for the person's own levels, grey for an earlier self-assessment, green for
# raters: the same meaning on every chart.
SELF_COLOUR, PREVIOUS_COLOUR, OTHERS_COLOUR = "#005eb8", "#768692", "#007f3b"
TARGET_COLOUR = "#330072"


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]
    colour: str
    dashes: str = ""  # a dash pattern too, so the series differ without colour


def _point(index: int, count: int, value: float) -> tuple[float, float]:
    # Start at twelve o'clock and go clockwise, as people read a clock face.
    angle = -math.pi / 2 + 2 * math.pi * index / count
    distance = RADIUS * value / LEVELS
    return CENTRE + distance * math.cos(angle), CENTRE + distance * math.sin(angle)


def _fmt(point: tuple[float, float]) -> tuple[str, str]:
    return f"{point[0]:.1f}", f"{point[1]:.1f}"


def _points(count: int, values: Sequence[float]) -> str:
    return " ".join(
        f"{x:.1f},{y:.1f}" for x, y in (_point(i, count, v) for i, v in enumerate(values))
    )


def radar(
    labels: Sequence[str], series: Sequence[Series], *, title: str, chart_id: str = "radar"
) -> SafeString:
    count = len(labels)
    rings = format_html_join(
        "",
        '<polygon points="{}" fill="none" stroke="#aeb7bd"/>',
        ((_points(count, [level] * count),) for level in range(1, LEVELS + 1)),
    )
    spokes = format_html_join(
        "",
        '<line stroke="#aeb7bd" x1="{}" y1="{}" x2="{}" y2="{}"/>',
        ((CENTRE, CENTRE, *_fmt(_point(i, count, LEVELS))) for i in range(count)),
    )
    label_parts = []
    for i, label in enumerate(labels):
        x, y = _point(i, count, LEVELS + 0.35)
        anchor = "middle" if abs(x - CENTRE) < 5 else ("start" if x > CENTRE else "end")
        label_parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="{}" font-size="17" fill="#212b32">{}</text>',
                f"{x:.1f}",
                f"{y:.1f}",
                anchor,
                label,
            )
        )
    ring_labels = format_html_join(
        "",
        '<text x="{}" y="{}" font-size="13" fill="#4c6272" stroke="#ffffff" stroke-width="4" '
        'paint-order="stroke">{}</text>',
        (
            (f"{CENTRE + 6:.1f}", f"{_point(0, count, level)[1] + 14:.1f}", name)
            for level, name in enumerate(LEVEL_NAMES, start=1)
        ),
    )
    shapes = []
    for one in series:
        # A missing value sits at the centre: the shape stays closed and honest.
        values = [v or 0 for v in one.values]
        shapes.append(
            format_html(
                '<polygon points="{}" fill="{}" fill-opacity="0.15" stroke="{}" '
                'stroke-width="3" stroke-dasharray="{}"/>',
                _points(count, values),
                one.colour,
                one.colour,
                one.dashes or "none",
            )
        )
    return format_html(
        '<svg class="careers-chart" xmlns="http://www.w3.org/2000/svg" width="100%" '
        'viewBox="{} -20 {} {}" '
        'role="img" aria-labelledby="{}-title" focusable="false">'
        '<title id="{}-title">{}. The same figures are in the table.</title>{}{}{}{}{}</svg>',
        -PAD,
        SIZE + 2 * PAD,
        SIZE + 40,
        chart_id,
        chart_id,
        title,
        rings,
        spokes,
        mark_safe("".join(shapes)),  # noqa: S308 - built with format_html above
        ring_labels,
        mark_safe("".join(label_parts)),  # noqa: S308 - built with format_html above
    )
