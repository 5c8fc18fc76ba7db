"""Cohort calendars: one private, revocable feed per member, and safe calendar files."""

import datetime
import re

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from cohorts import services
from cohorts.models import Session


@pytest.fixture
def session(cohort):
    return services.session_create(
        cohort=cohort,
        starts_at=timezone.now() + datetime.timedelta(days=2),
        online_link="https://meet.example.nhs.uk/pcn-leaders",
    )


def _feed(client, feed):
    return client.get(reverse("cohorts:feed", args=[feed.cohort_id, feed.token]))


def test_a_member_who_leaves_the_cohort_stops_receiving_session_links(
    client, cohort, session, gp_trainee
):
    feed = services.calendar_feed_renew(cohort=cohort, person=gp_trainee)
    assert "meet.example.nhs.uk" in _feed(client, feed).content.decode()

    cohort.memberships.filter(person=gp_trainee).delete()

    assert _feed(client, feed).status_code == 404


def test_each_member_has_her_own_address(cohort, nurse, gp_trainee):
    nias = services.calendar_feed_renew(cohort=cohort, person=nurse)
    toms = services.calendar_feed_renew(cohort=cohort, person=gp_trainee)
    assert nias.token != toms.token
    assert len(nias.token) >= 40


def test_a_member_stops_her_address_from_the_cohort_page(client, cohort, session, nurse):
    client.force_login(nurse)
    client.post(reverse("cohorts:calendar_link", args=[cohort.pk]), {"action": "renew"})
    page = client.get(cohort.get_absolute_url()).content.decode()
    [address] = re.findall(r"<code>(http[^<]+)</code>", page)
    assert client.get(address).status_code == 200

    client.post(reverse("cohorts:calendar_link", args=[cohort.pk]), {"action": "revoke"})

    assert client.get(address).status_code == 404
    assert "Get a calendar address" in client.get(cohort.get_absolute_url()).content.decode()


def test_a_new_address_stops_the_old_one(client, cohort, session, nurse):
    old = services.calendar_feed_renew(cohort=cohort, person=nurse)
    new = services.calendar_feed_renew(cohort=cohort, person=nurse)
    assert _feed(client, old).status_code == 404
    assert _feed(client, new).status_code == 200


def test_a_token_opens_only_its_own_cohort(client, cohort, other_facilitator, nurse):
    feed = services.calendar_feed_renew(cohort=cohort, person=nurse)
    fern_cohort = other_facilitator.facilitated_cohorts.get()
    url = reverse("cohorts:feed", args=[fern_cohort.pk, feed.token])
    assert client.get(url).status_code == 404


def test_outsiders_get_no_address_and_see_none(client, cohort, outsider):
    client.force_login(outsider)
    response = client.post(reverse("cohorts:calendar_link", args=[cohort.pk]), {"action": "renew"})
    assert response.status_code == 404
    assert "calendar/" not in client.get(cohort.get_absolute_url()).content.decode()
    with pytest.raises(services.Refused):
        services.calendar_feed_renew(cohort=cohort, person=outsider)


def test_a_topic_with_bare_carriage_returns_cannot_inject_a_second_event(
    client, cohort, session, nurse
):
    # The admin and forms keep a topic's line breaks as typed; a calendar reads a
    # bare carriage return as the end of a line.
    Session.objects.filter(pk=session.pk).update(
        topic="Conflict\rEND:VEVENT\rBEGIN:VEVENT\rUID:evil\rSUMMARY:Reset your password"
    )
    client.force_login(nurse)

    body = client.get(reverse("cohorts:session_ics", args=[cohort.pk, session.pk])).content

    lines = re.split(rb"\r\n|\r|\n", body)
    assert lines.count(b"BEGIN:VEVENT") == 1
    assert not [line for line in lines if line.startswith(b"UID:evil")]
    assert len(icalendar.Calendar.from_ical(body).walk("VEVENT")) == 1


def test_session_uids_stay_the_same_between_downloads(client, settings, cohort, session, nurse):
    settings.SITE_URL = "https://leaders.example.nhs.uk"
    feed = services.calendar_feed_renew(cohort=cohort, person=nurse)

    def uids():
        body = _feed(client, feed).content
        return [str(event["UID"]) for event in icalendar.Calendar.from_ical(body).walk("VEVENT")]

    assert uids() == uids() == [f"cohort-session-{session.pk}@leaders.example.nhs.uk"]


def test_sessions_are_in_uk_time(client, cohort, nurse):
    starts = datetime.datetime(timezone.localdate().year + 1, 1, 15, 10, 0, tzinfo=datetime.UTC)
    session = services.session_create(cohort=cohort, starts_at=starts)
    client.force_login(nurse)
    body = client.get(reverse("cohorts:session_ics", args=[cohort.pk, session.pk])).content.decode()
    # Greenwich Mean Time in January: UK time is UTC.
    assert f"DTSTART;TZID=Europe/London:{starts.year}0115T100000" in body
    assert "TZID:Europe/London" in body
