import pytest
from django.urls import reverse

from programmes.models import Application, ApplicationStatus, OfferStatus, SavedOffer
from tests.factories import PersonFactory
from tests.helpers import assert_queries_constant
from tests.programmes.factories import FAQFactory, IntakeFactory, OfferFactory, days_from_today

pytestmark = pytest.mark.django_db


def test_it_shows_every_fact_about_an_offer(client):
    offer = OfferFactory(
        title="Leading a PCN project",
        description="## What you will do\n\nLead a **real** project.",
        backfill_paid=True,
        backfill_rate=40,
        protected_time_expected=True,
    )
    IntakeFactory(offer=offer, places=12, places_taken=3)
    FAQFactory(offer=offer, question="Is there parking?", answer="Yes, at the hub.")
    page = client.get(offer.get_absolute_url()).content.decode()
    assert "<h1>" in page and "Leading a PCN project</h1>" in page
    assert "<h2>What you will do</h2>" in page
    assert "<strong>real</strong>" in page
    assert "Backfill paid at £40 an hour." in page
    assert "protected time" in page
    assert "9 of 12" in page
    assert 'class="nhsuk-details"' in page
    assert "Is there parking?" in page
    assert "How much time does it take?" in page


def test_it_strips_unsafe_markup_from_descriptions(client):
    offer = OfferFactory(description="<script>alert(1)</script>[link](javascript:alert(1))")
    page = client.get(offer.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert "javascript:" not in page


def test_it_hides_draft_offers_from_the_public(client):
    offer = OfferFactory(status=OfferStatus.DRAFT)
    assert client.get(offer.get_absolute_url()).status_code == 404


def test_it_lets_curators_preview_their_own_drafts(client, curator):
    offer = OfferFactory(status=OfferStatus.DRAFT, hub=curator.organisation)
    client.force_login(curator)
    response = client.get(offer.get_absolute_url())
    assert response.status_code == 200
    assert "Preview" in response.content.decode()


def test_it_asks_people_to_sign_in_before_applying(client):
    intake = IntakeFactory()
    response = client.post(
        reverse("programmes:apply", args=[intake.offer.slug]), {"intake": intake.pk}
    )
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Application.objects.exists()


def test_it_applies_once_even_when_the_button_is_pressed_twice(client, nurse):
    intake = IntakeFactory()
    client.force_login(nurse)
    url = reverse("programmes:apply", args=[intake.offer.slug])
    client.post(url, {"intake": intake.pk})
    response = client.post(url, {"intake": intake.pk}, follow=True)
    assert Application.objects.filter(person=nurse).count() == 1
    assert "You have applied" in response.content.decode()


def test_it_explains_why_a_full_intake_refuses_an_application(client, nurse):
    intake = IntakeFactory(places=1, places_taken=1)
    client.force_login(nurse)
    response = client.post(
        reverse("programmes:apply", args=[intake.offer.slug]), {"intake": intake.pk}, follow=True
    )
    assert "This intake is full" in response.content.decode()
    assert not Application.objects.exists()


def test_it_explains_why_a_closed_intake_refuses_an_application(client, nurse):
    intake = IntakeFactory(start_date=days_from_today(3), application_deadline=days_from_today(-2))
    client.force_login(nurse)
    response = client.post(
        reverse("programmes:apply", args=[intake.offer.slug]), {"intake": intake.pk}, follow=True
    )
    assert "Applications for this intake have closed." in response.content.decode()


@pytest.mark.parametrize("intake", ["", "abc", "99999"])
def test_it_answers_a_missing_or_foreign_intake_with_a_message(client, nurse, intake):
    offer = OfferFactory()
    client.force_login(nurse)
    response = client.post(
        reverse("programmes:apply", args=[offer.slug]), {"intake": intake}, follow=True
    )
    assert response.status_code == 200
    assert "Choose one of this offer&#x27;s intakes" in response.content.decode()


def test_it_registers_interest_once(client, nurse):
    offer = OfferFactory()
    client.force_login(nurse)
    url = reverse("programmes:interest", args=[offer.slug])
    client.post(url)
    client.post(url)
    application = Application.objects.get(person=nurse)
    assert application.status == ApplicationStatus.INTERESTED


def test_it_saves_and_unsaves_an_offer(client, nurse):
    offer = OfferFactory(title="Saved one")
    client.force_login(nurse)
    url = reverse("programmes:save", args=[offer.slug])
    client.post(url)
    client.post(url)
    assert SavedOffer.objects.filter(person=nurse).count() == 1
    assert "Saved one" in client.get(reverse("programmes:saved")).content.decode()
    client.post(url, {"action": "remove"})
    assert not SavedOffer.objects.exists()


def test_it_lists_and_withdraws_applications(client, nurse):
    intake = IntakeFactory(offer__title="Applied one", places=1)
    client.force_login(nurse)
    client.post(reverse("programmes:apply", args=[intake.offer.slug]), {"intake": intake.pk})
    application = Application.objects.get(person=nurse)
    page = client.get(reverse("programmes:applications")).content.decode()
    assert "Applied one" in page
    response = client.post(reverse("programmes:withdraw", args=[application.pk]), follow=True)
    assert "You have withdrawn" in response.content.decode()
    application.refresh_from_db()
    intake.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert intake.places_taken == 0


def test_withdrawing_asks_first_and_changes_nothing_until_she_confirms(client, nurse):
    intake = IntakeFactory(offer__title="Applied one", places=1)
    client.force_login(nurse)
    client.post(reverse("programmes:apply", args=[intake.offer.slug]), {"intake": intake.pk})
    application = Application.objects.get(person=nurse)
    url = reverse("programmes:withdraw", args=[application.pk])

    listing = client.get(reverse("programmes:applications")).content.decode()
    assert f'href="{url}"' in listing
    assert f'action="{url}"' not in listing  # no one-click withdrawal from the list
    page = client.get(url).content.decode()

    assert "Withdraw from “Applied one”?" in page
    assert "Yes, withdraw" in page and "No, keep my application" in page
    application.refresh_from_db()
    assert application.status != ApplicationStatus.WITHDRAWN


def test_the_confirm_page_sends_back_an_application_already_withdrawn(client, nurse):
    intake = IntakeFactory()
    client.force_login(nurse)
    client.post(reverse("programmes:apply", args=[intake.offer.slug]), {"intake": intake.pk})
    application = Application.objects.get(person=nurse)
    url = reverse("programmes:withdraw", args=[application.pk])
    client.post(url)

    response = client.get(url, follow=True)

    assert response.redirect_chain[-1][0] == reverse("programmes:applications")
    assert "there is nothing to withdraw" in response.content.decode()


def test_it_does_not_let_people_withdraw_someone_elses_application(client, nurse):
    intake = IntakeFactory()
    other = PersonFactory()
    client.force_login(other)
    client.post(reverse("programmes:apply", args=[intake.offer.slug]), {"intake": intake.pk})
    application = Application.objects.get()
    client.force_login(nurse)
    assert client.post(reverse("programmes:withdraw", args=[application.pk])).status_code == 404
    assert client.get(reverse("programmes:withdraw", args=[application.pk])).status_code == 404


def test_it_downloads_an_intake_as_a_calendar_file(client):
    intake = IntakeFactory(
        offer__title="Coaching, for leaders; with care",
        start_date=days_from_today(30),
        end_date=days_from_today(60),
    )
    response = client.get(intake.get_ics_url())
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n")
    assert f"DTSTART;VALUE=DATE:{intake.start_date:%Y%m%d}" in body
    assert "SUMMARY:Coaching\\, for leaders\\; with care" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_it_renders_an_offer_in_the_same_queries_for_1_or_20_intakes_and_faqs(client, nurse):
    client.force_login(nurse)
    offer = OfferFactory()
    IntakeFactory(offer=offer)
    FAQFactory(offer=offer)

    def nineteen_more_of_each():
        IntakeFactory.create_batch(19, offer=offer)
        FAQFactory.create_batch(19, offer=offer)

    response = assert_queries_constant(
        nineteen_more_of_each, lambda: client.get(offer.get_absolute_url())
    )

    assert response.content.decode().count('class="nhsuk-details"') >= 20
