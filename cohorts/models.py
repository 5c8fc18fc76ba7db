"""Cohorts (learning communities that meet over months) and action learning sets.

Confidentiality is a rule of the data, not of a page: a set's presentations, actions and
notes are read only through ``ActionLearningSet.objects.for_member`` style lookups, and
the admin registers none of them.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from portal.models import OrganisationKind

SET_CAPACITY = 8
SET_MINIMUM = 4
CALENDAR_SALT = "cohorts.calendar"

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


class CohortQuerySet(models.QuerySet):
    def facilitated_by(self, person) -> CohortQuerySet:
        return self.filter(facilitators=person)

    def with_member(self, person) -> CohortQuerySet:
        return self.filter(members=person)

    def involving(self, person) -> CohortQuerySet:
        return self.filter(Q(facilitators=person) | Q(members=person)).distinct()


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

    @property
    def calendar_token(self) -> str:
        """A signature of the cohort's id: calendar apps cannot sign in, so the link is the key."""
        return signing.Signer(salt=CALENDAR_SALT).signature(str(self.pk))

    def calendar_token_is_valid(self, token: str) -> bool:
        return signing.constant_time_compare(token, self.calendar_token)


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


class SessionQuerySet(models.QuerySet):
    def upcoming(self) -> SessionQuerySet:
        return self.filter(starts_at__gte=timezone.now())


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
        return self.filter(facilitator=person)

    def for_person(self, person) -> SetQuerySet:
        """Sets whose content this person may see: their own, or ones they facilitate."""
        if not person.is_authenticated:
            return self.none()
        return self.filter(Q(facilitator=person) | Q(memberships__person=person)).distinct()


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


class Meeting(models.Model):
    set = models.ForeignKey(ActionLearningSet, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField("starts")
    place = models.CharField(max_length=200, blank=True)
    online_link = models.URLField(blank=True)

    class Meta:
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.set}: {timezone.localtime(self.starts_at):%d %b %Y}"

    def get_absolute_url(self) -> str:
        return reverse("cohorts:meeting", args=[self.set_id, self.pk])


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


class Presentation(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="presentations")
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="presentations"
    )
    issue = models.TextField("the issue in a few lines", blank=True)

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

    def __str__(self) -> str:
        return f"Proposed sets for {self.cohort}"
