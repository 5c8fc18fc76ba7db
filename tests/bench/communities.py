"""Communities benchmark: `make bench`, or on its own: .venv/bin/python -m tests.bench.communities

On PostgreSQL (``BENCH_COMMUNITIES_DATABASE_URL``, default a ``communities_bench``
database on the local server, created if missing and kept between runs) it:

1. seeds one open community with 10,000 threads and 100,000 replies, one of the
   threads holding 500 replies (seeded in bulk, not through the services: the figures
   are about reading);
2. measures p50/p95 server time, in process and uncached (nothing on these pages is
   cached), and the number of queries, beside a trivial view as the floor of a shared
   machine, for the community's first and a deep page of
   threads and the first and last page of the 500-reply thread (target: p50 at most
   20 ms, the same number of queries on every page);
3. reports ``EXPLAIN ANALYZE`` of the search queries a member runs across the
   100,000 posts (target: 10 ms or less of database time, using the GIN indexes).

Figures are printed and written to ``var/bench-results/communities.json``.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import statistics
import time

from tests.bench.programmes import RESULTS, ensure_database, setup_django

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/communities_bench"
THREADS, REPLIES, LONG_THREAD = 10_000, 100_000, 500
SEARCHES = ["frailty clinic", "appraisal paperwork", "care navigator rota"]

SUBJECTS = [
    "frailty clinic", "care navigator rota", "appraisal paperwork", "ARRS recruitment",
    "long-term condition reviews", "practice meeting", "home visits", "protected learning time",
    "triage", "smear recall", "asthma reviews", "clinical supervision", "QOF targets",
    "social prescribing", "medication reviews", "staff wellbeing", "patient group",
]  # fmt: skip
OPENERS = [
    "How do you handle", "Has anyone changed", "We are struggling with", "Tips wanted on",
    "What worked for you with", "Looking for templates for", "Sharing our approach to",
]  # fmt: skip
PHRASES = [
    "we tried a weekly huddle", "the partners agreed after we showed the numbers",
    "our PCN pharmacist took the lead", "it took three months to settle",
    "we protected thirty minutes a week", "patients liked the clearer letters",
    "the rota is shared in a spreadsheet", "supervision happens fortnightly",
    "we asked the training hub for help", "it saved the GPs about an hour a day",
]  # fmt: skip


def _text(rng: random.Random, sentences: int) -> str:
    return " ".join(
        f"{rng.choice(PHRASES).capitalize()} and {rng.choice(SUBJECTS)} improved."
        for _ in range(sentences)
    )


def seed(rng: random.Random) -> dict:
    from django.contrib.postgres.search import SearchVector
    from django.db import transaction
    from django.db.models import Count, Max
    from django.utils import timezone

    from cohorts.communities.models import Community, CommunityMembership, Reply, Thread
    from portal.models import Person

    community = Community.objects.filter(name="Benchmark community").first()
    if community and Reply.objects.filter(thread__community=community).count() >= REPLIES:
        _fill_html(community)
        long_thread = community.threads.order_by("-reply_count").first()
        return {"community": community, "long_thread": long_thread}
    print("Seeding 10,000 threads and 100,000 replies…", flush=True)
    started = time.monotonic()
    with transaction.atomic():
        Community.objects.filter(name="Benchmark community").delete()
        community = Community.objects.create(
            name="Benchmark community", purpose="Measured.", visibility="open"
        )
        joined = timezone.now() - datetime.timedelta(days=400)
        people = Person.objects.bulk_create(
            Person(
                email=f"bench{n}@example.nhs.uk", full_name=f"Bench Person {n}",
                date_joined=joined,
            )
            for n in range(200)
        )  # fmt: skip
        CommunityMembership.objects.bulk_create(
            CommunityMembership(community=community, person=p) for p in people
        )
        start = timezone.now() - datetime.timedelta(days=700)
        threads = Thread.objects.bulk_create(
            (
                Thread(
                    community=community,
                    author=rng.choice(people),
                    title=f"{rng.choice(OPENERS)} {rng.choice(SUBJECTS)}?",
                    body=_text(rng, 3),
                    created_at=start + datetime.timedelta(minutes=6 * n),
                    last_activity_at=start + datetime.timedelta(minutes=6 * n),
                )
                for n in range(THREADS)
            ),
            batch_size=2_000,
        )
        long_thread = threads[THREADS // 2]
        targets = [long_thread] * LONG_THREAD + [
            rng.choice(threads) for _ in range(REPLIES - LONG_THREAD)
        ]
        Reply.objects.bulk_create(
            (
                Reply(
                    thread=thread,
                    author=rng.choice(people),
                    body=_text(rng, 2),
                    created_at=thread.created_at + datetime.timedelta(minutes=rng.randint(1, 9000)),
                )
                for thread in targets
            ),
            batch_size=5_000,
        )
        counts = (
            Reply.objects.filter(thread__community=community)
            .values("thread")
            .annotate(n=Count("pk"), last=Max("created_at"))
        )
        by_thread = {row["thread"]: row for row in counts}
        for thread in threads:
            row = by_thread.get(thread.pk)
            if row:
                thread.reply_count, thread.last_activity_at = row["n"], row["last"]
        Thread.objects.bulk_update(threads, ["reply_count", "last_activity_at"], batch_size=2_000)
        Community.objects.filter(pk=community.pk).update(thread_count=THREADS)
        Thread.objects.filter(community=community).update(
            search_vector=SearchVector("title", weight="A", config="english")
            + SearchVector("body", weight="B", config="english")
        )
        Reply.objects.filter(thread__community=community).update(
            search_vector=SearchVector("body", weight="B", config="english")
        )
    _fill_html(community)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE cohorts_thread")
        cursor.execute("VACUUM ANALYZE cohorts_reply")
    print(f"  seeded in {time.monotonic() - started:.0f} s", flush=True)
    long_thread.refresh_from_db()
    return {"community": community, "long_thread": long_thread}


def _fill_html(community) -> None:
    """The services store each post's HTML when it is written; bulk seeding does not."""
    from cohorts.communities import markup
    from cohorts.communities.models import Reply, Thread

    for model, lookup in ((Thread, "community"), (Reply, "thread__community")):
        while rows := list(
            model.objects.filter(**{lookup: community}, body_html="").only("body")[:5_000]
        ):
            markup.refresh(rows)


