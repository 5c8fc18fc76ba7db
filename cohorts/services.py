"""Everything that changes cohorts and sets.

Views fetch what a person may act on through the rule querysets in ``cohorts/models.py``;
these functions check the preconditions of each write (only members vote, only cohort
members ask to join a set, only the set's facilitator decides) and raise ``Refused``, so
a path that skips the view cannot skip the rule.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from cohorts import allocation, presenters
from cohorts.communities import services as communities
from cohorts.models import (
    SET_CAPACITY,
    SUGGESTED_TOPICS,
    Action,
    ActionLearningSet,
    ActionStatus,
    Attendance,
    AttendanceStatus,
    CalendarFeed,
    Cohort,
    JoinMode,
    JoinRequest,
    Meeting,
    MeetingAttendance,
    Membership,
    Presentation,
    RequestStatus,
    Session,
    SetJoinRequest,
    SetMembership,
    SetProposal,
    Topic,
    Vote,
    VoteValue,
)
from portal import mail
from portal.lib.refused import Refused
from portal.models import OrganisationKind, Person
from portal.tasks import send_email


class SetFull(Refused):
    pass


def _tell(people: Iterable[Person], subject: str, body: str) -> None:
    """One plain email per person, sent by a worker once the change is committed."""
    for person in people:
        message = EmailMultiAlternatives(subject=subject, body=body, to=[person.email])
        send_email.delay_on_commit(mail.message_to_dict(message))


# ---------------------------------------------------------------------------
# Cohorts
# ---------------------------------------------------------------------------
@transaction.atomic
def cohort_create(
    *,
    name: str,
    description: str,
    facilitator: Person,
    start_date: datetime.date,
    end_date: datetime.date,
    join_mode: str = JoinMode.REQUEST,
    offer=None,
    hub=None,
) -> Cohort:
    if end_date < start_date:
        raise Refused("The end date must be on or after the start date.")
    cohort = Cohort.objects.create(
        name=name,
        description=description,
        start_date=start_date,
        end_date=end_date,
        join_mode=join_mode,
        offer=offer,
        hub=hub,
    )
    cohort.facilitators.add(facilitator)
    Topic.objects.bulk_create(
        Topic(cohort=cohort, title=title, why=why) for title, why in SUGGESTED_TOPICS
    )
    communities.community_for_cohort(cohort=cohort)
    return cohort


@transaction.atomic
def facilitator_add(*, cohort: Cohort, person: Person) -> bool:
    """Make her a facilitator of the cohort (and so a host of its own community); says
    whether anything changed, so seeders and importers can run twice."""
    if cohort.facilitators.filter(pk=person.pk).exists():
        return False
    cohort.facilitators.add(person)
    communities.cohort_members_sync(cohort=cohort)
    return True


@transaction.atomic
def cohort_request_join(*, cohort: Cohort, person: Person, message: str = "") -> JoinRequest:
    if cohort.join_mode != JoinMode.REQUEST:
        raise Refused("The facilitators enrol people in this cohort: ask them to add you.")
    if Membership.objects.filter(cohort=cohort, person=person).exists():
        raise Refused("You are already a member of this cohort.")
    try:
        with transaction.atomic():
            return JoinRequest.objects.create(cohort=cohort, person=person, message=message)
    except IntegrityError:
        raise Refused("You have already asked to join: the facilitator will reply.") from None


@transaction.atomic
def join_request_decide(
    *, join_request: JoinRequest, facilitator: Person, approve: bool
) -> JoinRequest:
    request = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if not Cohort.objects.facilitated_by(facilitator).filter(pk=request.cohort_id).exists():
        raise Refused("Only the cohort's facilitators decide who joins it.")
    if request.status != RequestStatus.PENDING:
        raise Refused("This request has already been decided.")
    request.status = RequestStatus.APPROVED if approve else RequestStatus.DECLINED
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_at"])
    cohort = request.cohort
    if approve:
        Membership.objects.get_or_create(cohort=cohort, person=request.person)
        communities.cohort_members_sync(cohort=cohort)
        _tell(
            [request.person],
            f"You have joined {cohort.name}",
            f"Your request to join {cohort.name} was approved. Sessions and members are on "
            "the cohort's page.",
        )
    else:
        _tell(
            [request.person],
            f"Your request to join {cohort.name}",
            f"The facilitators of {cohort.name} could not offer you a place this time.",
        )
    return request


@transaction.atomic
def members_enrol(*, cohort: Cohort, people: Iterable[Person]) -> list[Person]:
    """Add people to a cohort; returns those who were not members already."""
    people = list(people)
    existing = set(
        Membership.objects.filter(cohort=cohort, person__in=people).values_list(
            "person_id", flat=True
        )
    )
    added = [person for person in people if person.pk not in existing]
    Membership.objects.bulk_create(Membership(cohort=cohort, person=p) for p in added)
    communities.cohort_members_sync(cohort=cohort)
    JoinRequest.objects.filter(
        cohort=cohort, person__in=added, status=RequestStatus.PENDING
    ).update(status=RequestStatus.APPROVED, decided_at=timezone.now())
    _tell(
        added,
        f"You are in {cohort.name}",
        f"A facilitator has enrolled you in {cohort.name}. Sessions and members are on the "
        "cohort's page.",
    )
    return added


@transaction.atomic
def calendar_feed_renew(*, cohort: Cohort, person: Person) -> CalendarFeed:
    """A new private calendar address for this person; any old one stops working."""
    if not Cohort.objects.involving(person).filter(pk=cohort.pk).exists():
        raise Refused("Only the cohort's members and facilitators have a calendar address.")
    CalendarFeed.objects.filter(cohort=cohort, person=person).delete()
    return CalendarFeed.objects.create(cohort=cohort, person=person)


@transaction.atomic
def calendar_feed_revoke(*, cohort: Cohort, person: Person) -> int:
    """Stop this person's calendar address for the cohort; returns how many stopped."""
    deleted, _ = CalendarFeed.objects.filter(cohort=cohort, person=person).delete()
    return deleted


