"""Matching a large mentoring round: 2,000 supporters (capacity 1 to 3), 20,000 seekers.

Run: `make bench`, or on its own: .venv/bin/python -m tests.bench.mentoring

Prints the time to solve (scoring, the sparse graph and min-cost flow; target <= 10 s),
peak memory of the process (target <= 1 GB), the matched share, and the total score
against a greedy best-pair-first baseline on the same candidate arcs.

Then the same size of round end to end on PostgreSQL (``BENCH_MENTORING_DATABASE_URL``,
default a ``mentoring_bench`` database, seeded once and kept): ``round_run`` loading the
requests and offers, scoring, solving and saving the proposed matches with their
reasons, in a fresh process so its peak memory is the run's own (targets: 5 s, 1 GB).
Figures go to var/bench-results/mentoring.json.
"""

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

from careers.mentoring import matching
from careers.mentoring.matching import Seeker, Supporter
from tests.bench.programmes import RESULTS, ensure_database, setup_django

SUPPORTERS, SEEKERS, PROFESSIONS, PRACTICES, ICBS = 2_000, 20_000, 20, 1_500, 42
KINDS = ["mentor", "sponsor", "coach"]
TOPICS = [f"topic {n}" for n in range(30)]


def round_of(seed: int = 6) -> tuple[list[Seeker], list[Supporter]]:
    rng = random.Random(seed)
    weights = [1 / (rank + 1) ** 0.7 for rank in range(PROFESSIONS)]
    supporters = [
        Supporter(
            id=n,
            person=n,
            kind=rng.choices(KINDS, [5, 2, 3])[0],
            capacity=rng.randint(1, 3),
            profession=rng.choices(range(PROFESSIONS), weights)[0],
            practice=rng.randrange(PRACTICES),
            dimensions=frozenset(rng.sample(range(9), rng.randint(1, 4))),
            topics=frozenset(rng.sample(TOPICS, rng.randint(0, 4))),
            any_profession=rng.random() < 0.8,
            icbs=frozenset(rng.sample(range(ICBS), rng.randint(0, 2))),
            remote=rng.random() < 0.7,
        )
        for n in range(SUPPORTERS)
    ]
    seekers = [
        Seeker(
            id=n,
            person=SUPPORTERS + n,
            kind=rng.choices(KINDS, [5, 2, 3])[0],
            profession=rng.choices(range(PROFESSIONS), weights)[0],
            practice=rng.randrange(PRACTICES),
            dimensions=frozenset(rng.sample(range(9), rng.randint(1, 3))),
            topics=frozenset(rng.sample(TOPICS, rng.randint(0, 2))),
            preference=rng.choice(["same", "other", "either"]),
            icb=rng.randrange(ICBS),
            remote=rng.random() < 0.8,
            excluded=frozenset(rng.sample(range(SUPPORTERS), rng.randint(0, 2))),
        )
        for n in range(SEEKERS)
    ]
    return seekers, supporters


DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/mentoring_bench"
ROUND_NAME = "Bench round"


