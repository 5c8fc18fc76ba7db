import datetime

import pytest
import time_machine
from django.urls import reverse

from portal.models import ICB, CareerLevel
from programmes.models import DeliveryMode, Funding, OfferKind, OfferStatus
from tests.factories import profession
from tests.programmes.factories import IntakeFactory, OfferFactory, days_from_today

pytestmark = pytest.mark.django_db

CATALOGUE = reverse("programmes:catalogue")


def titles_on(response) -> list[str]:
    return [offer.title for offer in response.context["offers"]]


def test_it_lists_published_offers_to_people_who_are_not_signed_in(client):
    OfferFactory(title="Coaching for new leads")
    OfferFactory(title="Draft idea", status=OfferStatus.DRAFT)
    response = client.get(CATALOGUE)
    assert response.status_code == 200
    assert titles_on(response) == ["Coaching for new leads"]
    assert "1 offer" in response.content.decode()


def test_it_shows_time_cost_backfill_and_accreditation_in_the_results(client):
    OfferFactory(
        title="Practice nurse leadership",
        total_hours=40,
        duration_weeks=26,
        session_count=6,
        session_hours=3.5,
        self_study_hours_per_week=2,
        funding=Funding.FULLY_FUNDED,
        funding_source="the training hub",
        backfill_paid=True,
        backfill_rate=30,
        cpd_hours=40,
    )
    page = client.get(CATALOGUE).content.decode()
    assert (
        "About 40 hours over 6 months: 6 half-day workshops and 2 hours of self-study a week."
        in page
    )
    assert "Fully funded by the training hub." in page
    assert "Backfill paid at £30 an hour." in page
    assert "40 CPD hours." in page


@time_machine.travel(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC), tick=False)
def test_it_combines_filters_from_the_query_string(client):
    nurse = profession("general-practice-nurse")
    devon = ICB.objects.get(ods_code="QJK")
    wanted = OfferFactory(
        title="Wanted",
        professions=[nurse],
        icbs=[devon],
        kind=OfferKind.PROGRAMME,
        funding=Funding.FULLY_FUNDED,
    )
    IntakeFactory(offer=wanted, start_date=days_from_today(30))
    later = OfferFactory(title="Starts too late", professions=[nurse], icbs=[devon])
    IntakeFactory(offer=later, start_date=days_from_today(200))
    OfferFactory(title="Self-funded", funding=Funding.SELF_FUNDED, fee=300)
    OfferFactory(title="Elsewhere", icbs=[ICB.objects.get(ods_code="QOP")])
    response = client.get(
        CATALOGUE,
        {
            "profession": "general-practice-nurse",
            "icb": "devon",
            "funding": "funded",
            "within": "3",
            "kind": "programme",
        },
    )
    assert titles_on(response) == ["Wanted"]
    assert "1 offer matches" in response.content.decode()


def test_it_filters_by_mode_hours_backfill_accreditation_dimension_and_level(client):
    OfferFactory(title="Short online", total_hours=5, backfill_paid=True, cpd_hours=5)
    OfferFactory(title="Long", total_hours=80, backfill_paid=True, cpd_hours=5)
    OfferFactory(
        title="In person", delivery_mode=DeliveryMode.IN_PERSON, backfill_paid=True, cpd_hours=5
    )
    OfferFactory(
        title="Senior only",
        career_levels=[CareerLevel.objects.get(slug="senior-leader")],
        backfill_paid=True,
        cpd_hours=5,
    )
    response = client.get(
        CATALOGUE,
        {
            "mode": "online",
            "max_hours": "10",
            "funding": "backfill",
            "accredited": "on",
            "level": "early-career",
        },
    )
    assert titles_on(response) == ["Short online"]


def test_it_searches_and_sorts_by_relevance(client):
    OfferFactory(title="Mentoring for pharmacists")
    OfferFactory(title="Team skills", description="Includes a little mentoring.")
    OfferFactory(title="Unrelated")
    response = client.get(CATALOGUE, {"q": "mentoring"})
    assert titles_on(response) == ["Mentoring for pharmacists", "Team skills"]


