"""Cohorts' part of a member's plan: ground rules to accept, set actions due, and the
coming cohort sessions and set meetings.

Registered with portal's plan from `CohortsConfig.ready()`. Four queries, whatever she
belongs to. Set meetings appear only once she has accepted the set's current ground
rules (as in the digest): until then the task to accept them comes first.
"""

from __future__ import annotations

import datetime

from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils.formats import date_format

from cohorts.ics import MEETING_LENGTH
from cohorts.models import Action, ActionStatus, Meeting, Session, SetMembership
from portal.plan import registry

# Actions falling due within this many days are "needs you now"; within SOON, urgent.
ACTIONS_AHEAD_DAYS = 14
SOON_DAYS = 3


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _ground_rules(person) -> list[registry.Task]:
    waiting = (
        SetMembership.objects.held_by(person)
        .filter(Q(agreed_at__isnull=True) | Q(agreed_at__lt=F("set__agreement_changed_at")))
        .select_related("set")
        .only("id", "joined_at", "agreed_at", "set__id", "set__name", "set__agreement_changed_at")
    )
    return [
        registry.Task(
            title=f"Accept the ground rules of {membership.set.name}",
            url=reverse("cohorts:agreement", args=[membership.set_id]),
            detail="The set's meetings and notes open to you once you accept them."
            if membership.agreed_at is None
            else "The ground rules have changed since you accepted them.",
            tag="Action learning",
            since=max(membership.joined_at, membership.set.agreement_changed_at),
        )
        for membership in waiting
    ]


def _actions(person, today: datetime.date) -> list[registry.Task]:
    # Her own open actions, only while she is still in the set (as in the digest).
    rows = Action.objects.filter(
        presentation__presenter=person,
        status=ActionStatus.OPEN,
        due_date__lte=today + datetime.timedelta(days=ACTIONS_AHEAD_DAYS),
        presentation__meeting__set__memberships__person=person,
    ).values_list("due_date", "presentation__meeting__set_id", "presentation__meeting__set__name")
    by_set: dict[tuple[int, str], list[datetime.date]] = {}
    for due_date, set_id, name in rows:
        by_set.setdefault((set_id, name), []).append(due_date)
    tasks = []
    for (set_id, name), dues in by_set.items():
        first = min(dues)
        overdue = sum(1 for due in dues if due < today)
        detail = f"The first is due {date_format(first, 'l j F')}."
        if overdue:
            detail = f"{overdue} {'is' if overdue == 1 else 'are'} past the date you agreed."
        tasks.append(
            registry.Task(
                title=f"{_plural(len(dues), 'set action', 'set actions')} due in {name}",
                url=reverse("cohorts:set", args=[set_id]),
                detail=detail,
                tag="Action learning",
                due=first,
                urgent=first <= today + datetime.timedelta(days=SOON_DAYS),
            )
        )
    return tasks


def _sessions(person, now: datetime.datetime) -> list[registry.Dated]:
    sessions = (
        Session.objects.visible_to(person)
        .filter(starts_at__gte=now)
        .select_related("cohort")
        .only(
            "id",
            "starts_at",
            "duration_minutes",
            "place",
            "online_link",
            "topic",
            "cohort__id",
            "cohort__name",
        )
    )
    return [
        registry.Dated(
            uid=f"cohort-session-{session.pk}",
            title=session.cohort.name + (f": {session.topic}" if session.topic else ""),
            url=reverse("cohorts:detail", args=[session.cohort_id]),
            starts=session.starts_at,
            ends=session.ends_at,
            kind="Cohort session",
            detail=session.online_link,
            location=session.place,
        )
        for session in sessions
    ]


def _meetings(person, now: datetime.datetime) -> list[registry.Dated]:
    agreed = SetMembership.objects.filter(
        set=OuterRef("set"), person=person, agreed_at__gte=OuterRef("set__agreement_changed_at")
    )
    meetings = (
        Meeting.objects.filter(starts_at__gte=now)
        .filter(Q(set__facilitator=person) | Q(Exists(agreed)))
        .select_related("set")
        .only("id", "starts_at", "place", "online_link", "set__id", "set__name")
    )
    return [
        registry.Dated(
            uid=f"set-meeting-{meeting.pk}",
            title=meeting.set.name,
            url=reverse("cohorts:meeting", args=[meeting.set_id, meeting.pk]),
            starts=meeting.starts_at,
            ends=meeting.starts_at + MEETING_LENGTH,
            kind="Set meeting",
            detail=meeting.online_link,
            location=meeting.place,
        )
        for meeting in meetings
    ]


@registry.part(key="cohorts", order=30)
def collect(context: registry.PlanContext) -> registry.Contribution:
    person = context.person
    dated = _sessions(person, context.now) + _meetings(person, context.now)
    if context.calendar_only:
        return registry.Contribution(dated=dated)
    return registry.Contribution(
        tasks=_ground_rules(person) + _actions(person, context.today), dated=dated
    )
