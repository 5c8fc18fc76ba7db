"""Cohorts (learning communities that meet over months) and action learning sets.

Who may see what is stated once, here, as queryset methods named for the rule
(``visible_to``, ``facilitated_by``, ``involving``...); views fetch through them with
``get_object_or_404(<rule>, pk=pk)``, and ``cohorts/services.py`` checks the
preconditions of every write. Confidentiality is a rule of the data, not of a page: a
set's meetings, presentations and actions are for its members (from the day they
joined) and its own facilitator, and the admin registers none of them.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from portal.models import OrganisationKind

SET_CAPACITY = 8
SET_MINIMUM = 4

DEFAULT_AGREEMENT = """\
What is said in the set stays in the set. We do not repeat anyone's issue, name or \
details outside it, and we ask before sharing anything we learned from someone else.

We come to every meeting we can. If we cannot, we send apologies to the facilitator \
before the day.

We arrive on time, stay to the end and keep phones away, so everyone gets the full \
time for their issue.

We ask questions rather than give advice, and the presenter decides what to do next."""

# Requests that leaders in primary care make most often for their own development;
# offered to a new cohort as topics to vote on.
SUGGESTED_TOPICS = [
    ("Leading yourself and others", "Knowing our own style and how it lands on the team."),
    ("Working across organisations", "Collaboration between practices, the PCN and partners."),
    ("Dealing with conflict", "Difficult conversations and disagreements at work."),
    ("Trying new ideas", "Innovation and improvement that sticks in a busy practice."),
    ("Building a team", "Teamwork in a multi-professional team that rarely meets."),
    ("Thinking about strategy", "Where the PCN is going and how we help it get there."),
    ("Bringing people with you", "Engagement of colleagues, patients and the community."),
]


class JoinMode(models.TextChoices):
    REQUEST = "request", "People ask to join and a facilitator approves or declines"
    ENROL = "enrol", "Facilitators enrol people"


def _signed_in(person) -> bool:
    return person is not None and person.is_authenticated


class CohortQuerySet(models.QuerySet):
    """Everyone may read a cohort's public description; the rest is for insiders."""

    def facilitated_by(self, person) -> CohortQuerySet:
        """Cohorts this person runs: enrolling, sessions, attendance, forming sets."""
        if not _signed_in(person):
            return self.none()
        return self.filter(facilitators=person)

    def joined_by(self, person) -> CohortQuerySet:
        """Cohorts this person is a member of: voting, proposing topics, joining sets."""
        if not _signed_in(person):
            return self.none()
        return self.filter(memberships__person=person)

    def involving(self, person) -> CohortQuerySet:
        """Cohorts whose sessions, members and topics this person may see."""
        if not _signed_in(person):
            return self.none()
        return self.filter(
            Q(Exists(Membership.objects.filter(cohort=OuterRef("pk"), person=person)))
            | Q(
                Exists(
                    Cohort.facilitators.through.objects.filter(cohort=OuterRef("pk"), person=person)
                )
            )
        )

    def with_role_of(self, person) -> CohortQuerySet:
        """Annotate ``is_facilitator`` and ``is_member`` for this person."""
        if not _signed_in(person):
            return self.annotate(is_facilitator=models.Value(False), is_member=models.Value(False))
        return self.annotate(
            is_facilitator=Exists(
                Cohort.facilitators.through.objects.filter(cohort=OuterRef("pk"), person=person)
            ),
            is_member=Exists(Membership.objects.filter(cohort=OuterRef("pk"), person=person)),
        )


class Cohort(models.Model):
    name = models.CharField(max_length=150)
    description = models.TextField(help_text="Shown to everyone, including people not in it.")
    offer = models.ForeignKey(
        "programmes.Offer",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cohorts",
        help_text="The development offer this cohort belongs to, if any.",
    )
    hub = models.ForeignKey(
        "portal.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cohorts",
        limit_choices_to={"kind": OrganisationKind.TRAINING_HUB},
        verbose_name="training hub",
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="facilitated_cohorts"
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="cohorts", blank=True
    )
    start_date = models.DateField()
    end_date = models.DateField()
    join_mode = models.CharField(
        "how people join", max_length=10, choices=JoinMode.choices, default=JoinMode.REQUEST
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CohortQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="cohort_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cohorts:detail", args=[self.pk])


class Membership(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cohort_memberships"
    )
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["person__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "person"], name="one_membership_per_cohort")
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.cohort}"


class RequestStatus(models.TextChoices):
    PENDING = "pending", "Waiting for a decision"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"


