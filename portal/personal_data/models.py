import uuid

from django.conf import settings
from django.db import models


class ExportStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Being prepared"
    READY = "ready", "Ready to download"
    FAILED = "failed", "Failed"


class DataExportQuerySet(models.QuerySet):
    def owned_by(self, person):
        """A person's own exports: nobody else's, staff and superusers included."""
        if not person.is_authenticated:
            return self.none()
        return self.filter(person_id=person.pk)

    def unfinished(self):
        return self.filter(status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING])

    def expired(self, now):
        return self.filter(expires_at__lte=now)


class DataExport(models.Model):
    """A ZIP of everything the portal holds about one person, kept for a short time."""

    # A random id, so that one person's download address cannot be guessed from another's.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    status = models.CharField(
        max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress_done = models.PositiveSmallIntegerField(default=0)
    progress_total = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to="personal-data/", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    downloaded_at = models.DateTimeField(null=True, blank=True)

    objects = DataExportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # The service locks the person's row; this is the backstop if anything else writes.
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(status__in=["queued", "running"]),
                name="one_unfinished_export_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"Data export {self.created_at:%Y-%m-%d %H:%M}"
