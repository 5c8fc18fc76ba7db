"""The catalogue asks about time as people plan it (hours a month) and about funding as
one question whose answers widen the list, and opens "for you" on her own filters."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from programmes import summaries
from programmes.models import Funding, Offer, hours_a_month
from tests.factories import profession
from tests.programmes.factories import OfferFactory

pytestmark = pytest.mark.django_db

CATALOGUE = reverse("programmes:catalogue")


def titles_on(response) -> set[str]:
    return {offer.title for offer in response.context["offers"]}


@pytest.fixture
def offers_of_every_pace():
    """A year-long programme (4 hours a month), an intensive fortnight (20 hours in one
    month), sessions spread over six months with weekly self-study (about 5.7 hours a
    month), a day with no duration (7 hours, all in one month) and one that gives no
    time in numbers."""
    return [
        OfferFactory(title="Year-long", total_hours=48, duration_weeks=52),
        OfferFactory(title="Intensive fortnight", total_hours=20, duration_weeks=2),
        OfferFactory(
            title="Sessions and self-study",
            total_hours=None,
            duration_weeks=26,
            session_count=6,
            session_hours=Decimal("3.5"),
            self_study_hours_per_week=Decimal("0.5"),
        ),
        OfferFactory(title="One day", total_hours=7, duration_weeks=None),
        OfferFactory(
            title="Time not given",
            total_hours=None,
            duration_weeks=None,
            session_count=None,
            session_hours=None,
            self_study_hours_per_week=None,
        ),
    ]


def test_a_nurse_with_eight_hours_a_month_sees_the_offers_that_fit_her_month(
    client, offers_of_every_pace
):
    response = client.get(CATALOGUE, {"hours_a_month": "8"})
    assert titles_on(response) == {"Year-long", "Sessions and self-study", "One day"}
    assert "3 offers match" in response.content.decode()


def test_a_month_with_room_for_the_fortnight_still_leaves_out_an_offer_without_numbers(
    client, offers_of_every_pace
):
    response = client.get(CATALOGUE, {"hours_a_month": "20"})
    assert "Time not given" not in titles_on(response)
    assert "Intensive fortnight" in titles_on(response)


def test_the_database_works_out_hours_a_month_as_the_sentences_do(offers_of_every_pace):
    in_sql = dict(Offer.objects.annotate(pace=hours_a_month()).values_list("title", "pace"))
    for offer in offers_of_every_pace:
        expected = summaries.hours_a_month(offer)
        if expected is None:
            assert in_sql[offer.title] is None
        else:
            assert in_sql[offer.title] == pytest.approx(expected, rel=1e-6)
    assert summaries.hours_a_month(offers_of_every_pace[0]) == pytest.approx(4.0, rel=0.01)


def test_it_explains_a_bad_number_of_hours_a_month(client):
    OfferFactory(title="Still listed")
    response = client.get(CATALOGUE, {"hours_a_month": "a few"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter the most hours a month you can give as a whole number, like 8" in page
    assert titles_on(response) == {"Still listed"}


@pytest.fixture
def offers_paid_for_in_different_ways():
    OfferFactory(title="Free, no backfill", funding=Funding.FREE, backfill_paid=False)
    OfferFactory(
        title="Self-funded with backfill",
        funding=Funding.SELF_FUNDED,
        fee=Decimal("300"),
        backfill_paid=True,
    )
    OfferFactory(title="Funded with backfill", funding=Funding.FULLY_FUNDED, backfill_paid=True)
    OfferFactory(
        title="Paid, no backfill",
        funding=Funding.SELF_FUNDED,
        fee=Decimal("300"),
        backfill_paid=False,
    )


def test_ticking_free_and_backfill_paid_shows_offers_with_either(
    client, offers_paid_for_in_different_ways
):
    response = client.get(CATALOGUE + "?funding=funded&funding=backfill")
    assert titles_on(response) == {
        "Free, no backfill",
        "Self-funded with backfill",
        "Funded with backfill",
    }


def test_ticking_only_backfill_paid_shows_offers_with_backfill(
    client, offers_paid_for_in_different_ways
):
    response = client.get(CATALOGUE, {"funding": "backfill"})
    assert titles_on(response) == {"Self-funded with backfill", "Funded with backfill"}


def test_links_made_with_the_old_funded_and_backfill_boxes_still_filter(
    client, offers_paid_for_in_different_ways
):
    response = client.get(CATALOGUE, {"funded": "on", "backfill": "on"})
    assert titles_on(response) == {
        "Free, no backfill",
        "Self-funded with backfill",
        "Funded with backfill",
    }
    page = response.content.decode()
    assert 'value="funded" checked' in page
    assert 'value="backfill" checked' in page


def test_the_funding_boxes_are_one_question_in_a_fieldset(client):
    page = client.get(CATALOGUE).content.decode()
    legend = re.search(r"<legend[^>]*>\s*Funding\s*</legend>", page).start()
    assert page.rfind("<fieldset", 0, legend) > page.rfind("</fieldset>", 0, legend)
    boxes = page.index('id="id_funding_1"')
    assert page.rfind("<legend", 0, boxes) == legend
    assert "Tick both to see offers that have either." in page


def test_for_you_opens_with_her_profession_chosen_in_the_form(client, nurse):
    OfferFactory(title="For nurses", professions=[nurse.profession])
    OfferFactory(title="For pharmacists", professions=[profession("clinical-pharmacist")])
    client.force_login(nurse)
    response = client.get(CATALOGUE)
    assert titles_on(response) == {"For nurses"}
    page = response.content.decode()
    assert f'<option value="{nurse.profession.slug}" selected>' in page


def test_filters_sit_in_a_filter_offers_disclosure(client):
    page = client.get(CATALOGUE).content.decode()
    disclosure = page.index('data-module="app-filters"')
    assert page.index("Filter offers", disclosure) < page.index('id="catalogue-filters"')
    assert page.index('id="catalogue-filters"') < page.index("</details>", disclosure)
