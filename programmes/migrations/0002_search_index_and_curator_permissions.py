"""The GIN index behind catalogue search (PostgreSQL only) and the curators' permissions.

The index is made here rather than in Offer.Meta because SQLite has no GIN indexes and
its search fallback does not use the column; on SQLite this step does nothing.
"""

from django.db import migrations

from portal.migration_helpers import grant_permissions, revoke_permissions

INDEX = "programmes_offer_search_gin"

CURATOR_PERMISSIONS = [
    "view_offer",
    "add_offer",
    "change_offer",
    "view_intake",
    "add_intake",
    "change_intake",
    "delete_intake",
    "view_faq",
    "add_faq",
    "change_faq",
    "delete_faq",
    "view_application",
    "change_application",
]


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON programmes_offer USING gin (search_vector)"
    )


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


def grant_curators(apps, schema_editor):
    grant_permissions(
        apps, app_label="programmes", group="Training-hub curators", codenames=CURATOR_PERMISSIONS
    )


def revoke_curators(apps, schema_editor):
    revoke_permissions(
        apps, app_label="programmes", group="Training-hub curators", codenames=CURATOR_PERMISSIONS
    )


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0001_initial"),
        ("portal", "0003_groups"),
    ]

    operations = [
        migrations.RunPython(create_search_index, drop_search_index),
        migrations.RunPython(grant_curators, revoke_curators),
    ]
