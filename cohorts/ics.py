"""Cohort sessions as iCalendar (RFC 5545): one session to download, or the whole feed."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from cohorts.models import Cohort, Session


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
    host = settings.SITE_URL.split("://", 1)[-1]
    stamp = utc(timezone.now())
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{settings.SITE_NAME}//Cohorts//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(cohort.name)}",
    ]
    for session in sessions:
        details = [part for part in (session.topic, session.online_link, url) if part]
        lines += [
            "BEGIN:VEVENT",
            f"UID:cohort-session-{session.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{utc(session.starts_at)}",
            f"DTEND:{utc(session.ends_at)}",
            f"SUMMARY:{escape(cohort.name + (': ' + session.topic if session.topic else ''))}",
            f"DESCRIPTION:{escape(chr(10).join(details))}",
            f"URL:{url}",
        ]
        if session.place:
            lines.append(f"LOCATION:{escape(session.place)}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