def seed_round(seed: int = 6) -> None:
    """People, practices, offers and requests as in `round_of`, saved (once)."""
    from django.contrib.auth.models import Group
    from django.db import connection, transaction

    from careers.mentoring.models import (
        COORDINATORS,
        MatchingRound,
        SupportOffer,
        SupportRequest,
    )
    from portal.models import (
        ICB,
        LeadershipDimension,
        Organisation,
        OrganisationKind,
        Person,
        Profession,
    )

    if MatchingRound.objects.filter(name=ROUND_NAME).exists():
        return
    print("Seeding a round of 20,000 requests and 2,000 offers…", flush=True)
    seekers, supporters = round_of(seed)
    icbs = list(ICB.objects.order_by("pk"))
    professions = list(Profession.objects.order_by("pk"))
    dimensions = list(LeadershipDimension.objects.order_by("pk"))
    with transaction.atomic():
        hub = Organisation.objects.create(
            kind=OrganisationKind.TRAINING_HUB, name="Bench mentoring hub", icb=icbs[0]
        )
        coordinator = Person.objects.create_user(
            "bench-coordinator@example.org", full_name="Bench Co-ordinator", organisation=hub
        )
        coordinator.groups.add(Group.objects.get(name=COORDINATORS))
        practices = Organisation.objects.bulk_create(
            Organisation(
                kind=OrganisationKind.PRACTICE,
                name=f"Bench practice {n}",
                icb=icbs[n % len(icbs)],
            )
            for n in range(PRACTICES)
        )
        people = Person.objects.bulk_create(
            Person(
                email=f"bench-mentoring-{record.person}@example.org",
                full_name=f"Bench Person {record.person}",
                password="!",
                profession=professions[record.profession % len(professions)],
                organisation=practices[record.practice],
            )
            for record in [*supporters, *seekers]
        )
        records = [*supporters, *seekers]
        person = {record.person: p for record, p in zip(records, people, strict=True)}
        offers = SupportOffer.objects.bulk_create(
            SupportOffer(
                person=person[s.person],
                kind=s.kind,
                accreditation="Bench coaching body" if s.kind == "coach" else "",
                capacity=s.capacity,
                professions="any" if s.any_profession else "own",
                topics="\n".join(sorted(s.topics)),
                remote=s.remote,
            )
            for s in supporters
        )
        SupportOffer.dimensions.through.objects.bulk_create(
            SupportOffer.dimensions.through(supportoffer_id=o.pk, leadershipdimension_id=d.pk)
            for o, s in zip(offers, supporters, strict=True)
            for d in (dimensions[n] for n in sorted(s.dimensions))
        )
        SupportOffer.icbs.through.objects.bulk_create(
            SupportOffer.icbs.through(supportoffer_id=o.pk, icb_id=icbs[n].pk)
            for o, s in zip(offers, supporters, strict=True)
            for n in sorted(s.icbs)
        )
        matching_round = MatchingRound.objects.create(name=ROUND_NAME, hub=hub, standing=True)
        requests = SupportRequest.objects.bulk_create(
            SupportRequest(
                round=matching_round,
                seeker=person[s.person],
                kind=s.kind,
                goals="Lead the network's work.",
                topics="\n".join(sorted(s.topics)),
                profession_preference=s.preference,
                icb=icbs[s.icb],
                remote=s.remote,
            )
            for s in seekers
        )
        SupportRequest.dimensions.through.objects.bulk_create(
            SupportRequest.dimensions.through(
                supportrequest_id=r.pk, leadershipdimension_id=dimensions[n].pk
            )
            for r, s in zip(requests, seekers, strict=True)
            for n in sorted(s.dimensions)
        )
        SupportRequest.exclusions.through.objects.bulk_create(
            SupportRequest.exclusions.through(supportrequest_id=r.pk, person_id=person[n].pk)
            for r, s in zip(requests, seekers, strict=True)
            for n in sorted(s.excluded)
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _peak_mb() -> int:
    """This process's own peak resident memory. (ru_maxrss would carry over the peak of
    the process that started it, across exec, on Linux.)"""
    status = Path("/proc/self/status").read_text()
    return round(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024)


def run_round() -> dict:
    """One timed `round_run`, in a process that has done nothing else, with the time of
    its two big parts (loading the round, scoring and solving) taken inside it."""
    from unittest import mock

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from careers.mentoring import services
    from careers.mentoring.models import Match, MatchingRound
    from portal.models import Person

    matching_round = MatchingRound.objects.get(name=ROUND_NAME)
    by = Person.objects.get(email="bench-coordinator@example.org")
    before_mb = _peak_mb()
    parts: dict[str, float] = {}

    def timed(name, function):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                parts[name] = time.perf_counter() - started

        return wrapper

    started = time.perf_counter()
    with (
        CaptureQueriesContext(connection) as queries,
        mock.patch.object(services, "_records", timed("load", services._records)),
        mock.patch.object(matching, "solve", timed("solve", matching.solve)),
    ):
        result = services.round_run(matching_round=matching_round, by=by)
    elapsed = time.perf_counter() - started
    return {
        "seconds": round(elapsed, 2),
        "load_seconds": round(parts["load"], 2),
        "solve_seconds": round(parts["solve"], 2),
        "peak_mb": _peak_mb(),
        "peak_mb_before_run": before_mb,
        "queries": len(queries),
        "matched": len(result.matches),
        "proposals_saved": Match.objects.filter(round=matching_round).count(),
        "requests": matching_round.requests.count(),
    }


def end_to_end(database: str) -> dict:
    for step in ("--seed", "--run"):
        subprocess.run(  # noqa: S603 - fixed arguments
            [sys.executable, "-m", "tests.bench.mentoring", step, f"--database={database}"],
            # The results go where this process reads them, not under a server's VAR_DIR.
            env={**os.environ, "VAR_DIR": str(RESULTS.parent)},
            check=True,
        )
    return json.loads((RESULTS / "mentoring.json").read_text())


def main() -> None:
    solver_only()
    database = os.environ.get("BENCH_MENTORING_DATABASE_URL", DEFAULT_DATABASE)
    report = end_to_end(database)
    print(
        f"end to end (round_run)   {report['seconds']:.2f} s (target <= 5 s), "
        f"peak {report['peak_mb']} MB (target <= 1024 MB; {report['peak_mb_before_run']} MB "
        f"before the run), {report['queries']} queries, {report['proposals_saved']:,} "
        f"proposals saved for {report['requests']:,} requests"
    )
    print(
        f"    of which: loading the round {report['load_seconds']:.2f} s, scoring and "
        f"solving {report['solve_seconds']:.2f} s, the rest saving proposals and reasons"
    )
    print(f"Written to {RESULTS / 'mentoring.json'}")


def solver_only() -> None:
    seekers, supporters = round_of()
    under = set(range(10, PROFESSIONS))
    started = time.perf_counter()
    solved = matching.solve(seekers, supporters, under)
    elapsed = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    greedy = matching.greedy(seekers, supporters, under)
    greedy_elapsed = time.perf_counter() - started
    places = sum(s.capacity for s in supporters)
    print(f"Mentoring round: {SEEKERS:,} seekers, {SUPPORTERS:,} supporters ({places:,} places)")
    print(f"time to solve            {elapsed:.2f} s (target <= 10 s)")
    print(f"peak memory              {peak_mb:.0f} MB (target <= 1024 MB)")
    print(
        f"matched                  {len(solved.matches):,} "
        f"({100 * len(solved.matches) / SEEKERS:.1f}% of seekers; greedy {len(greedy.matches):,})"
    )
    print(
        f"total score              {solved.total:,} against greedy's {greedy.total:,} "
        f"({100 * (solved.total - greedy.total) / max(greedy.total, 1):+.2f}%; "
        f"greedy took {greedy_elapsed:.2f} s)"
    )


def _step(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seed", action="store_true")
    parser.add_argument("--run", action="store_true")
    parser.add_argument("--database", default=DEFAULT_DATABASE)
    args = parser.parse_args(argv)
    ensure_database(args.database)
    setup_django(args.database)
    from django.core.management import call_command

    if args.seed:
        call_command("migrate", verbosity=0)
        seed_round()
    if args.run:
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "mentoring.json").write_text(json.dumps(run_round(), indent=2))


if __name__ == "__main__":
    if len(sys.argv) > 1:
        _step(sys.argv[1:])
    else:
        main()
