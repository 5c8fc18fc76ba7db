"""Small numbers: no figure on an insights page may count, or reveal, fewer than 5 people.

Primary suppression hides every people count under the threshold. Secondary
suppression then hides enough other figures that nothing hidden can be worked out by
subtraction. Every sum the reader knows of is an equation, a whole and its parts:

- a column under a totals row (the total is the sum of the column);
- a row whose parts add up to another column (`Table.row_parts`);
- across areas a person may choose: a hub's figure is the sum of its ICBs' figures
  for the same row and column (`suppress_linked`), and so is a region's.

No equation may be left with exactly one hidden figure in it, since that one would be
the whole minus the parts shown. When one is, the smallest shown part is hidden too
(or, when no other part is shown, the whole). Hiding is repeated until nothing
changes, and then checked with linear algebra over all the equations at once, so a
hidden figure cannot be worked out by combining several subtractions either.

A derived figure (a share, an average, a ratio) is hidden whenever a people count it
rests on is hidden, since it could be turned back into the count.

Shown people counts are then rounded to the nearest 5, as official statistics are,
so that one person joining or leaving rarely changes what is published; a derived
column with a `formula` is worked out again from the rounded counts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy

from portal.insights.tables import PEOPLE, TEXT, Table

THRESHOLD = 5
FEWER_THAN = f"fewer than {THRESHOLD}"
ROUND_TO = 5
TOTAL = "__total__"


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


# A cell is addressed as (table index, row index or TOTAL, column key).
Ref = tuple[int, int | str, str]


@dataclass(frozen=True)
class Equation:
    whole: Ref
    parts: tuple[Ref, ...]


def suppress(table: Table) -> Suppressed:
    return suppress_linked(table, [])[0]


def suppress_linked(whole: Table, parts: Sequence[Table]) -> list[Suppressed]:
    """The same table for an area and for each of the areas it is made of, suppressed
    together, so that the whole minus the parts shown never gives a hidden figure.

    Returns the whole's table first, then each part's, in the order given.
    """
    tables = [whole, *parts]
    grids = [_cells(table) for table in tables]
    equations = _equations(tables)
    for grid, table in zip(grids, tables, strict=True):
        for row in _all_rows(grid):
            for key in _people(table):
                if _small(row[key].value):
                    row[key] = Cell(row[key].value, hidden=True)
    while _protect(grids, equations) or _protect_combined(grids, equations):
        pass
    results = []
    for grid, table in zip(grids, tables, strict=True):
        for row in _all_rows(grid):
            for column in table.columns:
                if any(row[base].hidden for base in column.bases):
                    row[column.key] = Cell(row[column.key].value, hidden=True)
        _round(grid, table)
        results.append(Suppressed(table=table, rows=grid["rows"], total=grid["total"]))
    return results


def rounded(value: int | float) -> int:
    """To the nearest ROUND_TO, halves up: 7 → 5, 8 → 10, 12 → 10, 13 → 15."""
    return int((value + ROUND_TO / 2) // ROUND_TO * ROUND_TO)


def shown(cell: Cell) -> object:
    """The value as the page and the CSV give it: the words in place of a hidden one."""
    return FEWER_THAN if cell.hidden else cell.value


# ---------------------------------------------------------------------------
# The cells and the sums between them
# ---------------------------------------------------------------------------
def _cells(table: Table) -> dict:
    rows = [{c.key: Cell(row.get(c.key)) for c in table.columns} for row in table.rows]
    total = None
    if table.total is not None:
        total = {c.key: Cell(table.total.get(c.key)) for c in table.columns}
    return {"rows": rows, "total": total}


def _all_rows(grid: dict) -> list[dict[str, Cell]]:
    return [*grid["rows"], *([grid["total"]] if grid["total"] else [])]


def _get(grids: list[dict], ref: Ref) -> Cell:
    table, row, key = ref
    if row == TOTAL:
        return grids[table]["total"][key]
    return grids[table]["rows"][row][key]


def _set(grids: list[dict], ref: Ref, cell: Cell) -> None:
    table, row, key = ref
    if row == TOTAL:
        grids[table]["total"][key] = cell
    else:
        grids[table]["rows"][row][key] = cell


def _people(table: Table) -> list[str]:
    return [c.key for c in table.columns if c.kind == PEOPLE]


def _label(table: Table, row: dict) -> tuple:
    return tuple(row.get(c.key) for c in table.columns if c.kind == TEXT)


def _equations(tables: list[Table]) -> list[Equation]:
    equations = []
    for index, table in enumerate(tables):
        rows = list(range(len(table.rows))) + ([TOTAL] if table.total is not None else [])
        if table.total is not None:
            for key in _people(table):
                equations.append(
                    Equation((index, TOTAL, key), tuple((index, i, key) for i in rows[:-1]))
                )
        for whole, parts in table.row_parts.items():
            for i in rows:
                equations.append(Equation((index, i, whole), tuple((index, i, k) for k in parts)))
    whole, parts = tables[0], tables[1:]
    if not parts:
        return equations
    # Rows are the same row in another area when their text columns say the same
    # ("GP", "2026 Q3"); a row one of the parts does not list is left unlinked.
    where = [{_label(table, row): i for i, row in enumerate(table.rows)} for table in tables]
    for i, row in enumerate(whole.rows):
        label = _label(whole, row)
        if all(label in found for found in where[1:]):
            for key in _people(whole):
                equations.append(
                    Equation(
                        (0, i, key),
                        tuple((p, where[p][label], key) for p in range(1, len(tables))),
                    )
                )
    if whole.total is not None and all(part.total is not None for part in parts):
        for key in _people(whole):
            equations.append(
                Equation((0, TOTAL, key), tuple((p, TOTAL, key) for p in range(1, len(tables))))
            )
    return equations


def _small(value: object) -> bool:
    return isinstance(value, int | float) and value < THRESHOLD


def _value(cell: Cell) -> float:
    return cell.value if isinstance(cell.value, int | float) else 0


# ---------------------------------------------------------------------------
# Secondary suppression
# ---------------------------------------------------------------------------
def _protect(grids: list[dict], equations: list[Equation]) -> bool:
    """Hide more wherever an equation has exactly one hidden figure; True if any."""
    changed = False
    for equation in equations:
        refs = (equation.whole, *equation.parts)
        if [_get(grids, ref).hidden for ref in refs].count(True) == 1:
            changed |= _hide_another(grids, equation)
    return changed


def _hide_another(grids: list[dict], equation: Equation) -> bool:
    shown_parts = [
        ref
        for ref in equation.parts
        if not _get(grids, ref).hidden and _get(grids, ref).value is not None
    ]
    if shown_parts:
        ref = min(shown_parts, key=lambda r: _value(_get(grids, r)))
    elif not _get(grids, equation.whole).hidden:
        ref = equation.whole
    else:
        return False
    cell = _get(grids, ref)
    _set(grids, ref, Cell(cell.value, hidden=True))
    return True


def _protect_combined(grids: list[dict], equations: list[Equation]) -> bool:
    """Hide more if combining equations would give a hidden figure away; True if any.

    The hidden figures are the unknowns of the equations; one of them can be worked
    out exactly when every solution of the equations gives it the same value, that is
    when it is zero in every vector of the null space of the equations' matrix.
    """
    hidden = sorted(
        {ref for eq in equations for ref in (eq.whole, *eq.parts) if _get(grids, ref).hidden},
        key=repr,
    )
    if not hidden:
        return False
    found = determined(hidden, equations)
    for ref in found:
        for equation in equations:
            if ref in (equation.whole, *equation.parts) and _hide_another(grids, equation):
                return True
    return False


def determined(hidden: Sequence[Ref], equations: Sequence[Equation]) -> list[Ref]:
    """The hidden figures that the equations pin to one value."""
    column = {ref: i for i, ref in enumerate(hidden)}
    matrix = []
    for equation in equations:
        coefficients = [0.0] * len(hidden)
        for ref, sign in ((equation.whole, 1.0), *((part, -1.0) for part in equation.parts)):
            if ref in column:
                coefficients[column[ref]] += sign
        if any(coefficients):
            matrix.append(coefficients)
    if not matrix:
        return []
    a = numpy.array(matrix)
    _, singular, vt = numpy.linalg.svd(a)
    rank = int((singular > 1e-9).sum())
    null_space = vt[rank:]
    if null_space.shape[0] == 0:
        return list(hidden)
    free = numpy.abs(null_space).max(axis=0) > 1e-9
    return [ref for ref, is_free in zip(hidden, free, strict=True) if not is_free]


# ---------------------------------------------------------------------------
# Rounding
# ---------------------------------------------------------------------------
def _round(grid: dict, table: Table) -> None:
    people = _people(table)
    for row in _all_rows(grid):
        for key in people:
            cell = row[key]
            if not cell.hidden and isinstance(cell.value, int | float):
                row[key] = Cell(rounded(cell.value))
    # A formula sees only what is published: a hidden figure is None to it.
    total = _published(grid["total"]) if grid["total"] else None
    for row in _all_rows(grid):
        values = _published(row)
        for column in table.columns:
            if column.formula and not row[column.key].hidden:
                values[column.key] = column.formula(values, total)
                row[column.key] = Cell(values[column.key])


def _published(row: dict[str, Cell]) -> dict:
    return {key: None if cell.hidden else cell.value for key, cell in row.items()}
