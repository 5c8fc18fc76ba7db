"""Facilitators run cohorts and sets from the site; in the admin they may see cohorts,
sessions and set membership. The admin registers no set content (issues, actions,
notes), so no permission here can reveal it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

FACILITATORS = [
    "add_cohort",
    "change_cohort",
    "view_cohort",
    "view_membership",
    "add_membership",
    "view_joinrequest",
    "view_session",
    "add_session",
    "change_session",
    "add_actionlearningset",
    "change_actionlearningset",
    "view_actionlearningset",
    "view_setmembership",
]


def add_permissions(apps, schema_editor):
    # See portal/migrations/0003_groups.py: permissions are normally made after
    # migrate finishes, so make this app's now.
    app_config = apps.get_app_config("cohorts")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Facilitators")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="cohorts", codename__in=FACILITATORS)
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cohorts", "0001_initial"),
        ("portal", "0003_groups"),
    ]

    operations = [migrations.RunPython(add_permissions, migrations.RunPython.noop)]
