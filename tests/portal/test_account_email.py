"""Account emails go through Celery after commit, retrying only what may pass later."""

import email
import logging
import os
import smtplib
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from email.message import Message
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.core.mail import EmailMultiAlternatives
from django.db import transaction

from portal import mail, tasks
from portal.celery import app
from portal.tasks import send_email

ROOT = Path(__file__).resolve().parents[2]
GREYLISTED = "451 4.7.1 Greylisted, please try again later"
NO_SUCH_MAILBOX = "550 5.1.1 No such mailbox here"


def free_port() -> int:
    # aiosmtpd needs a real port number up front (port 0 fails), so ask the kernel for
    # one that is free now.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ScriptedSMTP:
    """An SMTP server's handler that answers from a script, then accepts every message.

    ``data_replies`` are the answers to the first messages' DATA (for example one
    greylisting 451); ``always`` answers every DATA; ``rcpt_reply`` refuses recipients.
    """

    def __init__(
        self,
        *,
        data_replies: list[str] | None = None,
        always: str | None = None,
        rcpt_reply: str | None = None,
    ) -> None:
        self.data_replies = list(data_replies or [])
        self.always = always
        self.rcpt_reply = rcpt_reply
        self.attempts = 0
        self.accepted: list[Message] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        if self.rcpt_reply:
            return self.rcpt_reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        self.attempts += 1
        if self.always:
            return self.always
        if self.data_replies:
            return self.data_replies.pop(0)
        self.accepted.append(email.message_from_bytes(envelope.content))
        return "250 2.0.0 Accepted"


def run_sink(handler: ScriptedSMTP) -> tuple[Controller, int]:
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    return controller, port


@pytest.fixture
def smtp(settings) -> Iterator:
    """Start a scripted SMTP server and point Django's SMTP backend at it."""
    controllers: list[Controller] = []

    def start(**script) -> ScriptedSMTP:
        handler = ScriptedSMTP(**script)
        controller, port = run_sink(handler)
        controllers.append(controller)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_USE_SSL = False
        settings.EMAIL_TIMEOUT = 5
        return handler

    yield start
    for controller in controllers:
        controller.stop()


def verification_message(to: str = "nia@example.nhs.uk") -> dict:
    message = EmailMultiAlternatives(
        subject="Confirm your email address",
        body="Open this link to confirm your email address: https://portal.example/confirm/abc/",
        from_email="PCN Leadership Portal <noreply@portal.example>",
        to=[to],
    )
    message.attach_alternative(
        "<p>Open <a href='https://portal.example/confirm/abc/'>", "text/html"
    )
    return mail.message_to_dict(message)


# ---------------------------------------------------------------------------
# Which failures are worth another try
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "error",
    [
        smtplib.SMTPResponseException(421, b"Service not available, closing channel"),
        smtplib.SMTPDataError(451, b"Greylisted"),
        smtplib.SMTPSenderRefused(452, b"Insufficient storage", "noreply@portal.example"),
        smtplib.SMTPRecipientsRefused({"nia@example.nhs.uk": (450, b"Mailbox busy")}),
        smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
        smtplib.SMTPConnectError(421, b"Too many connections"),
        ConnectionRefusedError(111, "Connection refused"),
        TimeoutError("timed out"),
    ],
    ids=lambda error: type(error).__name__,
)
def test_it_treats_temporary_failures_as_worth_retrying(error):
    assert mail.is_transient(error)


@pytest.mark.parametrize(
    "error",
    [
        smtplib.SMTPDataError(554, b"Message rejected"),
        smtplib.SMTPSenderRefused(553, b"Sender not allowed", "noreply@portal.example"),
        smtplib.SMTPAuthenticationError(535, b"Authentication failed"),
        smtplib.SMTPRecipientsRefused({"nobody@example.nhs.uk": (550, b"No such user")}),
        # One permanent refusal means a retry can never deliver to everyone.
        smtplib.SMTPRecipientsRefused(
            {"nia@example.nhs.uk": (450, b"Busy"), "nobody@example.nhs.uk": (550, b"No such user")}
        ),
        smtplib.SMTPRecipientsRefused({}),
        ValueError("a bug in our own code"),
    ],
    ids=lambda error: type(error).__name__,
)
def test_it_treats_permanent_failures_and_bugs_as_final(error):
    assert not mail.is_transient(error)