def server_times(seeded: dict, repeats: int) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    community, thread = seeded["community"], seeded["long_thread"]
    member = community.memberships.select_related("person").first().person
    client = Client()
    client.force_login(member)
    last = (thread.reply_count - 1) // 50 + 1
    pages = {
        # The floor on this machine at this moment: sign-in middleware, no view work.
        "trivial view (baseline)": "/bench/trivial/",
        "thread list, page 1": f"/communities/{community.pk}/",
        "thread list, page 200": f"/communities/{community.pk}/?page=200",
        "500-reply thread, page 1": f"/conversations/{thread.pk}/",
        f"500-reply thread, page {last}": f"/conversations/{thread.pk}/?page={last}",
    }
    results = {}
    for label, url in pages.items():
        assert client.get(url).status_code == 200, url
        timings = []
        for _ in range(repeats):
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        timings.sort()
        results[label] = {
            "queries": len(queries),
            "p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 1),
        }
    return results


def _plan(sql: str, params) -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0][0]
    text = json.dumps(plan["Plan"])
    return {
        "execution_ms": round(plan["Execution Time"], 2),
        "planning_ms": round(plan["Planning Time"], 2),
        "uses_gin_index": "_search_gin" in text,
    }


def explain_searches(seeded: dict) -> dict:
    """The two queries the search page runs for a member (threads, then replies)."""
    from django.db.models import Q

    from cohorts.communities import search
    from cohorts.communities.models import Community, Reply, Thread

    member = seeded["community"].memberships.select_related("person").first().person
    # As selectors.search_posts: the readable communities first, as a list.
    readable = list(Community.objects.readable_by(member).values_list("pk", flat=True))
    results = {}
    for text in SEARCHES:
        threads = search.matching(
            Thread.objects.filter(community_id__in=readable).shown(), text, ("title", "body")
        )[: search.LIMIT]
        replies = search.matching(
            Reply.objects.filter(
                thread__community_id__in=readable, thread__hidden_at__isnull=True
            ).shown(),
            text,
            ("body",),
        )[: search.LIMIT]
        matches = Reply.objects.filter(Q(search_vector=search.SearchQuery(text, config="english")))
        results[text] = {
            "matching_replies": matches.count(),
            "threads": _plan(*threads.query.sql_with_params()),
            "replies": _plan(*replies.query.sql_with_params()),
        }
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database", default=os.environ.get("BENCH_COMMUNITIES_DATABASE_URL", DEFAULT_DATABASE)
    )
    parser.add_argument("--repeats", type=int, default=40)
    args = parser.parse_args(argv)
    ensure_database(args.database)
    setup_django(args.database)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    seeded = seed(random.Random(2026))
    figures = {
        "threads": THREADS,
        "replies": REPLIES,
        "pages": server_times(seeded, args.repeats),
        "searches": explain_searches(seeded),
    }
    print(json.dumps(figures, indent=2))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "communities.json").write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
