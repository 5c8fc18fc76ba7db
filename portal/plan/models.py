"""A member's private calendar address for everything dated in her plan."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from portal.lib import feed_tokens


class PlanCalendarQuerySet(models.QuerySet):
    def working(self):
        """Addresses that still answer: an erased or deactivated account's stop at once."""
        return self.filter(person__is_active=True, person__erased_at__isnull=True)


class PlanCalendar(models.Model):
    """One address per person; making a new one replaces the old, which stops working."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="plan_calendar",
    )
    token = models.CharField(
        max_length=feed_tokens.MAX_LENGTH, unique=True, default=feed_tokens.new_token
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = PlanCalendarQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Plan calendar of {self.person}"

    def get_absolute_url(self) -> str:
        return reverse("plan_calendar_feed", args=[self.token])
