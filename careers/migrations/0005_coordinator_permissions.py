"""Co-ordinators set up their hub's rounds in the admin and see who is waiting."""

from django.db import migrations

from portal.migration_helpers import grant_permissions

CODENAMES = [
    "add_matchinground",
    "change_matchinground",
    "view_matchinground",
    "view_supportoffer",
    "view_supportrequest",
]


def grant(apps, schema_editor):
    grant_permissions(
        apps, app_label="careers", group="Mentoring co-ordinators", codenames=CODENAMES
    )


class Migration(migrations.Migration):
    dependencies = [("careers", "0004_mentoring_coordinators")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
