"""Mentoring's part of a member's plan: matches waiting for her answer, and the end dates
her mentoring relationships agreed.

Registered with portal's plan through `careers.apps`. Two queries. Meetings are recorded
after they happen (``meeting_log`` refuses future dates), so a relationship's agreed end
is the one date mentoring knows ahead.
"""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from careers.mentoring.models import Answer, Match, MatchStatus, Relationship
from portal.plan import registry


def _waiting(person) -> list[registry.Task]:
    matches = (
        Match.objects.visible_to(person)
        .filter(status=MatchStatus.CONFIRMED)
        .filter(
            Q(request__seeker_id=person.pk, seeker_answer=Answer.PENDING)
            | Q(offer__person_id=person.pk, supporter_answer=Answer.PENDING)
        )
        .select_related("request", "offer")
        .only("id", "created_at", "request__seeker_id", "request__kind", "offer__person_id")
    )
    tasks = []
    for match in matches:
        kind = match.request.get_kind_display().lower()
        as_seeker = match.request.seeker_id == person.pk
        tasks.append(
            registry.Task(
                title=f"A {kind} has been proposed for you"
                if as_seeker
                else f"Someone is waiting to hear if you will be their {kind}",
                url=reverse("careers:mentoring"),
                detail="Accept or decline the match on your mentoring page.",
                tag="Mentoring",
                since=match.created_at,
                urgent=True,
            )
        )
    return tasks


def _endings(person, today) -> list[registry.Dated]:
    pairs = (
        Relationship.objects.visible_to(person)
        .filter(ended_on__isnull=True, ends_on__gte=today)
        .only("id", "ends_on")
    )
    return [
        registry.Dated(
            uid=f"mentoring-ends-{pair.pk}",
            title="Your mentoring relationship ends",
            url=reverse("careers:mentoring_relationship", args=[pair.pk]),
            starts=pair.ends_on,
            kind="Mentoring",
            detail="The end date you agreed: time to record what went well.",
        )
        for pair in pairs
    ]


@registry.part(key="mentoring", order=25)
def collect(context: registry.PlanContext) -> registry.Contribution:
    dated = _endings(context.person, context.today)
    if context.calendar_only:
        return registry.Contribution(dated=dated)
    return registry.Contribution(tasks=_waiting(context.person), dated=dated)
