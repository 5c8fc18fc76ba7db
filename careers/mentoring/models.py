"""Mentoring, sponsorship and coaching: offers, requests, rounds, matches and relationships.

Registered with the careers app (CareersConfig.import_models loads this module), so the
migrations live in careers/migrations. Writes live in careers/mentoring/services.py.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from portal.models import ICB, LeadershipDimension, Organisation, OrganisationKind, in_hub_reach

# The group whose staff run their own hub's (or ICB's) matching rounds.
COORDINATORS = "Mentoring co-ordinators"


class SupportKind(models.TextChoices):
    MENTOR = "mentor", "Mentor"
    SPONSOR = "sponsor", "Sponsor"
    COACH = "coach", "Coach"


class ProfessionScope(models.TextChoices):
    OWN = "own", "My own profession only"
    ANY = "any", "Any profession"


class ProfessionPreference(models.TextChoices):
    SAME = "same", "Someone from my profession"
    OTHER = "other", "Someone from another profession"
    EITHER = "either", "No preference"


def topic_set(text: str) -> frozenset[str]:
    """Topics are typed one a line; compare them without case or stray spaces."""
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


def _signed_in(person) -> bool:
    return bool(person.is_authenticated and person.is_active)


class SupportOfferQuerySet(models.QuerySet):
    def in_reach_of(self, person):
        """Offers from people working in the ICBs the person's hub serves."""
        return in_hub_reach(self, person, "person__organisation__icb__training_hubs")

    def available(self):
        return self.filter(paused=False, person__is_active=True)

    def owned_by(self, person):
        if not _signed_in(person):
            return self.none()
        return self.filter(person_id=person.pk)


class RoleModelQuerySet(models.QuerySet):
    def listed(self):
        """The directory: entries their people chose to show, of people still here."""
        return self.filter(listed=True, person__is_active=True)

    def owned_by(self, person):
        if not _signed_in(person):
            return self.none()
        return self.filter(person_id=person.pk)


class MatchingRoundQuerySet(models.QuerySet):
    def coordinated_by(self, person):
        """Co-ordinators run only their own hub's rounds (or their own ICB's)."""
        if not _signed_in(person) or not person.organisation_id:
            return self.none()
        if not person.groups.filter(name=COORDINATORS).exists():
            return self.none()
        own = Q(hub_id=person.organisation_id)
        if person.organisation.icb_id:
            own |= Q(hub__isnull=True, icb_id=person.organisation.icb_id)
        return self.filter(own)


class SupportRequestQuerySet(models.QuerySet):
    def coordinated_by(self, person):
        """Requests in the rounds the person co-ordinates."""
        return self.filter(round__in=MatchingRound.objects.coordinated_by(person))


class MatchQuerySet(models.QuerySet):
    def visible_to(self, person):
        """A match is its seeker's and its supporter's; co-ordinators see theirs on the round."""
        if not _signed_in(person):
            return self.none()
        return self.filter(Q(request__seeker_id=person.pk) | Q(offer__person_id=person.pk))


class RelationshipQuerySet(models.QuerySet):
    def visible_to(self, person):
        """Meeting notes and feedback are for the pair only: not even co-ordinators."""
        if not _signed_in(person):
            return self.none()
        return self.filter(
            Q(match__request__seeker_id=person.pk) | Q(match__offer__person_id=person.pk)
        )


class SupportOffer(models.Model):
    """A person's offer to mentor, sponsor or coach: one offer for each kind."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_offers"
    )
    kind = models.CharField(max_length=10, choices=SupportKind.choices)
    accreditation = models.CharField(
        max_length=200, blank=True, help_text="Coaches: the body and level you are accredited at."
    )
    capacity = models.SmallIntegerField(help_text="How many people you can support at once.")
    professions = models.CharField(
        "professions you will support",
        max_length=5,
        choices=ProfessionScope.choices,
        default=ProfessionScope.ANY,
    )
    dimensions = models.ManyToManyField(
        LeadershipDimension,
        blank=True,
        related_name="+",
        verbose_name="dimensions you can help with",
    )
    topics = models.TextField(blank=True, help_text="One a line.")
    icbs = models.ManyToManyField(
        ICB, blank=True, related_name="+", verbose_name="ICBs you can meet in person in"
    )
    remote = models.BooleanField("can meet remotely", default=True)
    profile = models.TextField(blank=True, max_length=1500)
    paused = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SupportOfferQuerySet.as_manager()

    class Meta:
        ordering = ["person__full_name", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["person", "kind"], name="one_offer_per_kind"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="offer_capacity_at_least_1"),
        ]

    def __str__(self) -> str:
        return f"{self.person} as {self.get_kind_display().lower()}"

    def clean(self) -> None:
        errors = {}
        if self.capacity is not None and self.capacity < 1:
            errors["capacity"] = (
                "Capacity must be at least 1. To take no one on for now, pause your offer."
            )
        if self.kind == SupportKind.COACH and not self.accreditation.strip():
            errors["accreditation"] = "Enter your coaching accreditation."
        if errors:
            raise ValidationError(errors)

    def active_load(self) -> int:
        return self.matches.filter(status__in=Match.HOLDING_PLACE).count()


class RoleModel(models.Model):
    """A leader who opted in to the role-model directory, with the story of their route."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_model"
    )
    title = models.CharField("current role", max_length=150)
    story = models.TextField("your route into leadership", max_length=2000)
    listed = models.BooleanField("show me in the directory", default=True)

    objects = RoleModelQuerySet.as_manager()

    class Meta:
        ordering = ["person__full_name"]

    def __str__(self) -> str:
        return f"{self.person}, {self.title}"