class JoinRequestQuerySet(models.QuerySet):
    def pending(self) -> JoinRequestQuerySet:
        return self.filter(status=RequestStatus.PENDING)

    def decidable_by(self, person) -> JoinRequestQuerySet:
        """Requests waiting for this person, as a facilitator of the cohort."""
        return self.pending().filter(cohort__in=Cohort.objects.facilitated_by(person))


class JoinRequest(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="join_requests")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cohort_requests"
    )
    message = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = JoinRequestQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["cohort", "person"],
                condition=Q(status="pending"),
                name="one_pending_request_per_cohort",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} asks to join {self.cohort}"


class CalendarFeedQuerySet(models.QuerySet):
    def current(self) -> CalendarFeedQuerySet:
        """Feeds whose owner still belongs to the cohort, checked on every request, so
        someone who leaves stops receiving session links at once."""
        return self.filter(
            Q(
                Exists(
                    Membership.objects.filter(cohort=OuterRef("cohort"), person=OuterRef("person"))
                )
            )
            | Q(
                Exists(
                    Cohort.facilitators.through.objects.filter(
                        cohort=OuterRef("cohort"), person=OuterRef("person")
                    )
                )
            )
        )

    def owned_by(self, person) -> CalendarFeedQuerySet:
        if not _signed_in(person):
            return self.none()
        return self.filter(person=person)


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """One person's private address for a cohort's sessions.

    Calendar apps cannot sign in, so the address is the key: one per person and
    cohort, random, revocable from the cohort page, and useless once she leaves.
    """

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="calendar_feeds")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(default=timezone.now)

    objects = CalendarFeedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cohort", "person"], name="one_feed_per_member")
        ]

    def __str__(self) -> str:
        return f"Calendar feed of {self.person} for {self.cohort}"

    def get_absolute_url(self) -> str:
        return reverse("cohorts:feed", args=[self.cohort_id, self.token])


class SessionQuerySet(models.QuerySet):
    def upcoming(self) -> SessionQuerySet:
        return self.filter(starts_at__gte=timezone.now())

    def visible_to(self, person) -> SessionQuerySet:
        return self.filter(cohort__in=Cohort.objects.involving(person))

    def facilitated_by(self, person) -> SessionQuerySet:
        return self.filter(cohort__in=Cohort.objects.facilitated_by(person))


class Session(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField("starts")
    duration_minutes = models.PositiveSmallIntegerField("length in minutes", default=120)
    place = models.CharField(max_length=200, blank=True)
    online_link = models.URLField(blank=True)
    topic = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(duration_minutes__gt=0), name="session_has_length")
        ]

    def __str__(self) -> str:
        return f"{self.cohort}: {timezone.localtime(self.starts_at):%d %b %Y %H:%M}"

    @property
    def ends_at(self):
        return self.starts_at + timezone.timedelta(minutes=self.duration_minutes)

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", "Present"
    LATE = "late", "Late"
    APOLOGIES = "apologies", "Sent apologies"
    ABSENT = "absent", "Absent"


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_attendance"
    )
    status = models.CharField(max_length=10, choices=AttendanceStatus.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="one_attendance_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_status_display()}"


class TopicQuerySet(models.QuerySet):
    def visible_to(self, person) -> TopicQuerySet:
        return self.filter(cohort__in=Cohort.objects.involving(person))

    def facilitated_by(self, person) -> TopicQuerySet:
        return self.filter(cohort__in=Cohort.objects.facilitated_by(person))

    def ranked(self) -> TopicQuerySet:
        return self.annotate(
            score=models.functions.Coalesce(models.Sum("votes__value"), 0),
            voters=Count("votes"),
        ).order_by("-score", "-voters", "title")


class Topic(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="topics")
    title = models.CharField(max_length=150)
    why = models.TextField("why it matters", blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty for the suggestions every cohort starts with.",
    )
    session = models.ForeignKey(
        Session, on_delete=models.SET_NULL, null=True, blank=True, related_name="chosen_topics"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "title"], name="unique_topic_in_cohort")
        ]

    def __str__(self) -> str:
        return self.title


class VoteValue(models.IntegerChoices):
    KEEN = 2, "I really want this"
    INTERESTED = 1, "I am interested"
    NOT_NOW = 0, "Not for me"


class Vote(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="votes")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="topic_votes"
    )
    value = models.PositiveSmallIntegerField(choices=VoteValue.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["topic", "person"], name="one_vote_per_topic")
        ]

    def __str__(self) -> str:
        return f"{self.person} on {self.topic}: {self.get_value_display()}"


