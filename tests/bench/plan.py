"""The plan page (the signed-in home) for a member with everything, and her calendar feed.

Run: `make bench`, or on its own: .venv/bin/python -m tests.bench.plan

Seeds a fresh PostgreSQL database (``BENCH_PLAN_DATABASE_URL``, default ``plan_bench``,
dropped and made again each run) with a catalogue of ``--offers`` offers that develop
leadership dimensions, and Nia with ``--copies`` of everything that repeats in her plan
(saved, interested and applied offers, log entries, cohort sessions, set meetings and
actions) besides a match to answer, 360 results to read, a request from a colleague,
ground rules to accept and a mentoring end date. Then, in process with DEBUG off, it
times ``--repeats`` requests of ``/`` and of her calendar feed after a warm-up and
prints the query count and p50/p95 server time of each. Figures go to
var/bench-results/plan.json.
"""

import argparse
import json
import os
import statistics
import time
from urllib.parse import urlsplit

from tests.bench.programmes import RESULTS, ensure_database, setup_django

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/plan_bench"


def fresh_database(database_url: str) -> None:
    import psycopg

    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    ensure_database(database_url)


def timed(client, url: str, repeats: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(5):
        assert client.get(url).status_code == 200, url
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    timings.sort()
    return {
        "queries": len(queries),
        "bytes": len(response.content),
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[max(int(len(timings) * 0.95) - 1, 0)], 1),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database", default=os.environ.get("BENCH_PLAN_DATABASE_URL", DEFAULT_DATABASE)
    )
    parser.add_argument("--offers", type=int, default=1_000)
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=50)
    args = parser.parse_args(argv)

    fresh_database(args.database)
    # The seed's services send email (match proposals, 360 invitations): send them in
    # process to memory, not through a broker that is not running.
    os.environ.update(
        CELERY_TASK_ALWAYS_EAGER="true",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    )
    setup_django(args.database)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from portal.models import LeadershipDimension
    from portal.plan import selectors as plan_selectors
    from tests.portal.plan_world import member_with_everything
    from tests.programmes.factories import OfferFactory

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    started = time.perf_counter()
    dimensions = list(LeadershipDimension.objects.all())
    for n in range(args.offers):
        OfferFactory(dimensions=dimensions[n % 9 : n % 9 + 2])
    world = member_with_everything(copies=args.copies)
    seeded = time.perf_counter() - started
    # As autovacuum would soon after a load: without statistics the planner guesses
    # badly at the recommendations' query (220 ms instead of a few).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    client = Client()
    client.force_login(world.nia)
    plan = plan_selectors.plan_for(world.nia)
    feed_url = world.nia.plan_calendar.get_absolute_url()
    report = {
        "conditions": f"in process, DEBUG off, PostgreSQL on loopback, {os.cpu_count()} cores "
        "shared with other work",
        "offers": args.offers,
        "copies": args.copies,
        "seed_seconds": round(seeded, 1),
        "tasks": len(plan.tasks),
        "coming_up_shown": len(plan.coming_up),
        "coming_up_later": plan.more_coming,
        "plan_page": timed(client, "/", args.repeats),
        "calendar_feed": timed(Client(), feed_url, args.repeats),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "plan.json").write_text(json.dumps(report, indent=2))
    print(f"Plan: {args.offers:,} offers in the catalogue, {args.copies} of each repeating item")
    for label in ("plan_page", "calendar_feed"):
        row = report[label]
        print(
            f"{label:14} {row['queries']:3} queries  p50 {row['p50_ms']:6.1f} ms  "
            f"p95 {row['p95_ms']:6.1f} ms  {row['bytes']:,} bytes"
        )


if __name__ == "__main__":
    main()
