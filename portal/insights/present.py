"""Suppressed tables as the templates show them: words for hidden figures, units."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

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
        table=suppressed.table,
        chart=charts.chart(suppressed, f"chart-{suppressed.table.key}"),
        header=columns,
        rows=rows,
        total=total,
        page_key=page_key,
        hidden_any=hidden_any,
    )
