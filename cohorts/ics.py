"""Cohort sessions and set meetings as iCalendar (RFC 5545): one to download, or a feed."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from cohorts.models import Cohort, Meeting, Session


def escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, start = [], 0
    while start < len(encoded):
        end = min(start + (75 if not parts else 74), len(encoded))
        while end < len(encoded) and (encoded[end] & 0xC0) == 0x80:
            end -= 1
        parts.append(encoded[start:end].decode())
        start = end
    return "\r\n ".join(parts)


def utc(value: datetime.datetime) -> str:
    # UTC times need no VTIMEZONE block, and calendar apps show them in local time.
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(cohort: Cohort, sessions: Sequence[Session], request: HttpRequest) -> str:
    url = request.build_absolute_uri(cohort.get_absolute_url())
    events = []
    for session in sessions:
        details = [part for part in (session.topic, session.online_link, url) if part]
        events.append(
            Event(
                uid=f"cohort-session-{session.pk}",
                starts_at=session.starts_at,
                ends_at=session.ends_at,
                summary=cohort.name + (": " + session.topic if session.topic else ""),
                description="\n".join(details),
                url=url,
                location=session.place,
            )
        )
    return _calendar(cohort.name, events)


# Set meetings record only when they start; a set usually meets for a morning.
MEETING_LENGTH = datetime.timedelta(hours=3)


def meeting_calendar(meeting: Meeting, request: HttpRequest) -> str:
    """One set meeting. Its title names the set and no one in it: calendars get shared."""
    url = request.build_absolute_uri(meeting.get_absolute_url())
    title = f"Action learning set: {meeting.set.name}"
    event = Event(
        uid=f"set-meeting-{meeting.pk}",
        starts_at=meeting.starts_at,
        ends_at=meeting.starts_at + MEETING_LENGTH,
        summary=title,
        description="\n".join(part for part in (meeting.online_link, url) if part),
        url=url,
        location=meeting.place,
    )
    return _calendar(title, [event])


@dataclass(frozen=True)
class Event:
    uid: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    summary: str
    description: str
    url: str
    location: str = ""


def _calendar(name: str, events: Sequence[Event]) -> str:
    host = settings.SITE_URL.split("://", 1)[-1]
    stamp = utc(timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{settings.SITE_NAME}//Cohorts//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{utc(event.starts_at)}",
            f"DTEND:{utc(event.ends_at)}",
            f"SUMMARY:{escape(event.summary)}",
            f"DESCRIPTION:{escape(event.description)}",
            f"URL:{event.url}",
        ]
        if event.location:
            lines.append(f"LOCATION:{escape(event.location)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
