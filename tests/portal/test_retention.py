"""Retention the privacy notice promises: sign-ups never confirmed go after 14 days."""

import datetime

import pytest
import time_machine
from django.conf import settings

from portal import tasks
from portal.models import Person
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 20, 12, tzinfo=datetime.UTC)


def joined(days_ago: int, **fields) -> Person:
    with time_machine.travel(NOW - datetime.timedelta(days=days_ago), tick=False):
        return PersonFactory(**fields)


def test_a_sign_up_never_confirmed_is_deleted_after_14_days_by_the_daily_task():
    """Una signed up 15 days ago and never clicked the link: her details go."""
    una = joined(15, verified=False, full_name="Una Unconfirmed")

    with time_machine.travel(NOW, tick=False):
        tasks.delete_unconfirmed_signups()

    assert not Person.objects.filter(pk=una.pk).exists()


def test_a_sign_up_still_within_14_days_is_kept():
    newcomer = joined(13, verified=False)

    with time_machine.travel(NOW, tick=False):
        tasks.delete_unconfirmed_signups()

    assert Person.objects.filter(pk=newcomer.pk).exists()


def test_confirmed_people_staff_and_people_made_without_an_address_are_kept():
    nurse = joined(400)
    # Confirmed her first address, then added a second she has not confirmed yet.
    nurse.emailaddress_set.create(email="nurse.home@example.com", verified=False)
    staff = joined(400, verified=False, is_staff=True)
    signed_in = joined(400, verified=False, last_login=NOW - datetime.timedelta(days=300))
    made_by_admin = joined(400)
    made_by_admin.emailaddress_set.all().delete()

    with time_machine.travel(NOW, tick=False):
        tasks.delete_unconfirmed_signups()

    kept = {nurse.pk, staff.pk, signed_in.pk, made_by_admin.pk}
    assert set(Person.objects.filter(pk__in=kept).values_list("pk", flat=True)) == kept


def test_the_deletion_is_on_the_beat_schedule_daily():
    [entry] = [
        e
        for e in settings.CELERY_BEAT_SCHEDULE.values()
        if e["task"] == "portal.tasks.delete_unconfirmed_signups"
    ]
    assert entry["schedule"] <= 60 * 60 * 24
