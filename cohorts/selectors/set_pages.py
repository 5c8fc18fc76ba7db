"""Action learning sets: forming them, a set's pages and its meetings."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Prefetch

from cohorts.models import (
    Action,
    ActionLearningSet,
    Cohort,
    Meeting,
    Presentation,
    SetJoinRequest,
    SetMembership,
    SetProposal,
)
from portal.models import Person


def proposal_for(*, cohort: Cohort, person) -> SetProposal | None:
    return SetProposal.objects.facilitated_by(person).filter(cohort=cohort).first()


def proposal_groups(*, proposal: SetProposal) -> list[dict]:
    ids = [pk for group in proposal.groups for pk in group]
    people = (
        Person.objects.filter(pk__in=ids)
        .select_related("profession", "organisation__pcn")
        .in_bulk()
    )
    groups = []
    for number, group in enumerate(proposal.groups, start=1):
        members = [people[pk] for pk in group if pk in people]
        # A list, not the Counter: templates look names up as keys first, and a
        # Counter answers 0 for any key, so "mix.items" would not be the method.
        mix = Counter(
            p.profession.name if p.profession else "Not given" for p in members
        ).most_common()
        groups.append({"number": number, "index": number - 1, "members": members, "mix": mix})
    return groups


# ---------------------------------------------------------------------------
# Sets
# ---------------------------------------------------------------------------
@dataclass
class SetPage:
    members: list[SetMembership]
    meetings: list[Meeting]
    outstanding: list[Action]
    pending_requests: int


def set_page(*, learning_set: ActionLearningSet, person) -> SetPage:
    """Meetings and actions she may see: a newer member sees none from before she joined."""
    members = list(
        learning_set.memberships.select_related("person__profession", "person__organisation")
    )
    meetings = list(
        Meeting.objects.visible_to(person)
        .filter(set=learning_set)
        .prefetch_related(
            Prefetch("presentations", queryset=Presentation.objects.select_related("presenter"))
        )
    )
    outstanding = list(
        Action.objects.visible_to(person)
        .outstanding()
        .filter(presentation__meeting__set=learning_set)
        .select_related("presentation__presenter")
    )
    pending = 0
    if learning_set.is_facilitator:
        pending = SetJoinRequest.objects.decidable_by(person).filter(set=learning_set).count()
    return SetPage(members, meetings, outstanding, pending)


def membership_of(*, learning_set: ActionLearningSet, person) -> SetMembership | None:
    membership = SetMembership.objects.held_by(person).filter(set=learning_set).first()
    if membership is not None:
        membership.set = learning_set
    return membership


@dataclass
class SetRequestsPage:
    requests: list[SetJoinRequest]
    candidates: list[Person]


def set_requests_page(*, learning_set: ActionLearningSet, person) -> SetRequestsPage:
    requests = list(
        SetJoinRequest.objects.decidable_by(person)
        .filter(set=learning_set)
        .select_related("person__profession", "person__organisation")
    )
    candidates = []
    if learning_set.cohort_id is not None:
        candidates = list(
            Person.objects.filter(cohort_memberships__cohort_id=learning_set.cohort_id)
            .exclude(set_memberships__set=learning_set)
            .order_by("full_name")
        )
    return SetRequestsPage(requests, candidates)


def set_members(*, learning_set: ActionLearningSet) -> list[Person]:
    return [m.person for m in learning_set.memberships.select_related("person")]


@dataclass
class MeetingPage:
    presentations: list[Presentation]
    report_back: list[Action]


def meeting_page(*, meeting: Meeting, person) -> MeetingPage:
    presentations = list(
        meeting.presentations.select_related("presenter").prefetch_related("actions")
    )
    report_back = list(
        Action.objects.visible_to(person)
        .outstanding()
        .filter(
            presentation__meeting__set_id=meeting.set_id,
            presentation__meeting__starts_at__lt=meeting.starts_at,
        )
        .select_related("presentation__presenter", "presentation__meeting")
    )
    return MeetingPage(presentations, report_back)


def recorded_meeting_attendance(*, meeting: Meeting) -> dict[int, str]:
    return dict(meeting.attendance.values_list("person_id", "status"))
