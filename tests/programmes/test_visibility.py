"""Who sees which offers and intakes, stated once as Offer.objects.visible_to and
curated_by, and used by the offer page, its calendar file and the importer."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from programmes.models import Intake, Offer, OfferStatus, hubs_curated_by
from tests.factories import OrganisationFactory, PersonFactory
from tests.programmes.factories import IntakeFactory, OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offers(hub, other_hub):
    return {
        "published": OfferFactory(hub=hub, title="Published"),
        "own draft": OfferFactory(hub=hub, title="Own draft", status=OfferStatus.DRAFT),
        "other draft": OfferFactory(hub=other_hub, title="Other draft", status=OfferStatus.DRAFT),
    }


def titles(queryset) -> set[str]:
    return set(queryset.values_list("title", flat=True))


def test_visitors_and_members_see_only_published_offers(offers, hub, nurse):
    # A member who works at the hub is still not its curator.
    nurse.organisation = hub
    nurse.save()
    for person in (AnonymousUser(), nurse):
        assert titles(Offer.objects.visible_to(person)) == {"Published"}


def test_a_curator_also_sees_her_own_hubs_drafts_but_not_another_hubs(offers, curator):
    assert titles(Offer.objects.visible_to(curator)) == {"Published", "Own draft"}
    assert titles(Offer.objects.curated_by(curator)) == {"Published", "Own draft"}


def test_a_superuser_sees_every_offer(offers, superuser):
    assert titles(Offer.objects.visible_to(superuser)) == {
        "Published",
        "Own draft",
        "Other draft",
    }


def test_staff_without_a_hub_curate_nothing(offers):
    staff = PersonFactory(is_staff=True, organisation=None)
    assert not Offer.objects.curated_by(staff).exists()
    assert not hubs_curated_by(staff).exists()
    assert titles(Offer.objects.visible_to(staff)) == {"Published"}


def test_intakes_follow_their_offers(offers, curator, nurse):
    IntakeFactory(offer=offers["own draft"])
    IntakeFactory(offer=offers["other draft"])
    IntakeFactory(offer=offers["published"])
    assert Intake.objects.visible_to(nurse).get().offer == offers["published"]
    assert {i.offer.title for i in Intake.objects.visible_to(curator)} == {
        "Published",
        "Own draft",
    }


def test_another_hubs_draft_and_its_calendar_file_are_not_found_for_a_curator(
    client, offers, curator
):
    intake = IntakeFactory(offer=offers["other draft"])
    client.force_login(curator)
    assert client.get(offers["other draft"].get_absolute_url()).status_code == 404
    ics = reverse("programmes:intake_ics", args=[offers["other draft"].slug, intake.pk])
    assert client.get(ics).status_code == 404
    assert client.get(offers["own draft"].get_absolute_url()).status_code == 200


def test_only_staff_working_for_a_training_hub_curate_its_offers(offers, hub):
    member = PersonFactory(organisation=hub)
    assert not Offer.objects.curated_by(member).exists()
    practice_staff = PersonFactory(is_staff=True, organisation=OrganisationFactory())
    OfferFactory(hub=practice_staff.organisation, title="Held by a practice")
    assert not Offer.objects.curated_by(practice_staff).exists()
    assert titles(Offer.objects.visible_to(practice_staff)) == {"Published", "Held by a practice"}
