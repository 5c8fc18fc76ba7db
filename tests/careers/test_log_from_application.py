"""A completed development offer goes into the leadership log with one click."""

import pytest
from django.urls import reverse

from careers.models import Activity, ActivityKind
from programmes.models import Application, ApplicationStatus
from tests.programmes.factories import IntakeFactory

pytestmark = pytest.mark.django_db


def completed_application(person, status=ApplicationStatus.COMPLETED) -> Application:
    intake = IntakeFactory()
    return Application.objects.create(
        person=person, offer=intake.offer, intake=intake, status=status
    )


def test_it_logs_a_completed_offer_with_its_hours_and_end_date(client, nurse):
    application = completed_application(nurse)
    client.force_login(nurse)

    response = client.post(reverse("careers:activity_from_application", args=[application.pk]))

    activity = Activity.objects.get(person=nurse)
    assert response.status_code == 302
    assert response.url == reverse("careers:activity_edit", args=[activity.pk])
    assert activity.title == f"Completed {application.offer.title}"
    assert activity.kind == ActivityKind.COURSE
    assert activity.hours == application.offer.total_hours
    assert activity.occurred_on == application.intake.end_date


def test_it_logs_the_same_application_only_once(client, nurse):
    application = completed_application(nurse)
    client.force_login(nurse)
    url = reverse("careers:activity_from_application", args=[application.pk])

    client.post(url)
    client.post(url)

    assert Activity.objects.filter(person=nurse).count() == 1


def test_it_refuses_an_application_that_is_not_completed(client, nurse):
    application = completed_application(nurse, status=ApplicationStatus.APPLIED)
    client.force_login(nurse)

    response = client.post(
        reverse("careers:activity_from_application", args=[application.pk]), follow=True
    )

    assert not Activity.objects.exists()
    assert "Only a completed offer" in response.content.decode()


def test_it_hides_another_persons_application(client, nurse, outsider):
    application = completed_application(nurse)
    client.force_login(outsider)

    response = client.post(reverse("careers:activity_from_application", args=[application.pk]))

    assert response.status_code == 404
    assert not Activity.objects.exists()


def test_the_applications_page_offers_the_button_only_for_completed_offers(client, nurse):
    done = completed_application(nurse)
    completed_application(nurse, status=ApplicationStatus.APPLIED)
    client.force_login(nurse)

    page = client.get(reverse("programmes:applications")).content.decode()

    assert page.count("Add to your leadership log") == 1
    assert reverse("careers:activity_from_application", args=[done.pk]) in page
