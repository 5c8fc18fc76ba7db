"""Co-ordinators set up their hub's rounds in the admin and see who is waiting."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = [
    "add_matchinground",
    "change_matchinground",
    "view_matchinground",
    "view_supportoffer",
    "view_supportrequest",
]


def grant(apps, schema_editor):
    # The migration registry holds stubs, which create_permissions skips unless they
    # claim a models module (as in portal 0003).
    app_config = apps.get_app_config("careers")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Mentoring co-ordinators")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="careers", codename__in=CODENAMES)
    )


class Migration(migrations.Migration):
    dependencies = [("careers", "0004_mentoring_coordinators")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
