"""The plan page and the plan's calendar feed, gathered from the parts apps register.

Portal imports no feature app: each app's ``plan.py`` registers a part
(``registry.part``) from its ``AppConfig.ready()``. Every part makes a fixed number of
queries, so the page does too, whatever she has (``tests/portal/test_plan.py``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils import timezone

from portal.lib import feed_tokens, ics
from portal.models import Person
from portal.plan import registry
from portal.plan.models import PlanCalendar
from portal.selectors import person_for_dashboard

COMING_UP_SHOWN = 12
FAR_FUTURE = datetime.date.max


@dataclass(frozen=True)
class Plan:
    person: Person
    tasks: list[registry.Task]
    coming_up: list[registry.Dated]
    more_coming: int  # dated items beyond those shown (all are in the calendar feed)
    heading: list[registry.Panel]
    done: list[registry.Panel]
    first_steps: list[registry.Task]
    calendar: PlanCalendar | None

    @property
    def is_empty(self) -> bool:
        return not (self.tasks or self.coming_up)


def _gather(
    person: Person, today: datetime.date, now: datetime.datetime, *, calendar_only=False
) -> list[registry.Contribution]:
    context = registry.PlanContext(person=person, today=today, now=now, calendar_only=calendar_only)
    return [part.collect(context) for part in registry.parts()]


def _portal_first_steps(person: Person) -> list[registry.Task]:
    if person.career_level_id:
        return []
    return [
        registry.Task(
            title="Set your career stage",
            url=reverse("profile"),
            detail="Your profession and career stage decide the offers and pathway stages we "
            "suggest.",
        )
    ]


def _task_order(task: registry.Task) -> tuple:
    since = task.since.timestamp() if task.since else 0
    return (not task.urgent, task.due or FAR_FUTURE, -since, task.title)


def _dated_order(item: registry.Dated) -> tuple:
    starts = item.starts
    if not isinstance(starts, datetime.datetime):
        # An all-day item comes before the timed ones of its day.
        starts = datetime.datetime.combine(starts, datetime.time.min, tzinfo=ics.LONDON)
    return (starts, item.title)


def plan_for(person, *, today: datetime.date | None = None) -> Plan:
    """Her plan: most urgent and newest first, each item linking to where she acts."""
    now = timezone.now()
    today = today or timezone.localdate()
    person = person_for_dashboard(person)
    contributions = _gather(person, today, now)
    tasks = sorted((t for c in contributions for t in c.tasks), key=_task_order)
    dated = sorted((d for c in contributions for d in c.dated), key=_dated_order)
    panels = [p for c in contributions for p in c.panels]
    steps = _portal_first_steps(person) + [s for c in contributions for s in c.first_steps]
    return Plan(
        person=person,
        tasks=tasks,
        coming_up=dated[:COMING_UP_SHOWN],
        more_coming=max(len(dated) - COMING_UP_SHOWN, 0),
        heading=sorted((p for p in panels if p.area == "heading"), key=lambda p: p.order),
        done=sorted((p for p in panels if p.area == "done"), key=lambda p: p.order),
        first_steps=steps,
        calendar=PlanCalendar.objects.filter(person=person).first(),
    )


def calendar_for_token(token: str) -> PlanCalendar | None:
    """The calendar behind a private address, if it still works."""
    if not feed_tokens.well_formed(token):
        return None
    return (
        PlanCalendar.objects.working()
        .select_related("person__profession", "person__career_level", "person__organisation__icb")
        .filter(token=token)
        .first()
    )


def calendar_events(calendar: PlanCalendar, *, site_url: str) -> list[ics.Event]:
    """Every dated item of her plan, for calendar apps; titles name no other person."""
    # calendar_for_token loaded her with what the parts read.
    today = timezone.localdate()
    contributions = _gather(calendar.person, today, timezone.now(), calendar_only=True)
    dated = sorted((d for c in contributions for d in c.dated), key=_dated_order)
    return [_event(item, site_url) for item in dated]


def _event(item: registry.Dated, site_url: str) -> ics.Event:
    url = site_url.rstrip("/") + item.url
    if isinstance(item.starts, datetime.datetime):
        ends = item.ends or item.starts + datetime.timedelta(hours=1)
    else:
        # All-day events end the day after (RFC 5545 DTEND is exclusive).
        ends = (item.ends or item.starts) + datetime.timedelta(days=1)
    return ics.Event(
        uid=f"plan-{item.uid}",
        summary=f"{item.kind}: {item.title}",
        starts=item.starts,
        ends=ends,
        description="\n".join(part for part in (item.detail, url) if part),
        url=url,
        location=item.location,
        transparent=not isinstance(item.starts, datetime.datetime),
    )
