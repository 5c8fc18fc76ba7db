import logging

from celery import shared_task
from django.conf import settings
from django.core.management import call_command

from portal import mail

# Celery's autodiscovery looks at portal.tasks only; the digest's and the data
# exports' tasks live beside it.
from portal.digest import tasks as digest_tasks  # noqa: F401
from portal.personal_data import tasks as personal_data_tasks  # noqa: F401
from portal.services import unconfirmed_signups_delete
from programmes import tasks as programmes_tasks  # noqa: F401

logger = logging.getLogger(__name__)

EMAIL_MAX_RETRIES = 5


@shared_task(bind=True, max_retries=EMAIL_MAX_RETRIES, acks_late=True)
def send_email(self, message: dict) -> None:
    """Send an account email (verification, password reset…) built by the request."""
    try:
        mail.send_message(message)
    except Exception as exc:
        if not mail.is_transient(exc):
            logger.error("Email to %s failed permanently: %s", message["to"], exc)
            return
        if self.request.retries >= EMAIL_MAX_RETRIES:
            logger.error(
                "Email to %s failed after %d tries, giving up: %s",
                message["to"],
                self.request.retries + 1,
                exc,
            )
            return
        raise self.retry(exc=exc, countdown=retry_countdown(self.request.retries)) from exc


def retry_countdown(retries: int) -> int:
    """30 s, 60 s, 120 s, 240 s, 480 s by default: a greylisting server or a brief outage passes."""
    return settings.EMAIL_RETRY_BASE_SECONDS * 2**retries


@shared_task
def clear_expired_sessions() -> None:
    call_command("clearsessions")


@shared_task
def delete_unconfirmed_signups() -> None:
    """Daily: sign-ups never confirmed are deleted after 14 days (the privacy notice)."""
    deleted = unconfirmed_signups_delete()
    if deleted:
        logger.info("Deleted %d unconfirmed sign-ups", deleted)
