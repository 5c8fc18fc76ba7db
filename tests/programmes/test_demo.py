from io import StringIO

import pytest
from django.core.management import call_command

from portal.models import ICB, Profession, Region, StaffGroup
from programmes.answers import missing_answers
from programmes.models import Offer, OfferKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings):
    settings.DEBUG = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", "--no-sign-ins", stdout=StringIO())


def test_the_demo_has_at_least_60_offers_of_every_kind(seeded):
    offers = Offer.objects.published()
    assert offers.count() >= 60
    assert set(offers.values_list("kind", flat=True)) == set(OfferKind.values)


def test_the_demo_has_offers_in_every_region_beyond_the_national_ones(seeded):
    local = Offer.objects.published().filter(national=False)
    for region in Region.objects.all():
        assert local.available_in_region(region).exists(), region.name


def test_the_demo_has_offers_for_both_staff_groups_and_every_profession(seeded):
    offers = Offer.objects.published()
    for group in StaffGroup.values:
        assert offers.filter(professions__staff_group=group).exists()
    for profession in Profession.objects.all():
        assert offers.filter(professions=profession).exists(), profession.name


def test_every_demo_offer_answers_the_standard_questions(seeded):
    for offer in Offer.objects.prefetch_related("faqs", "professions"):
        assert missing_answers(offer) == [], offer.title


def test_a_nurse_in_devon_finds_funded_offers_starting_within_three_months(seeded):
    nurse = Profession.objects.get(slug="general-practice-nurse")
    devon = ICB.objects.get(ods_code="QJK")
    found = (
        Offer.objects.published()
        .open_for(nurse)
        .available_in_icb(devon)
        .funded()
        .starting_within(3)
        .filter(kind=OfferKind.PROGRAMME)
    )
    assert found.exists()