def test_it_doubles_the_wait_between_tries(settings):
    settings.EMAIL_RETRY_BASE_SECONDS = 30
    assert [tasks.retry_countdown(n) for n in range(5)] == [30, 60, 120, 240, 480]


def test_it_carries_a_message_through_json_unchanged():
    data = verification_message()
    rebuilt = mail.message_from_dict(data)
    assert mail.message_to_dict(rebuilt) == data


# ---------------------------------------------------------------------------
# The task against a real SMTP server (in this process; Celery runs eagerly)
# ---------------------------------------------------------------------------
@pytest.fixture(autouse=True)
def _retries_run_eagerly() -> Iterator[None]:
    # Celery runs an eager task's retries inside apply() only when it does not
    # propagate the task's exceptions (a Retry is one), as a worker would.
    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = True


def errors_logged(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "portal.tasks"]


@pytest.fixture
def countdowns(monkeypatch) -> list[int]:
    """The waits the task asks Celery for, recorded on the way through."""
    recorded: list[int] = []
    real = tasks.retry_countdown

    def recording(retries: int) -> int:
        recorded.append(real(retries))
        return recorded[-1]

    monkeypatch.setattr(tasks, "retry_countdown", recording)
    return recorded


def test_it_delivers_an_account_email(smtp):
    server = smtp()
    send_email.apply(args=[verification_message()])
    assert server.attempts == 1
    [delivered] = server.accepted
    assert delivered["Subject"] == "Confirm your email address"
    assert delivered["To"] == "nia@example.nhs.uk"
    assert "https://portal.example/confirm/abc/" in delivered.as_string()


def test_it_retries_a_greylisted_email_until_it_is_accepted(smtp, countdowns, settings):
    settings.EMAIL_RETRY_BASE_SECONDS = 30
    server = smtp(data_replies=[GREYLISTED, GREYLISTED])
    send_email.apply(args=[verification_message()])
    assert server.attempts == 3
    assert len(server.accepted) == 1
    assert countdowns == [30, 60]


def test_it_gives_up_after_five_retries_and_logs_an_error(smtp, countdowns, caplog, settings):
    settings.EMAIL_RETRY_BASE_SECONDS = 30
    server = smtp(always=GREYLISTED)
    with caplog.at_level(logging.ERROR, logger="portal.tasks"):
        send_email.apply(args=[verification_message()])
    assert server.attempts == tasks.EMAIL_MAX_RETRIES + 1 == 6
    assert server.accepted == []
    assert countdowns == [30, 60, 120, 240, 480]
    [error] = errors_logged(caplog)
    assert "nia@example.nhs.uk" in error
    assert "giving up" in error


def test_it_does_not_retry_a_message_the_server_rejects(smtp, countdowns, caplog):
    server = smtp(always="554 5.7.1 Message refused")
    with caplog.at_level(logging.ERROR, logger="portal.tasks"):
        send_email.apply(args=[verification_message()])
    assert server.attempts == 1
    assert countdowns == []
    [error] = errors_logged(caplog)
    assert "failed permanently" in error


def test_it_does_not_retry_an_unknown_mailbox(smtp, countdowns, caplog):
    smtp(rcpt_reply=NO_SUCH_MAILBOX)
    with caplog.at_level(logging.ERROR, logger="portal.tasks"):
        send_email.apply(args=[verification_message("nobody@example.nhs.uk")])
    assert countdowns == []
    [error] = errors_logged(caplog)
    assert "failed permanently" in error


