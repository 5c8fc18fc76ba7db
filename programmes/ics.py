"""An intake as an iCalendar file (RFC 5545), so people can put its dates in their diary."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format

from programmes.models import Intake


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
        # Never split a multi-byte character.
        while end < len(encoded) and (encoded[end] & 0xC0) == 0x80:
            end -= 1
        parts.append(encoded[start:end].decode())
        start = end
    return "\r\n ".join(parts)


def day(value: datetime.date) -> str:
    return value.strftime("%Y%m%d")


def calendar(intake: Intake, request: HttpRequest) -> str:
    offer = intake.offer
    url = request.build_absolute_uri(offer.get_absolute_url())
    host = settings.SITE_URL.split("://", 1)[-1]
    stamp = timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    last_day = intake.end_date or intake.start_date
    details = [offer.summary]
    if intake.application_deadline:
        details.append(f"Apply by {date_format(intake.application_deadline, 'j F Y')}.")
    if intake.online_link:
        details.append(f"Join online: {intake.online_link}")
    details.append(url)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{settings.SITE_NAME}//Development offers//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:intake-{intake.pk}@{host}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{day(intake.start_date)}",
        # All-day events end on the day after the last day.
        f"DTEND;VALUE=DATE:{day(last_day + datetime.timedelta(days=1))}",
        f"SUMMARY:{escape(offer.title)}",
        f"DESCRIPTION:{escape(chr(10).join(details))}",
        f"URL:{url}",
    ]
    if intake.location:
        lines.append(f"LOCATION:{escape(intake.location)}")
    lines += ["TRANSP:TRANSPARENT", "END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
