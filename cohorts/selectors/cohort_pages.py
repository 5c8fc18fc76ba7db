"""Cohort pages: the list, a cohort's own page, its requests, attendance, topics and feed."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from cohorts.communities.models import Community
from cohorts.models import (
    SET_CAPACITY,
    ActionLearningSet,
    AttendanceStatus,
    CalendarFeed,
    Cohort,
    JoinRequest,
    RequestStatus,
    Session,
    Vote,
)
from portal.models import Person


@dataclass
class CohortList:
    yours: list[Cohort]
    others: list[Cohort]


def cohort_list(*, person) -> CohortList:
    cohorts = list(
        Cohort.objects.select_related("hub").annotate(
            member_count=Count("memberships", distinct=True)
        )
    )
    mine = set(Cohort.objects.involving(person).values_list("pk", flat=True))
    return CohortList(
        yours=[c for c in cohorts if c.pk in mine],
        others=[c for c in cohorts if c.pk not in mine],
    )


@dataclass
class CohortPage:
    """What the cohort page shows; the insider parts stay empty for anyone else."""

    cohort: Cohort
    is_facilitator: bool = False
    is_member: bool = False
    pending: bool = False
    facilitators: list[Person] = field(default_factory=list)
    members: list[Person] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)
    sets: list[ActionLearningSet] = field(default_factory=list)
    open_sets: list[ActionLearningSet] = field(default_factory=list)
    pending_requests: int = 0
    feed: CalendarFeed | None = None
    # The cohort's own private community, where members talk between sessions.
    community: Community | None = None


def cohort_page(*, cohort: Cohort, person) -> CohortPage:
    """``cohort`` comes from ``Cohort.objects.with_role_of(person)``."""
    page = CohortPage(cohort, cohort.is_facilitator, cohort.is_member)
    if not (page.is_facilitator or page.is_member):
        page.pending = (
            person.is_authenticated
            and JoinRequest.objects.pending().filter(cohort=cohort, person=person).exists()
        )
        return page
    page.facilitators = list(cohort.facilitators.all())
    page.members = list(
        Person.objects.filter(cohort_memberships__cohort=cohort)
        .select_related("profession", "organisation")
        .order_by("full_name")
    )
    page.sessions = list(cohort.sessions.all())
    sets = cohort.sets.with_member_count()
    if page.is_facilitator:
        page.sets = list(sets.select_related("facilitator"))
        page.pending_requests = (
            JoinRequest.objects.decidable_by(person).filter(cohort=cohort).count()
        )
    else:
        page.sets = list(sets.filter(pk__in=ActionLearningSet.objects.visible_to(person)))
    if page.is_member:
        page.open_sets = _sets_to_ask(cohort, person, in_a_set=bool(page.sets))
    page.feed = CalendarFeed.objects.owned_by(person).filter(cohort=cohort).first()
    page.community = Community.objects.readable_by(person).filter(cohort=cohort).first()
    return page


def _sets_to_ask(cohort: Cohort, person, *, in_a_set: bool) -> list[ActionLearningSet]:
    """Sets with places she could ask to join, each marked ``asked`` if she has."""
    sets = (
        ActionLearningSet.objects.open_to(person)
        .filter(cohort=cohort)
        .exclude(pk__in=ActionLearningSet.objects.visible_to(person))
        .with_member_count()
        .filter(member_count__lt=SET_CAPACITY)
        .annotate(
            asked=Count(
                "join_requests",
                filter=Q(join_requests__person=person, join_requests__status=RequestStatus.PENDING),
            )
        )
    )
    if in_a_set:
        sets = sets.filter(takes_members_of_other_sets=True)
    return list(sets)


def cohort_requests(*, cohort: Cohort, person) -> list[JoinRequest]:
    return list(
        JoinRequest.objects.decidable_by(person)
        .filter(cohort=cohort)
        .select_related("person__profession", "person__organisation")
    )


def cohort_members(*, cohort: Cohort) -> list[Person]:
    return list(Person.objects.filter(cohort_memberships__cohort=cohort).order_by("full_name"))


def recorded_attendance(*, session: Session) -> dict[int, str]:
    return dict(session.attendance.values_list("person_id", "status"))


@dataclass
class AttendanceSummary:
    sessions: list[Session]
    people: list[Person]


def attendance_summary(*, cohort: Cohort) -> AttendanceSummary:
    sessions = list(cohort.sessions.annotate(**_status_counts("attendance")))
    people = list(
        Person.objects.filter(cohort_memberships__cohort=cohort)
        .annotate(
            **{
                status: Count(
                    "session_attendance",
                    filter=Q(
                        session_attendance__session__cohort=cohort,
                        session_attendance__status=status,
                    ),
                )
                for status in AttendanceStatus.values
            }
        )
        .order_by("full_name")
    )
    return AttendanceSummary(sessions, people)


def _status_counts(relation: str) -> dict:
    return {
        status: Count(relation, filter=Q(**{f"{relation}__status": status}))
        for status in AttendanceStatus.values
    }


@dataclass
class TopicsPage:
    topics: list
    session_choices: list[tuple[int, str]]


def topics_page(*, cohort: Cohort, person) -> TopicsPage:
    """``cohort`` comes from ``Cohort.objects.with_role_of(person)``."""
    ranked = list(cohort.topics.ranked().select_related("session"))
    my_votes = dict(
        Vote.objects.filter(topic__cohort=cohort, person=person).values_list("topic_id", "value")
    )
    for topic in ranked:
        topic.my_vote = my_votes.get(topic.pk)
    session_choices = []
    if cohort.is_facilitator:
        session_choices = [
            (session.pk, f"{timezone.localtime(session.starts_at):%-d %B %Y, %H:%M}")
            for session in cohort.sessions.upcoming()
        ]
    return TopicsPage(ranked, session_choices)


def feed_sessions(*, feed: CalendarFeed) -> list[Session]:
    return list(feed.cohort.sessions.all())
