"""The one calendar builder both apps use (portal.lib.ics)."""

import datetime
import re

import icalendar

from portal.lib import ics


def _event(**fields) -> ics.Event:
    values = {
        "uid": "cohort-session-7",
        "summary": "Dealing with conflict",
        "starts": datetime.datetime(2027, 7, 1, 13, 30, tzinfo=datetime.UTC),
        "ends": datetime.datetime(2027, 7, 1, 15, 30, tzinfo=datetime.UTC),
    }
    return ics.Event(**(values | fields))


def _lines(body: bytes) -> list[str]:
    # Calendar apps disagree on line ends; split on every kind a reader might honour.
    return re.split(r"\r\n|\r|\n", body.decode())


def test_a_topic_with_bare_carriage_returns_cannot_start_a_second_event():
    evil = "Conflict\rEND:VEVENT\rBEGIN:VEVENT\rUID:evil\rSUMMARY:Pay here\r\nX:1\nY:2"

    body = ics.calendar(name="Cohort", product="Cohorts", events=[_event(summary=evil)])

    assert [line for line in _lines(body) if line == "BEGIN:VEVENT"] == ["BEGIN:VEVENT"]
    assert not [line for line in _lines(body) if line.startswith("UID:evil")]
    parsed = icalendar.Calendar.from_ical(body)
    [event] = parsed.walk("VEVENT")
    assert str(event["SUMMARY"]).startswith("Conflict\nEND:VEVENT")


def test_every_line_ends_in_crlf_and_fits_75_octets():
    body = ics.calendar(
        name="Cohort", product="Cohorts", events=[_event(description="Gwybodaeth " * 40)]
    )
    assert body.endswith(b"\r\n")
    assert b"\r" not in body.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))


def test_uids_are_stable_between_downloads(settings, time_machine):
    settings.SITE_URL = "https://leaders.example.nhs.uk"
    first = ics.calendar(name="C", product="Cohorts", events=[_event()])
    time_machine.move_to(datetime.datetime(2027, 1, 1, tzinfo=datetime.UTC))
    second = ics.calendar(name="C", product="Cohorts", events=[_event()])

    def uids(body):
        return [str(e["UID"]) for e in icalendar.Calendar.from_ical(body).walk("VEVENT")]

    assert uids(first) == uids(second) == ["cohort-session-7@leaders.example.nhs.uk"]


def test_timed_events_are_in_uk_time_with_their_time_zone():
    body = ics.calendar(name="C", product="Cohorts", events=[_event()]).decode()
    # 13:30 UTC on 1 July is 14:30 British Summer Time.
    assert "DTSTART;TZID=Europe/London:20270701T143000" in body
    assert "DTEND;TZID=Europe/London:20270701T163000" in body
    assert "BEGIN:VTIMEZONE\r\nTZID:Europe/London" in body
    [event] = icalendar.Calendar.from_ical(body).walk("VEVENT")
    assert event.decoded("DTSTART") == datetime.datetime(2027, 7, 1, 13, 30, tzinfo=datetime.UTC)


def test_all_day_events_are_dates_without_a_time_zone():
    event = _event(starts=datetime.date(2027, 3, 1), ends=datetime.date(2027, 3, 3))
    body = ics.calendar(name="C", product="Offers", events=[event]).decode()
    assert "DTSTART;VALUE=DATE:20270301" in body
    assert "VTIMEZONE" not in body
