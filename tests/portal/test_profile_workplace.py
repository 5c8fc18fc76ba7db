"""A staff member's workplace decides whose records she manages, so she cannot move
herself on /me/; members can, and superusers move anyone."""

import pytest
from django.contrib.auth.models import Group

from portal import services
from portal.lib.refused import Refused
from portal.models import Organisation, OrganisationKind
from tests.factories import OrganisationFactory, PersonFactory, profession
from tests.portal.test_pages import profile_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def hub_curator(db):
    """Cara curates for Moorland Training Hub, her workplace."""
    hub = OrganisationFactory(kind=OrganisationKind.TRAINING_HUB, name="Moorland Training Hub")
    person = PersonFactory(
        full_name="Cara Mensah", organisation=hub, is_staff=True, profession=profession("gp")
    )
    person.groups.add(Group.objects.get(name="Training-hub curators"))
    return person


@pytest.fixture
def practice(db) -> Organisation:
    return OrganisationFactory(kind=OrganisationKind.PRACTICE, name="Riverside Surgery")


def update(person, organisation):
    return services.profile_update(
        person=person,
        full_name=person.full_name,
        profession=person.profession,
        career_level=None,
        organisation=organisation,
        held_roles=[],
    )


def test_a_curator_cannot_move_her_own_workplace(hub_curator, practice):
    hub = hub_curator.organisation
    with pytest.raises(Refused, match="only a portal administrator can change it"):
        update(hub_curator, practice)
    hub_curator.refresh_from_db()
    assert hub_curator.organisation == hub


def test_a_curator_saves_the_rest_of_her_profile_and_a_posted_workplace_is_ignored(
    client, hub_curator, practice
):
    hub = hub_curator.organisation
    client.force_login(hub_curator)
    page = client.get("/me/").content.decode()
    assert "only a portal administrator can change it" in page

    response = client.post(
        "/me/", profile_data(hub_curator, full_name="Cara Mensah-Jones", organisation=practice.pk)
    )

    assert response.status_code == 302
    hub_curator.refresh_from_db()
    assert hub_curator.full_name == "Cara Mensah-Jones"
    assert hub_curator.organisation == hub


def test_members_and_superusers_may_change_workplace(nurse, practice):
    assert update(nurse, practice).organisation == practice
    admin = PersonFactory(is_staff=True, is_superuser=True)
    assert update(admin, practice).organisation == practice
