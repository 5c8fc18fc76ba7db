"""Insights with 200,000 members: `python -m tests.bench.insights` (part of `make bench`).

On PostgreSQL (``BENCH_INSIGHTS_DATABASE_URL``, default an ``insights_bench`` database on
the local server, created if missing and kept between runs) it seeds 200,000 members in
600 practices across every ICB (about one in ten holding a leadership role, started
over the last two years), 20,000 applications to 400 offers, 20,000 self-assessments,
5,000 cohort memberships and twelve weeks of digest deliveries, then times every
insights page through Django's test client, signed in as a curator whose hub serves
three ICBs and as a superuser looking at all England: the server time with the page
counted afresh (p50 and p95 of 10 views; target 500 ms) and when the kept figures are
reused, and the queries each page makes. Figures go to var/bench-results/insights.json.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import statistics
import time
from functools import partial

from tests.bench.programmes import RESULTS, ensure_database, setup_django

DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/insights_bench"
MEMBERS, APPLICATIONS, OFFERS, ASSESSMENTS, COHORT_MEMBERS = 200_000, 20_000, 400, 20_000, 5_000
PRACTICES, PCNS = 600, 120
BATCH = 10_000


def seed(rng: random.Random) -> None:
    from django.db import connection
    from django.utils import timezone

    from careers.models import Assessment
    from cohorts.models import Cohort, Membership
    from portal.digest.models import DigestDelivery
    from portal.models import ICB, Organisation, Person, Profession
    from programmes.models import Application

    # Each stage checks its own rows, so that a run stopped half-way picks up from there.
    now = timezone.now()
    icbs = list(ICB.objects.all())
    professions = list(Profession.objects.all())
    weights = [30 if p.slug == "gp" else 18 if "nurse" in p.slug else 4 for p in professions]
    if not Organisation.objects.filter(name="Bench Training Hub").exists():
        _seed_places(icbs)
    hub = Organisation.objects.get(name="Bench Training Hub")
    members = Person.objects.filter(email__regex=r"^bench-[0-9]")
    added_people = members.count() < MEMBERS
    if added_people:
        _seed_people(rng, now, members.count(), professions, weights)
    person_ids = list(members.values_list("pk", flat=True))
    if not Application.objects.exists():
        _seed_applications(rng, now, hub, person_ids)
    if not Assessment.objects.exists():
        _seed_assessments(rng, now, person_ids)
    if not Membership.objects.exists():
        cohorts = [
            Cohort.objects.create(
                name=f"Bench cohort {n}",
                description="Bench",
                hub=hub,
                start_date=now.date(),
                end_date=now.date() + datetime.timedelta(days=200),
            )
            for n in range(20)
        ]
        Membership.objects.bulk_create(
            Membership(cohort=rng.choice(cohorts), person_id=person)
            for person in rng.sample(person_ids, COHORT_MEMBERS)
        )
    if added_people or not DigestDelivery.objects.exists():
        _seed_deliveries()
    _seed_addresses()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _seed_places(icbs) -> None:
    from django.db import transaction

    from portal.models import Organisation, OrganisationKind, Person
    from tests.programmes.factories import HubFactory

    with transaction.atomic():
        hub = HubFactory(name="Bench Training Hub", icb=icbs[0])
        hub.serves_icbs.set(icbs[:3])
        pcns = Organisation.objects.bulk_create(
            Organisation(kind=OrganisationKind.PCN, name=f"Bench PCN {n}", icb=icbs[n % len(icbs)])
            for n in range(PCNS)
        )
        Organisation.objects.bulk_create(
            Organisation(
                kind=OrganisationKind.PRACTICE,
                name=f"Bench practice {n}",
                icb=pcns[n % PCNS].icb,
                pcn=pcns[n % PCNS],
            )
            for n in range(PRACTICES)
        )
        Person.objects.create_user(
            "bench-curator@example.org", full_name="Bench Curator", is_staff=True, organisation=hub
        )
        Person.objects.create_superuser("bench-admin@example.org", full_name="Bench Admin")


def _seed_people(rng, now, already: int, professions, weights) -> None:
    """Members in batches, carrying on from `already` if a run stopped half-way."""
    from django.db import transaction

    from portal.models import HeldRole, HeldRoleKind, Organisation, OrganisationKind, Person

    practices = list(
        Organisation.objects.filter(kind=OrganisationKind.PRACTICE, name__startswith="Bench ")
    )
    for start in range(already, MEMBERS, BATCH):  # each batch is all or nothing
        with transaction.atomic():
            people = Person.objects.bulk_create(
                Person(
                    email=f"bench-{n:06d}@example.org",
                    full_name=f"Bench Member {n}",
                    password="!",  # unusable: nobody signs in as them
                    profession=rng.choices(professions, weights)[0],
                    organisation=rng.choice(practices),
                    date_joined=now - datetime.timedelta(days=rng.randint(1, 900)),
                )
                for n in range(start, start + BATCH)
            )
            HeldRole.objects.bulk_create(
                HeldRole(
                    person=person,
                    kind=rng.choice(HeldRoleKind.values),
                    started_at=now - datetime.timedelta(days=rng.randint(1, 730)),
                    ended_at=None if rng.random() < 0.85 else now - datetime.timedelta(days=1),
                )
                for person in people
                if rng.random() < (0.45 if person.profession.slug == "gp" else 0.06)
            )


def _seed_applications(rng, now, hub, person_ids) -> None:
    from django.db import connection, transaction

    from programmes.models import Application, ApplicationStatus
    from tests.programmes.factories import HubFactory, IntakeFactory, OfferFactory

    with transaction.atomic():
        elsewhere = HubFactory(name="Bench other hub")
        offers = [OfferFactory(hub=hub if n % 4 == 0 else elsewhere) for n in range(OFFERS)]
        intakes = {offer.pk: IntakeFactory(offer=offer, places=40) for offer in offers}
        pairs = set()
        while len(pairs) < APPLICATIONS:
            pairs.add((rng.choice(person_ids), rng.choice(offers).pk))
        statuses = [
            ApplicationStatus.APPLIED,
            ApplicationStatus.ACCEPTED,
            ApplicationStatus.COMPLETED,
        ]
        Application.objects.bulk_create(
            (
                Application(
                    person_id=person,
                    offer_id=offer,
                    intake=intakes[offer],
                    status=rng.choice(statuses),
                    status_changed_at=now - datetime.timedelta(days=rng.randint(0, 700)),
                )
                for person, offer in pairs
            ),
            batch_size=BATCH,
        )
        # created_at is auto_now_add: spread it over two years for the quarterly trend.
        with connection.cursor() as cursor:
            cursor.execute("UPDATE programmes_application SET created_at = status_changed_at")


def _seed_assessments(rng, now, person_ids) -> None:
    from django.db import transaction

    from careers.models import Assessment, Rating
    from portal.models import LeadershipDimension

    dimensions = list(LeadershipDimension.objects.all())
    with transaction.atomic():
        assessments = Assessment.objects.bulk_create(
            Assessment(
                person_id=person, created_at=now - datetime.timedelta(days=rng.randint(0, 400))
            )
            for person in rng.sample(person_ids, ASSESSMENTS)
        )
        Rating.objects.bulk_create(
            (
                Rating(
                    assessment=assessment,
                    dimension=dimension,
                    level=(level := rng.randint(1, 4)),
                    target=min(4, level + rng.randint(0, 2)),
                )
                for assessment in assessments
                for dimension in dimensions
            ),
            batch_size=BATCH,
        )


def _seed_addresses() -> None:
    """A verified primary address for every member: insights count no one without one.

    (ON CONFLICT rather than NOT EXISTS: the anti-join would scan the rows the same
    statement is inserting, which made it quadratic.)"""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO account_emailaddress (user_id, email, verified, "primary")
            SELECT p.id, p.email, true, true
            FROM portal_person p
            WHERE p.email ~ '^bench-[0-9]'
            ON CONFLICT DO NOTHING
            """
        )


