"""The portal's one way of writing CSV: cells a spreadsheet never runs, and a byte-order
mark so that Excel opens names with accents as written."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.http import HttpResponse

BOM = "\ufeff"
# A cell starting with one of these is read by spreadsheets as a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def safe_cell(value: object) -> str:
    """A cell as text that a spreadsheet shows and never runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list | tuple):
        return safe_cell("; ".join(str(item) for item in value))
    text = str(value)
    if isinstance(value, str) and text.startswith(FORMULA_STARTS):
        return f"'{text}"
    return text


def unguard_cell(value: object) -> object:
    """The cell as typed before `safe_cell` guarded it: for a file read back in."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def _write(out, header: Iterable[object] | None, rows: Iterable[Iterable[object]]) -> None:
    writer = csv.writer(out)
    if header is not None:
        writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])


def csv_text(header: Iterable[object] | None, rows: Iterable[Iterable[object]]) -> str:
    out = io.StringIO()
    _write(out, header, rows)
    return BOM + out.getvalue()


def csv_response(
    filename: str, header: Iterable[object] | None, rows: Iterable[Iterable[object]]
) -> HttpResponse:
    """A CSV download; rows may be a generator, written as they come."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write(BOM)
    _write(response, header, rows)
    return response
