"""Every table that points at a person is read by some app's exporter (issue 21 item 12).

Generic on purpose: the models come from the app registry and the tables each exporter
reads from the SQL it runs, so a new model with a foreign key (or a many-to-many) to
Person fails here until an exporter reads it or it is listed below with the reason.
"""

import re

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.personal_data import registry
from tests.personal_data.test_export import _media, nia_with_everything, others  # noqa: F401

pytestmark = pytest.mark.django_db

# table -> why no exporter reads it. Keep reasons short and true.
NOT_EXPORTED = {
    "django_admin_log": "staff's record of admin changes; scrubbed of her on erasure",
    "portal_dataexport": "the exports themselves; files deleted after 48 hours",
    "portal_person_user_permissions": "admin permissions given one by one; staff only",
}
# Every django-simple-history table links its editor (history_user): an audit trail of
# staff edits to shared content, scrubbed of the person on erasure, not her data.
AUDIT_TRAIL_FIELD = "history_user"


def person_tables() -> dict[str, str]:
    """db_table -> model label, for every model with a concrete link to Person."""
    person = apps.get_model(settings.AUTH_USER_MODEL)
    found = {}
    for model in apps.get_models(include_auto_created=True):
        if model is person or AUDIT_TRAIL_FIELD in {f.name for f in model._meta.fields}:
            continue
        for field in model._meta.get_fields():
            if field.concrete and field.is_relation and field.related_model is person:
                found[model._meta.db_table] = model._meta.label
    return found


def tables_read(sql: list[str]) -> set[str]:
    text = "\n".join(sql)
    return {table for table in re.findall(r'"([a-z0-9_]+)"', text)}


def test_every_table_that_points_at_a_person_is_exported_or_explained(request):
    # Nia has a row in every app (tests/personal_data/test_export.py), so each exporter
    # runs every query it can.
    nia = request.getfixturevalue("nia_with_everything")
    sql = []
    for section in registry.exporters():
        with CaptureQueriesContext(connection) as queries:
            section.collect(nia)
        sql += [query["sql"] for query in queries]
    read = tables_read(sql)
    forgotten = {
        table: label
        for table, label in person_tables().items()
        if table not in read and table not in NOT_EXPORTED
    }
    assert forgotten == {}, f"Export these, or say in NOT_EXPORTED why not: {sorted(forgotten)}"


def test_every_explained_table_still_exists():
    assert set(NOT_EXPORTED) <= set(person_tables())