@transaction.atomic
def session_create(
    *,
    cohort: Cohort,
    starts_at: datetime.datetime,
    duration_minutes: int = 120,
    place: str = "",
    online_link: str = "",
    topic: str = "",
    notes: str = "",
) -> Session:
    if timezone.is_naive(starts_at):
        raise Refused("A session's start needs a time zone.")
    # A session that already happened may be recorded (with its attendance), but only
    # within the cohort's own dates: an earlier date is a typing mistake.
    if starts_at < timezone.now() and timezone.localdate(starts_at) < cohort.start_date:
        raise Refused(
            f"A session that has already happened must be on or after the day the cohort "
            f"started, {_day(cohort.start_date)}."
        )
    return Session.objects.create(
        cohort=cohort,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        place=place,
        online_link=online_link,
        topic=topic,
        notes=notes,
    )


def _day(day: datetime.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def _require_started(starts_at: datetime.datetime, what: str) -> None:
    """Nobody can have come to something that has not begun yet."""
    if starts_at > timezone.now():
        local = timezone.localtime(starts_at)
        raise Refused(
            f"You can take attendance once the {what} has started, "
            f"at {local:%H:%M} on {_day(local.date())}."
        )


@transaction.atomic
def attendance_record(*, session: Session, statuses: Mapping[int, str]) -> None:
    """Record attendance for members (by person id); unknown people are refused, and so
    is a session that has not started."""
    _require_started(session.starts_at, "session")
    members = set(session.cohort.memberships.values_list("person_id", flat=True))
    if strangers := set(statuses) - members:
        raise Refused(f"{len(strangers)} of these people are not members of this cohort.")
    for status in statuses.values():
        if status not in AttendanceStatus.values:
            raise Refused("Choose present, late, sent apologies or absent.")
    Attendance.objects.bulk_create(
        [Attendance(session=session, person_id=pk, status=s) for pk, s in statuses.items()],
        update_conflicts=True,
        unique_fields=["session", "person"],
        update_fields=["status"],
    )


def _require_member(cohort: Cohort, person: Person, refusal: str) -> None:
    if not Membership.objects.filter(cohort=cohort, person=person).exists():
        raise Refused(refusal)


@transaction.atomic
def topic_propose(*, cohort: Cohort, person: Person, title: str, why: str = "") -> Topic:
    _require_member(cohort, person, "Only members of the cohort propose topics.")
    title = title.strip()
    if Topic.objects.filter(cohort=cohort, title__iexact=title).exists():
        raise Refused("Someone has already proposed this topic: vote for it instead.")
    return Topic.objects.create(cohort=cohort, title=title, why=why, proposed_by=person)


@transaction.atomic
def vote_cast(*, topic: Topic, person: Person, value: int) -> Vote:
    """One vote per member per topic: a second vote replaces the first."""
    _require_member(topic.cohort, person, "Only members of the cohort vote on topics.")
    if value not in VoteValue.values:
        raise Refused("Choose how much you want this topic.")
    vote, _ = Vote.objects.update_or_create(topic=topic, person=person, defaults={"value": value})
    return vote


@transaction.atomic
def topic_schedule(*, topic: Topic, session: Session) -> Session:
    if session.cohort_id != topic.cohort_id:
        raise Refused("That session belongs to another cohort.")
    topic.session = session
    topic.save(update_fields=["session"])
    session.topic = topic.title
    session.save(update_fields=["topic"])
    return session


# ---------------------------------------------------------------------------
# Action learning sets
# ---------------------------------------------------------------------------
@transaction.atomic
def set_create(
    *,
    name: str,
    facilitator: Person,
    cohort: Cohort | None = None,
    minimum: int = 4,
) -> ActionLearningSet:
    return ActionLearningSet.objects.create(
        name=name, facilitator=facilitator, cohort=cohort, minimum=minimum
    )


def _check_may_join(learning_set: ActionLearningSet, person: Person) -> None:
    """The rules for a place in a set, whoever asks for it."""
    if learning_set.cohort_id is not None:
        _require_member(
            learning_set.cohort,
            person,
            f"{person.full_name} is not a member of {learning_set.cohort.name}: only its "
            "members join its sets.",
        )
        elsewhere = (
            SetMembership.objects.filter(set__cohort_id=learning_set.cohort_id, person=person)
            .exclude(set=learning_set)
            .select_related("set")
            .first()
        )
        if elsewhere is not None and not learning_set.takes_members_of_other_sets:
            raise Refused(
                f"{person.full_name} is already in {elsewhere.set.name}. Each member joins "
                "one set in a cohort unless the set's facilitator lets members of other "
                "sets join."
            )
    if SetMembership.objects.filter(set=learning_set, person=person).exists():
        raise Refused(f"{person.full_name} is already a member of this set.")


@transaction.atomic
def set_member_add(*, learning_set: ActionLearningSet, person: Person) -> SetMembership:
    """Give ``person`` a place, as the set's facilitator decided, or raise Refused.

    The row lock makes simultaneous joins queue, so the count they check is current;
    the seat constraints are the database's last word if anything bypasses this.
    """
    locked = (
        ActionLearningSet.objects.select_for_update(of=("self",))
        .select_related("cohort")
        .get(pk=learning_set.pk)
    )
    _check_may_join(locked, person)
    seats = set(SetMembership.objects.filter(set=locked).values_list("seat", flat=True))
    if len(seats) >= SET_CAPACITY:
        raise SetFull(f"This set is full: it already has {SET_CAPACITY} members.")
    seat = min(set(range(1, SET_CAPACITY + 1)) - seats)
    try:
        with transaction.atomic():
            membership = SetMembership.objects.create(set=locked, person=person, seat=seat)
    except IntegrityError:
        raise SetFull("That place was taken a moment ago: the set is now full.") from None
    SetJoinRequest.objects.filter(set=locked, person=person, status=RequestStatus.PENDING).update(
        status=RequestStatus.APPROVED, decided_at=timezone.now()
    )
    return membership


@transaction.atomic
def set_member_remove(*, membership: SetMembership) -> None:
    """Take a place back, as the set's facilitator decided; the set keeps its records."""
    SetMembership.objects.filter(pk=membership.pk).delete()


@transaction.atomic
def set_request_join(*, learning_set: ActionLearningSet, person: Person) -> SetJoinRequest:
    """A cohort member asks for a place; the set's facilitator decides."""
    if learning_set.cohort_id is None:
        raise Refused("This set stands alone: its facilitator adds its members.")
    _check_may_join(learning_set, person)
    if SetMembership.objects.filter(set=learning_set).count() >= SET_CAPACITY:
        raise SetFull(f"This set is full: it already has {SET_CAPACITY} members.")
    try:
        with transaction.atomic():
            join_request = SetJoinRequest.objects.create(set=learning_set, person=person)
    except IntegrityError:
        raise Refused(
            "You have already asked to join this set: the facilitator will reply."
        ) from None
    path = reverse("cohorts:set_requests", args=[learning_set.pk])
    _tell(
        [learning_set.facilitator],
        f"{person.full_name} asks to join {learning_set.name}",
        f"{person.full_name} has asked for a place in {learning_set.name}. Approve or "
        f"decline the request: {settings.SITE_URL}{path}",
    )
    return join_request


@transaction.atomic
def set_join_request_decide(
    *, join_request: SetJoinRequest, facilitator: Person, approve: bool
) -> SetJoinRequest:
    request = (
        SetJoinRequest.objects.select_for_update(of=("self",))
        .select_related("set__cohort", "person")
        .get(pk=join_request.pk)
    )
    learning_set = request.set
    if learning_set.facilitator_id != facilitator.pk:
        raise Refused("Only the set's own facilitator decides who joins it.")
    if request.status != RequestStatus.PENDING:
        raise Refused("This request has already been decided.")
    if approve:
        set_member_add(learning_set=learning_set, person=request.person)
        request.refresh_from_db()
        _tell(
            [request.person],
            f"You have a place in {learning_set.name}",
            f"Your request to join {learning_set.name} was approved. Before you see the "
            "set's meetings, please read and accept its ground rules on its page: "
            f"{settings.SITE_URL}{learning_set.get_absolute_url()}",
        )
        return request
    request.status = RequestStatus.DECLINED
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_at"])
    _tell(
        [request.person],
        f"Your request to join {learning_set.name}",
        f"The facilitator of {learning_set.name} could not offer you a place this time.",
    )
    return request


@transaction.atomic
def set_policy_update(
    *, learning_set: ActionLearningSet, takes_members_of_other_sets: bool
) -> ActionLearningSet:
    learning_set.takes_members_of_other_sets = takes_members_of_other_sets
    learning_set.save(update_fields=["takes_members_of_other_sets"])
    return learning_set


@transaction.atomic
def agreement_accept(*, membership: SetMembership) -> SetMembership:
    membership.agreed_at = timezone.now()
    membership.save(update_fields=["agreed_at"])
    return membership


@transaction.atomic
def agreement_update(*, learning_set: ActionLearningSet, text: str) -> ActionLearningSet:
    """Changing the ground rules asks every member to accept them again."""
    learning_set.agreement = text
    learning_set.agreement_changed_at = timezone.now()
    learning_set.save(update_fields=["agreement", "agreement_changed_at"])
    return learning_set


def presenters_propose(*, learning_set: ActionLearningSet, count: int = 2) -> list[Person]:
    members = [m.person for m in learning_set.memberships.select_related("person")]
    history: dict[int, list[int]] = {}
    for meeting_id, presenter_id in (
        Presentation.objects.filter(meeting__set=learning_set)
        .values_list("meeting_id", "presenter_id")
        .order_by("meeting__starts_at", "meeting_id")
    ):
        history.setdefault(meeting_id, []).append(presenter_id)
    by_id = {person.pk: person for person in members}
    chosen = presenters.propose([p.pk for p in members], list(history.values()), count)
    return [by_id[pk] for pk in chosen]


@transaction.atomic
def meeting_create(
    *,
    learning_set: ActionLearningSet,
    starts_at: datetime.datetime,
    presenters: Iterable[Person],
    place: str = "",
    online_link: str = "",
) -> Meeting:
    presenters = list(presenters)
    members = set(learning_set.memberships.values_list("person_id", flat=True))
    if any(person.pk not in members for person in presenters):
        raise Refused("Presenters must be members of the set.")
    meeting = Meeting.objects.create(
        set=learning_set, starts_at=starts_at, place=place, online_link=online_link
    )
    Presentation.objects.bulk_create(Presentation(meeting=meeting, presenter=p) for p in presenters)
    return meeting


@transaction.atomic
def meeting_attendance_record(*, meeting: Meeting, statuses: Mapping[int, str]) -> None:
    _require_started(meeting.starts_at, "meeting")
    members = set(meeting.set.memberships.values_list("person_id", flat=True))
    if set(statuses) - members:
        raise Refused("Only the set's members can be marked.")
    MeetingAttendance.objects.bulk_create(
        [MeetingAttendance(meeting=meeting, person_id=pk, status=s) for pk, s in statuses.items()],
        update_conflicts=True,
        unique_fields=["meeting", "person"],
        update_fields=["status"],
    )


@transaction.atomic
def presentation_update(*, presentation: Presentation, issue: str) -> Presentation:
    presentation.issue = issue
    presentation.save(update_fields=["issue"])
    return presentation


@transaction.atomic
def action_add(*, presentation: Presentation, description: str, due_date: datetime.date) -> Action:
    return Action.objects.create(
        presentation=presentation, description=description, due_date=due_date
    )


@transaction.atomic
def action_report(*, action: Action, person: Person, status: str, note: str = "") -> Action:
    if action.presentation.presenter_id != person.pk:
        raise Refused("Only the presenter reports back on their action.")
    if status not in (ActionStatus.DONE, ActionStatus.CHANGED, ActionStatus.DROPPED):
        raise Refused("Say whether the action is done, changed or dropped.")
    if status != ActionStatus.DONE and not note.strip():
        raise Refused("Add a note saying what changed or why you dropped it.")
    action.status = status
    action.note = note
    action.reported_at = timezone.now()
    action.save(update_fields=["status", "note", "reported_at"])
    return action


def leadership_log_available() -> bool:
    try:
        from careers import services as careers_services
    except ImportError:
        return False
    return hasattr(careers_services, "activity_create")


@transaction.atomic
def action_log(*, action: Action, person: Person) -> Action:
    """Copy a completed action into the presenter's own leadership log, once."""
    if not leadership_log_available():
        raise Refused("The leadership log is not available.")
    from careers import services as careers_services

    if action.presentation.presenter_id != person.pk:
        raise Refused("Only the presenter can add their action to their log.")
    if action.status != ActionStatus.DONE:
        raise Refused("Only completed actions can go in the leadership log.")
    if action.logged_at:
        raise Refused("This action is already in your leadership log.")
    from careers.models import ActivityKind

    # The log is the member's own, so the action's words may go there; with the
    # action as its source, a second click cannot log it twice.
    careers_services.activity_create(
        person=person,
        title=action.description,
        kind=ActivityKind.ACTION_LEARNING,
        occurred_on=timezone.localdate(action.reported_at or timezone.now()),
        reflection=action.note,
        source=action,
    )
    action.logged_at = timezone.now()
    action.save(update_fields=["logged_at"])
    return action


# ---------------------------------------------------------------------------
# Forming sets
# ---------------------------------------------------------------------------
def _candidates(cohort: Cohort) -> tuple[list[allocation.Candidate], dict[int, str]]:
    people = Person.objects.filter(cohort_memberships__cohort=cohort).select_related("organisation")
    candidates, practice_names = [], {}
    for person in people:
        org = person.organisation
        practice = pcn = None
        if org is not None and org.kind == OrganisationKind.PRACTICE:
            practice, pcn = org.pk, org.pcn_id
            practice_names[org.pk] = org.name
        elif org is not None:
            # People employed by the PCN (or another body) count as that body for spread.
            pcn = org.pk
        candidates.append(
            allocation.Candidate(
                id=person.pk, profession=person.profession_id, practice=practice, pcn=pcn
            )
        )
    return candidates, practice_names


@transaction.atomic
def proposal_make(*, cohort: Cohort, min_size: int = 5, max_size: int = 8) -> SetProposal:
    if max_size > SET_CAPACITY:
        raise Refused(f"A set can have at most {SET_CAPACITY} members.")
    try:
        people, practice_names = _candidates(cohort)
        result = allocation.allocate(
            people, min_size=min_size, max_size=max_size, practice_names=practice_names
        )
    except allocation.AllocationError as exc:
        raise Refused(str(exc)) from None
    proposal, _ = SetProposal.objects.update_or_create(
        cohort=cohort,
        defaults={
            "min_size": min_size,
            "max_size": max_size,
            "groups": result.groups,
            "notes": result.notes,
            "created_at": timezone.now(),
        },
    )
    return proposal


@transaction.atomic
def proposal_move(*, proposal: SetProposal, person_id: int, to_group: int) -> SetProposal:
    groups = [list(group) for group in proposal.groups]
    if not 0 <= to_group < len(groups):
        raise Refused("Choose one of the proposed sets.")
    source = next((g for g in groups if person_id in g), None)
    if source is None:
        raise Refused("That person is not in this proposal.")
    if len(groups[to_group]) >= SET_CAPACITY and source is not groups[to_group]:
        raise SetFull(f"That set already has {SET_CAPACITY} people.")
    source.remove(person_id)
    groups[to_group].append(person_id)
    proposal.groups = groups
    proposal.save(update_fields=["groups"])
    return proposal


@transaction.atomic
def proposal_confirm(*, proposal: SetProposal, facilitator: Person) -> list[ActionLearningSet]:
    cohort = proposal.cohort
    members = set(cohort.memberships.values_list("person_id", flat=True))
    people = {p.pk: p for p in Person.objects.filter(pk__in=members)}
    made = []
    start = cohort.sets.count()
    for number, group in enumerate((g for g in proposal.groups if g), start=start + 1):
        learning_set = ActionLearningSet.objects.create(
            name=f"{cohort.name}: set {number}", cohort=cohort, facilitator=facilitator
        )
        SetMembership.objects.bulk_create(
            SetMembership(set=learning_set, person_id=pk, seat=seat)
            for seat, pk in enumerate((pk for pk in group if pk in people), start=1)
        )
        made.append(learning_set)
        _tell(
            [people[pk] for pk in group if pk in people],
            f"Your action learning set in {cohort.name}",
            f"You are in {learning_set.name}. Before the first meeting, please read and "
            "accept the set's ground rules on its page.",
        )
    proposal.delete()
    return made
