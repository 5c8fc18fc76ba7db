"""The three working groups. Feature apps add their own permissions to these groups in
their own migrations, so each app's permissions live beside its models."""

from django.db import migrations

from portal.migration_helpers import grant_permissions

GROUPS = {
    "Training-hub curators": [
        "view_person",
        "view_organisation",
        "add_organisation",
        "change_organisation",
        "view_icb",
        "view_profession",
        "view_careerlevel",
        "view_leadershipdimension",
    ],
    "Facilitators": ["view_organisation"],
    "Mentoring co-ordinators": ["view_organisation", "view_profession"],
}


def create_groups(apps, schema_editor):
    for name, codenames in GROUPS.items():
        grant_permissions(apps, app_label="portal", group=name, codenames=codenames)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_reference_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
