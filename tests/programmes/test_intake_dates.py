"""The dates an offer stores from its intakes (the last day one takes applications, the
soonest deadline) stay right through every write, and the catalogue reads the same
offers from them as it did by searching the intakes."""

import datetime
import random

import pytest
import time_machine
from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse

from programmes import intake_dates, services
from programmes.models import Intake, Offer
from programmes.resources import IntakeResource
from tests.programmes.factories import IntakeFactory, OfferFactory, days_from_today
from tests.programmes.test_import import dataset

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator_client(client, curator, settings):
    settings.DEMO_RELAX_STAFF_MFA = True
    client.force_login(curator)
    return client


def stored(offer: Offer) -> tuple:
    offer.refresh_from_db(fields=["open_until", "soonest_deadline"])
    return offer.open_until, offer.soonest_deadline


def open_by_intakes(on: datetime.date) -> set[int]:
    """The catalogue's "taking applications" as it was: a search of the intakes."""
    intakes = Intake.objects.open(on).filter(offer_id=OuterRef("pk"))
    return set(Offer.objects.filter(Exists(intakes)).values_list("pk", flat=True))


def deadlines_by_intakes(on: datetime.date) -> dict[int, datetime.date | None]:
    soonest = (
        Intake.objects.filter(offer_id=OuterRef("pk"), application_deadline__gte=on)
        .order_by("application_deadline")
        .values("application_deadline")[:1]
    )
    return dict(Offer.objects.annotate(d=Subquery(soonest)).values_list("pk", "d"))


def generated_catalogue(rng: random.Random, offers: int = 40) -> None:
    """Offers with none to four intakes of every shape: past and future, full and free,
    with and without a deadline, unlimited places."""
    for _ in range(offers):
        offer = OfferFactory()
        starts = rng.sample(range(-40, 120), rng.randint(0, 4))
        for day in starts:
            start = days_from_today(day)
            places = rng.choice([None, 1, 2, 10])
            IntakeFactory(
                offer=offer,
                start_date=start,
                end_date=None,
                application_deadline=rng.choice(
                    [None, start, start - datetime.timedelta(days=rng.randint(1, 30))]
                ),
                places=places,
                places_taken=rng.randint(0, places) if places else rng.randint(0, 5),
            )


def test_the_stored_dates_find_the_same_offers_as_searching_the_intakes_on_any_day():
    generated_catalogue(random.Random(20))
    # The days after are as the catalogue sees them before the hourly task rolls on.
    for days in (0, 1, 7, 15, 45, 130):
        day = days_from_today(days)
        with time_machine.travel(datetime.datetime.combine(day, datetime.time(12)), tick=False):
            assert set(Offer.objects.with_open_intake().values_list("pk", flat=True)) == (
                open_by_intakes(day)
            )
            assert dict(
                Offer.objects.with_next_deadline().values_list("pk", "next_deadline")
            ) == deadlines_by_intakes(day)


def test_the_hourly_task_moves_a_passed_deadline_on_to_the_next_and_is_idempotent():
    offer = OfferFactory()
    first = IntakeFactory(offer=offer, start_date=days_from_today(20))
    second = IntakeFactory(offer=offer, start_date=days_from_today(60))
    assert stored(offer)[1] == first.application_deadline
    later = first.application_deadline + datetime.timedelta(days=1)
    with time_machine.travel(datetime.datetime.combine(later, datetime.time(3)), tick=False):
        assert intake_dates.roll_on() == 1
        assert stored(offer)[1] == second.application_deadline
        assert intake_dates.roll_on() == 0
        assert stored(offer)[1] == second.application_deadline


def test_taking_the_last_place_closes_the_offer_and_withdrawing_opens_it_again(nurse):
    intake = IntakeFactory(places=1)
    offer = intake.offer
    assert stored(offer)[0] == intake.application_deadline
    application = services.application_create(person=nurse, offer=offer, intake=intake)
    assert stored(offer)[0] is None
    assert not Offer.objects.with_open_intake().filter(pk=offer.pk).exists()
    services.application_withdraw(application=application)
    assert stored(offer)[0] == intake.application_deadline
    assert Offer.objects.with_open_intake().filter(pk=offer.pk).exists()


def test_a_curator_adding_an_intake_on_the_offer_page_opens_the_offer(curator_client, curator):
    from tests.programmes.test_admin import offer_form

    start = days_from_today(50)
    curator_client.post(
        reverse("admin:programmes_offer_add"),
        offer_form(
            curator,
            **{
                "intakes-TOTAL_FORMS": "1",
                "intakes-0-start_date": start.isoformat(),
                "intakes-0-places": "12",
            },
        ),
    )
    offer = Offer.objects.get(slug="leading-a-practice-meeting")
    # No deadline: open until the day before it starts.
    assert stored(offer) == (start - datetime.timedelta(days=1), None)


def test_a_curator_moving_a_deadline_into_the_past_closes_the_offer(curator_client, curator):
    intake = IntakeFactory(offer__hub=curator.organisation, start_date=days_from_today(30))
    offer = intake.offer
    passed = days_from_today(-1)
    response = curator_client.post(
        reverse("admin:programmes_intake_change", args=[intake.pk]),
        {
            "offer": str(offer.pk),
            "start_date": intake.start_date.isoformat(),
            "end_date": "",
            "application_deadline": passed.isoformat(),
            "places": "20",
            "location": "",
            "online_link": "",
            "notes": "",
        },
    )
    assert response.status_code == 302
    assert stored(offer) == (passed, None)
    assert not Offer.objects.with_open_intake().filter(pk=offer.pk).exists()


def test_a_curator_deleting_one_intake_or_several_at_once_clears_the_dates(curator_client, curator):
    one = IntakeFactory(offer__hub=curator.organisation)
    several = IntakeFactory(offer__hub=curator.organisation)
    also = IntakeFactory(offer=several.offer)
    curator_client.post(reverse("admin:programmes_intake_delete", args=[one.pk]), {"post": "yes"})
    assert stored(one.offer) == (None, None)
    curator_client.post(
        reverse("admin:programmes_intake_changelist"),
        {"action": "delete_selected", "_selected_action": [several.pk, also.pk], "post": "yes"},
    )
    assert not Intake.objects.exists()
    assert stored(several.offer) == (None, None)


def test_importing_intakes_stores_the_dates_and_a_dry_run_leaves_them(curator):
    offer = OfferFactory(slug="coaching", hub=curator.organisation)
    headers = ["offer", "start_date", "application_deadline", "places"]
    row = {
        "offer": "coaching",
        "start_date": days_from_today(60).isoformat(),
        "application_deadline": days_from_today(30).isoformat(),
        "places": "12",
    }
    IntakeResource(user=curator).import_data(
        dataset([row], headers), dry_run=True, use_transactions=True
    )
    assert stored(offer) == (None, None)
    result = IntakeResource(user=curator).import_data(
        dataset([row], headers), use_transactions=True, rollback_on_validation_errors=True
    )
    assert not result.has_errors()
    assert stored(offer) == (days_from_today(30), days_from_today(30))
