"""National pathways and stages are one for all England: only superusers change them.

Curators keep the view permissions, so the admin still shows them pathways to read.
"""

from django.db import migrations

from portal.migration_helpers import grant_permissions, revoke_permissions

NATIONAL_EDITS = [
    "add_pathway",
    "change_pathway",
    "delete_pathway",
    "add_stage",
    "change_stage",
    "delete_stage",
    "add_stageexpectation",
    "change_stageexpectation",
    "delete_stageexpectation",
]
# What 0002 gave, so that migrating backwards restores exactly that.
GRANTED_BY_0002 = [codename for codename in NATIONAL_EDITS if codename != "delete_pathway"]


def revoke_from_curators(apps, schema_editor):
    revoke_permissions(
        apps, app_label="careers", group="Training-hub curators", codenames=NATIONAL_EDITS
    )


def give_back_to_curators(apps, schema_editor):
    grant_permissions(
        apps, app_label="careers", group="Training-hub curators", codenames=GRANTED_BY_0002
    )


class Migration(migrations.Migration):
    dependencies = [("careers", "0007_feedback_links_replace_signed_tokens")]

    operations = [migrations.RunPython(revoke_from_curators, give_back_to_curators)]
