"""Training-hub curators curate pathways and post leadership roles in the admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

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
    # As in portal's 0003_groups: make this app's permissions now, not after migrate.
    app_config = apps.get_app_config("careers")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    curators, _ = Group.objects.get_or_create(name="Training-hub curators")
    curators.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="careers", codename__in=CURATOR_PERMISSIONS
        )
    )


def revoke_curators(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Training-hub curators"):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="careers", codename__in=CURATOR_PERMISSIONS
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("careers", "0001_initial"),
        ("portal", "0003_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_curators, revoke_curators)]
