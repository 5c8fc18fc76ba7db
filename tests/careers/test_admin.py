import pytest
from django.urls import NoReverseMatch, reverse

from careers.models import Role
from portal.models import OrganisationKind
from tests.careers.factories import RoleFactory, pathway_for
from tests.factories import OrganisationFactory, PersonFactory, icb, profession

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, settings):
    settings.DEMO_RELAX_STAFF_MFA = True
    client.force_login(PersonFactory(is_staff=True, is_superuser=True))
    return client


def test_curators_edit_a_pathway_with_its_stages_and_see_its_history(admin_client):
    pathway = pathway_for(profession("paramedic"))
    stage = pathway.stages.first()
    assert admin_client.get(reverse("admin:careers_pathway_changelist")).status_code == 200
    page = admin_client.get(reverse("admin:careers_pathway_change", args=[pathway.pk]))
    assert "Paramedic stage 1" in page.content.decode()
    assert (
        admin_client.get(reverse("admin:careers_pathway_history", args=[pathway.pk])).status_code
        == 200
    )
    assert (
        admin_client.get(reverse("admin:careers_stage_change", args=[stage.pk])).status_code == 200
    )


def test_peoples_own_records_are_not_in_the_admin(admin_client):
    for model in ("activity", "assessment", "feedbackround", "invitation"):
        with pytest.raises(NoReverseMatch):
            reverse(f"admin:careers_{model}_changelist")


def test_training_hub_curators_post_roles_but_only_read_national_pathways(
    client, settings, curator
):
    settings.DEMO_RELAX_STAFF_MFA = True
    pathway = pathway_for(profession("paramedic"))
    client.force_login(curator)
    assert client.get(reverse("admin:careers_role_add")).status_code == 200
    assert client.get(reverse("admin:careers_pathway_add")).status_code == 403
    change = reverse("admin:careers_pathway_change", args=[pathway.pk])
    assert client.get(change).status_code == 200
    assert client.post(change, {"published": "on"}).status_code == 403


@pytest.fixture
def devon_curator(client, settings, curator):
    """Cara works for the training hub that serves Devon (QJK)."""
    settings.DEMO_RELAX_STAFF_MFA = True
    hub = OrganisationFactory(kind=OrganisationKind.TRAINING_HUB, name="Devon hub", icb=icb())
    hub.serves_icbs.add(icb())
    curator.organisation = hub
    curator.save()
    client.force_login(curator)
    return client


def test_a_curator_sees_and_edits_only_roles_hosted_in_her_hubs_icbs(devon_curator):
    devon_role = RoleFactory(title="Devon frailty lead", host=OrganisationFactory(icb=icb("QJK")))
    london_role = RoleFactory(title="London frailty lead", host=OrganisationFactory(icb=icb("QMF")))

    listing = devon_curator.get(reverse("admin:careers_role_changelist")).content.decode()
    assert "Devon frailty lead" in listing
    assert "London frailty lead" not in listing
    assert (
        devon_curator.get(reverse("admin:careers_role_change", args=[devon_role.pk])).status_code
        == 200
    )
    # The admin answers a role outside her hub as if it did not exist.
    response = devon_curator.get(reverse("admin:careers_role_change", args=[london_role.pk]))
    assert response.status_code == 302
    delete = devon_curator.post(
        reverse("admin:careers_role_delete", args=[london_role.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403
    assert Role.objects.filter(pk=london_role.pk).exists()


def test_a_curator_cannot_host_a_role_outside_her_hubs_icbs(devon_curator):
    elsewhere = OrganisationFactory(
        name="Lea Marshes PCN", kind=OrganisationKind.PCN, icb=icb("QMF")
    )

    response = devon_curator.post(
        reverse("admin:careers_role_add"),
        {
            "title": "Network lead",
            "host": elsewhere.pk,
            "interests-TOTAL_FORMS": 0,
            "interests-INITIAL_FORMS": 0,
        },
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Role.objects.filter(title="Network lead").exists()


def test_a_superuser_curates_every_role(admin_client):
    RoleFactory(title="London frailty lead", host=OrganisationFactory(icb=icb("QMF")))

    listing = admin_client.get(reverse("admin:careers_role_changelist")).content.decode()

    assert "London frailty lead" in listing
