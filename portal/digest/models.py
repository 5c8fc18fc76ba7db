"""What each person wants in their digest, and a record of every digest per period."""

from django.conf import settings
from django.db import models


class Frequency(models.TextChoices):
    WEEKLY = "weekly", "Every week"
    FORTNIGHTLY = "fortnightly", "Every 2 weeks"
    MONTHLY = "monthly", "Every month"
    OFF = "off", "Never (no digest)"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class DigestPreference(models.Model):
    """A person's choices. Someone without a row gets the defaults: weekly, on Monday."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="digest_preference",
    )
    frequency = models.CharField(max_length=12, choices=Frequency.choices, default=Frequency.WEEKLY)
    day = models.PositiveSmallIntegerField(choices=Weekday.choices, default=Weekday.MONDAY)
    # Sections are stored as the ones switched off, so a section an app adds later
    # reaches everyone without a data migration.
    muted_sections = models.JSONField(default=list, blank=True)
    team_edition = models.BooleanField(
        default=False,
        help_text="For practice and PCN managers: new offers for every profession in the team.",
    )
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "digest preference"

    def __str__(self) -> str:
        return f"{self.person}: {self.get_frequency_display()}"


class DeliveryStatus(models.TextChoices):
    CLAIMED = "claimed", "Claimed, not yet sent"
    SENT = "sent", "Sent"
    EMPTY = "empty", "Nothing to send"
    FAILED = "failed", "Failed"


class DigestDeliveryQuerySet(models.QuerySet):
    def final(self):
        """Deliveries that settle their period: nothing more will be sent for it."""
        return self.exclude(status=DeliveryStatus.CLAIMED)


class DigestDelivery(models.Model):
    """One person's digest for one period.

    The unique (person, period) row is written in the same transaction that claims the
    work, so two workers, two ticks or a re-delivered task can never both send it.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_deliveries"
    )
    # "W2026-11-16" (the week's Monday), "F2026-11-16" (the fortnight's first Monday)
    # or "M2026-11": a person who changes frequency starts a new series of periods.
    period = models.CharField(max_length=12)
    status = models.CharField(
        max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.CLAIMED
    )
    # Which batch run holds the claim; a run sends only the rows carrying its own token.
    claim = models.CharField(max_length=32, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # New content is counted from here: the last digest sent, or one period back.
    window_start = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    subject = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DigestDeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = "digest delivery"
        verbose_name_plural = "digest deliveries"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["person", "period"], name="one_digest_per_period"),
        ]
        indexes = [
            models.Index(fields=["period", "status"], name="digest_period_status"),
            models.Index(fields=["claim"], name="digest_claim"),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.period} ({self.get_status_display()})"