def test_it_sorts_by_soonest_deadline(client):
    later = IntakeFactory(offer__title="Later", application_deadline=days_from_today(30))
    sooner = IntakeFactory(offer__title="Sooner", application_deadline=days_from_today(5))
    OfferFactory(title="No dates")
    response = client.get(CATALOGUE, {"sort": "deadline"})
    assert titles_on(response) == [sooner.offer.title, later.offer.title, "No dates"]


def test_it_explains_an_unknown_filter_value_and_ignores_only_that_filter(client):
    OfferFactory(title="Online", delivery_mode=DeliveryMode.ONLINE)
    OfferFactory(title="In person", delivery_mode=DeliveryMode.IN_PERSON)
    response = client.get(CATALOGUE, {"profession": "astronaut", "mode": "online"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "We do not recognise that profession: choose one from the list" in page
    assert "nhsuk-error-summary" in page
    assert titles_on(response) == ["Online"]


def test_it_explains_a_bad_number_of_hours(client):
    response = client.get(CATALOGUE, {"max_hours": "lots"})
    assert response.status_code == 200
    assert "Enter the most hours you can give as a whole number" in response.content.decode()


def test_it_refuses_overlong_search_text_with_a_message(client):
    OfferFactory()
    response = client.get(CATALOGUE, {"q": "x" * 5000})
    assert response.status_code == 200
    assert "Search text must be 200 characters or fewer" in response.content.decode()
    assert len(titles_on(response)) == 1


@pytest.mark.parametrize("page", ["abc", "-1", "0", "999", "1.5", "9" * 40])
def test_it_answers_a_bad_page_number_with_a_page_and_a_message(client, page):
    OfferFactory.create_batch(3)
    response = client.get(CATALOGUE, {"page": page})
    assert response.status_code == 200
    assert len(titles_on(response)) == 3
    assert "page" in str(next(iter(response.context["messages"])))


def test_it_paginates_keeping_the_filters(client):
    OfferFactory.create_batch(25, kind=OfferKind.COACHING)
    response = client.get(CATALOGUE, {"kind": "coaching", "page": "2"})
    assert len(titles_on(response)) == 5
    page = response.content.decode()
    assert "25 offers match" in page
    assert 'href="?kind=coaching&amp;page=1"' in page
    assert 'aria-current="page"' in page


def test_it_opens_on_offers_for_you_when_signed_in(client, nurse):
    OfferFactory(title="For nurses", professions=[nurse.profession])
    OfferFactory(title="For pharmacists", professions=[profession("clinical-pharmacist")])
    client.force_login(nurse)
    response = client.get(CATALOGUE)
    assert titles_on(response) == ["For nurses"]
    assert "Show all offers" in response.content.decode()
    everything = client.get(CATALOGUE, {"scope": "all"})
    assert set(titles_on(everything)) == {"For nurses", "For pharmacists"}


def test_it_keeps_offers_for_you_on_the_next_page(client, nurse):
    OfferFactory.create_batch(21, professions=[nurse.profession])
    OfferFactory(title="For pharmacists", professions=[profession("clinical-pharmacist")])
    client.force_login(nurse)
    response = client.get(CATALOGUE, {"page": "2"})
    assert response.context["page"].paginator.count == 21


def make_offers(count: int) -> None:
    nurse = profession("general-practice-nurse")
    for _ in range(count):
        offer = OfferFactory(professions=[nurse])
        IntakeFactory(offer=offer)


@pytest.mark.parametrize(("signed_in", "queries"), [(False, 4), (True, 7)])
def test_it_renders_the_catalogue_in_the_same_few_queries_for_5_or_50_offers(
    client, nurse, django_assert_num_queries, signed_in, queries
):
    # Anyone: count, page, professions, intakes. Signed in: also the session, the
    # person and their "for you" defaults.
    if signed_in:
        client.force_login(nurse)
    make_offers(5)
    client.get(CATALOGUE)  # reads the filters' reference data, which is then kept
    with django_assert_num_queries(queries):
        assert client.get(CATALOGUE).status_code == 200
    make_offers(45)
    with django_assert_num_queries(queries):
        assert client.get(CATALOGUE).status_code == 200


def test_it_reads_the_filters_reference_data_once_and_then_keeps_it(client, nurse):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_offers(5)
    with CaptureQueriesContext(connection) as first:
        client.get(CATALOGUE)
    with CaptureQueriesContext(connection) as second:
        client.get(CATALOGUE)
    assert len(first) - len(second) == 4
