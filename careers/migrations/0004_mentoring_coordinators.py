"""Mentoring co-ordinators run their training hub's (or ICB's) matching rounds."""

from django.db import migrations


def create_group(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.get_or_create(name="Mentoring co-ordinators")


class Migration(migrations.Migration):
    dependencies = [
        ("careers", "0003_mentoring"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    # The group may predate this migration (portal 0003 makes it), so undoing leaves it.
    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
