"""Exactly once under faults: real Celery workers, real Redis, real PostgreSQL, a real
SMTP sink on loopback counting messages per recipient.

After each fault every due person has exactly one digest for the period and nobody
else has any. Each test runs its workers on a queue named for the run, so parallel
runs on one Redis never take each other's messages.
"""

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.db import connection

from portal.celery import app
from portal.digest.models import DigestDelivery, DigestPreference, Frequency
from tests.digest.conftest import Sink, free_port
from tests.factories import PersonFactory
from tests.programmes.factories import OfferFactory

ROOT = Path(__file__).resolve().parents[2]
CLAIM_TIMEOUT = 3

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgresql(reason="the worker tests share the test database with other processes"),
    pytest.mark.django_db(transaction=True),
]


def wait_for(condition, *, timeout: float, interval: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()


def database_url() -> str:
    config = connection.settings_dict
    return (
        f"postgres://{config['USER']}:{config['PASSWORD'] or ''}@{config['HOST'] or '127.0.0.1'}"
        f":{config['PORT'] or 5432}/{config['NAME']}"
    )


class Workers:
    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.queue = f"test-digest-{uuid.uuid4().hex[:12]}"
        self.processes: list[subprocess.Popen] = []

    def start(self, *, broker: str, email_port: int) -> subprocess.Popen:
        n = len(self.processes)
        environment = {
            "PATH": os.environ["PATH"],
            "HOME": str(self.tmp_path),
            "DJANGO_SETTINGS_MODULE": "portal.settings",
            "VAR_DIR": str(self.tmp_path),
            "REDIS_URL": broker,
            "DATABASE_URL": database_url(),
            "DATABASE_POOL_MIN": "0",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(email_port),
            "EMAIL_USE_TLS": "false",
            "EMAIL_USE_SSL": "false",
            "DIGEST_QUEUE": self.queue,
            "DIGEST_SEND_HOUR": "0",
            "DIGEST_BATCH_SIZE": "10",
            "DIGEST_CLAIM_TIMEOUT": str(CLAIM_TIMEOUT),
            "DIGEST_RETRY_BASE_SECONDS": "0",
        }
        command = [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=solo"]
        command += ["--queues", self.queue, "--hostname", f"{self.queue}-{n}@%h"]
        command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
        log = self.tmp_path / f"worker-{n}.log"
        process = subprocess.Popen(  # noqa: S603 (our own command line, no shell)
            command, cwd=ROOT, env=environment, stdout=log.open("w"), stderr=subprocess.STDOUT
        )
        self.processes.append(process)
        return process

    def logs(self) -> str:
        return "\n".join(p.read_text() for p in sorted(self.tmp_path.glob("worker-*.log")))

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@pytest.fixture
def workers(tmp_path, settings) -> Iterator[Workers]:
    running = Workers(tmp_path)
    settings.DIGEST_QUEUE = running.queue
    app.conf.task_always_eager = False
    yield running
    running.stop()


def tick(broker: str, queue: str) -> None:
    """What beat does every hour: send the tick task to a worker."""
    from portal.digest.tasks import digest_tick

    with app.connection_for_write(broker) as conn:
        digest_tick.apply_async(queue=queue, connection=conn)


@pytest.fixture
def people(settings) -> tuple[list, list]:
    """Forty people due a digest, and three who must get none."""
    OfferFactory(title="Leading a practice meeting")
    due = [PersonFactory() for _ in range(40)]
    off = PersonFactory()
    DigestPreference.objects.create(person=off, frequency=Frequency.OFF)
    closed = PersonFactory(is_active=False)
    unverified = PersonFactory()
    EmailAddress.objects.filter(user=unverified).update(verified=False)
    return due, [off, closed, unverified]


def assert_exactly_once(sink: Sink, due: list, others: list, log: str) -> None:
    time.sleep(1.5)  # let a duplicate show itself before counting
    counts = dict(sink.counts)
    assert {p.email: counts.get(p.email, 0) for p in due} == {p.email: 1 for p in due}, log
    assert [counts.get(p.email, 0) for p in others] == [0] * len(others)
    assert DigestDelivery.objects.filter(status="sent").count() == len(due)


def all_delivered(sink: Sink, due: list) -> bool:
    return all(sink.counts.get(p.email, 0) >= 1 for p in due)


def start_sink(**options):
    from aiosmtpd.controller import Controller

    handler = Sink(**options)
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    return handler, controller, port


def test_two_beats_and_two_workers_with_a_greylisting_server_send_each_digest_once(
    workers, people, redis_url
):
    due, others = people
    sink, controller, port = start_sink(refuse_every=10)
    try:
        workers.start(broker=redis_url, email_port=port)
        workers.start(broker=redis_url, email_port=port)
        tick(redis_url, workers.queue)
        tick(redis_url, workers.queue)  # a second beat process, by mistake
        assert wait_for(lambda: all_delivered(sink, due), timeout=90), workers.logs()
        assert sink.refused >= 1
        assert_exactly_once(sink, due, others, workers.logs())
    finally:
        controller.stop()


def test_a_worker_killed_mid_batch_is_made_good_by_another_and_the_next_tick(
    workers, people, redis_url
):
    due, others = people
    victim: dict = {}

    def kill_on_the_fifteenth(rcpt_number: int) -> None:
        # Before the server accepts message 15: the worker dies holding a claimed batch.
        if rcpt_number == 15 and "process" in victim:
            os.kill(victim["process"].pid, signal.SIGKILL)

    sink, controller, port = start_sink(on_rcpt=kill_on_the_fifteenth)
    try:
        victim["process"] = workers.start(broker=redis_url, email_port=port)
        tick(redis_url, workers.queue)
        assert wait_for(lambda: victim["process"].poll() is not None, timeout=60), workers.logs()
        assert victim["process"].returncode == -signal.SIGKILL
        assert 10 <= sum(sink.counts.values()) < 40
        workers.start(broker=redis_url, email_port=port)
        time.sleep(CLAIM_TIMEOUT + 1)  # the dead worker's claim is now abandoned
        tick(redis_url, workers.queue)
        assert wait_for(lambda: all_delivered(sink, due), timeout=90), workers.logs()
        assert_exactly_once(sink, due, others, workers.logs())
    finally:
        controller.stop()


@pytest.fixture
def own_redis(tmp_path) -> Iterator:
    """A redis-server of this test's own on a spare port, which the test may restart.

    Never the shared server: other runs and helpers use that one.
    """
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.fail("redis-server is not installed", pytrace=False)
    port = free_port()
    processes: list[subprocess.Popen] = []

    def start() -> None:
        command = [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", ""]
        command += ["--appendonly", "no", "--dir", str(tmp_path)]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL)  # noqa: S603
        processes.append(process)
        import redis

        client = redis.Redis(host="127.0.0.1", port=port)
        assert wait_for(lambda: _pings(client), timeout=10)

    def stop() -> None:
        for process in processes:
            if process.poll() is None:
                process.terminate()
                process.wait(timeout=10)

    start()
    yield f"redis://127.0.0.1:{port}/0", start, stop
    stop()


def _pings(client) -> bool:
    import redis

    try:
        return bool(client.ping())
    except redis.RedisError:
        return False


def test_a_redis_restart_mid_run_loses_queued_batches_that_the_next_tick_sends(
    workers, people, own_redis
):
    due, others = people
    broker, start_redis, stop_redis = own_redis
    slow = {"seconds": 0.1}

    def pace(rcpt_number: int) -> None:
        time.sleep(slow["seconds"])  # keep batches waiting in Redis while we restart it

    sink, controller, port = start_sink(on_rcpt=pace)
    try:
        workers.start(broker=broker, email_port=port)
        tick(broker, workers.queue)
        assert wait_for(lambda: sum(sink.counts.values()) >= 5, timeout=60), workers.logs()
        stop_redis()  # every batch still queued is lost with it (no persistence)
        start_redis()
        lost = wait_for(lambda: all_delivered(sink, due), timeout=8)
        assert not lost, "nothing was lost: the restart came too late to prove anything"
        slow["seconds"] = 0
        time.sleep(CLAIM_TIMEOUT + 1)
        tick(broker, workers.queue)
        assert wait_for(lambda: all_delivered(sink, due), timeout=90), workers.logs()
        assert_exactly_once(sink, due, others, workers.logs())
    finally:
        controller.stop()
