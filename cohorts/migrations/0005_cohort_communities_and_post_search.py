"""Every existing cohort gets its own private community (facilitators as hosts, members
as members), as ``cohort_create`` now does for new ones; the GIN indexes behind
searching posts (PostgreSQL only); and curators may see and approve their hub's
communities in the admin (which shows no posts)."""

from django.db import migrations

from portal.migration_helpers import grant_permissions, revoke_permissions

INDEXES = {
    "cohorts_thread_search_gin": "cohorts_thread",
    "cohorts_reply_search_gin": "cohorts_reply",
}
CURATORS = ["view_community", "change_community", "add_community", "view_communitymembership",
            "add_communitymembership", "change_communitymembership",
            "delete_communitymembership"]  # fmt: skip


def cohort_communities(apps, schema_editor):
    Cohort = apps.get_model("cohorts", "Cohort")
    Community = apps.get_model("cohorts", "Community")
    CommunityMembership = apps.get_model("cohorts", "CommunityMembership")
    for cohort in Cohort.objects.filter(community__isnull=True):
        community = Community.objects.create(
            cohort=cohort,
            name=cohort.name,
            purpose=f"Between sessions: the private space of the {cohort.name} cohort.",
            visibility="private",
            hub_id=cohort.hub_id,
            status="active",
        )
        roles = {m.person_id: "member" for m in cohort.memberships.all()}
        roles |= {person.pk: "host" for person in cohort.facilitators.all()}
        CommunityMembership.objects.bulk_create(
            CommunityMembership(community=community, person_id=pk, role=role)
            for pk, role in roles.items()
        )


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_vector)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def grant_curators(apps, schema_editor):
    grant_permissions(
        apps, app_label="cohorts", group="Training-hub curators", codenames=CURATORS
    )


def revoke_curators(apps, schema_editor):
    revoke_permissions(
        apps, app_label="cohorts", group="Training-hub curators", codenames=CURATORS
    )


class Migration(migrations.Migration):
    dependencies = [("cohorts", "0004_communities_of_practice")]

    operations = [
        migrations.RunPython(cohort_communities, migrations.RunPython.noop),
        migrations.RunPython(create_indexes, drop_indexes),
        migrations.RunPython(grant_curators, revoke_curators),
    ]
