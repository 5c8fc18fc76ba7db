"""Bar charts and trend lines drawn on the server as SVG, from suppressed tables.

A chart repeats its table for people who would rather look than read: every chart
sits right above the same figures as a table, and says so in its accessible name. A
hidden figure is never drawn; its bar is replaced by the words "fewer than 5".
No script and no style attributes, so the page's content security policy needs no
exceptions: SVG presentation attributes carry the colours.
"""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from portal.insights.suppression import FEWER_THAN, Suppressed
from portal.insights.tables import PERCENT, RATIO

# NHS.UK palette: blue, dark pink, green, purple, warm yellow on dark text; each line
# also gets its own dash pattern so that the series differ without colour.
COLOURS = ["#005eb8", "#7c2855", "#007f3b", "#330072", "#ed8b00", "#425563"]
DASHES = ["none", "8 4", "2 4", "12 4 2 4", "4 4", "1 3"]
TEXT = "#212b32"
GRID = "#aeb7bd"

LABEL_WIDTH = 260
BAR_AREA = 400
BAR_HEIGHT = 26
GAP = 10


def chart(suppressed: Suppressed, chart_id: str) -> SafeString:
    table = suppressed.table
    if table.chart == "bar":
        return bars(suppressed, chart_id)
    if table.chart == "line":
        return lines(suppressed, chart_id)
    return mark_safe("")


def _number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) else None


def _label(value: object, kind: str) -> str:
    if kind == PERCENT:
        return f"{value * 100:.0f}%"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def bars(suppressed: Suppressed, chart_id: str) -> SafeString:
    """Horizontal bars, one per row, for the first plotted column: long names fit."""
    table = suppressed.table
    key = table.chart_values[0]
    column = table.column(key)
    values = [_number(row[key].value) for row in suppressed.rows if not row[key].hidden]
    top = max([v for v in values if v is not None] or [1]) or 1
    parts = []
    offset = 0
    if column.kind == RATIO:
        # Parity: a line where a profession's share equals its share of members.
        top = max(top, 1)
        offset = 30
        x = LABEL_WIDTH + BAR_AREA / top
        height = len(suppressed.rows) * (BAR_HEIGHT + GAP) + offset
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2" '
                'stroke-dasharray="6 4"/>'
                '<text x="{}" y="{}" text-anchor="middle" font-size="14" fill="{}">{}</text>',
                f"{x:.1f}",
                offset - 8,
                f"{x:.1f}",
                height,
                TEXT,
                f"{x:.1f}",
                offset - 14,
                TEXT,
                "1 = fair share",
            )
        )
    for index, row in enumerate(suppressed.rows):
        y = offset + index * (BAR_HEIGHT + GAP)
        name = str(row[table.chart_label].value)
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" font-size="15" fill="{}">{}</text>',
                LABEL_WIDTH - 8,
                y + BAR_HEIGHT * 0.7,
                TEXT,
                name,
            )
        )
        cell = row[key]
        value = _number(cell.value)
        if cell.hidden or value is None:
            words = FEWER_THAN if cell.hidden else "no figure"
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="15" font-style="italic" fill="{}">{}</text>',
                    LABEL_WIDTH + 4,
                    y + BAR_HEIGHT * 0.7,
                    TEXT,
                    words,
                )
            )
            continue
        width = max(BAR_AREA * value / top, 1)
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                '<text x="{}" y="{}" font-size="15" fill="{}">{}</text>',
                LABEL_WIDTH,
                y,
                f"{width:.1f}",
                BAR_HEIGHT,
                COLOURS[0],
                f"{LABEL_WIDTH + width + 6:.1f}",
                y + BAR_HEIGHT * 0.7,
                TEXT,
                _label(cell.value, column.kind),
            )
        )
    height = offset + max(len(suppressed.rows), 1) * (BAR_HEIGHT + GAP)
    return _svg(chart_id, table.title, LABEL_WIDTH + BAR_AREA + 80, height, parts)


