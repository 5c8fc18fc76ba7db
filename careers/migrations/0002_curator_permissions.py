"""Training-hub curators curate pathways and post leadership roles in the admin."""

from django.db import migrations

from portal.migration_helpers import grant_permissions, revoke_permissions

CURATOR_PERMISSIONS = [
    "view_pathway",
    "add_pathway",
    "change_pathway",
    "view_stage",
    "add_stage",
    "change_stage",
    "delete_stage",
    "view_stageexpectation",
    "add_stageexpectation",
    "change_stageexpectation",
    "delete_stageexpectation",
    "view_role",
    "add_role",
    "change_role",
    "view_roleinterest",
]


def grant_curators(apps, schema_editor):
    grant_permissions(
        apps, app_label="careers", group="Training-hub curators", codenames=CURATOR_PERMISSIONS
    )


def revoke_curators(apps, schema_editor):
    revoke_permissions(
        apps, app_label="careers", group="Training-hub curators", codenames=CURATOR_PERMISSIONS
    )


class Migration(migrations.Migration):
    dependencies = [
        ("careers", "0001_initial"),
        ("portal", "0003_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_curators, revoke_curators)]
