"""Digest benchmark: `python -m tests.bench.digest` (part of `make bench`).

On PostgreSQL (``BENCH_DIGEST_DATABASE_URL``, default a ``digest_bench`` database on
the local server, created if missing) it:

1. seeds 200,000 people with realistic preferences (most weekly on Monday, some on
   other days, fortnightly, monthly or off) in 600 practices across every ICB, and
   2,000 published offers of which about 5% are new this week (kept between runs);
2. starts an aiosmtpd sink on loopback and two Celery workers (solo pool) on a queue
   of their own on Redis (``BENCH_REDIS_URL``, else ``REDIS_URL``);
3. runs the tick and measures the time from the tick to the last accepted message,
   each worker's peak resident memory (VmHWM), and the queries one batch of 100 makes.

Targets: at most 10 minutes, at most 300 MB per worker. Figures are printed and
written to ``var/bench-results/digest.json``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

from tests.bench.programmes import RESULTS, ROOT, ensure_database, environment

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/digest_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/15"


class CountingSink:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.accepted = 0
        self.last = 0.0

    async def handle_DATA(self, server, session, envelope) -> str:
        with self.lock:
            self.accepted += 1
            self.last = time.monotonic()
        return "250 2.0.0 Accepted"


def seed(people: int, offers: int, rng: random.Random) -> None:
    from allauth.account.models import EmailAddress
    from django.db import transaction
    from django.utils import timezone

    from portal.digest.models import DigestDelivery, DigestPreference
    from portal.models import ICB, CareerLevel, Organisation, Person, Profession
    from programmes.models import Offer
    from tests.programmes.factories import HubFactory

    DigestDelivery.objects.all().delete()  # every run starts a fresh period
    icbs = list(ICB.objects.all())
    professions = list(Profession.objects.all())
    levels = list(CareerLevel.objects.all())
    if Organisation.objects.filter(name__startswith="Bench practice").count() < 600:
        Organisation.objects.bulk_create(
            [
                Organisation(kind="practice", name=f"Bench practice {n}", icb=rng.choice(icbs))
                for n in range(600)
            ],
            ignore_conflicts=True,
        )
    practices = list(Organisation.objects.filter(name__startswith="Bench practice"))
    existing = Person.objects.filter(email__endswith="@bench.example").count()
    now = timezone.now()
    for start in range(existing, people, 5000):
        chunk = range(start, min(start + 5000, people))
        with transaction.atomic():
            made = Person.objects.bulk_create(
                [
                    Person(
                        email=f"person{n}@bench.example",
                        full_name=f"Bench Person {n}",
                        password="!",
                        profession=rng.choice(professions),
                        career_level=rng.choice(levels),
                        organisation=rng.choice(practices),
                    )
                    for n in chunk
                ]
            )
            EmailAddress.objects.bulk_create(
                [EmailAddress(user=p, email=p.email, verified=True, primary=True) for p in made]
            )
            preferences = []
            for p in made:
                roll = rng.random()
                if roll < 0.70:
                    continue  # the default: weekly on Monday
                if roll < 0.85:
                    preferences.append(DigestPreference(person=p, day=rng.randrange(7)))
                elif roll < 0.90:
                    preferences.append(DigestPreference(person=p, frequency="fortnightly"))
                elif roll < 0.95:
                    preferences.append(DigestPreference(person=p, frequency="monthly"))
                else:
                    preferences.append(DigestPreference(person=p, frequency="off"))
            DigestPreference.objects.bulk_create(preferences)
    if Offer.objects.count() < offers:
        hub = HubFactory(name=f"Bench hub {uuid.uuid4().hex[:6]}")
        for n in range(Offer.objects.count(), offers):
            new = rng.random() < 0.05
            age = datetime.timedelta(days=rng.uniform(0, 6) if new else rng.uniform(8, 365))
            offer = Offer.objects.create(
                title=f"Bench offer {n}",
                slug=f"bench-offer-{n}",
                summary="A development offer made up for the benchmark.",
                kind="course",
                provider="Bench hub",
                hub=hub,
                all_professions=rng.random() < 0.3,
                national=rng.random() < 0.3,
                delivery_mode="online",
                funding="free",
                backfill_paid=False,
                status="published",
                published_at=now - age,
            )
            if not offer.all_professions:
                offer.professions.set(rng.sample(professions, 3))
            if not offer.national:
                offer.icbs.set(rng.sample(icbs, 3))
    # Move the "new" offers up to this week again on every run.
    recent = Offer.objects.filter(published_at__gte=now - datetime.timedelta(days=30))
    for offer in recent.only("pk", "published_at"):
        offer.published_at = now - datetime.timedelta(days=rng.uniform(0, 6))
        offer.save(update_fields=["published_at"])


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database", default=os.environ.get("BENCH_DIGEST_DATABASE_URL", DEFAULT_DATABASE)
    )
    parser.add_argument(
        "--redis",
        default=os.environ.get("BENCH_REDIS_URL") or os.environ.get("REDIS_URL") or DEFAULT_REDIS,
    )
    parser.add_argument("--people", type=int, default=200_000)
    parser.add_argument("--offers", type=int, default=2_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=int, default=1800)
    args = parser.parse_args(argv)

    ensure_database(args.database)
    env = environment(args.database) | {
        "REDIS_URL": args.redis,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DIGEST_SEND_HOUR": "0",
    }
    os.environ.update(env)
    import django

    django.setup()
    from aiosmtpd.controller import Controller
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from portal.celery import app
    from portal.digest import services
    from portal.digest.models import DigestDelivery
    from tests.digest.conftest import free_port

    call_command("migrate", verbosity=0)
    t = time.monotonic()
    seed(args.people, args.offers, random.Random(2026))
    seeded = time.monotonic() - t

    sink = CountingSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    queue = f"bench-digest-{uuid.uuid4().hex[:8]}"
    worker_env = {
        **os.environ,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(port),
        "EMAIL_USE_TLS": "false",
        "EMAIL_USE_SSL": "false",
        "DIGEST_QUEUE": queue,
        "DATABASE_POOL_MAX": "2",
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "celery", "-A", "portal", "worker", "--pool=solo"]
    command += ["--queues", queue, "--loglevel=WARNING"]
    command += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
    workers = [
        subprocess.Popen(  # noqa: S603 (our own command line)
            [*command, "--hostname", f"{queue}-{n}@%h"],
            cwd=ROOT,
            env=worker_env,
            stdout=(RESULTS / f"digest-worker-{n}.log").open("w"),
            stderr=subprocess.STDOUT,
        )
        for n in range(args.workers)
    ]
    try:
        time.sleep(5)  # let the workers connect before the clock starts
        from django.conf import settings

        settings.DIGEST_QUEUE = queue
        app.conf.task_always_eager = False
        started = time.monotonic()
        t = time.monotonic()
        due = services.due_ids()
        select_seconds = time.monotonic() - t
        size = settings.DIGEST_BATCH_SIZE
        from portal.digest.tasks import digest_batch

        for i in range(0, len(due), size):
            digest_batch.apply_async(args=[due[i : i + size]], queue=queue)
        deadline = started + args.timeout
        while time.monotonic() < deadline:
            settled = DigestDelivery.objects.exclude(status="claimed").count()
            if settled >= len(due):
                break
            time.sleep(2)
        finished = sink.last or time.monotonic()
        peaks = [peak_rss_mb(w.pid) for w in workers]
    finally:
        for w in workers:
            w.terminate()
        for w in workers:
            w.wait(timeout=30)
        controller.stop()

    # Queries for one batch of 100, in this process, against a fresh period key.
    sample = list(
        services.reachable_people().exclude(digest_deliveries__isnull=False)[:100]
    ) or list(services.reachable_people()[:100])
    ids = [p.pk for p in sample]
    people = list(services._load(services.Person.objects.filter(pk__in=ids)))
    now = datetime.datetime.now(tz=datetime.UTC)
    since = {p.pk: now - datetime.timedelta(days=7) for p in people}
    with CaptureQueriesContext(connection) as build:
        services.build_digests(people, since, now)

    statuses = dict(
        DigestDelivery.objects.values_list("status").annotate(n=django.db.models.Count("pk"))
    )
    report = {
        "people": args.people,
        "offers": args.offers,
        "due": len(due),
        "seed_seconds": round(seeded, 1),
        "select_due_seconds": round(select_seconds, 2),
        "tick_to_last_message_seconds": round(finished - started, 1),
        "messages_per_second": round(sink.accepted / max(finished - started, 1e-9), 1),
        "messages_accepted": sink.accepted,
        "deliveries_by_status": statuses,
        "peak_rss_mb_per_worker": [round(p, 1) for p in peaks],
        "build_queries_per_batch_of_100": len(build),
        "batch_size": size,
        "workers": args.workers,
    }
    print(json.dumps(report, indent=2))
    (RESULTS / "digest.json").write_text(json.dumps(report, indent=2))
    rate, peak = report["messages_per_second"], max(report["peak_rss_mb_per_worker"] or [0])
    print(
        f"Digests: {rate:.0f} messages/s (target at least 320: 200,000 people in 10 minutes), "
        f"{peak:.0f} MB peak per worker (target at most 300), {args.workers} workers, "
        f"load average {os.getloadavg()[0]:.1f} (the figures are only as good as the machine "
        "is quiet; `python -m tests.bench.digest_profile` gives CPU per message)"
    )


if __name__ == "__main__":
    main()
