import pytest
from django.urls import NoReverseMatch, reverse

from tests.careers.factories import pathway_for
from tests.factories import PersonFactory, profession

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


def test_training_hub_curators_may_curate_pathways_and_post_roles(client, settings, curator):
    settings.DEMO_RELAX_STAFF_MFA = True
    client.force_login(curator)
    assert client.get(reverse("admin:careers_pathway_add")).status_code == 200
    assert client.get(reverse("admin:careers_role_add")).status_code == 200
