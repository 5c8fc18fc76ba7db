"""Reads for the personal-data pages: an export through the rule that says whose it is."""

from __future__ import annotations

import uuid

from portal.personal_data.models import DataExport


def export_owned_by(person, *, pk: uuid.UUID) -> DataExport | None:
    """Her own export, or None for anyone else's (the page says "not found" either way)."""
    return DataExport.objects.owned_by(person).filter(pk=pk).first()
