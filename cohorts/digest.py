"""Cohorts' sections of the personal digest: sessions and set meetings, and set actions.

Registered with portal's digest from `CohortsConfig.ready()`. Each `collect` reads the
whole batch with a fixed number of queries, starting from the people's own memberships,
so nobody is ever shown a cohort or set they are not in.

What is said in a set stays in the set: the digest names a set and its meeting times
only to members who accepted its current ground rules, and tells the owner of an action
only how many are due and when ("1 set action due Thu 19 Nov"), never what they say,
because a practice inbox is often shared. Issues, notes and actions' text never appear.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from cohorts.models import Action, ActionStatus, Membership, SetMembership
from portal.digest import periods, registry


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _horizon(person, today: datetime.date) -> datetime.timedelta:
    """How far ahead "the coming period" reaches: until this person's next digest."""
    preference = getattr(person, "digest_preference", None)
    frequency = preference.frequency if preference else periods.DEFAULT_FREQUENCY
    if frequency not in periods.SENDING_FREQUENCIES:
        # A preview for someone who switched digests off still needs a window.
        frequency = periods.DEFAULT_FREQUENCY
    return periods.period_for(frequency, today).length


def _when(starts_at: datetime.datetime) -> str:
    return date_format(timezone.localtime(starts_at), "l j F, H:i")


@registry.section(
    key="meetings",
    title="Your sessions and set meetings",
    order=30,
    description="Cohort sessions and action learning set meetings before your next digest",
)
def collect_meetings(batch: registry.Batch) -> dict[int, registry.Content]:
    ids = [person.pk for person in batch.people]
    if not ids:
        return {}
    until = {person.pk: batch.now + _horizon(person, batch.today) for person in batch.people}
    latest = max(until.values())
    found: dict[int, list[tuple[datetime.datetime, registry.Item]]] = defaultdict(list)

    sessions = Membership.objects.filter(
        person_id__in=ids,
        cohort__sessions__starts_at__gte=batch.now,
        cohort__sessions__starts_at__lt=latest,
    ).values_list("person_id", "cohort_id", "cohort__name", "cohort__sessions__starts_at")
    for person_id, cohort_id, name, starts_at in sessions:
        if starts_at < until[person_id]:
            found[person_id].append(
                (
                    starts_at,
                    registry.Item(
                        title=f"{name}: cohort session",
                        url=reverse("cohorts:detail", args=[cohort_id]),
                        detail=_when(starts_at),
                    ),
                )
            )

    # Only members who accepted the set's current ground rules: anyone else is not yet
    # (or no longer) inside the set's confidentiality agreement.
    meetings = SetMembership.objects.filter(
        person_id__in=ids,
        agreed_at__gte=F("set__agreement_changed_at"),
        set__meetings__starts_at__gte=batch.now,
        set__meetings__starts_at__lt=latest,
    ).values_list(
        "person_id", "set_id", "set__name", "set__meetings__pk", "set__meetings__starts_at"
    )
    for person_id, set_id, name, meeting_id, starts_at in meetings:
        if starts_at < until[person_id]:
            found[person_id].append(
                (
                    starts_at,
                    registry.Item(
                        title=f"{name}: set meeting",
                        url=reverse("cohorts:meeting", args=[set_id, meeting_id]),
                        detail=_when(starts_at),
                    ),
                )
            )

    contents = {}
    for person_id, dated in found.items():
        dated.sort(key=lambda pair: pair[0])
        contents[person_id] = registry.Content(
            items=[item for _, item in dated],
            total=len(dated),
            summary=_plural(len(dated), "meeting", "meetings") + " coming up",
        )
    return contents


@registry.section(
    key="actions",
    title="Your set actions falling due",
    order=40,
    description="Actions you agreed in your action learning set, due before your next digest",
)
def collect_actions(batch: registry.Batch) -> dict[int, registry.Content]:
    ids = [person.pk for person in batch.people]
    if not ids:
        return {}
    until = {person.pk: batch.today + _horizon(person, batch.today) for person in batch.people}
    # The owner is the presenter who agreed the action, and only while they are still a
    # member of the set: one query for the batch, joined back to the owner's own place.
    rows = (
        Action.objects.filter(
            presentation__presenter_id__in=ids,
            status=ActionStatus.OPEN,
            due_date__gte=batch.today,
            due_date__lt=max(until.values()),
            presentation__meeting__set__memberships__person_id=F("presentation__presenter_id"),
        )
        .order_by("due_date", "pk")
        .values_list("presentation__presenter_id", "due_date", "presentation__meeting__set_id")
    )
    # One line per set and due date, counted: the action's words stay behind sign-in.
    due: dict[int, dict[tuple[datetime.date, int], int]] = defaultdict(lambda: defaultdict(int))
    for person_id, due_date, set_id in rows:
        if due_date < until[person_id]:
            due[person_id][(due_date, set_id)] += 1
    contents = {}
    for person_id, by_day in due.items():
        items = [
            registry.Item(
                title=f"{_plural(count, 'set action', 'set actions')} due "
                f"{date_format(due_date, 'D j M')}",
                url=reverse("cohorts:set", args=[set_id]),
            )
            for (due_date, set_id), count in sorted(by_day.items())
        ]
        total = sum(by_day.values())
        contents[person_id] = registry.Content(
            items=items,
            total=total,
            summary=_plural(total, "set action", "set actions") + " due",
        )
    return contents


# Communities of practice register their own section ("In your communities").
from cohorts.communities import digest as communities_digest  # noqa: E402, F401
