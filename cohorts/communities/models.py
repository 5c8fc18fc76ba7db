"""Communities, their members and their conversations.

Who may see or read what is stated once, here:

- ``Community.objects.visible_to(person)``: that a community exists — open and
  restricted ones to everyone signed in, private ones only to their members;
- ``Community.objects.readable_by(person)``: whose threads she may read — an open
  community's to anyone signed in, a restricted or private one's to its members only;
- ``Community.objects.hosted_by(person)`` and ``moderated_by(person)``: hosts moderate
  their community; training-hub staff moderate the open and restricted communities of
  their hub, never a private one (nothing said in a private community leaves it).

Threads and replies follow their community's rule (``Thread.objects.readable_by``).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from portal.models import OrganisationKind, in_hub_reach


def _signed_in(person) -> bool:
    return person is not None and person.is_authenticated


class Visibility(models.TextChoices):
    OPEN = "open", "Open: anyone signed in can read it and join"
    RESTRICTED = "restricted", "Restricted: anyone can see it and ask to join; hosts decide"
    PRIVATE = "private", "Private: only its members know it exists"


class CommunityStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed, waiting for the training hub"
    ACTIVE = "active", "Active"
    DECLINED = "declined", "Declined by the training hub"


class Role(models.TextChoices):
    MEMBER = "member", "Member"
    HOST = "host", "Host"


class CommunityQuerySet(models.QuerySet):
    def active(self) -> CommunityQuerySet:
        return self.filter(status=CommunityStatus.ACTIVE)

    def joined_by(self, person) -> CommunityQuerySet:
        if not _signed_in(person):
            return self.none()
        return self.filter(
            Exists(CommunityMembership.objects.filter(community=OuterRef("pk"), person=person))
        )

    def hosted_by(self, person) -> CommunityQuerySet:
        if not _signed_in(person):
            return self.none()
        return self.filter(
            Exists(
                CommunityMembership.objects.filter(
                    community=OuterRef("pk"), person=person, role=Role.HOST
                )
            )
        )

    def visible_to(self, person) -> CommunityQuerySet:
        """Communities whose name and purpose she may see: private ones only from inside."""
        if not _signed_in(person):
            return self.none()
        member = CommunityMembership.objects.filter(community=OuterRef("pk"), person=person)
        return self.active().filter(~Q(visibility=Visibility.PRIVATE) | Q(Exists(member)))

    def readable_by(self, person) -> CommunityQuerySet:
        """Communities whose conversations she may read."""
        if not _signed_in(person):
            return self.none()
        member = CommunityMembership.objects.filter(community=OuterRef("pk"), person=person)
        return self.active().filter(Q(visibility=Visibility.OPEN) | Q(Exists(member)))

    def moderated_by(self, person) -> CommunityQuerySet:
        """Where she sees reports, hides posts, pins, locks, moves and removes members."""
        if not _signed_in(person):
            return self.none()
        hub = in_hub_reach(self, person, "hub").exclude(visibility=Visibility.PRIVATE)
        return self.filter(
            Q(pk__in=self.hosted_by(person).values("pk")) | Q(pk__in=hub.values("pk"))
        )

    def administered_by(self, person) -> CommunityQuerySet:
        """What the admin shows her: her hub's open and restricted communities (proposals
        too), and those she hosts. A private one only ever to its hosts."""
        if not _signed_in(person):
            return self.none()
        hub = in_hub_reach(self, person, "hub").exclude(visibility=Visibility.PRIVATE)
        return self.filter(
            Q(pk__in=self.hosted_by(person).values("pk")) | Q(pk__in=hub.values("pk"))
        )

    def decidable_by(self, person) -> CommunityQuerySet:
        """Proposals her training hub may approve or decline."""
        if not _signed_in(person) or (person.hub_id is None and not person.is_superuser):
            return self.none()
        return in_hub_reach(self.filter(status=CommunityStatus.PROPOSED), person, "hub")

    def for_person(self, person) -> CommunityQuerySet:
        """Communities meant for her: her profession, career level and ICB (or region),
        an unset audience meaning everyone. Used to put these first."""
        if not _signed_in(person):
            return self.none()
        rows = self
        for through, column, value in (
            (Community.professions.through, "profession_id", person.profession_id),
            (Community.career_levels.through, "careerlevel_id", person.career_level_id),
        ):
            listed = through.objects.filter(community_id=OuterRef("pk"))
            rows = rows.filter(~Exists(listed) | Exists(listed.filter(**{column: value})))
        icb = person.organisation.icb if person.organisation_id else None
        icbs = Community.icbs.through.objects.filter(community_id=OuterRef("pk"))
        place = Q(~Exists(icbs), region__isnull=True)
        if icb is not None:
            place |= Exists(icbs.filter(icb_id=icb.pk)) | Q(region_id=icb.region_id)
        return rows.filter(place)


class Community(models.Model):
    name = models.CharField(max_length=120)
    purpose = models.TextField(
        help_text="What the community is for, shown to everyone who can see it."
    )
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.OPEN
    )
    # Who it is for; nothing ticked means everyone.
    professions = models.ManyToManyField("portal.Profession", blank=True, related_name="+")
    career_levels = models.ManyToManyField(
        "portal.CareerLevel", blank=True, related_name="+", verbose_name="career stages"
    )
    icbs = models.ManyToManyField(
        "portal.ICB", blank=True, related_name="+", verbose_name="integrated care boards"
    )
    region = models.ForeignKey(
        "portal.Region", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    hub = models.ForeignKey(
        "portal.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="communities",
        limit_choices_to={"kind": OrganisationKind.TRAINING_HUB},
        verbose_name="training hub",
    )
    cohort = models.OneToOneField(
        "cohorts.Cohort",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="community",
        help_text="Set for a cohort's own private community, whose members follow the cohort.",
    )
    status = models.CharField(
        max_length=10, choices=CommunityStatus.choices, default=CommunityStatus.ACTIVE
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Kept by the services (start, move) so a page of threads needs no COUNT over them.
    thread_count = models.PositiveIntegerField(default=0, editable=False)

    objects = CommunityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "communities"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("cohorts:community", args=[self.pk])

    @property
    def is_private(self) -> bool:
        return self.visibility == Visibility.PRIVATE


class CommunityMembership(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "person"], name="one_membership_per_community"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.community}"


class CommunityJoinRequestQuerySet(models.QuerySet):
    def pending(self) -> CommunityJoinRequestQuerySet:
        return self.filter(status="pending")

    def decidable_by(self, person) -> CommunityJoinRequestQuerySet:
        return self.pending().filter(community__in=Community.objects.moderated_by(person))


class CommunityJoinRequest(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="join_requests")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_requests"
    )
    message = models.TextField(blank=True)
    status = models.CharField(
        max_length=10,
        choices=[("pending", "Waiting"), ("approved", "Approved"), ("declined", "Declined")],
        default="pending",
    )
    created_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = CommunityJoinRequestQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "person"],
                condition=Q(status="pending"),
                name="one_pending_request_per_community",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} asks to join {self.community}"


class PostQuerySet(models.QuerySet):
    def readable_by(self, person) -> PostQuerySet:
        return self.filter(**{f"{self.model.COMMUNITY}__in": Community.objects.readable_by(person)})

    def shown(self) -> PostQuerySet:
        return self.filter(hidden_at__isnull=True)


class Post(models.Model):
    """What threads and replies share: an author, Markdown text and moderation."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField()
    # The body as sanitised HTML, made by the services when the text is written.
    body_html = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_reason = models.CharField(max_length=300, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    search_vector = SearchVectorField(null=True, editable=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class Thread(Post):
    COMMUNITY = "community"

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="threads")
    title = models.CharField(max_length=150)
    pinned = models.BooleanField(default=False)
    locked = models.BooleanField(default=False)
    # Kept by the services so a page of threads needs no count or max over replies.
    reply_count = models.PositiveIntegerField(default=0)
    last_activity_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-pinned", "-last_activity_at", "-pk"]
        indexes = [
            models.Index(
                fields=["community", "-pinned", "-last_activity_at", "-id"],
                name="thread_list_order",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cohorts:thread", args=[self.pk])


class Reply(Post):
    COMMUNITY = "thread__community"

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="replies")
    helpful_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name_plural = "replies"
        indexes = [models.Index(fields=["thread", "created_at", "id"], name="reply_thread_order")]

    def __str__(self) -> str:
        return f"Reply to {self.thread}"


class HelpfulMark(models.Model):
    """A "this helped me" mark: one per person and reply."""

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="helpful_marks")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["reply", "person"], name="one_helpful_mark_per_reply")
        ]

    def __str__(self) -> str:
        return f"{self.person} found {self.reply} helpful"


