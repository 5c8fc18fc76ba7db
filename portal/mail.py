"""Sending email: the one place that decides which SMTP failures are worth retrying."""

import smtplib
import socket

from django.core.mail import EmailMultiAlternatives, get_connection


def is_transient(exc: BaseException) -> bool:
    """True for failures that may pass if we try again later: 4xx replies, lost connections.

    A 5xx reply (unknown mailbox, message refused) is permanent and must not be retried.
    """
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        return bool(codes) and all(400 <= code < 500 for code in codes)
    if isinstance(exc, smtplib.SMTPResponseException):
        return 400 <= exc.smtp_code < 500
    return isinstance(
        exc,
        smtplib.SMTPServerDisconnected
        | smtplib.SMTPConnectError
        | ConnectionError
        | socket.timeout
        | TimeoutError,
    )


def message_to_dict(message: EmailMultiAlternatives) -> dict:
    """A JSON-safe copy of a message, so a task can carry it through the broker."""
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "alternatives": [[content, mimetype] for content, mimetype in message.alternatives],
        "headers": dict(message.extra_headers),
    }


def message_from_dict(data: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        headers=data.get("headers") or {},
    )
    for content, mimetype in data.get("alternatives", []):
        message.attach_alternative(content, mimetype)
    return message


def send_message(data: dict) -> None:
    """Send one message now, raising the backend's error so the caller can classify it."""
    message = message_from_dict(data)
    message.connection = get_connection(fail_silently=False)
    message.send()
