"""Careers: pathways, the leadership log, self-assessment, 360 feedback and leadership roles.

Reads are QuerySet methods named for the question they answer; writes that touch more
than one row, or send anything, live in `careers/services.py`.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import ExtractYear, Lower
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from careers import roles
from portal.models import (
    CareerLevel,
    LeadershipDimension,
    LeadershipLevel,
    Organisation,
    Profession,
    in_hub_reach,
)

LEVEL_VALIDATORS = [MinValueValidator(LeadershipLevel.ESSENTIAL), MaxValueValidator(4)]


# ---------------------------------------------------------------------------
# Pathways
# ---------------------------------------------------------------------------
class PathwayQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)


class Pathway(models.Model):
    """A profession's route from training to senior leadership, stage by stage."""

    profession = models.OneToOneField(Profession, on_delete=models.PROTECT, related_name="pathway")
    summary = models.TextField(help_text="A short introduction shown above the stages.")
    published = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = PathwayQuerySet.as_manager()

    class Meta:
        ordering = ["profession__order"]

    def __str__(self) -> str:
        return f"Pathway for {self.profession.plural}"

    def get_absolute_url(self) -> str:
        return reverse("careers:pathway", kwargs={"slug": self.profession.slug})


class Stage(models.Model):
    """One step on a pathway, mapped to a career level every profession shares."""

    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="stages")
    career_level = models.ForeignKey(CareerLevel, on_delete=models.PROTECT, related_name="stages")
    title = models.CharField(max_length=120)
    summary = models.TextField(blank=True)
    typical_roles = models.TextField(help_text="One role a line.")
    entry_requirements = models.TextField(
        "entry requirements and qualifications", help_text="One a line."
    )
    pay_band = models.CharField(
        "typical pay band or equivalent",
        max_length=120,
        help_text="For example “Agenda for Change band 6” or a sessional rate.",
    )
    next_steps = models.TextField(blank=True, help_text="One step a line.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["career_level__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["pathway", "career_level"],
                name="one_stage_per_level",
                violation_error_message="This pathway already has a stage at that career level.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.pathway.profession}: {self.title}"

    @staticmethod
    def _lines(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]

    @property
    def role_list(self) -> list[str]:
        return self._lines(self.typical_roles)

    @property
    def requirement_list(self) -> list[str]:
        return self._lines(self.entry_requirements)

    @property
    def next_step_list(self) -> list[str]:
        return self._lines(self.next_steps)


class StageExpectation(models.Model):
    """The level of a leadership dimension expected of someone at a stage."""

    stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="expectations")
    dimension = models.ForeignKey(LeadershipDimension, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(
        choices=LeadershipLevel.choices, validators=LEVEL_VALIDATORS
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["dimension__order"]
        constraints = [
            models.UniqueConstraint(fields=["stage", "dimension"], name="one_expectation_each"),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=4), name="expectation_level_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dimension}: {self.get_level_display()}"


# ---------------------------------------------------------------------------
# Leadership activity log
# ---------------------------------------------------------------------------
class ActivityKind(models.TextChoices):
    CHAIRED_MEETING = "chaired_meeting", "Chaired a meeting"
    LED_PROJECT = "led_project", "Led a project"
    QI_PROJECT = "qi_project", "Quality-improvement project"
    COURSE = "course", "Course or programme"
    COACHING_GIVEN = "coaching_given", "Coaching or mentoring given"
    COACHING_RECEIVED = "coaching_received", "Coaching or mentoring received"
    ACTION_LEARNING = "action_learning", "Action learning"
    STRETCH_ASSIGNMENT = "stretch_assignment", "Stretch assignment"
    TEACHING = "teaching", "Teaching"
    OTHER = "other", "Other"


class ActivityQuerySet(models.QuerySet):
    def for_person(self, person):
        return self.filter(person=person)

    def between(self, start: datetime.date | None, end: datetime.date | None):
        activities = self
        if start:
            activities = activities.filter(occurred_on__gte=start)
        if end:
            activities = activities.filter(occurred_on__lte=end)
        return activities

    def developing(self, dimension: LeadershipDimension | None):
        if dimension is None:
            return self
        return self.filter(dimensions=dimension)

    def with_dimensions(self):
        return self.prefetch_related(
            models.Prefetch(
                "dimensions", queryset=LeadershipDimension.objects.only("pk", "name", "order")
            )
        )

    def totals_by_dimension(self) -> list[dict]:
        """Each dimension's number of activities and hours, counted in one query."""
        through = Activity.dimensions.through.objects.filter(activity__in=self.values("pk"))
        return list(
            through.values("leadershipdimension_id")
            .annotate(activities=Count("activity_id"), hours=Sum("activity__hours"))
            .order_by("leadershipdimension_id")
        )

    def totals_by_year(self) -> list[dict]:
        return list(
            self.order_by()
            .annotate(year=ExtractYear("occurred_on"))
            .values("year")
            .annotate(activities=Count("pk"), hours=Sum("hours"))
            .order_by("-year")
        )


class Activity(models.Model):
    """Something a person did that developed or showed leadership."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activities"
    )
    occurred_on = models.DateField("date")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=30, choices=ActivityKind.choices)
    hours = models.DecimalField(
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(999)],
    )
    dimensions = models.ManyToManyField(
        LeadershipDimension,
        blank=True,
        related_name="activities",
        verbose_name="Healthcare Leadership Model dimensions",
    )
    reflection = models.TextField(blank=True)
    evidence_url = models.URLField("evidence link", blank=True, max_length=500)
    # What made the entry when another app logged it (a completed offer, an action
    # learning presentation), so the same event is never logged twice.
    source_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ActivityQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name_plural = "activities"
        indexes = [models.Index(fields=["person", "-occurred_on"], name="activity_person_date")]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "source_type", "source_id"],
                condition=Q(source_type__isnull=False),
                name="one_activity_per_source",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("careers:activity_edit", kwargs={"pk": self.pk})


# ---------------------------------------------------------------------------
# Self-assessment
# ---------------------------------------------------------------------------
class Importance(models.IntegerChoices):
    LOW = 1, "Less important in my role"
    MEDIUM = 2, "Important in my role"
    HIGH = 3, "Very important in my role"


class AssessmentQuerySet(models.QuerySet):
    def for_person(self, person):
        return self.filter(person=person)

    def latest_each(self):
        """Each person's most recent self-assessment (the higher id breaks a tie)."""
        newer = Assessment.objects.filter(person=OuterRef("person")).filter(
            Q(created_at__gt=OuterRef("created_at"))
            | Q(created_at=OuterRef("created_at"), pk__gt=OuterRef("pk"))
        )
        return self.filter(~Exists(newer))


class Assessment(models.Model):
    """A dated self-assessment against the nine dimensions."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assessments"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = AssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Self-assessment of {timezone.localtime(self.created_at):%d %B %Y}"


class Rating(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    dimension = models.ForeignKey(LeadershipDimension, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(
        choices=LeadershipLevel.choices, validators=LEVEL_VALIDATORS
    )
    target = models.PositiveSmallIntegerField(
        choices=LeadershipLevel.choices, validators=LEVEL_VALIDATORS, null=True, blank=True
    )
    importance = models.PositiveSmallIntegerField(choices=Importance.choices, null=True, blank=True)

    class Meta:
        ordering = ["dimension__order"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "dimension"], name="one_rating_each"),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=4), name="rating_level_in_range"
            ),
            models.CheckConstraint(
                condition=Q(target__isnull=True) | Q(target__gte=1, target__lte=4),
                name="rating_target_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dimension}: {self.get_level_display()}"


# ---------------------------------------------------------------------------
# 360 feedback
# ---------------------------------------------------------------------------
class Relationship(models.TextChoices):
    MANAGER = "manager", "Manager"
    PEER = "peer", "Peer"
    DIRECT_REPORT = "direct_report", "Direct report"
    OTHER = "other", "Other"


class InvitationStatus(models.TextChoices):
    INVITED = "invited", "Invited"
    ANSWERED = "answered", "Answered"
    DECLINED = "declined", "Declined"


class FeedbackRoundQuerySet(models.QuerySet):
    def requested_by(self, person):
        """The rounds a person asked for: only she sees them, and only as a whole."""
        if not person.is_authenticated:
            return self.none()
        return self.filter(person=person)

    def closed(self, today: datetime.date | None = None):
        """Rounds whose results are final: every rater replied, or the closing date passed."""
        day = today or timezone.localdate()
        return self.filter(Q(closed_at__isnull=False) | Q(closes_on__lt=day))

    def open(self, today: datetime.date | None = None):
        day = today or timezone.localdate()
        return self.filter(closed_at__isnull=True, closes_on__gte=day)


class FeedbackRound(models.Model):
    """One request for 360 feedback, sent to between 3 and 15 raters.

    Nothing about the answers reaches the person who asked until the round closes:
    then the results are released once, whole, and never change.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feedback_rounds"
    )
    created_at = models.DateTimeField(default=timezone.now)
    closes_on = models.DateField()
    # Set when the last rater answers or declines; a round whose closing date has
    # passed is closed whether or not this is set (see FeedbackRoundQuerySet.closed).
    closed_at = models.DateTimeField(null=True, blank=True)
    # The person's own reminders, kept apart from each rater's reminded_at so that
    # the cooldown says nothing about who was reminded automatically.
    reminded_at = models.DateTimeField(null=True, blank=True)
    # Who was asked, as the person typed it ("Mariam Hussain (peer)"), shown to her
    # while the round is open so that a rater erasing her account changes nothing she
    # sees; emptied once the round closes (careers.services.feedback_rounds_tidy).
    asked = models.JSONField(default=list, blank=True)
    # When non-member raters' names and addresses were deleted (close + 90 days).
    raters_forgotten_at = models.DateTimeField(null=True, blank=True)

    objects = FeedbackRoundQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"360 feedback for {self.person} ({timezone.localtime(self.created_at):%d %B %Y})"

    def is_closed(self, today: datetime.date | None = None) -> bool:
        return self.closed_at is not None or self.closes_on < (today or timezone.localdate())


class InvitationQuerySet(models.QuerySet):
    def waiting(self, today: datetime.date | None = None):
        """Invitations a rater can still answer."""
        day = today or timezone.localdate()
        return self.filter(
            status=InvitationStatus.INVITED,
            round__closed_at__isnull=True,
            round__closes_on__gte=day,
        )

    def addressed_to(self, person):
        """Invitations sent to one of the person's verified addresses (or her login
        address), compared without case: a member answers these signed in."""
        if not person.is_authenticated:
            return self.none()
        from allauth.account.models import EmailAddress

        addresses = {person.email.lower()} if person.email else set()
        addresses |= {
            email.lower()
            for email in EmailAddress.objects.filter(user=person, verified=True).values_list(
                "email", flat=True
            )
        }
        return self.annotate(address=Lower("email")).filter(address__in=addresses)

    def answerable_by(self, person):
        """What a member may answer signed in: open invitations to her addresses, never
        a request of her own."""
        return self.addressed_to(person).waiting().exclude(round__person=person)


class Invitation(models.Model):
    round = models.ForeignKey(FeedbackRound, on_delete=models.CASCADE, related_name="invitations")
    name = models.CharField(max_length=150)
    email = models.EmailField()
    relationship = models.CharField(max_length=20, choices=Relationship.choices)
    status = models.CharField(
        max_length=20, choices=InvitationStatus.choices, default=InvitationStatus.INVITED
    )
    sent_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["round", "email"], name="one_invitation_per_rater")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_relationship_display()})"