class SetQuerySet(models.QuerySet):
    def with_member_count(self) -> SetQuerySet:
        return self.annotate(member_count=Count("memberships", distinct=True))

    def facilitated_by(self, person) -> SetQuerySet:
        """Sets this person facilitates herself (not other sets in her cohorts)."""
        if not _signed_in(person):
            return self.none()
        return self.filter(facilitator=person)

    def visible_to(self, person) -> SetQuerySet:
        """Her sets or the sets she facilitates; anyone else (curators and other
        facilitators included) is told the set does not exist."""
        if not _signed_in(person):
            return self.none()
        return self.filter(
            Q(facilitator=person)
            | Q(Exists(SetMembership.objects.filter(set=OuterRef("pk"), person=person)))
        )

    def readable_by(self, person) -> SetQuerySet:
        """Sets whose content she may read: she facilitates it, or she is a member who
        has accepted its current ground rules."""
        if not _signed_in(person):
            return self.none()
        agreed = SetMembership.objects.filter(
            set=OuterRef("pk"), person=person, agreed_at__gte=OuterRef("agreement_changed_at")
        )
        return self.filter(Q(facilitator=person) | Q(Exists(agreed)))

    def open_to(self, person) -> SetQuerySet:
        """Sets she may ask to join: those of cohorts she is a member of."""
        return self.filter(cohort__in=Cohort.objects.joined_by(person))

    def with_role_of(self, person) -> SetQuerySet:
        """Annotate ``is_facilitator`` for pages that offer the facilitator's links."""
        if not _signed_in(person):
            return self.annotate(is_facilitator=models.Value(False))
        return self.annotate(
            is_facilitator=models.ExpressionWrapper(
                Q(facilitator=person), output_field=models.BooleanField()
            )
        )


class ActionLearningSet(models.Model):
    name = models.CharField(max_length=150)
    cohort = models.ForeignKey(
        Cohort,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sets",
        help_text="Leave empty for a set that stands alone.",
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="facilitated_sets"
    )
    minimum = models.PositiveSmallIntegerField(
        default=SET_MINIMUM, help_text="The set is flagged when it has fewer members than this."
    )
    agreement = models.TextField("ground rules", default=DEFAULT_AGREEMENT)
    agreement_changed_at = models.DateTimeField(default=timezone.now)
    takes_members_of_other_sets = models.BooleanField(
        "members of other sets in the cohort may join",
        default=False,
        help_text="Each member joins one set in a cohort unless the facilitator allows more.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = SetQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "action learning set"
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum__gte=1, minimum__lte=SET_CAPACITY), name="set_minimum_in_range"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cohorts:set", args=[self.pk])


class SetMembershipQuerySet(models.QuerySet):
    def held_by(self, person) -> SetMembershipQuerySet:
        if not _signed_in(person):
            return self.none()
        return self.filter(person=person)


class SetMembership(models.Model):
    """A place in a set.

    ``seat`` is the database's own guard on the cap: seats run from 1 to 8 and are
    unique within a set, so a ninth row cannot exist whatever writes it. Services fill
    the seat in; ``clean`` says the cap in words for the admin.
    """

    set = models.ForeignKey(ActionLearningSet, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="set_memberships"
    )
    seat = models.PositiveSmallIntegerField()
    joined_at = models.DateTimeField(default=timezone.now)
    agreed_at = models.DateTimeField("accepted the ground rules", null=True, blank=True)

    objects = SetMembershipQuerySet.as_manager()

    class Meta:
        ordering = ["seat"]
        constraints = [
            models.UniqueConstraint(fields=["set", "person"], name="one_place_per_person"),
            models.UniqueConstraint(fields=["set", "seat"], name="one_person_per_seat"),
            models.CheckConstraint(
                condition=Q(seat__gte=1, seat__lte=SET_CAPACITY), name="at_most_eight_seats"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.set}"

    def clean(self) -> None:
        if self.set_id and not self.pk:
            taken = SetMembership.objects.filter(set_id=self.set_id).count()
            if taken >= SET_CAPACITY:
                raise ValidationError(
                    f"This set already has {SET_CAPACITY} members, the most a set can have."
                )

    @property
    def has_agreed(self) -> bool:
        return self.agreed_at is not None and self.agreed_at >= self.set.agreement_changed_at


class SetJoinRequestQuerySet(models.QuerySet):
    def pending(self) -> SetJoinRequestQuerySet:
        return self.filter(status=RequestStatus.PENDING)

    def decidable_by(self, person) -> SetJoinRequestQuerySet:
        """Requests waiting for this person, as the set's own facilitator."""
        return self.pending().filter(set__in=ActionLearningSet.objects.facilitated_by(person))


class SetJoinRequest(models.Model):
    """A cohort member asks for a place in a set; only the set's facilitator decides."""

    set = models.ForeignKey(
        ActionLearningSet, on_delete=models.CASCADE, related_name="join_requests"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="set_requests"
    )
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = SetJoinRequestQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["set", "person"],
                condition=Q(status="pending"),
                name="one_pending_request_per_set",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} asks to join {self.set}"


