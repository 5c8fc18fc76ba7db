"""Calendar files and feeds (RFC 5545), for every app, made by the ``icalendar`` package.

Apps describe their events as :class:`Event` and call :func:`calendar`; escaping, line
folding, time zones and the VTIMEZONE block are the library's job. Hand-written
iCalendar let a carriage return in a session's topic start a second VEVENT.
"""

from __future__ import annotations

import datetime
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass

import icalendar
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone

LONDON = zoneinfo.ZoneInfo("Europe/London")
CONTENT_TYPE = "text/calendar; charset=utf-8"


@dataclass(frozen=True)
class Event:
    """One event. Give datetimes for a timed event, dates for an all-day one.

    ``uid`` is the app's stable key (for example ``cohort-session-12``): calendar apps
    use it to update an event they already have rather than add a copy.
    """

    uid: str
    summary: str
    starts: datetime.datetime | datetime.date
    ends: datetime.datetime | datetime.date
    description: str = ""
    url: str = ""
    location: str = ""
    # Free rather than busy: right for a course running over weeks.
    transparent: bool = False


def ics_response(body: bytes, filename: str = "") -> HttpResponse:
    """A calendar to download as ``filename``, or, without one, a feed that calendar
    apps read in place."""
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def calendar(*, name: str, product: str, events: Sequence[Event]) -> bytes:
    """The calendar as bytes; timed events are in UK time, with its VTIMEZONE."""
    cal = icalendar.Calendar()
    cal.add("prodid", f"-//{settings.SITE_NAME}//{product}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    stamp = timezone.now().astimezone(datetime.UTC)
    for event in events:
        cal.add_component(_event(event, stamp))
    if any(isinstance(event.starts, datetime.datetime) for event in events):
        days = [_day(value) for event in events for value in (event.starts, event.ends)]
        # Only the years the events span, not the library's default of 1970 to 2038.
        cal.add_missing_timezones(
            first_date=min(days) - datetime.timedelta(days=366),
            last_date=max(days) + datetime.timedelta(days=366),
        )
    return cal.to_ical()


def uid(key: str) -> str:
    """A globally unique, stable UID: the app's key at this site's host name."""
    return f"{key}@{settings.SITE_URL.split('://', 1)[-1].split('/', 1)[0]}"


def _event(event: Event, stamp: datetime.datetime) -> icalendar.Event:
    component = icalendar.Event()
    component.add("uid", uid(event.uid))
    component.add("dtstamp", stamp)
    component.add("dtstart", _local(event.starts))
    component.add("dtend", _local(event.ends))
    component.add("summary", _text(event.summary))
    if event.description:
        component.add("description", _text(event.description))
    if event.url:
        component.add("url", event.url)
    if event.location:
        component.add("location", _text(event.location))
    if event.transparent:
        component.add("transp", "TRANSPARENT")
    return component


def _local(value: datetime.datetime | datetime.date) -> datetime.datetime | datetime.date:
    if isinstance(value, datetime.datetime):
        if timezone.is_naive(value):
            raise ValueError("Calendar times need a time zone.")
        return value.astimezone(LONDON)
    return value


def _day(value: datetime.datetime | datetime.date) -> datetime.date:
    return value.astimezone(LONDON).date() if isinstance(value, datetime.datetime) else value


def _text(value: str) -> str:
    # The library escapes line breaks; making every kind one newline first means a
    # stray carriage return can only ever be text, never the end of a line.
    return value.replace("\r\n", "\n").replace("\r", "\n")
