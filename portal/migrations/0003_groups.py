"""The three working groups. Feature apps add their own permissions to these groups in
their own migrations, so each app's permissions live beside its models."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

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
    # Permissions are normally made after migrate finishes; make portal's now. The
    # migration's app registry holds stubs, which create_permissions skips unless
    # they claim a models module.
    app_config = apps.get_app_config("portal")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="portal", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_reference_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