class MeetingQuerySet(models.QuerySet):
    def visible_to(self, person) -> MeetingQuerySet:
        """Meetings of sets she facilitates, and of her own sets from the day she
        joined: a new member never reads what was said before she came. A meeting
        she presented at is hers whenever it was recorded."""
        if not _signed_in(person):
            return self.none()
        since_joining = SetMembership.objects.filter(
            set=OuterRef("set"), person=person, joined_at__lte=OuterRef("starts_at")
        )
        presented = Presentation.objects.filter(
            meeting=OuterRef("pk"),
            presenter=person,
            meeting__set__memberships__person=person,
        )
        return self.filter(
            Q(set__facilitator=person) | Q(Exists(since_joining)) | Q(Exists(presented))
        )

    def facilitated_by(self, person) -> MeetingQuerySet:
        return self.filter(set__in=ActionLearningSet.objects.facilitated_by(person))


class Meeting(models.Model):
    set = models.ForeignKey(ActionLearningSet, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField("starts")
    place = models.CharField(max_length=200, blank=True)
    online_link = models.URLField(blank=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.set}: {timezone.localtime(self.starts_at):%d %b %Y}"

    def get_absolute_url(self) -> str:
        return reverse("cohorts:meeting", args=[self.set_id, self.pk])

    @property
    def has_started(self) -> bool:
        return self.starts_at <= timezone.now()


class MeetingAttendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_attendance"
    )
    status = models.CharField(max_length=10, choices=AttendanceStatus.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="one_attendance_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_status_display()}"


class PresentationQuerySet(models.QuerySet):
    def visible_to(self, person) -> PresentationQuerySet:
        return self.filter(meeting__in=Meeting.objects.visible_to(person))

    def editable_by(self, person) -> PresentationQuerySet:
        """Her own turns, and every turn in a set she facilitates (to note actions)."""
        if not _signed_in(person):
            return self.none()
        return self.visible_to(person).filter(
            Q(presenter=person) | Q(meeting__set__facilitator=person)
        )


class Presentation(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="presentations")
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="presentations"
    )
    issue = models.TextField("the issue in a few lines", blank=True)

    objects = PresentationQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "presenter"], name="one_turn_per_meeting")
        ]

    def __str__(self) -> str:
        return f"{self.presenter} at {self.meeting}"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Outstanding"
    DONE = "done", "Done"
    CHANGED = "changed", "Changed"
    DROPPED = "dropped", "Dropped"


class ActionQuerySet(models.QuerySet):
    def outstanding(self) -> ActionQuerySet:
        return self.filter(status=ActionStatus.OPEN)

    def visible_to(self, person) -> ActionQuerySet:
        return self.filter(presentation__meeting__in=Meeting.objects.visible_to(person))

    def reportable_by(self, person) -> ActionQuerySet:
        """Only the presenter reports back on, or logs, her own actions."""
        if not _signed_in(person):
            return self.none()
        return self.visible_to(person).filter(presentation__presenter=person)


class Action(models.Model):
    presentation = models.ForeignKey(Presentation, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField("what I will do", max_length=300)
    due_date = models.DateField("by when")
    status = models.CharField(
        max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    note = models.TextField(blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)
    logged_at = models.DateTimeField(
        "added to the leadership log", null=True, blank=True, editable=False
    )

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]

    def __str__(self) -> str:
        return self.description


class SetProposalQuerySet(models.QuerySet):
    def facilitated_by(self, person) -> SetProposalQuerySet:
        return self.filter(cohort__in=Cohort.objects.facilitated_by(person))


class SetProposal(models.Model):
    """An allocation of a cohort's members to sets, waiting for the facilitator to confirm.

    ``groups`` is a list of lists of person ids, ``notes`` the solver's explanations.
    """

    cohort = models.OneToOneField(Cohort, on_delete=models.CASCADE, related_name="proposal")
    min_size = models.PositiveSmallIntegerField(default=5)
    max_size = models.PositiveSmallIntegerField(default=SET_CAPACITY)
    groups = models.JSONField(default=list)
    notes = models.JSONField(default=list)
    created_at = models.DateTimeField(default=timezone.now)

    objects = SetProposalQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Proposed sets for {self.cohort}"


# Communities of practice keep their models in their own module (app label "cohorts").
from cohorts.communities.models import (  # noqa: E402, F401
    Community,
    CommunityJoinRequest,
    CommunityMembership,
    Follow,
    HelpfulMark,
    Reply,
    Report,
    Thread,
)