def _seed_deliveries() -> None:
    from django.db import connection

    # Twelve weeks of weekly digests for everyone: 2.4 million rows, written by SQL.
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO portal_digestdelivery
                (person_id, period, status, claim, attempts, window_start, sent_at,
                 subject, error, created_at)
            SELECT p.id, 'W' || to_char(w.monday, 'YYYY-MM-DD'), 'sent', '', 1,
                   w.monday - interval '7 days', w.monday + interval '7 hours',
                   '', '', w.monday
            FROM portal_person p
            CROSS JOIN (
                SELECT date_trunc('week', now()) - (n * interval '7 days') AS monday
                FROM generate_series(0, 11) AS n
            ) w
            WHERE p.email ~ '^bench-[0-9]'
            ON CONFLICT DO NOTHING
            """
        )


def _counted(queries: list, execute, sql, *args):
    queries.append(sql)
    return execute(sql, *args)


def time_pages(person, repeats: int) -> dict:
    from django.db import connection
    from django.test import Client, override_settings

    from portal.insights.registry import insights

    client = Client()
    client.force_login(person)
    keys = ["index", "diversity", *[page.key for page in insights.pages()]]
    results = {}
    for key in keys:
        url = "/insights/" if key == "index" else f"/insights/{key}/"
        with override_settings(INSIGHTS_CACHE_SECONDS=0):
            assert client.get(url).status_code == 200, url
            timings = []
            for _ in range(repeats):
                started = time.perf_counter()
                client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            # Django empties its query log when a request starts, so count at the driver.
            queries = []
            with connection.execute_wrapper(partial(_counted, queries)):
                client.get(url)
        with override_settings(INSIGHTS_CACHE_SECONDS=600):
            client.get(url)
            started = time.perf_counter()
            client.get(url)
            kept = (time.perf_counter() - started) * 1000
        timings.sort()
        results[key] = {
            "queries": len(queries),
            "p50_ms": round(statistics.median(timings), 1),
            "p95_ms": round(timings[max(int(len(timings) * 0.95) - 1, 0)], 1),
            "kept_figures_ms": round(kept, 1),
        }
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database", default=os.environ.get("BENCH_INSIGHTS_DATABASE_URL", DEFAULT_DATABASE)
    )
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args(argv)
    ensure_database(args.database)
    setup_django(args.database)
    from django.core.management import call_command

    from portal.models import Person
    from programmes.models import Application

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    started = time.perf_counter()
    seed(random.Random(8))
    seeded = time.perf_counter() - started
    report = {
        "members": Person.objects.filter(email__regex=r"^bench-[0-9]").count(),
        "applications": Application.objects.count(),
        "seed_seconds": round(seeded, 1),
        "curator_hub_of_three_icbs": time_pages(
            Person.objects.get(email="bench-curator@example.org"), args.repeats
        ),
        "superuser_all_england": time_pages(
            Person.objects.get(email="bench-admin@example.org"), args.repeats
        ),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "insights.json").write_text(json.dumps(report, indent=2))
    print()
    print(f"Insights: {report['members']:,} members, {report['applications']:,} applications")
    for who in ("curator_hub_of_three_icbs", "superuser_all_england"):
        print(f"  {who.replace('_', ' ')}: counted afresh p50 / p95, then with kept figures")
        for key, figures in report[who].items():
            flag = "" if figures["p95_ms"] <= 500 else "  (over 500 ms)"
            print(
                f"    {key:<10} {figures['p50_ms']:>7.1f} / {figures['p95_ms']:>7.1f} ms,"
                f" {figures['queries']:>2} queries; kept {figures['kept_figures_ms']:.1f} ms{flag}"
            )


if __name__ == "__main__":
    main()
