import logging

from celery import shared_task
from django.core.management import call_command

from portal import mail

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
        # 30 s, 60 s, 120 s, 240 s, 480 s: a greylisting server or a brief outage passes.
        raise self.retry(exc=exc, countdown=30 * 2**self.request.retries) from exc


@shared_task
def clear_expired_sessions() -> None:
    call_command("clearsessions")