def test_it_retries_when_the_mail_server_is_down(settings, countdowns, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()  # nothing listens there
    settings.EMAIL_USE_TLS = False
    with caplog.at_level(logging.ERROR, logger="portal.tasks"):
        send_email.apply(args=[verification_message()])
    assert len(countdowns) == tasks.EMAIL_MAX_RETRIES
    [error] = errors_logged(caplog)
    assert "giving up" in error


# ---------------------------------------------------------------------------
# Account emails leave only after the request's transaction commits
# ---------------------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_it_queues_the_password_reset_email_until_the_transaction_commits(
    client, mailoutbox, nurse
):
    with transaction.atomic():
        response = client.post("/accounts/password/reset/", {"email": nurse.email})
        assert response.status_code == 302
        assert mailoutbox == []
    [message] = mailoutbox
    assert message.to == [nurse.email]
    assert "/accounts/password/reset/key/" in message.body


@pytest.mark.django_db(transaction=True)
def test_it_sends_nothing_when_the_transaction_rolls_back(client, mailoutbox, nurse):
    class Abandoned(Exception):
        pass

    with pytest.raises(Abandoned), transaction.atomic():
        client.post("/accounts/password/reset/", {"email": nurse.email})
        raise Abandoned
    assert mailoutbox == []


def test_it_sends_the_verification_email_once_the_signup_commits(
    client, mailoutbox, django_capture_on_commit_callbacks, nurse
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        client.post(
            "/accounts/signup/",
            {
                "full_name": "Sam Patel",
                "email": "sam@example.nhs.uk",
                "profession": nurse.profession.pk,
                "organisation": nurse.organisation.pk,
                "password1": "a-long-and-unusual-passphrase",
                "password2": "a-long-and-unusual-passphrase",
            },
        )
    assert len(callbacks) == 1
    [message] = mailoutbox
    assert message.to == ["sam@example.nhs.uk"]
    assert "/accounts/confirm-email/" in message.body


# ---------------------------------------------------------------------------
# End to end: a real worker, a real Redis broker, a real SMTP server
# ---------------------------------------------------------------------------
def wait_for(condition, *, timeout: float, interval: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()


@pytest.fixture
def worker(redis_url, tmp_path) -> Iterator:
    """Start `celery -A portal worker` on a queue of its own; stop it by its process id.

    A queue named for this run keeps parallel runs on the same Redis apart: each
    worker only takes the messages this test sends.
    """
    started: list[tuple[subprocess.Popen, Path]] = []

    def start(*, email_port: int) -> str:
        queue = f"test-email-{uuid.uuid4().hex[:12]}"
        log = tmp_path / "worker.log"
        environment = {
            "PATH": os.environ["PATH"],
            "HOME": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "VAR_DIR": str(tmp_path),
            "REDIS_URL": redis_url,
            # The email task never touches the database; the worker still needs one.
            "DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(email_port),
            "EMAIL_USE_TLS": "false",
            "EMAIL_USE_SSL": "false",
            "EMAIL_RETRY_BASE_SECONDS": "1",
        }
        command = [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=solo"]
        command += ["--queues", queue, "--hostname", f"{queue}@%h", "--loglevel=INFO"]
        # Nothing else from this worker talks to the broker, so skip the chatter.
        command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
        process = subprocess.Popen(  # noqa: S603 (our own command line, no shell)
            command,
            cwd=ROOT,
            env=environment,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
        )
        started.append((process, log))
        return queue

    yield start
    for process, _ in started:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.mark.redis
def test_a_real_worker_delivers_a_greylisted_email_exactly_once(worker, redis_url, tmp_path):
    server = ScriptedSMTP(data_replies=[GREYLISTED])
    controller, port = run_sink(server)
    try:
        queue = worker(email_port=port)
        app.conf.task_always_eager = False
        with app.connection_for_write(redis_url) as connection:
            send_email.apply_async(
                args=[verification_message()], queue=queue, connection=connection
            )
        delivered = wait_for(lambda: server.accepted, timeout=60)
        log = (tmp_path / "worker.log").read_text()
        assert delivered, f"no message delivered; worker log:\n{log}"
        # Give a duplicate delivery time to show itself before counting.
        time.sleep(2)
        assert server.attempts == 2, log
        [message] = server.accepted
        assert message["Subject"] == "Confirm your email address"
        assert message["To"] == "nia@example.nhs.uk"
    finally:
        controller.stop()
