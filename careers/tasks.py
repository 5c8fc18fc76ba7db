"""Background work for careers: 360 invitations, reminders and the daily tidy of rounds.

Tasks take ids and are queued only after commit (see careers.services); each email is
handed to portal's send_email task, which retries transient SMTP failures.
"""

import datetime

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from careers.models import Invitation
from careers.services import feedback_rounds_tidy, invitation_message
from portal.tasks import send_email


@shared_task
def send_invitations(invitation_ids: list[int], *, reminder: bool) -> int:
    """Queue one email per rater still waiting; returns how many were queued."""
    invitations = list(
        Invitation.objects.waiting().select_related("round__person").filter(pk__in=invitation_ids)
    )
    field = "reminded_at" if reminder else "sent_at"
    with transaction.atomic():
        Invitation.objects.filter(pk__in=[i.pk for i in invitations]).update(
            **{field: timezone.now()}
        )
        for invitation in invitations:
            message = invitation_message(invitation, reminder=reminder)
            transaction.on_commit(lambda message=message: send_email.delay(message))
    return len(invitations)


REMIND_AFTER = datetime.timedelta(days=7)


@shared_task
def send_due_reminders() -> int:
    """Remind, once, raters who have not replied a week after their invitation.

    Meant for Celery beat (daily). ``reminded_at`` is recorded as the reminders are
    queued, so running it twice in a day reminds no one twice.
    """
    due = (
        Invitation.objects.waiting()
        .filter(
            reminded_at__isnull=True,
            sent_at__lte=timezone.now() - REMIND_AFTER,
        )
        .values_list("pk", flat=True)
    )
    return send_invitations(list(due), reminder=True)


@shared_task
def tidy_feedback_rounds() -> dict[str, int]:
    """Meant for Celery beat (daily): close rounds past their date, and delete outside
    raters' names and addresses 90 days after their round closed."""
    return feedback_rounds_tidy()