PLOT_WIDTH = 560
PLOT_HEIGHT = 240
LEFT = 60
BOTTOM = 40
LEGEND_ROW = 24


def lines(suppressed: Suppressed, chart_id: str) -> SafeString:
    """One line per plotted column across the rows (quarters); gaps where hidden."""
    table = suppressed.table
    rows = suppressed.rows
    keys = table.chart_values
    numbers = [_number(row[key].value) for row in rows for key in keys if not row[key].hidden]
    kind = table.column(keys[0]).kind
    top = max([n for n in numbers if n is not None] or [1]) or 1
    if kind == PERCENT:
        top = 1  # shares on the whole scale, 0 to 100%: a cut axis would exaggerate
    step = PLOT_WIDTH / max(len(rows) - 1, 1)

    def point(index: int, value: float) -> tuple[float, float]:
        return LEFT + index * step, PLOT_HEIGHT - PLOT_HEIGHT * value / top

    parts = [
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>',
            LEFT,
            PLOT_HEIGHT,
            LEFT + PLOT_WIDTH,
            PLOT_HEIGHT,
            GRID,
        ),
        format_html(
            '<text x="{}" y="{}" text-anchor="end" font-size="14" fill="{}">{}</text>'
            '<text x="{}" y="{}" text-anchor="end" font-size="14" fill="{}">{}</text>',
            LEFT - 6,
            12,
            TEXT,
            _label(top, kind),
            LEFT - 6,
            PLOT_HEIGHT,
            TEXT,
            _label(0, kind),
        ),
    ]
    for index, row in enumerate(rows):
        x, _ = point(index, 0)
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" font-size="13" fill="{}">{}</text>',
                f"{x:.1f}",
                PLOT_HEIGHT + 22,
                TEXT,
                row[table.chart_label].value,
            )
        )
    for series, key in enumerate(keys):
        colour, dashes = COLOURS[series % len(COLOURS)], DASHES[series % len(DASHES)]
        segment: list[str] = []
        segments: list[list[str]] = []
        for index, row in enumerate(rows):
            value = None if row[key].hidden else _number(row[key].value)
            if value is None:
                # A hidden figure breaks the line rather than being guessed across.
                if segment:
                    segments.append(segment)
                segment = []
                continue
            x, y = point(index, value)
            segment.append(f"{x:.1f},{y:.1f}")
            parts.append(
                format_html(
                    '<circle cx="{}" cy="{}" r="4" fill="{}"/>', f"{x:.1f}", f"{y:.1f}", colour
                )
            )
        if segment:
            segments.append(segment)
        parts.append(
            format_html_join(
                "",
                '<polyline points="{}" fill="none" stroke="{}" stroke-width="3" '
                'stroke-dasharray="{}"/>',
                ((" ".join(points), colour, dashes) for points in segments if len(points) > 1),
            )
        )
        legend_y = PLOT_HEIGHT + BOTTOM + series * LEGEND_ROW
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="3" '
                'stroke-dasharray="{}"/><text x="{}" y="{}" font-size="14" fill="{}">{}</text>',
                LEFT,
                legend_y,
                LEFT + 40,
                legend_y,
                colour,
                dashes,
                LEFT + 48,
                legend_y + 5,
                TEXT,
                table.column(key).label,
            )
        )
    height = PLOT_HEIGHT + BOTTOM + len(keys) * LEGEND_ROW
    return _svg(chart_id, table.title, LEFT + PLOT_WIDTH + 40, height, parts)


def _svg(chart_id: str, title: str, width: int, height: int, parts: list) -> SafeString:
    return format_html(
        '<svg class="insights-chart" xmlns="http://www.w3.org/2000/svg" width="100%" '
        'viewBox="0 -10 {} {}" role="img" aria-labelledby="{}-title" focusable="false">'
        '<title id="{}-title">Chart: {}. The same figures are in the table below.</title>'
        "{}</svg>",
        width,
        height + 20,
        chart_id,
        chart_id,
        title,
        mark_safe("".join(str(part) for part in parts)),  # noqa: S308 - format_html above
    )
