"""Shared kit for the digest tests: a frozen Monday morning in London, and a sink."""

import datetime
import email
import socket
import threading
from collections import Counter
from collections.abc import Iterator
from email.message import Message
from zoneinfo import ZoneInfo

import pytest
import time_machine
from aiosmtpd.controller import Controller

LONDON = ZoneInfo("Europe/London")
# Monday 16 November 2026, 08:00 in London (GMT): weekly digests on Monday are due.
MONDAY_MORNING = datetime.datetime(2026, 11, 16, 8, 0, tzinfo=LONDON)


@pytest.fixture
def monday(settings) -> Iterator:
    settings.DIGEST_SEND_HOUR = 7
    with time_machine.travel(MONDAY_MORNING, tick=False) as traveller:
        yield traveller


def free_port() -> int:
    # aiosmtpd needs a real port up front (port 0 fails): ask the kernel for a free one.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Sink:
    """An SMTP server's handler that counts accepted messages per recipient.

    ``refuse_every``: answer 451 (greylisted) to every n-th DATA, counting all DATA
    attempts, so one message in n meets a temporary failure. ``always``: answer
    every DATA with this reply. ``on_rcpt``: called with the recipient count so far
    (the worker tests use it to kill a worker mid-batch).
    """

    def __init__(self, *, refuse_every: int = 0, always: str = "", on_rcpt=None) -> None:
        self.refuse_every = refuse_every
        self.always = always
        self.on_rcpt = on_rcpt
        self.lock = threading.Lock()
        self.attempts = 0
        self.rcpts = 0
        self.refused = 0
        self.counts: Counter[str] = Counter()
        self.messages: list[Message] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        with self.lock:
            self.rcpts += 1
            seen = self.rcpts
        if self.on_rcpt:
            self.on_rcpt(seen)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        with self.lock:
            self.attempts += 1
            if self.always:
                return self.always
            if self.refuse_every and self.attempts % self.refuse_every == 0:
                self.refused += 1
                return "451 4.7.1 Greylisted, please try again later"
            for rcpt in envelope.rcpt_tos:
                self.counts[rcpt.lower()] += 1
            self.messages.append(email.message_from_bytes(envelope.content))
        return "250 2.0.0 Accepted"


@pytest.fixture
def sink(settings) -> Iterator:
    """Start an aiosmtpd sink on loopback and point Django's SMTP backend at it."""
    controllers: list[Controller] = []

    def start(**options) -> tuple[Sink, int]:
        handler = Sink(**options)
        port = free_port()
        controller = Controller(handler, hostname="127.0.0.1", port=port)
        controller.start()
        controllers.append(controller)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_USE_SSL = False
        settings.EMAIL_TIMEOUT = 5
        return handler, port

    yield start
    for controller in controllers:
        controller.stop()
