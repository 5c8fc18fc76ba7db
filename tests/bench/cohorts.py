"""Forming action learning sets at scale: 500 people, 20 professions, 80 practices.

Run: `make bench`, or on its own: .venv/bin/python -m tests.bench.cohorts

Prints the solver's time, pairs of people from the same practice sharing a set, and the
average number of distinct professions per set against the best possible
(min(set size, professions available)) and against a random allocation.
"""

import random
import statistics
import time
from collections import Counter

from cohorts.allocation import (
    EXACT_LIMIT,
    Candidate,
    allocate,
    distinct_professions,
    same_practice_pairs,
    set_sizes,
)

PEOPLE, PROFESSIONS, PRACTICES, PCNS = 500, 20, 80, 16


def cohort(seed: int = 5) -> list[Candidate]:
    rng = random.Random(seed)
    # Professions are uneven in real cohorts: nurses and GPs far outnumber paramedics.
    weights = [1 / (rank + 1) ** 0.7 for rank in range(PROFESSIONS)]
    people = []
    for number in range(PEOPLE):
        practice = rng.randrange(PRACTICES)
        people.append(
            Candidate(
                id=number + 1,
                profession=rng.choices(range(PROFESSIONS), weights)[0],
                practice=f"practice {practice}",
                pcn=f"PCN {practice % PCNS}",
            )
        )
    return people


def main() -> None:
    people = cohort()
    started = time.perf_counter()
    allocation = allocate(people, min_size=5, max_size=8)
    elapsed = time.perf_counter() - started
    groups = allocation.groups
    available = len({p.profession for p in people})
    mix = statistics.mean(distinct_professions(people, groups))
    best = statistics.mean(min(len(g), available) for g in groups)
    # With uneven professions the real ceiling is lower: a profession can add to at
    # most as many sets as it has people.
    counts = Counter(p.profession for p in people)
    ceiling = sum(min(n, len(groups)) for n in counts.values()) / len(groups)
    rng = random.Random(1)
    shuffled = [p.id for p in people]
    rng.shuffle(shuffled)
    random_groups, start = [], 0
    for size in set_sizes(len(people), 5, 8):
        random_groups.append(shuffled[start : start + size])
        start += size
    random_mix = statistics.mean(distinct_professions(people, random_groups))
    print(
        f"people {len(people)}, professions {available}, practices {PRACTICES}, sets {len(groups)}"
    )
    print(f"time                     {elapsed:.2f} s (target <= 2 s)")
    print(
        f"same-practice pairs      {same_practice_pairs(people, groups)} (target 0; random "
        f"{same_practice_pairs(people, random_groups)})"
    )
    print(
        f"professions per set      {mix:.2f} (best possible {best:.2f}, ceiling for this "
        f"cohort {ceiling:.2f}, random {random_mix:.2f})"
    )
    print(
        f"proved optimal           {allocation.optimal} (CP-SAT is asked only up to "
        f"{EXACT_LIMIT} people; the profession mix above meets this cohort's ceiling)"
        if mix >= ceiling - 1e-9
        else f"proved optimal           {allocation.optimal}"
    )
    again = allocate(people, min_size=5, max_size=8)
    print(f"same answer on a re-run  {again.groups == groups}")


if __name__ == "__main__":
    main()
