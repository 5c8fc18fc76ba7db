"""Reads for cohort and set pages.

Views fetch the object a page is about through the first section's functions, each
named for the rule queryset it applies (``cohorts/models.py``) and answering 404 to
anyone the rule leaves out. The rest only gather what a page shows, in a fixed number
of queries whatever the rows, and never widen what the person may see."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from cohorts.models import (
    SET_CAPACITY,
    Action,
    ActionLearningSet,
    AttendanceStatus,
    CalendarFeed,
    Cohort,
    JoinRequest,
    Meeting,
    Membership,
    Presentation,
    RequestStatus,
    Session,
    SetJoinRequest,
    SetMembership,
    SetProposal,
    Topic,
    Vote,
)
from portal.models import Person


# ---------------------------------------------------------------------------
# One object through its rule (404 for anyone the rule leaves out)
# ---------------------------------------------------------------------------
def cohort_facilitated_by(person, *, pk: int) -> Cohort:
    return get_object_or_404(Cohort.objects.facilitated_by(person), pk=pk)


def cohort_involving(person, *, pk: int) -> Cohort:
    """A cohort she facilitates or belongs to, with ``is_facilitator``/``is_member``."""
    return get_object_or_404(Cohort.objects.involving(person).with_role_of(person), pk=pk)


def cohort_with_role_of(person, *, pk: int) -> Cohort:
    """Any cohort (their pages are public), marked with what she is in it."""
    return get_object_or_404(
        Cohort.objects.with_role_of(person).select_related("hub", "offer"), pk=pk
    )


def join_request_decidable_by(person, *, cohort: Cohort, pk: int) -> JoinRequest:
    return get_object_or_404(
        JoinRequest.objects.decidable_by(person).select_related("person"), cohort=cohort, pk=pk
    )


def calendar_feed_current(*, cohort_pk: int, token: str) -> CalendarFeed:
    return get_object_or_404(
        CalendarFeed.objects.current().select_related("cohort"), cohort_id=cohort_pk, token=token
    )


def session_visible_to(person, *, cohort_pk: int, pk: int) -> Session:
    return get_object_or_404(
        Session.objects.visible_to(person).select_related("cohort"), cohort_id=cohort_pk, pk=pk
    )


def session_facilitated_by(person, *, cohort_pk: int, pk: int) -> Session:
    return get_object_or_404(
        Session.objects.facilitated_by(person).select_related("cohort"),
        cohort_id=cohort_pk,
        pk=pk,
    )


def topic_visible_to(person, *, cohort_pk: int, pk: int) -> Topic:
    return get_object_or_404(Topic.objects.visible_to(person), cohort_id=cohort_pk, pk=pk)


def topic_facilitated_by(person, *, cohort_pk: int, pk: int) -> Topic:
    return get_object_or_404(
        Topic.objects.facilitated_by(person).select_related("cohort"), cohort_id=cohort_pk, pk=pk
    )


def set_readable_by(person, *, pk: int) -> ActionLearningSet | None:
    """None, not 404: a member who has not accepted the ground rules is sent to them."""
    return (
        ActionLearningSet.objects.readable_by(person)
        .with_role_of(person)
        .select_related("cohort")
        .filter(pk=pk)
        .first()
    )


def set_visible_to(person, *, pk: int) -> ActionLearningSet:
    return get_object_or_404(ActionLearningSet.objects.visible_to(person), pk=pk)


def set_facilitated_by(person, *, pk: int) -> ActionLearningSet:
    return get_object_or_404(
        ActionLearningSet.objects.facilitated_by(person)
        .with_role_of(person)
        .select_related("cohort"),
        pk=pk,
    )


def set_open_to(person, *, pk: int) -> ActionLearningSet:
    return get_object_or_404(
        ActionLearningSet.objects.open_to(person).select_related("cohort", "facilitator"), pk=pk
    )


def set_join_request_decidable_by(
    person, *, learning_set: ActionLearningSet, pk: int
) -> SetJoinRequest:
    return get_object_or_404(
        SetJoinRequest.objects.decidable_by(person).select_related("person"),
        set=learning_set,
        pk=pk,
    )


def meeting_visible_to(person, *, learning_set: ActionLearningSet, pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.visible_to(person).select_related("set"), set=learning_set, pk=pk
    )


def meeting_facilitated_by(person, *, learning_set: ActionLearningSet, pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.facilitated_by(person), set=learning_set, pk=pk)


def presentation_editable_by(person, *, learning_set: ActionLearningSet, pk: int) -> Presentation:
    return get_object_or_404(
        Presentation.objects.editable_by(person).select_related("meeting", "presenter"),
        meeting__set=learning_set,
        pk=pk,
    )


def action_reportable_by(person, *, learning_set: ActionLearningSet, pk: int) -> Action:
    return get_object_or_404(
        Action.objects.reportable_by(person).select_related("presentation__meeting"),
        presentation__meeting__set=learning_set,
        pk=pk,
    )


# ---------------------------------------------------------------------------
# Cohorts
# ---------------------------------------------------------------------------
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


# ---------------------------------------------------------------------------
# Forming sets
# ---------------------------------------------------------------------------
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


# ---------------------------------------------------------------------------
# Facilitator's page
# ---------------------------------------------------------------------------
@dataclass
class FacilitatorPage:
    cohorts: list[Cohort]
    sets: list[ActionLearningSet]
    next_sessions: list[Session]
    next_meetings: list[Meeting]
    gaps: list[Session]

    @property
    def below_minimum(self) -> list[ActionLearningSet]:
        return [s for s in self.sets if s.member_count < s.minimum]


def facilitator_page(*, person) -> FacilitatorPage:
    """Counts only: set content stays on the set's own pages."""
    cohorts = list(
        Cohort.objects.facilitated_by(person).annotate(
            member_count=Count("memberships", distinct=True),
            pending=Count(
                "join_requests",
                filter=Q(join_requests__status=RequestStatus.PENDING),
                distinct=True,
            ),
        )
    )
    sets = list(
        ActionLearningSet.objects.facilitated_by(person)
        .select_related("cohort")
        .annotate(
            member_count=Count("memberships", distinct=True),
            outstanding=Count(
                "meetings__presentations__actions",
                filter=Q(meetings__presentations__actions__status="open"),
                distinct=True,
            ),
            pending=Count(
                "join_requests",
                filter=Q(join_requests__status=RequestStatus.PENDING),
                distinct=True,
            ),
        )
    )
    now = timezone.now()
    sessions = Session.objects.facilitated_by(person).select_related("cohort")
    next_sessions = list(sessions.filter(starts_at__gte=now)[:5])
    next_meetings = list(
        Meeting.objects.facilitated_by(person).filter(starts_at__gte=now).select_related("set")[:5]
    )
    # Attendance gaps: past sessions with members not yet marked.
    gaps = list(
        sessions.filter(starts_at__lt=now)
        .annotate(
            marked=Count("attendance", distinct=True),
            members=Count("cohort__memberships", distinct=True),
        )
        .filter(marked__lt=F("members"))
    )
    return FacilitatorPage(cohorts, sets, next_sessions, next_meetings, gaps)


def facilitates_anything(*, person) -> bool:
    return (
        Cohort.objects.facilitated_by(person).exists()
        or ActionLearningSet.objects.facilitated_by(person).exists()
    )


# Lookups by name, for the demo seeder and importers.
def cohort_named(name: str) -> Cohort | None:
    return Cohort.objects.filter(name=name).first()


def any_members_among(cohort: Cohort, people) -> bool:
    return Membership.objects.filter(cohort=cohort, person__in=people).exists()


def topics_by_title(cohort: Cohort) -> dict[str, Topic]:
    return {topic.title: topic for topic in Topic.objects.filter(cohort=cohort)}
