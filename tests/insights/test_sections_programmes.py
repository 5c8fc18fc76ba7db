"""Programmes on the insights pages: applications, completions and catalogue health.

The Devon hub serves Devon (QJK); the London hub serves North Central London (QMJ).
Nia (nurse) and Priya (pharmacist) work in Devon; Lola works in London.
"""

import datetime

import pytest
from django.utils import timezone

from portal.insights.scope import ENGLAND, Scope
from portal.models import OrganisationKind
from programmes import insights
from programmes.models import ApplicationStatus, OfferKind, OfferStatus
from tests.factories import OrganisationFactory, PersonFactory, icb, profession
from tests.programmes.factories import (
    ApplicationFactory,
    HubFactory,
    IntakeFactory,
    OfferFactory,
    days_from_today,
)


def hub_serving(ods_code: str):
    hub = HubFactory(icb=icb(ods_code))
    hub.serves_icbs.add(icb(ods_code))
    return hub


def devon() -> Scope:
    return Scope(label="Devon", icb_ids=frozenset({icb("QJK").pk}), slug="devon")


def londoner(**fields):
    return PersonFactory(organisation=OrganisationFactory(icb=icb("QMJ")), **fields)


@pytest.fixture
def devon_hub(db):
    return hub_serving("QJK")


@pytest.fixture
def london_hub(db):
    return hub_serving("QMJ")


def table(tables, key):
    return next(t for t in tables if t.key == key)


def apply(person, intake, status=ApplicationStatus.APPLIED):
    return ApplicationFactory(person=person, intake=intake, status=status)


# ---------------------------------------------------------------------------
# Participation
# ---------------------------------------------------------------------------
def test_nias_application_counts_for_devon_and_a_londoners_never_does(nurse, devon_hub):
    intake = IntakeFactory(offer=OfferFactory(hub=devon_hub))
    apply(nurse, intake)
    apply(londoner(), intake)

    rows = list(insights.applied(devon()).values("who", "who_profession", "at"))

    assert [(row["who"], row["who_profession"]) for row in rows] == [
        (nurse.pk, nurse.profession_id)
    ]
    assert rows[0]["at"] is not None


def test_interest_alone_or_withdrawn_is_not_an_application(nurse, pharmacist):
    apply(nurse, IntakeFactory(), ApplicationStatus.INTERESTED)
    apply(pharmacist, IntakeFactory(), ApplicationStatus.WITHDRAWN)

    assert not insights.applied(ENGLAND).exists()


def test_a_completion_is_dated_when_it_was_completed(nurse):
    finished = timezone.now() - datetime.timedelta(days=40)
    application = apply(nurse, IntakeFactory(), ApplicationStatus.COMPLETED)
    application.status_changed_at = finished
    application.save()

    assert list(insights.completed(ENGLAND).values_list("who", "at")) == [(nurse.pk, finished)]
    assert insights.applied(ENGLAND).count() == 1


def test_deactivated_and_erased_people_are_never_counted(nurse, pharmacist, gp_trainee):
    intake = IntakeFactory()
    for person in (nurse, pharmacist, gp_trainee):
        apply(person, intake, ApplicationStatus.COMPLETED)
    pharmacist.is_active = False
    pharmacist.save()
    gp_trainee.erased_at = timezone.now()
    gp_trainee.save()

    assert list(insights.applied(ENGLAND).values_list("who", flat=True)) == [nurse.pk]
    assert list(insights.completed(ENGLAND).values_list("who", flat=True)) == [nurse.pk]


# ---------------------------------------------------------------------------
# Catalogue health
# ---------------------------------------------------------------------------
def test_offers_by_kind_count_only_the_offers_of_hubs_serving_the_area(devon_hub, london_hub):
    OfferFactory(hub=devon_hub, kind=OfferKind.COACHING)
    OfferFactory(hub=devon_hub, kind=OfferKind.COACHING, status=OfferStatus.DRAFT)
    OfferFactory(hub=london_hub, kind=OfferKind.COACHING)

    kinds = table(insights.catalogue(devon()), "offers-by-kind")
    coaching = next(row for row in kinds.rows if row["kind"] == "Coaching")

    assert (coaching["published"], coaching["open"], coaching["drafts"]) == (1, 1, 1)
    assert kinds.total["published"] == 1


