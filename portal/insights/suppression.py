"""Small numbers: no figure on an insights page may count, or reveal, fewer than 5 people.

Primary suppression hides every people count under the threshold. Secondary
suppression then hides enough other figures that nothing hidden can be worked out by
subtraction: when a column has a total shown, or a row's parts add up to a figure
shown, and exactly one part is hidden, the next smallest part is hidden too. A derived
figure (a share, an average, a ratio) is hidden whenever a people count it rests on
is hidden, since it could be turned back into the count.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.insights.tables import PEOPLE, Table

THRESHOLD = 5
FEWER_THAN = f"fewer than {THRESHOLD}"


@dataclass(frozen=True)
class Cell:
    value: object
    hidden: bool = False


@dataclass
class Suppressed:
    """A table after suppression: its rows as cells, and the totals row, if any."""

    table: Table
    rows: list[dict[str, Cell]]
    total: dict[str, Cell] | None


def suppress(table: Table) -> Suppressed:
    people = [c.key for c in table.columns if c.kind == PEOPLE]
    rows = [{c.key: Cell(row.get(c.key)) for c in table.columns} for row in table.rows]
    total = None
    if table.total is not None:
        total = {c.key: Cell(table.total.get(c.key)) for c in table.columns}
    for row in [*rows, *([total] if total else [])]:
        for key in people:
            if _small(row[key].value):
                row[key] = Cell(row[key].value, hidden=True)
    # Hiding one cell can expose another through a different sum: repeat until stable.
    changed = True
    while changed:
        changed = False
        if total:
            for key in people:
                if not total[key].hidden:
                    changed |= _protect([row[key] for row in rows], rows, key)
        for whole, parts in table.row_parts.items():
            for row in rows:
                if not row[whole].hidden:
                    changed |= _protect_row(row, parts)
    for row in [*rows, *([total] if total else [])]:
        for column in table.columns:
            if any(row[base].hidden for base in column.bases):
                row[column.key] = Cell(row[column.key].value, hidden=True)
    return Suppressed(table=table, rows=rows, total=total)


def _small(value: object) -> bool:
    return isinstance(value, int | float) and value < THRESHOLD


def _protect(cells: list[Cell], rows: list[dict[str, Cell]], key: str) -> bool:
    """In one column under a shown total: never leave exactly one cell hidden."""
    hidden = [i for i, cell in enumerate(cells) if cell.hidden]
    shown = [i for i, cell in enumerate(cells) if not cell.hidden and cell.value is not None]
    if len(hidden) != 1 or not shown:
        return False
    smallest = min(shown, key=lambda i: cells[i].value)
    rows[smallest][key] = Cell(cells[smallest].value, hidden=True)
    return True


def _protect_row(row: dict[str, Cell], parts: list[str]) -> bool:
    hidden = [key for key in parts if row[key].hidden]
    shown = [key for key in parts if not row[key].hidden and row[key].value is not None]
    if len(hidden) != 1 or not shown:
        return False
    smallest = min(shown, key=lambda key: row[key].value)
    row[smallest] = Cell(row[smallest].value, hidden=True)
    return True


def shown(cell: Cell) -> object:
    """The value as the page and the CSV give it: the words in place of a hidden one."""
    return FEWER_THAN if cell.hidden else cell.value
