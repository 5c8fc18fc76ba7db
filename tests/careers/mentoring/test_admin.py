"""A co-ordinator sets up their own hub's rounds in the admin and nobody else's."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from careers.mentoring.models import MatchingRound
from portal.models import OrganisationKind
from tests.factories import OrganisationFactory, PersonFactory, activate_totp

pytestmark = pytest.mark.django_db


@pytest.fixture
def devon_hub():
    return OrganisationFactory(kind=OrganisationKind.TRAINING_HUB, name="Devon Training Hub")


@pytest.fixture
def coordinator(devon_hub):
    """Cole, who runs the Devon hub's mentoring rounds."""
    person = PersonFactory(full_name="Cole Baker", organisation=devon_hub, is_staff=True)
    person.groups.add(Group.objects.get(name="Mentoring co-ordinators"))
    activate_totp(person)
    return person


def test_a_coordinator_sees_only_their_own_hubs_rounds(client, coordinator, devon_hub):
    other_hub = OrganisationFactory(kind=OrganisationKind.TRAINING_HUB, name="Kent Hub")
    MatchingRound.objects.create(name="Devon spring round", hub=devon_hub)
    MatchingRound.objects.create(name="Kent spring round", hub=other_hub)
    client.force_login(coordinator)

    page = client.get(reverse("admin:careers_matchinground_changelist")).content.decode()

    assert "Devon spring round" in page
    assert "Kent spring round" not in page


def test_a_round_a_coordinator_creates_belongs_to_their_hub(client, coordinator, devon_hub):
    other_hub = OrganisationFactory(kind=OrganisationKind.TRAINING_HUB, name="Kent Hub")
    client.force_login(coordinator)

    response = client.post(
        reverse("admin:careers_matchinground_add"),
        {"name": "Devon autumn round", "hub": other_hub.pk, "standing": "on"},
    )

    assert response.status_code == 302
    assert MatchingRound.objects.get(name="Devon autumn round").hub == devon_hub


def test_the_admin_never_shows_a_requests_goals(client, coordinator, devon_hub):
    client.force_login(coordinator)

    page = client.get(reverse("admin:careers_supportrequest_changelist"))

    assert page.status_code == 200
    assert "goals" not in page.content.decode().lower()