class RoundStatus(models.TextChoices):
    OPEN = "open", "Taking requests"
    PROPOSED = "proposed", "Matches proposed"
    CONFIRMED = "confirmed", "Matches confirmed"


class MatchingRound(models.Model):
    """A training hub's or ICB's round of matching; a standing round can run again and again."""

    name = models.CharField(max_length=150)
    hub = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="matching_rounds",
        limit_choices_to={"kind": OrganisationKind.TRAINING_HUB},
        verbose_name="training hub",
    )
    icb = models.ForeignKey(
        ICB, on_delete=models.PROTECT, null=True, blank=True, related_name="matching_rounds"
    )
    standing = models.BooleanField(
        default=False, help_text="A standing round takes requests all year and is run often."
    )
    status = models.CharField(max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    last_run_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    objects = MatchingRoundQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hub__isnull=False) | Q(icb__isnull=False), name="round_has_hub_or_icb"
            )
        ]

    def __str__(self) -> str:
        return self.name


class RequestStatus(models.TextChoices):
    OPEN = "open", "Waiting for a match"
    MATCHED = "matched", "Matched"
    WITHDRAWN = "withdrawn", "Withdrawn"


class SupportRequest(models.Model):
    """A person's request for a mentor, sponsor or coach, in a matching round."""

    round = models.ForeignKey(MatchingRound, on_delete=models.CASCADE, related_name="requests")
    seeker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="support_requests"
    )
    kind = models.CharField(max_length=10, choices=SupportKind.choices)
    goals = models.TextField(max_length=2000)
    dimensions = models.ManyToManyField(
        LeadershipDimension, blank=True, related_name="+", verbose_name="dimensions to develop"
    )
    topics = models.TextField(blank=True, help_text="One a line.")
    profession_preference = models.CharField(
        max_length=6, choices=ProfessionPreference.choices, default=ProfessionPreference.EITHER
    )
    icb = models.ForeignKey(
        ICB,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="ICB to meet in person in",
    )
    remote = models.BooleanField("happy to meet remotely", default=True)
    exclusions = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name="people you must not be matched with",
    )
    status = models.CharField(
        max_length=10, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    # Why the last run left this request unmatched (a key of matching.UNMATCHED_REASONS).
    unmatched_reason = models.CharField(max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SupportRequestQuerySet.as_manager()

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.seeker} asks for a {self.get_kind_display().lower()}"


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    CONFIRMED = "confirmed", "Confirmed, waiting for both people"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    ENDED = "ended", "Ended"


class Answer(models.TextChoices):
    PENDING = "pending", "Not answered yet"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class Match(models.Model):
    """A seeker paired with a supporter's offer, with the score's parts to show why."""

    HOLDING_PLACE = [MatchStatus.PROPOSED, MatchStatus.CONFIRMED, MatchStatus.ACCEPTED]

    round = models.ForeignKey(MatchingRound, on_delete=models.CASCADE, related_name="matches")
    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="matches")
    offer = models.ForeignKey(SupportOffer, on_delete=models.CASCADE, related_name="matches")
    status = models.CharField(
        max_length=10, choices=MatchStatus.choices, default=MatchStatus.PROPOSED
    )
    score = models.PositiveIntegerField(default=0)
    # [[words, points], ...] as the solver explained it.
    reasons = models.JSONField(default=list)
    seeker_answer = models.CharField(max_length=10, choices=Answer.choices, default=Answer.PENDING)
    supporter_answer = models.CharField(
        max_length=10, choices=Answer.choices, default=Answer.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MatchQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "matches"
        constraints = [
            # The database's own guard against a double match, whatever races above it.
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(status__in=["proposed", "confirmed", "accepted"]),
                name="one_live_match_per_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.request.seeker} with {self.offer.person} ({self.get_status_display()})"

    @property
    def seeker(self):
        return self.request.seeker

    @property
    def supporter(self):
        return self.offer.person


class Relationship(models.Model):
    """A mentoring, sponsorship or coaching relationship that both people accepted."""

    match = models.OneToOneField(Match, on_delete=models.CASCADE, related_name="relationship")
    goals = models.TextField(blank=True)
    meeting_frequency = models.CharField("how often you will meet", max_length=100, blank=True)
    ends_on = models.DateField("end date", null=True, blank=True)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    seeker_feedback = models.TextField(blank=True)
    supporter_feedback = models.TextField(blank=True)
    # False when either person said it did not go well: the pair is then never matched again.
    went_well = models.BooleanField(null=True, blank=True)

    objects = RelationshipQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on"]

    def __str__(self) -> str:
        return str(self.match)

    def is_party(self, person) -> bool:
        return person.pk in (self.match.request.seeker_id, self.match.offer.person_id)


class Meeting(models.Model):
    """A meeting logged by either person; its notes are for the pair only."""

    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="meetings"
    )
    met_on = models.DateField("date")
    notes = models.TextField(blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        ordering = ["-met_on", "-pk"]

    def __str__(self) -> str:
        return f"Meeting on {self.met_on}"
