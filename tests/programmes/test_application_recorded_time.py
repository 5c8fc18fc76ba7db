"""An application brought in from elsewhere keeps the day it was made, so insights
count it in the quarter it belongs to; one made on the site is dated now."""

import datetime

import pytest
from django.utils import timezone

from programmes import services
from tests.programmes.factories import IntakeFactory

pytestmark = pytest.mark.django_db

LAST_SPRING = datetime.datetime(2026, 4, 1, 9, tzinfo=datetime.UTC)


def test_an_application_recorded_from_last_spring_is_dated_then(nurse):
    intake = IntakeFactory(places=5)

    application = services.application_create(
        person=nurse, offer=intake.offer, intake=intake, at=LAST_SPRING
    )

    application.refresh_from_db()
    assert (application.created_at, application.status_changed_at) == (LAST_SPRING, LAST_SPRING)
    intake.refresh_from_db()
    assert intake.places_taken == 1


def test_an_application_made_today_is_dated_now(nurse):
    intake = IntakeFactory(places=5)
    before = timezone.now()

    application = services.application_create(person=nurse, offer=intake.offer, intake=intake)

    application.refresh_from_db()
    assert application.created_at >= before
