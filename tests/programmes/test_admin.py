"""Curating in the admin: a curator sees only their hub's offers, and publishing checks
the standard questions."""

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from programmes.models import Application, ApplicationStatus, Offer, OfferStatus
from programmes.services import application_create
from tests.factories import PersonFactory
from tests.programmes.factories import IntakeFactory, OfferFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:programmes_offer_changelist")
APPLICATIONS = reverse("admin:programmes_application_changelist")


@pytest.fixture
def curator_client(client, curator, settings):
    settings.DEMO_RELAX_STAFF_MFA = True
    client.force_login(curator)
    return client


def offer_form(curator, **changes) -> dict:
    data = {
        "title": "Leading a practice meeting",
        "slug": "leading-a-practice-meeting",
        "summary": "How to chair a meeting that decides things.",
        "description": "",
        "kind": "course",
        "provider": "Moorland Training Hub",
        "provider_url": "",
        "hub": str(curator.organisation_id),
        "all_professions": "on",
        "eligibility": "Anyone in general practice.",
        "nomination_route": "self",
        "national": "on",
        "delivery_mode": "online",
        "location": "",
        "total_hours": "3",
        "session_name": "session",
        "fee": "0",
        "funding": "free",
        "backfill_paid": "false",
        "cpd_hours": "3",
        "certificate": "Certificate of attendance",
        "benefits": "Shorter, better meetings.",
        "intakes-TOTAL_FORMS": "0",
        "intakes-INITIAL_FORMS": "0",
        "faqs-TOTAL_FORMS": "0",
        "faqs-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_a_curator_sees_only_their_own_hubs_offers(curator_client, curator, other_hub):
    OfferFactory(title="Ours", hub=curator.organisation)
    OfferFactory(title="Theirs", hub=other_hub)
    page = curator_client.get(CHANGELIST).content.decode()
    assert "Ours" in page
    assert "Theirs" not in page


def test_a_curator_cannot_open_another_hubs_offer_or_its_history(curator_client, other_hub):
    theirs = OfferFactory(hub=other_hub)
    change = curator_client.get(reverse("admin:programmes_offer_change", args=[theirs.pk]))
    assert change.status_code in (302, 403, 404)
    history = curator_client.get(reverse("admin:programmes_offer_history", args=[theirs.pk]))
    assert history.status_code in (302, 403, 404)


def test_a_superuser_sees_every_hubs_offers(client, superuser, other_hub, settings):
    settings.DEMO_RELAX_STAFF_MFA = True
    OfferFactory(title="Theirs", hub=other_hub)
    client.force_login(superuser)
    assert "Theirs" in client.get(CHANGELIST).content.decode()


def test_publishing_refuses_an_offer_with_unanswered_questions(curator_client, curator):
    draft = OfferFactory(
        title="Half done", hub=curator.organisation, status=OfferStatus.DRAFT, funding=""
    )
    response = curator_client.post(
        CHANGELIST, {"action": "publish", "_selected_action": [draft.pk]}, follow=True
    )
    assert "cannot be published until its standard questions about funding and backfill" in (
        response.content.decode()
    )
    draft.refresh_from_db()
    assert draft.status == OfferStatus.DRAFT


def test_publishing_and_archiving_from_the_list(curator_client, curator):
    draft = OfferFactory(hub=curator.organisation, status=OfferStatus.DRAFT, published_at=None)
    curator_client.post(CHANGELIST, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == OfferStatus.PUBLISHED
    curator_client.post(CHANGELIST, {"action": "archive", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == OfferStatus.ARCHIVED


def test_a_curator_cannot_file_an_offer_under_another_hub(curator_client, curator, other_hub):
    response = curator_client.post(
        reverse("admin:programmes_offer_add"), offer_form(curator, hub=str(other_hub.pk))
    )
    assert response.status_code == 302
    assert Offer.objects.get().hub == curator.organisation


def test_a_new_offer_can_be_saved_and_published_in_one_step(curator_client, curator):
    response = curator_client.post(
        reverse("admin:programmes_offer_add"),
        offer_form(curator, _publish="Save and publish"),
        follow=True,
    )
    assert response.status_code == 200
    offer = Offer.objects.get(slug="leading-a-practice-meeting")
    assert offer.hub == curator.organisation
    assert offer.status == OfferStatus.PUBLISHED
    assert [o.slug for o in Offer.objects.search("chair meeting")] == [offer.slug]


def test_links_typed_without_https_are_kept_as_https(curator_client, curator):
    curator_client.post(
        reverse("admin:programmes_offer_add"),
        offer_form(
            curator,
            provider_url="moorland-hub.example.org/courses",
            **{
                "intakes-TOTAL_FORMS": "1",
                "intakes-0-start_date": "2027-03-01",
                "intakes-0-places": "12",
                "intakes-0-online_link": "meet.example.org/leading",
            },
        ),
    )
    offer = Offer.objects.get(slug="leading-a-practice-meeting")
    assert offer.provider_url == "https://moorland-hub.example.org/courses"
    assert offer.intakes.get().online_link == "https://meet.example.org/leading"


def test_save_and_publish_keeps_a_draft_when_questions_are_unanswered(curator_client, curator):
    response = curator_client.post(
        reverse("admin:programmes_offer_add"),
        offer_form(curator, benefits="", _publish="Save and publish"),
        follow=True,
    )
    assert "benefits" in response.content.decode()
    assert Offer.objects.get().status == OfferStatus.DRAFT


@time_machine.travel(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC), tick=False)
def test_the_stale_filter_lists_offers_past_their_review_date(curator_client, curator):
    OfferFactory(title="Overdue", hub=curator.organisation, review_by=datetime.date(2026, 1, 1))
    OfferFactory(title="Fresh", hub=curator.organisation, review_by=datetime.date(2026, 9, 1))
    page = curator_client.get(CHANGELIST, {"review": "stale"}).content.decode()
    assert "Overdue" in page
    assert "Fresh" not in page


def test_the_list_shows_how_complete_each_offer_is(curator_client, curator):
    OfferFactory(hub=curator.organisation, certificate="", status=OfferStatus.DRAFT)
    page = curator_client.get(CHANGELIST).content.decode()
    assert "5 of 6 (missing: Will I get a certificate?)" in page


def test_a_curator_moves_applications_on_and_places_follow(curator_client, curator, other_hub):
    intake = IntakeFactory(offer__hub=curator.organisation, places=1)
    nia = PersonFactory(full_name="Nia Evans")
    application = application_create(person=nia, offer=intake.offer, intake=intake)
    elsewhere = IntakeFactory(offer__hub=other_hub)
    application_create(
        person=PersonFactory(full_name="Someone Else"), offer=elsewhere.offer, intake=elsewhere
    )

    page = curator_client.get(APPLICATIONS, {"intake__id__exact": intake.pk}).content.decode()
    assert "Nia Evans" in page
    assert "Someone Else" not in page

    curator_client.post(
        APPLICATIONS, {"action": "mark_declined", "_selected_action": [application.pk]}
    )
    application.refresh_from_db()
    intake.refresh_from_db()
    assert application.status == ApplicationStatus.DECLINED
    assert intake.places_taken == 0


def test_a_curator_exports_applications_as_csv(curator_client, curator):
    intake = IntakeFactory(offer__hub=curator.organisation)
    application_create(
        person=PersonFactory(full_name="=HYPERLINK(evil)"), offer=intake.offer, intake=intake
    )
    response = curator_client.post(
        APPLICATIONS,
        {
            "action": "export_csv",
            "_selected_action": list(Application.objects.values_list("pk", flat=True)),
        },
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = response.content.decode()
    # A byte-order mark first, so that Excel reads accents in names as written.
    assert body.splitlines()[0].startswith("\ufeffname,email,profession")
    assert "'=HYPERLINK(evil)" in body


def test_the_intake_list_links_to_who_applied(curator_client, curator):
    intake = IntakeFactory(offer__hub=curator.organisation)
    page = curator_client.get(reverse("admin:programmes_intake_changelist")).content.decode()
    assert f"intake__id__exact={intake.pk}" in page


def test_a_curator_sees_an_offers_history(curator_client, curator):
    offer = OfferFactory(hub=curator.organisation)
    response = curator_client.get(reverse("admin:programmes_offer_history", args=[offer.pk]))
    assert response.status_code == 200


def test_the_curators_list_and_csv_show_whether_the_time_is_agreed(curator_client, curator):
    from programmes import services

    intake = IntakeFactory(offer__hub=curator.organisation)
    nia = PersonFactory(full_name="Nia Evans")
    waiting = application_create(person=nia, offer=intake.offer, intake=intake)
    services.time_agreement_request(
        application=waiting, person=nia, name="Pat Practice", email="pat@example.nhs.uk"
    )
    tom = PersonFactory(full_name="Tom Okafor")
    agreed = application_create(person=tom, offer=intake.offer, intake=intake)
    agreement = services.time_agreement_request(
        application=agreed, person=tom, name="Meg Manager", email="meg@example.nhs.uk"
    )
    services.time_agreement_decide(agreement=agreement, agree=True)
    application_create(
        person=PersonFactory(full_name="Una Asked"), offer=intake.offer, intake=intake
    )

    page = curator_client.get(APPLICATIONS).content.decode()
    assert "Protected time" in page
    assert "Waiting for Pat Practice" in page
    day = date_format(timezone.localdate(), "j F Y")
    assert f"Time agreed by Meg Manager on {day}" in page
    assert "Not asked" in page

    response = curator_client.post(
        APPLICATIONS,
        {
            "action": "export_csv",
            "_selected_action": list(Application.objects.values_list("pk", flat=True)),
        },
    )
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    assert rows[0][-1] == "protected time"
    by_name = {row[0]: row[-1] for row in rows[1:]}
    assert by_name == {
        "Nia Evans": "Waiting for Pat Practice",
        "Tom Okafor": f"Time agreed by Meg Manager on {day}",
        "Una Asked": "Not asked",
    }


def test_a_curator_cannot_confirm_a_place_before_the_time_is_agreed(curator_client, curator):
    intake = IntakeFactory(offer__hub=curator.organisation, offer__time_agreement_required=True)
    nia = PersonFactory(full_name="Nia Evans")
    application = application_create(person=nia, offer=intake.offer, intake=intake)
    response = curator_client.post(
        APPLICATIONS,
        {"action": "mark_accepted", "_selected_action": [application.pk]},
        follow=True,
    )
    assert "Nia Evans: This place cannot be confirmed yet" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPLIED


def test_a_curator_filters_applications_by_protected_time(curator_client, curator):
    from programmes import services

    intake = IntakeFactory(offer__hub=curator.organisation)
    nia = PersonFactory(full_name="Nia Evans")
    services.time_agreement_request(
        application=application_create(person=nia, offer=intake.offer, intake=intake),
        person=nia,
        name="Pat Practice",
        email="pat@example.nhs.uk",
    )
    application_create(
        person=PersonFactory(full_name="Tom Okafor"), offer=intake.offer, intake=intake
    )
    page = curator_client.get(APPLICATIONS).content.decode()
    assert "By protected time" in page
    waiting = curator_client.get(APPLICATIONS, {"time_agreement__status__exact": "waiting"})
    assert "Nia Evans" in waiting.content.decode()
    assert "Tom Okafor" not in waiting.content.decode()
