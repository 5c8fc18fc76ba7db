"""The solver against brute force and a greedy baseline, and its hard rules."""

import random

import pytest

from careers.mentoring import matching
from careers.mentoring.matching import Seeker, Supporter

KINDS = ["mentor", "sponsor", "coach"]


def brute_force(seekers, supporters, under_represented=()) -> int:
    """The best total score by trying every assignment (small rounds only)."""
    room = {s.id: s.capacity for s in supporters}
    options = []
    for seeker in seekers:
        options.append(
            [
                (s.id, matching.score(seeker, s, under_represented)[0])
                for s in supporters
                if matching.allowed(seeker, s)
            ]
        )

    def best(index: int) -> int:
        if index == len(seekers):
            return 0
        top = best(index + 1)
        for supporter_id, points in options[index]:
            if room[supporter_id] > 0:
                room[supporter_id] -= 1
                top = max(top, points + best(index + 1))
                room[supporter_id] += 1
        return top

    return best(0)


def random_round(seed: int):
    rng = random.Random(seed)
    people = list(range(8))
    seekers = [
        Seeker(
            id=i,
            person=rng.choice(people),
            kind=rng.choice(KINDS[:2]),
            profession=rng.choice("abc"),
            practice=rng.choice([1, 2, 3, None]),
            dimensions=frozenset(rng.sample(range(9), rng.randint(0, 3))),
            topics=frozenset(rng.sample("wxyz", rng.randint(0, 2))),
            preference=rng.choice(["same", "other", "either"]),
            icb=rng.choice([10, 11, None]),
            remote=rng.random() < 0.5,
            excluded=frozenset(rng.sample(people, rng.randint(0, 2))),
        )
        for i in range(rng.randint(1, 6))
    ]
    supporters = [
        Supporter(
            id=100 + j,
            person=rng.choice(people),
            kind=rng.choice(KINDS[:2]),
            capacity=rng.randint(0, 3),
            profession=rng.choice("abc"),
            practice=rng.choice([1, 2, 3, None]),
            dimensions=frozenset(rng.sample(range(9), rng.randint(0, 4))),
            topics=frozenset(rng.sample("wxyz", rng.randint(0, 3))),
            any_profession=rng.random() < 0.7,
            icbs=frozenset(rng.sample([10, 11], rng.randint(0, 2))),
            remote=rng.random() < 0.6,
        )
        for j in range(rng.randint(1, 4))
    ]
    return seekers, supporters


@pytest.mark.parametrize("seed", range(30))
def test_it_finds_the_same_best_total_as_brute_force_and_never_less_than_greedy(seed: int):
    seekers, supporters = random_round(seed)
    solved = matching.solve(seekers, supporters, under_represented={"a"})
    assert solved.total == brute_force(seekers, supporters, {"a"})
    assert solved.total >= matching.greedy(seekers, supporters, {"a"}).total
    used: dict[int, int] = {}
    for supporter_id, _, _ in solved.matches.values():
        used[supporter_id] = used.get(supporter_id, 0) + 1
    capacity = {s.id: s.capacity for s in supporters}
    assert all(count <= capacity[sid] for sid, count in used.items())
    assert set(solved.matches) | set(solved.unmatched) == {s.id for s in seekers}


def test_it_beats_first_come_first_served_when_a_popular_supporter_suits_two_people():
    # Both want X; only B can also have Y. Greedy gives X to A's slightly higher score
    # and leaves B... with Y; the solver must do at least as well overall.
    a = Seeker(id=1, person="a", kind="mentor", dimensions=frozenset({1, 2}), remote=False)
    b = Seeker(id=2, person="b", kind="mentor", dimensions=frozenset({1}), remote=False)
    x = Supporter(id=10, person="x", kind="mentor", capacity=1, dimensions=frozenset({1, 2}))
    y = Supporter(
        id=11, person="y", kind="mentor", capacity=1, dimensions=frozenset({2}), any_profession=True
    )
    solved = matching.solve([a, b], [x, y])
    assert solved.total == brute_force([a, b], [x, y])
    assert len(solved.matches) == 2


def test_it_never_matches_a_person_with_themselves_their_practice_or_someone_excluded():
    seeker = Seeker(id=1, person="p", kind="mentor", practice="surgery", excluded=frozenset({"e"}))
    themselves = Supporter(id=10, person="p", kind="mentor", capacity=1)
    colleague = Supporter(id=11, person="c", kind="mentor", capacity=1, practice="surgery")
    excluded = Supporter(id=12, person="e", kind="mentor", capacity=1)
    result = matching.solve([seeker], [themselves, colleague, excluded])
    assert result.matches == {}
    assert result.unmatched == {1: matching.RULES_EXCLUDED_ALL}


def test_it_gives_a_sponsor_request_only_a_sponsor():
    seeker = Seeker(id=1, person="p", kind="sponsor")
    mentor = Supporter(id=10, person="m", kind="mentor", capacity=3)
    assert matching.solve([seeker], [mentor]).unmatched == {1: matching.NO_SUPPORTER}


def test_it_says_capacity_was_exhausted_when_someone_else_took_the_only_place():
    first = Seeker(id=1, person="a", kind="coach", dimensions=frozenset({1}))
    second = Seeker(id=2, person="b", kind="coach")
    coach = Supporter(id=10, person="c", kind="coach", capacity=1, dimensions=frozenset({1}))
    result = matching.solve([first, second], [coach])
    assert result.matches[1][0] == 10
    assert result.unmatched == {2: matching.CAPACITY_EXHAUSTED}
    full = Supporter(id=11, person="d", kind="coach", capacity=0)
    assert matching.solve([second], [full]).unmatched == {2: matching.CAPACITY_EXHAUSTED}


def test_it_explains_a_cross_profession_sponsorship_bonus_in_words():
    seeker = Seeker(id=1, person="p", kind="sponsor", profession="pharmacist", preference="other")
    sponsor = Supporter(id=10, person="s", kind="sponsor", capacity=1, profession="gp")
    points, parts = matching.score(seeker, sponsor, under_represented={"pharmacist"})
    labels = [label for label, _ in parts]
    assert "Sponsorship across professions for a profession that seldom leads" in labels
    assert "From another profession, as asked" in labels
    assert points == sum(p for _, p in parts)


@pytest.mark.parametrize("seed", range(30))
def test_the_fast_scoring_agrees_with_scoring_pair_by_pair(seed: int):
    seekers, supporters = random_round(seed)
    under = frozenset({"b"})
    fast = matching._candidates(seekers, supporters, under, top_k=3)
    slow = matching._candidates_one_by_one(seekers, supporters, under, top_k=3)
    assert fast == slow
