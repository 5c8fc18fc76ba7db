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
def send_invitations(invitation_ids: list[int], *, reminder: bool, once: bool = False) -> int:
    """Queue one email per rater still waiting; returns how many were queued.

    A first invitation always goes once, and so does a reminder with ``once`` (beat's
    daily reminder; the requester's own "remind them" may remind again): a task that
    runs twice at the same time (two beats, a redelivered copy, the sweep for lost
    invitations beside the request's own task) skips rows another holds or has sent.
    """
    field = "reminded_at" if reminder else "sent_at"
    with transaction.atomic():
        waiting = (
            Invitation.objects.waiting()
            .select_related("round__person")
            .filter(pk__in=invitation_ids)
        )
        if once or not reminder:
            waiting = waiting.filter(**{f"{field}__isnull": True}).select_for_update(
                of=("self",), skip_locked=True
            )
        invitations = list(waiting)
        Invitation.objects.filter(pk__in=[i.pk for i in invitations]).update(
            **{field: timezone.now()}
        )
        for invitation in invitations:
            message = invitation_message(invitation, reminder=reminder)
            transaction.on_commit(lambda message=message: send_email.delay(message))
    return len(invitations)


# Longer than a queued task waits on a busy day, so the sweep never races the request's
# own task for long.
LOST_AFTER = datetime.timedelta(minutes=10)


@shared_task
def send_lost_invitations() -> int:
    """Send first invitations whose task was lost, for example with a restarted Redis.

    Meant for Celery beat (hourly). The round and its invitations are in the database
    from the moment the request commits; ``sent_at`` is empty until a task queues the
    email, so an invitation still without it after ten minutes was never sent.
    """
    lost = (
        Invitation.objects.waiting()
        .filter(sent_at__isnull=True, round__created_at__lte=timezone.now() - LOST_AFTER)
        .values_list("pk", flat=True)
    )
    return send_invitations(list(lost), reminder=False)


REMIND_AFTER = datetime.timedelta(days=7)


@shared_task
def send_due_reminders() -> int:
    """Remind, once, raters who have not replied a week after their invitation.

    Meant for Celery beat (daily). ``reminded_at`` is recorded as the reminders are
    queued, in the transaction that locks the rows, so running it twice, even at the
    same moment from two beats, reminds no one twice.
    """
    due = (
        Invitation.objects.waiting()
        .filter(reminded_at__isnull=True, sent_at__lte=timezone.now() - REMIND_AFTER)
        .values_list("pk", flat=True)
    )
    return send_invitations(list(due), reminder=True, once=True)


@shared_task
def tidy_feedback_rounds() -> dict[str, int]:
    """Meant for Celery beat (daily): close rounds past their date, and delete outside
    raters' names and addresses 90 days after their round closed."""
    return feedback_rounds_tidy()
