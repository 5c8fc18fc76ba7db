"""The GIN index behind catalogue search (PostgreSQL only) and the curators' permissions.

The index is made here rather than in Offer.Meta because SQLite has no GIN indexes and
its search fallback does not use the column; on SQLite this step does nothing.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

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
    # As in portal's 0003_groups: make this app's permissions now, not after migrate.
    app_config = apps.get_app_config("programmes")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    curators, _ = Group.objects.get_or_create(name="Training-hub curators")
    curators.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="programmes", codename__in=CURATOR_PERMISSIONS
        )
    )


def revoke_curators(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Training-hub curators"):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="programmes", codename__in=CURATOR_PERMISSIONS
            )
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
