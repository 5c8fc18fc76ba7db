"""Careers' sections of the personal digest: 360 invitations waiting, and leadership roles.

Registered with portal's digest from `CareersConfig.ready()`. Each `collect` reads the
whole batch with a fixed number of queries and matches people in Python.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.formats import date_format

from careers.models import FeedbackRound, Invitation, InvitationStatus, Role
from careers.services import MIN_RATERS
from portal.digest import registry


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


@registry.section(
    key="feedback",
    title="360 feedback waiting for your answer",
    order=60,
    description="Colleagues who asked you for 360 feedback and are still waiting",
)
def collect_feedback(batch: registry.Batch) -> dict[int, registry.Content]:
    # Raters are invited by email address, so a portal member's invitations are the
    # open ones sent to their address; addresses are compared without case.
    by_email = {person.email.lower(): person.pk for person in batch.people if person.email}
    if not by_email:
        return {}
    waiting = (
        Invitation.objects.annotate(address=Lower("email"))
        .filter(
            address__in=list(by_email),
            status=InvitationStatus.INVITED,
            round__closes_on__gte=batch.today,
        )
        .select_related("round__person")
        .order_by("round__closes_on", "pk")
    )
    found: dict[int, list[registry.Item]] = defaultdict(list)
    for invitation in waiting:
        person_id = by_email[invitation.address]
        if invitation.round.person_id == person_id:
            continue
        found[person_id].append(
            registry.Item(
                # Who asked is on the page behind sign-in; a shared inbox sees only that
                # someone did. A link that answers without signing in belongs only in the
                # rater's own email.
                title="A colleague asked for your 360 feedback",
                url=reverse("careers:feedback_asked", args=[invitation.pk]),
                detail=f"Open until {date_format(invitation.round.closes_on, 'l j F')}.",
            )
        )
    return {
        person_id: registry.Content(
            items=items,
            total=len(items),
            summary=_plural(len(items), "request", "requests") + " for 360 feedback",
        )
        for person_id, items in found.items()
    }


@registry.section(
    key="feedback_results",
    title="Your 360 feedback results",
    order=65,
    description="When your 360 request has closed with enough answers to show results",
)
def collect_feedback_results(batch: registry.Batch) -> dict[int, registry.Content]:
    ids = [person.pk for person in batch.people]
    if not ids:
        return {}
    # Results are released once, when a round closes (careers/selectors/feedback.py), so a round
    # is news in the digest whose window holds its closing; no count of answers is told.
    closed = (
        FeedbackRound.objects.filter(
            person_id__in=ids, closed_at__gt=batch.earliest, closed_at__lte=batch.now
        )
        .annotate(
            answered=Count("invitations", filter=Q(invitations__status=InvitationStatus.ANSWERED))
        )
        .filter(answered__gte=MIN_RATERS)
        .order_by("closed_at", "pk")
        .values_list("person_id", "pk", "closed_at")
    )
    found: dict[int, list[registry.Item]] = defaultdict(list)
    for person_id, round_id, closed_at in closed:
        if closed_at > batch.since[person_id]:
            found[person_id].append(
                registry.Item(
                    title="Your 360 feedback results are ready",
                    url=reverse("careers:feedback_results", args=[round_id]),
                    detail="Your request has closed.",
                )
            )
    return {
        person_id: registry.Content(
            items=items, total=len(items), summary="your 360 feedback results are ready"
        )
        for person_id, items in found.items()
    }


@registry.section(
    key="roles",
    title="Leadership roles for you",
    order=70,
    description="New clinical lead and director roles open to your profession",
)
def collect_roles(batch: registry.Batch) -> dict[int, registry.Content]:
    if not batch.people:
        return {}
    roles = list(
        Role.objects.published()
        .open(batch.today)
        .filter(created_at__gt=batch.earliest)
        .select_related("host")
        .only("id", "title", "closing_date", "all_professions", "created_at", "host__name")
        .order_by("closing_date", "title", "pk")
    )
    if not roles:
        return {}
    welcomes: dict[int, set[int]] = defaultdict(set)
    for role_id, profession_id in Role.professions.through.objects.filter(
        role_id__in=[role.pk for role in roles]
    ).values_list("role_id", "profession_id"):
        welcomes[role_id].add(profession_id)
    contents = {}
    for person in batch.people:
        since = batch.since[person.pk]
        fitting = [
            role
            for role in roles
            if role.created_at > since
            and (role.all_professions or person.profession_id in welcomes[role.pk])
        ]
        if not fitting:
            continue
        contents[person.pk] = registry.Content(
            items=[
                registry.Item(
                    title=role.title,
                    url=role.get_absolute_url(),
                    detail=(
                        f"{role.host.name}, closes {date_format(role.closing_date, 'j F Y')}."
                        if role.closing_date
                        else f"{role.host.name}."
                    ),
                )
                for role in fitting
            ],
            total=len(fitting),
            summary=_plural(len(fitting), "leadership role", "leadership roles") + " for you",
        )
    return contents
