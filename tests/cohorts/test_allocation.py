import random

import pytest

from cohorts.allocation import (
    AllocationError,
    Candidate,
    _greedy,
    _Score,
    allocate,
    distinct_professions,
    same_practice_pairs,
    set_sizes,
)


def cohort(size: int, professions: int, practices: int, seed: int = 3) -> list[Candidate]:
    rng = random.Random(seed)  # repeatable test data, not a secret
    return [
        Candidate(
            id=n,
            profession=rng.randrange(professions),
            practice=rng.randrange(practices),
            pcn=rng.randrange(4),
        )
        for n in range(1, size + 1)
    ]


def test_it_makes_as_few_sets_as_possible_with_even_sizes():
    assert set_sizes(16, 5, 8) == [8, 8]
    assert set_sizes(17, 5, 8) == [6, 6, 5]


def test_it_refuses_sizes_that_cannot_be_met():
    with pytest.raises(AllocationError, match="fewer than"):
        set_sizes(3, 4, 8)
    with pytest.raises(AllocationError, match="cannot be split"):
        set_sizes(9, 5, 8)


def test_it_keeps_people_from_the_same_practice_apart():
    people = cohort(40, professions=6, practices=16)
    assert same_practice_pairs(people, allocate(people).groups) == 0


def test_it_mixes_professions_as_far_as_the_cohort_allows():
    people = [Candidate(id=n, profession=n % 4, practice=None, pcn=None) for n in range(1, 17)]
    allocation = allocate(people, min_size=8, max_size=8)
    assert distinct_professions(people, allocation.groups) == [4, 4]
    assert allocation.optimal


def test_it_gives_the_same_answer_for_the_same_cohort():
    people = cohort(60, professions=8, practices=12)
    assert allocate(people).groups == allocate(list(reversed(people))).groups


def test_it_explains_when_a_practice_has_more_people_than_sets():
    people = [
        Candidate(id=n, profession=n % 3, practice="Big Practice", pcn=1) for n in range(1, 11)
    ]
    allocation = allocate(people, min_size=5, max_size=5)
    assert any("Big Practice" in note for note in allocation.notes)


def test_it_explains_a_set_that_could_not_be_mixed():
    people = [Candidate(id=n, profession="nurse", practice=None, pcn=None) for n in range(1, 8)]
    people.append(Candidate(id=8, profession="gp", practice=None, pcn=None))
    allocation = allocate(people, min_size=4, max_size=4)
    assert len(allocation.notes) == 1
    assert allocation.notes[0].endswith(
        "has 1 profession among 4 people: with this cohort's professions and practices "
        "it could not be mixed further."
    )


def test_the_swap_gain_matches_rescoring_both_sets():
    rng = random.Random(1)  # repeatable test data, not a secret
    people = [
        Candidate(
            id=n,
            profession=rng.randrange(4),
            practice=rng.choice([None, 1, 2, 3]),
            pcn=rng.choice([None, 1, 2]),
        )
        for n in range(30)
    ]
    sizes = set_sizes(30, 5, 8)
    score = _Score(people, _greedy(people, sizes), len(sizes))
    for i in range(30):
        for j in range(30):
            a, b = score.assignment[i], score.assignment[j]
            if a == b:
                continue
            before = score.set_score(a) + score.set_score(b)
            score._swap(i, j)
            after = score.set_score(a) + score.set_score(b)
            score._swap(i, j)
            assert score.swap_gain(i, j) == after - before


def test_it_reaches_the_profession_ceiling_for_a_large_cohort_quickly():
    import time
    from collections import Counter

    people = cohort(500, professions=20, practices=80)
    started = time.perf_counter()
    allocation = allocate(people)
    assert time.perf_counter() - started < 5
    assert same_practice_pairs(people, allocation.groups) == 0
    sets = len(allocation.groups)
    ceiling = sum(min(n, sets) for n in Counter(p.profession for p in people).values())
    assert sum(distinct_professions(people, allocation.groups)) == ceiling


def test_it_splits_a_crowded_practice_as_evenly_as_the_sets_allow():
    people = [Candidate(id=n, profession=n % 5, practice="Big", pcn=None) for n in range(1, 6)]
    people += [Candidate(id=n, profession=n % 5, practice=n, pcn=None) for n in range(6, 17)]
    allocation = allocate(people, min_size=8, max_size=8)
    # Five people in two sets: three and two make 3 + 1 pairs; four and one would make 6.
    assert same_practice_pairs(people, allocation.groups) == 4
