import datetime

import pytest

from programmes import services
from programmes.models import Application, ApplicationStatus, Funding, OfferStatus
from tests.factories import PersonFactory
from tests.programmes.factories import FAQFactory, IntakeFactory, OfferFactory, days_from_today

pytestmark = pytest.mark.django_db


def test_it_refuses_to_publish_naming_each_unanswered_standard_question():
    draft = OfferFactory(
        title="Team coaching",
        status=OfferStatus.DRAFT,
        funding="",
        cpd_hours=None,
        certificate="",
    )
    with pytest.raises(services.PublishRefused) as refused:
        services.offer_publish(offer=draft)
    assert refused.value.message == (
        "“Team coaching” cannot be published until its standard questions about funding and "
        "backfill, accreditation and certification are answered, in its details or as FAQs."
    )
    draft.refresh_from_db()
    assert draft.status == OfferStatus.DRAFT


def test_it_accepts_an_faq_as_the_answer_to_a_standard_question():
    draft = OfferFactory(status=OfferStatus.DRAFT, published_at=None, cpd_hours=None)
    FAQFactory(offer=draft, topic="accreditation", question="Is it accredited?", answer="No.")
    services.offer_publish(offer=draft)
    draft.refresh_from_db()
    assert draft.status == OfferStatus.PUBLISHED
    assert draft.published_at is not None


def test_it_archives_an_offer():
    offer = OfferFactory()
    services.offer_archive(offer=offer)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ARCHIVED


def test_it_makes_one_application_however_often_it_is_submitted(nurse):
    intake = IntakeFactory()
    for _ in range(3):
        services.application_create(person=nurse, offer=intake.offer, intake=intake)
    assert Application.objects.filter(person=nurse).count() == 1
    intake.refresh_from_db()
    assert intake.places_taken == 1


def test_it_turns_interest_into_an_application(nurse):
    intake = IntakeFactory()
    services.application_create(
        person=nurse, offer=intake.offer, status=ApplicationStatus.INTERESTED
    )
    application = services.application_create(person=nurse, offer=intake.offer, intake=intake)
    assert application.status == ApplicationStatus.APPLIED
    assert Application.objects.filter(person=nurse).count() == 1


def test_it_refuses_an_application_to_a_full_intake(nurse):
    intake = IntakeFactory(places=1)
    services.application_create(person=PersonFactory(), offer=intake.offer, intake=intake)
    with pytest.raises(services.Refused, match="This intake is full"):
        services.application_create(person=nurse, offer=intake.offer, intake=intake)
    assert not Application.objects.filter(person=nurse).exists()


def test_it_refuses_an_application_after_the_deadline(nurse):
    intake = IntakeFactory(start_date=days_from_today(5), application_deadline=days_from_today(-1))
    with pytest.raises(services.Refused, match="closed"):
        services.application_create(person=nurse, offer=intake.offer, intake=intake)


def test_it_refuses_an_application_to_a_draft_offer(nurse):
    intake = IntakeFactory(offer__status=OfferStatus.DRAFT)
    with pytest.raises(services.Refused, match="not taking applications"):
        services.application_create(person=nurse, offer=intake.offer, intake=intake)


def test_it_refuses_a_second_intake_while_one_application_stands(nurse):
    first = IntakeFactory()
    second = IntakeFactory(offer=first.offer)
    services.application_create(person=nurse, offer=first.offer, intake=first)
    with pytest.raises(services.Refused, match="Withdraw that application first"):
        services.application_create(person=nurse, offer=first.offer, intake=second)


def test_it_gives_back_the_place_when_someone_withdraws(nurse):
    intake = IntakeFactory(places=1)
    application = services.application_create(person=nurse, offer=intake.offer, intake=intake)
    services.application_withdraw(application=application)
    intake.refresh_from_db()
    assert intake.places_taken == 0
    again = services.application_create(person=nurse, offer=intake.offer, intake=intake)
    assert again.pk == application.pk
    assert again.status == ApplicationStatus.APPLIED


def test_it_keeps_places_right_as_a_curator_declines_and_accepts(nurse):
    intake = IntakeFactory(places=1)
    application = services.application_create(person=nurse, offer=intake.offer, intake=intake)
    services.application_set_status(application=application, status=ApplicationStatus.DECLINED)
    intake.refresh_from_db()
    assert intake.places_taken == 0
    services.application_create(person=PersonFactory(), offer=intake.offer, intake=intake)
    with pytest.raises(services.Refused, match="full"):
        services.application_set_status(application=application, status=ApplicationStatus.ACCEPTED)


def test_it_refuses_to_withdraw_a_completed_application(nurse):
    intake = IntakeFactory()
    application = services.application_create(person=nurse, offer=intake.offer, intake=intake)
    services.application_set_status(application=application, status=ApplicationStatus.COMPLETED)
    with pytest.raises(services.Refused, match="completed and cannot be withdrawn"):
        services.application_withdraw(application=application)


def test_it_saves_an_offer_once(nurse):
    offer = OfferFactory()
    services.saved_offer_add(person=nurse, offer=offer)
    services.saved_offer_add(person=nurse, offer=offer)
    assert nurse.saved_offers.count() == 1
    services.saved_offer_remove(person=nurse, offer=offer)
    assert nurse.saved_offers.count() == 0


def test_it_rejects_a_fee_on_a_free_offer():
    offer = OfferFactory.build(fee=100, funding=Funding.FREE, hub=None)
    with pytest.raises(Exception, match="cannot be free"):
        offer.clean()


def test_intake_deadline_must_come_before_start():
    intake = IntakeFactory.build(
        offer=None,
        start_date=datetime.date(2026, 5, 1),
        application_deadline=datetime.date(2026, 5, 2),
    )
    with pytest.raises(Exception, match="on or before the start date"):
        intake.clean()
