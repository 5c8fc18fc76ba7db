"""An intake as a calendar event (built by ``portal.lib.ics``), for people's diaries."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.utils.formats import date_format

from portal.lib import ics
from programmes.models import Intake


def calendar(intake: Intake, request: HttpRequest) -> bytes:
    offer = intake.offer
    url = request.build_absolute_uri(offer.get_absolute_url())
    details = [offer.summary]
    if intake.application_deadline:
        details.append(f"Apply by {date_format(intake.application_deadline, 'j F Y')}.")
    if intake.online_link:
        details.append(f"Join online: {intake.online_link}")
    details.append(url)
    event = ics.Event(
        uid=f"intake-{intake.pk}",
        summary=offer.title,
        starts=intake.start_date,
        # All-day events end on the day after the last day.
        ends=(intake.end_date or intake.start_date) + datetime.timedelta(days=1),
        description="\n".join(details),
        url=url,
        location=intake.location,
        transparent=True,
    )
    return ics.calendar(name=offer.title, product="Development offers", events=[event])
