"""Matching a large mentoring round: 2,000 supporters (capacity 1 to 3), 20,000 seekers.

Run: `make bench`, or on its own: .venv/bin/python -m tests.bench.mentoring

Prints the time to solve (scoring, the sparse graph and min-cost flow; target <= 10 s),
peak memory of the process (target <= 1 GB), the matched share, and the total score
against a greedy best-pair-first baseline on the same candidate arcs.
"""

import random
import resource
import time

from careers.mentoring import matching
from careers.mentoring.matching import Seeker, Supporter

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


def main() -> None:
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


if __name__ == "__main__":
    main()
