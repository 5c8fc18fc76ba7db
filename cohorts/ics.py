"""Cohort sessions and set meetings as calendar events (built by ``portal.lib.ics``)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.http import HttpRequest

from cohorts.models import Cohort, Meeting, Session
from portal.lib import ics

# Set meetings record only when they start; a set usually meets for a morning.
MEETING_LENGTH = datetime.timedelta(hours=3)


def calendar(cohort: Cohort, sessions: Sequence[Session], request: HttpRequest) -> bytes:
    url = request.build_absolute_uri(cohort.get_absolute_url())
    events = [
        ics.Event(
            uid=f"cohort-session-{session.pk}",
            starts=session.starts_at,
            ends=session.ends_at,
            summary=cohort.name + (": " + session.topic if session.topic else ""),
            description="\n".join(
                part for part in (session.topic, session.online_link, url) if part
            ),
            url=url,
            location=session.place,
        )
        for session in sessions
    ]
    return ics.calendar(name=cohort.name, product="Cohorts", events=events)


def meeting_calendar(meeting: Meeting, request: HttpRequest) -> bytes:
    """One set meeting. Its title names the set and no one in it: calendars get shared."""
    url = request.build_absolute_uri(meeting.get_absolute_url())
    title = f"Action learning set: {meeting.set.name}"
    event = ics.Event(
        uid=f"set-meeting-{meeting.pk}",
        starts=meeting.starts_at,
        ends=meeting.starts_at + MEETING_LENGTH,
        summary=title,
        description="\n".join(part for part in (meeting.online_link, url) if part),
        url=url,
        location=meeting.place,
    )
    return ics.calendar(name=title, product="Cohorts", events=[event])
