"""An intake's calendar file comes from the shared builder (portal.lib.ics)."""

import re

import icalendar
import pytest

from tests.programmes.factories import IntakeFactory, days_from_today

pytestmark = pytest.mark.django_db


def test_a_location_with_bare_carriage_returns_cannot_inject_a_second_event(client):
    intake = IntakeFactory(location="Room 2\rEND:VEVENT\rBEGIN:VEVENT\rUID:evil\rSUMMARY:Pay")

    body = client.get(intake.get_ics_url()).content

    lines = re.split(rb"\r\n|\r|\n", body)
    assert lines.count(b"BEGIN:VEVENT") == 1
    assert not [line for line in lines if line.startswith(b"UID:evil")]
    [event] = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert str(event["LOCATION"]).startswith("Room 2\nEND:VEVENT")


def test_an_intake_is_an_all_day_event_with_a_stable_uid(client, settings):
    settings.SITE_URL = "https://leaders.example.nhs.uk"
    intake = IntakeFactory(start_date=days_from_today(30), end_date=days_from_today(31))

    first = icalendar.Calendar.from_ical(client.get(intake.get_ics_url()).content)
    second = icalendar.Calendar.from_ical(client.get(intake.get_ics_url()).content)

    [event] = first.walk("VEVENT")
    assert str(event["UID"]) == f"intake-{intake.pk}@leaders.example.nhs.uk"
    assert [str(e["UID"]) for e in second.walk("VEVENT")] == [str(event["UID"])]
    assert event.decoded("DTSTART") == intake.start_date
    # All-day events end on the day after the last day.
    assert (event.decoded("DTEND") - intake.end_date).days == 1
    assert str(event["TRANSP"]) == "TRANSPARENT"