class FeedbackLink(models.Model):
    """One emailed link to answer an invitation. Only a SHA-256 of the random token is
    kept, so neither the database nor a backup can be turned into working links; each
    email (invitation or reminder) carries its own, and all work until the round closes."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="links")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Link for invitation {self.invitation_id}"


class FeedbackRating(models.Model):
    """A rater's answer for one dimension. Kept apart from who gave it only by the
    invitation, which is never shown to the person who asked."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="ratings")
    dimension = models.ForeignKey(LeadershipDimension, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(
        choices=LeadershipLevel.choices, validators=LEVEL_VALIDATORS
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["invitation", "dimension"], name="one_answer_each"),
            models.CheckConstraint(
                condition=Q(level__gte=1, level__lte=4), name="feedback_level_in_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dimension}: {self.get_level_display()}"


# ---------------------------------------------------------------------------
# Leadership roles
# ---------------------------------------------------------------------------
class RoleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def open(self, on: datetime.date | None = None):
        day = on or timezone.localdate()
        return self.filter(Q(closing_date__isnull=True) | Q(closing_date__gte=day))

    def with_professions(self):
        return self.prefetch_related(
            models.Prefetch("professions", queryset=Profession.objects.only("pk", "name"))
        )

    def open_to(self, profession: Profession):
        """Roles a profession may take: open to all, naming it, or naming no profession."""
        listed = Role.professions.through.objects
        naming_it = listed.filter(profession_id=profession.pk).values("role_id")
        naming_any = listed.values("role_id")
        return self.filter(Q(all_professions=True) | Q(pk__in=naming_it) | ~Q(pk__in=naming_any))

    def curated_by(self, person):
        """Roles hosted in the ICBs the person's training hub serves; all for superusers."""
        return in_hub_reach(self, person, "host__icb__training_hubs")


class Role(models.Model):
    """A clinical lead or director post, described by the five features of a good role."""

    title = models.CharField(max_length=200)
    host = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="leadership_roles",
        verbose_name="host organisation",
    )
    # Purpose
    purpose = models.TextField(blank=True, help_text="Why the role exists and what it changes.")
    # Influence
    accountable_to = models.CharField(
        max_length=200,
        blank=True,
        help_text="Who the post holder answers to for the role (not for clinical practice).",
    )
    decision_rights = models.TextField(
        blank=True, help_text="What the post holder may decide, and any budget they hold."
    )
    holds_budget = models.BooleanField(default=False)
    # Clarity
    aims = models.TextField(blank=True)
    milestones = models.TextField(
        "measurable milestones", blank=True, help_text="One a line, each with a date or a number."
    )
    # Autonomy
    autonomy = models.TextField(
        blank=True, help_text="The scope to plan, deliver and evaluate the work."
    )
    # Fairness
    sessions_per_week = models.DecimalField(
        max_digits=3, decimal_places=1, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    remuneration = models.CharField(max_length=200, blank=True)
    backfill = models.CharField(max_length=200, blank=True)

    closing_date = models.DateField(null=True, blank=True)
    all_professions = models.BooleanField("open to every profession", default=False)
    professions = models.ManyToManyField(Profession, blank=True, related_name="leadership_roles")
    published = models.BooleanField(default=False)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posted_roles"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    objects = RoleQuerySet.as_manager()

    class Meta:
        ordering = ["closing_date", "title"]
        verbose_name = "leadership role"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("careers:role", kwargs={"pk": self.pk})

    @property
    def design_gaps(self) -> list[roles.Gap]:
        return roles.design_gaps(self)


class RoleInterestQuerySet(models.QuerySet):
    def owned_by(self, person):
        """The interest a person registered themselves."""
        if not person.is_authenticated:
            return self.none()
        return self.filter(person_id=person.pk)

    def received_by(self, person):
        """Interest in roles the person posted: only the poster sees who is interested."""
        if not person.is_authenticated:
            return self.none()
        return self.filter(role__posted_by_id=person.pk)


class RoleInterest(models.Model):
    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="interests")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_interests"
    )
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RoleInterestQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["role", "person"], name="one_interest_per_role")
        ]

    def __str__(self) -> str:
        return f"{self.person} is interested in {self.role}"
