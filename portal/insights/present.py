"""Suppressed tables as the templates show them: words for hidden figures, units."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from portal.insights import charts
from portal.insights.suppression import FEWER_THAN, Cell, Suppressed
from portal.insights.tables import NUMBER, PERCENT, RATIO, TEXT, Column, Table


@dataclass
class ShownTable:
    table: Table
    chart: SafeString
    header: list[Column]
    rows: list[list[dict]]
    total: list[dict] | None
    page_key: str
    hidden_any: bool
    # Each body row as markup: a page of 20 tables has thousands of cells, and the
    # template language spent most of the page's time walking them one by one.
    rows_html: list[SafeString] | None = None
    total_html: SafeString | None = None


def text(cell: Cell, column: Column) -> str:
    if cell.hidden:
        return FEWER_THAN
    value = cell.value
    if value is None:
        return "no figure"
    if column.kind == PERCENT:
        return f"{value * 100:.0f}%"
    if column.kind == RATIO:
        return f"{value:.2f}"
    if column.kind == NUMBER:
        return f"{value:.1f}" if isinstance(value, float) else str(value)
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def csv_header(column: Column) -> str:
    return f"{column.label} (%)" if column.kind == PERCENT else column.label


def csv_cell(cell: Cell, column: Column) -> object:
    """A figure for a spreadsheet, words if hidden. Figures stay numbers (a negative one
    is not guarded as a formula); text, such as offer titles and topics people typed,
    is guarded by ``portal.lib.csv`` like every other cell the portal writes."""
    if cell.hidden:
        return FEWER_THAN
    value = cell.value
    if value is None:
        return ""
    if column.kind == PERCENT:
        return Decimal(f"{value * 100:.1f}")
    if column.kind in (RATIO, NUMBER) and isinstance(value, float):
        return Decimal(f"{value:.2f}")
    return value


def table(suppressed: Suppressed, page_key: str) -> ShownTable:
    columns = suppressed.table.columns

    def cells(row: dict[str, Cell]) -> list[dict]:
        return [
            {
                "text": text(row[c.key], c),
                "numeric": c.kind != TEXT,
                "hidden": row[c.key].hidden,
                "label": c.label,
            }
            for c in columns
        ]

    rows = [cells(row) for row in suppressed.rows]
    total = cells(suppressed.total) if suppressed.total else None
    hidden_any = any(cell["hidden"] for row in [*rows, *([total] if total else [])] for cell in row)
    return ShownTable(
        rows_html=[_row_html(row) for row in rows],
        total_html=_row_html(total, total=True) if total else None,
        table=suppressed.table,
        chart=charts.chart(suppressed, f"chart-{suppressed.table.key}"),
        header=columns,
        rows=rows,
        total=total,
        page_key=page_key,
        hidden_any=hidden_any,
    )


def _row_html(cells: list[dict], *, total: bool = False) -> SafeString:
    """One table row in NHS.UK table markup: a row header, then figures."""
    first, *figures = cells
    return format_html(
        '<th class="nhsuk-table__header" scope="row">{}</th>{}',
        first["text"],
        format_html_join("", "{}", ((_cell_html(cell, total=total),) for cell in figures)),
    )


def _cell_html(cell: dict, *, total: bool) -> SafeString:
    numeric = " nhsuk-table__cell--numeric" if cell["numeric"] else ""
    if total:
        # The totals row leaves an empty cell rather than say "no figure".
        text = "" if cell["text"] == "no figure" else cell["text"]
        return format_html('<td class="nhsuk-table__cell{}">{}</td>', numeric, text)
    if cell["hidden"]:
        return format_html(
            '<td class="nhsuk-table__cell{}"><span class="insights-hidden">{}</span></td>',
            numeric,
            cell["text"],
        )
    return format_html('<td class="nhsuk-table__cell{}">{}</td>', numeric, cell["text"])