def test_it_names_the_professions_with_no_open_offer_in_each_icb(devon_hub, london_hub):
    nurse_offer = OfferFactory(
        hub=london_hub, professions=[profession("general-practice-nurse")], icbs=[icb("QJK")]
    )
    IntakeFactory(offer=nurse_offer)
    # Closed: its only intake's deadline has passed.
    closed = OfferFactory(hub=devon_hub, professions=[profession("clinical-pharmacist")])
    IntakeFactory(
        offer=closed, start_date=days_from_today(5), application_deadline=days_from_today(-1)
    )

    tables = insights.catalogue(devon())
    [devon_row] = table(tables, "no-open-offer").rows
    by_profession = {row["profession"]: row for row in table(tables, "open-by-profession").rows}

    assert devon_row["icb"] == icb("QJK").name
    assert "General practice nurse" not in devon_row["professions"]
    assert "Clinical pharmacist" in devon_row["professions"]
    assert by_profession["General practice nurse"]["offers"] == 1
    assert by_profession["Clinical pharmacist"] == {
        "profession": "Clinical pharmacist",
        "offers": 0,
        "icbs_without": 1,
    }


def test_an_offer_open_to_everyone_across_england_leaves_no_profession_out(devon_hub):
    OfferFactory(hub=devon_hub)  # no intakes: join any time

    [row] = table(insights.catalogue(devon()), "no-open-offer").rows

    assert row["count"] == 0


def test_stale_offers_are_counted_for_their_own_hub_only(devon_hub, london_hub):
    OfferFactory(hub=devon_hub, review_by=days_from_today(-1), title="Old news")
    OfferFactory(hub=devon_hub, review_by=days_from_today(30))
    OfferFactory(hub=london_hub, review_by=days_from_today(-1), title="London's old news")

    tables = insights.catalogue(devon())
    [hub_row] = table(tables, "stale-by-hub").rows

    assert (hub_row["live"], hub_row["stale"], hub_row["share"]) == (2, 1, 0.5)
    assert [row["title"] for row in table(tables, "stalest-offers").rows] == ["Old news"]


def test_faq_completeness_counts_offers_that_answer_every_standard_question(devon_hub):
    OfferFactory(hub=devon_hub)
    OfferFactory(hub=devon_hub, certificate="")  # published, then lost its answer

    rows = {
        row["question"]: row for row in table(insights.catalogue(devon()), "faq-completeness").rows
    }

    assert rows["Every standard question"]["offers"] == 1
    assert rows["Every standard question"]["share"] == 0.5
    assert rows["Will I get a certificate?"]["offers"] == 1
    assert rows["Who can take part?"]["offers"] == 2


def test_fill_rates_count_places_held_by_active_people(devon_hub, nurse, pharmacist, gp_trainee):
    intake = IntakeFactory(offer=OfferFactory(hub=devon_hub), places=10)
    for person in (nurse, pharmacist, gp_trainee):
        apply(person, intake, ApplicationStatus.ACCEPTED)
    apply(londoner(), intake, ApplicationStatus.INTERESTED)  # holds no place
    gp_trainee.erased_at = timezone.now()
    gp_trainee.save()

    fill = table(insights.catalogue(devon()), "intake-fill")

    assert fill.rows == [{"kind": "Course", "intakes": 1, "places": 10, "taken": 2, "fill": 0.2}]
    assert fill.total["taken"] == 2


# Kinds (1); open offers by profession and the professions each ICB lacks (6); stale
# offers (2); standard answers (3: offers, their FAQs and professions); intakes (2).
QUERIES = 14


def test_the_catalogue_page_takes_the_same_queries_for_one_offer_or_many(
    devon_hub, django_assert_num_queries
):
    def fill(n):
        for _ in range(n):
            offer = OfferFactory(hub=devon_hub, review_by=days_from_today(-2), icbs=[icb("QJK")])
            intake = IntakeFactory(offer=offer)
            apply(PersonFactory(), intake)

    scope = devon()
    fill(1)
    with django_assert_num_queries(QUERIES):
        insights.catalogue(scope)
    fill(15)
    with django_assert_num_queries(QUERIES):
        tables = insights.catalogue(scope)
    assert table(tables, "offers-by-kind").total["published"] == 16


def test_a_pcn_is_not_a_hub_and_draws_no_offers(devon_hub):
    OrganisationFactory(kind=OrganisationKind.PCN)
    OfferFactory(hub=devon_hub)

    assert table(insights.catalogue(ENGLAND), "offers-by-kind").total["published"] == 1