class Follow(models.Model):
    """She follows one thread, or a whole community; the digest tells her what is new."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_follows"
    )
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, null=True, blank=True, related_name="follows"
    )
    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, null=True, blank=True, related_name="follows"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(thread__isnull=True, community__isnull=False)
                | Q(thread__isnull=False, community__isnull=True),
                name="follow_thread_or_community",
            ),
            models.UniqueConstraint(fields=["person", "thread"], name="one_follow_per_thread"),
            models.UniqueConstraint(
                fields=["person", "community"], name="one_follow_per_community"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} follows {self.thread or self.community}"


class ReportQuerySet(models.QuerySet):
    def open(self) -> ReportQuerySet:
        return self.filter(resolved_at__isnull=True)

    def moderated_by(self, person) -> ReportQuerySet:
        communities = Community.objects.moderated_by(person)
        return self.filter(
            Q(thread__community__in=communities) | Q(reply__thread__community__in=communities)
        )


class Report(models.Model):
    """Someone thinks a post should not be there; hosts and the hub decide."""

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_reports"
    )
    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    reply = models.ForeignKey(
        Reply, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    reason = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(thread__isnull=True, reply__isnull=False)
                | Q(thread__isnull=False, reply__isnull=True),
                name="report_thread_or_reply",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="report_has_reason"),
        ]

    def __str__(self) -> str:
        return f"Report on {self.post}"

    @property
    def post(self) -> Thread | Reply:
        return self.thread or self.reply
