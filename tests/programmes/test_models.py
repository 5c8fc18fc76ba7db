import datetime

import pytest
import time_machine

from portal.models import ICB, CareerLevel, LeadershipDimension, Region
from programmes.models import (
    Funding,
    Intake,
    IntakeStatus,
    Offer,
    OfferStatus,
    add_months,
)
from tests.factories import profession
from tests.programmes.factories import IntakeFactory, OfferFactory

pytestmark = pytest.mark.django_db

FROZEN = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
TODAY = datetime.date(2026, 3, 2)


def titles(offers) -> set[str]:
    return set(offers.values_list("title", flat=True))


def test_it_hides_draft_and_archived_offers():
    OfferFactory(title="Live")
    OfferFactory(title="Draft", status=OfferStatus.DRAFT)
    OfferFactory(title="Gone", status=OfferStatus.ARCHIVED)
    assert titles(Offer.objects.published()) == {"Live"}


def test_it_finds_offers_open_to_a_profession():
    nurse = profession("general-practice-nurse")
    OfferFactory(title="Everyone")
    OfferFactory(title="Nurses", professions=[nurse])
    OfferFactory(title="Pharmacists", professions=[profession("clinical-pharmacist")])
    assert titles(Offer.objects.open_for(nurse)) == {"Everyone", "Nurses"}


def test_it_treats_an_offer_naming_no_level_as_open_to_every_level():
    early, senior = (
        CareerLevel.objects.get(slug="early-career"),
        CareerLevel.objects.get(slug="senior-leader"),
    )
    OfferFactory(title="Any level")
    OfferFactory(title="Early", career_levels=[early])
    OfferFactory(title="Senior", career_levels=[senior])
    assert titles(Offer.objects.at_level(early)) == {"Any level", "Early"}


def test_it_finds_offers_in_an_icb_nationally_by_region_or_by_icb():
    devon = ICB.objects.get(ods_code="QJK")
    south_west = Region.objects.get(slug="south-west")
    OfferFactory(title="National")
    OfferFactory(title="South West", regions=[south_west])
    OfferFactory(title="Devon", icbs=[devon])
    OfferFactory(title="Manchester", icbs=[ICB.objects.get(ods_code="QOP")])
    OfferFactory(title="London", regions=[Region.objects.get(slug="london")])
    assert titles(Offer.objects.available_in_icb(devon)) == {"National", "South West", "Devon"}
    assert titles(Offer.objects.available_in_region(south_west)) == {
        "National",
        "South West",
        "Devon",
    }


def test_it_finds_offers_for_a_person(nurse):
    nurse.career_level = CareerLevel.objects.get(slug="early-career")
    OfferFactory(title="For Nia", professions=[nurse.profession], icbs=[nurse.organisation.icb])
    OfferFactory(title="Wrong place", icbs=[ICB.objects.get(ods_code="QOP")])
    OfferFactory(title="Wrong level", career_levels=[CareerLevel.objects.get(slug="senior-leader")])
    assert titles(Offer.objects.for_person(nurse)) == {"For Nia"}


def test_it_finds_offers_by_dimension_funding_backfill_hours_and_accreditation():
    care = LeadershipDimension.objects.get(slug="leading-with-care")
    OfferFactory(title="Caring", dimensions=[care])
    OfferFactory(
        title="Paid for",
        funding=Funding.SELF_FUNDED,
        backfill_paid=True,
        total_hours=100,
        cpd_hours=None,
    )
    assert titles(Offer.objects.developing(care)) == {"Caring"}
    assert titles(Offer.objects.funded()) == {"Caring"}
    assert titles(Offer.objects.with_backfill()) == {"Paid for"}
    assert titles(Offer.objects.within_hours(40)) == {"Caring"}
    assert titles(Offer.objects.accredited()) == {"Caring"}


@time_machine.travel(FROZEN, tick=False)
def test_it_lists_offers_past_their_review_date_as_stale():
    OfferFactory(title="Overdue", review_by=TODAY - datetime.timedelta(days=1))
    OfferFactory(title="Fresh", review_by=TODAY + datetime.timedelta(days=30))
    OfferFactory(title="Unset")
    assert titles(Offer.objects.stale()) == {"Overdue"}


@time_machine.travel(FROZEN, tick=False)
def test_it_derives_intake_status_from_dates_and_places():
    start = TODAY + datetime.timedelta(days=30)
    open_ = IntakeFactory(start_date=start, application_deadline=start - datetime.timedelta(3))
    full = IntakeFactory(start_date=start, places=2, places_taken=2)
    closed = IntakeFactory(start_date=start, application_deadline=TODAY - datetime.timedelta(1))
    no_deadline_started = IntakeFactory(start_date=TODAY, end_date=None, application_deadline=None)
    assert open_.status == IntakeStatus.OPEN
    assert full.status == IntakeStatus.FULL
    assert full.places_left == 0
    assert closed.status == IntakeStatus.CLOSED
    assert no_deadline_started.status == IntakeStatus.CLOSED
    assert set(Intake.objects.open()) == {open_}


@time_machine.travel(FROZEN, tick=False)
def test_it_finds_offers_with_an_open_intake_or_starting_soon():
    soon = IntakeFactory(offer__title="Soon", start_date=TODAY + datetime.timedelta(days=40))
    IntakeFactory(offer__title="Later", start_date=TODAY + datetime.timedelta(days=200))
    IntakeFactory(
        offer__title="Full",
        start_date=TODAY + datetime.timedelta(days=50),
        places=1,
        places_taken=1,
    )
    assert titles(Offer.objects.starting_within(3)) == {"Soon", "Full"}
    assert titles(Offer.objects.with_open_intake()) == {"Soon", "Later"}
    annotated = Offer.objects.with_next_deadline().get(pk=soon.offer_id)
    assert annotated.next_deadline == soon.application_deadline


def test_it_adds_months_without_overflowing_short_months():
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2026, 11, 15), 3) == datetime.date(2027, 2, 15)
