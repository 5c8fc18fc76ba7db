"""Facilitators run cohorts and sets from the site; in the admin they may see cohorts,
sessions and set membership. The admin registers no set content (issues, actions,
notes), so no permission here can reveal it."""

from django.db import migrations

from portal.migration_helpers import grant_permissions

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
    grant_permissions(apps, app_label="cohorts", group="Facilitators", codenames=FACILITATORS)


class Migration(migrations.Migration):
    dependencies = [
        ("cohorts", "0001_initial"),
        ("portal", "0003_groups"),
    ]

    operations = [migrations.RunPython(add_permissions, migrations.RunPython.noop)]
