"""Dividing a cohort into action learning sets.

Two stages. A greedy deal and a swap-based local search give a good allocation of any
size in well under a second: the local search is plain code whose every move can be
read. Cohorts of the size facilitators actually run (up to ``EXACT_LIMIT`` people)
then go to OR-Tools CP-SAT, seeded with that answer: the rules (sizes, same practice
apart) become hard constraints it proves or refutes and the aims (mix of professions,
then PCNs) one weighted objective, so a small cohort usually gets a proven best
allocation. For hundreds of people CP-SAT's model (people x sets booleans) is too big
to improve on the local search within two seconds, so it is not asked.

Deterministic: the local search has no randomness, and CP-SAT runs with one worker, a
fixed seed and a limit in its *deterministic* time (work done, not seconds on the
clock), so the same cohort always gets the same sets. This module knows nothing about
Django: it takes plain records and returns groups.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

PROFESSION_WEIGHT = 100
PCN_WEIGHT = 1
SAME_PRACTICE_PENALTY = 10_000
EXACT_LIMIT = 40
LOCAL_SEARCH_PASSES = 30


@dataclass(frozen=True)
class Candidate:
    id: int
    profession: Hashable | None
    practice: Hashable | None
    pcn: Hashable | None


@dataclass
class Allocation:
    groups: list[list[int]]
    notes: list[str] = field(default_factory=list)
    optimal: bool = False


class AllocationError(ValueError):
    pass


def set_sizes(count: int, min_size: int, max_size: int) -> list[int]:
    """As few sets as the largest size allows, with sizes as even as possible."""
    if not 1 <= min_size <= max_size:
        raise AllocationError("The smallest set size must be between 1 and the largest size.")
    if count < min_size:
        raise AllocationError(
            f"There are {count} people, fewer than the smallest set size of {min_size}."
        )
    sets = math.ceil(count / max_size)
    if count // sets < min_size:
        raise AllocationError(
            f"{count} people cannot be split into sets of {min_size} to {max_size}."
        )
    base, extra = divmod(count, sets)
    return [base + 1 if index < extra else base for index in range(sets)]


def _greedy(people: Sequence[Candidate], sizes: list[int]) -> list[int]:
    """Place the people from the largest practices first, each in the emptiest set
    that has nobody from their practice and, if possible, nobody of their profession."""
    by_practice = Counter(p.practice for p in people)
    by_profession = Counter(p.profession for p in people)
    order = sorted(
        range(len(people)),
        key=lambda i: (
            -by_practice[people[i].practice] if people[i].practice is not None else 0,
            str(people[i].practice),
            -by_profession[people[i].profession],
            people[i].id,
        ),
    )
    room = list(sizes)
    practices: list[Counter] = [Counter() for _ in sizes]
    professions: list[Counter] = [Counter() for _ in sizes]
    assignment = [0] * len(people)
    for index in order:
        person = people[index]
        best = min(
            (s for s in range(len(sizes)) if room[s]),
            key=lambda s: (
                person.practice is not None and practices[s][person.practice] > 0,
                professions[s][person.profession],
                -room[s],
                s,
            ),
        )
        assignment[index] = best
        room[best] -= 1
        practices[best][person.practice] += 1
        professions[best][person.profession] += 1
    return assignment


class _Score:
    """Counts per set, so the gain of swapping two people costs a handful of lookups."""

    def __init__(self, people: Sequence[Candidate], assignment: list[int], sets: int) -> None:
        self.people = people
        self.assignment = assignment
        self.counts = [
            {"profession": Counter(), "practice": Counter(), "pcn": Counter()} for _ in range(sets)
        ]
        for index, s in enumerate(assignment):
            self._add(index, s, 1)

    def _add(self, index: int, s: int, sign: int) -> None:
        person = self.people[index]
        counts = self.counts[s]
        counts["profession"][person.profession] += sign
        if person.practice is not None:
            counts["practice"][person.practice] += sign
        if person.pcn is not None:
            counts["pcn"][person.pcn] += sign

    def set_score(self, s: int) -> int:
        counts = self.counts[s]
        return (
            PROFESSION_WEIGHT * sum(1 for n in counts["profession"].values() if n)
            + PCN_WEIGHT * sum(1 for n in counts["pcn"].values() if n)
            - SAME_PRACTICE_PENALTY * sum(n * (n - 1) // 2 for n in counts["practice"].values())
        )

    def swap_gain(self, i: int, j: int) -> int:
        """How much the score changes if i and j trade sets, from the counts alone."""
        a, b = self.assignment[i], self.assignment[j]
        pi, pj = self.people[i], self.people[j]
        in_a, in_b = self.counts[a], self.counts[b]
        gain = 0
        for key, weight in (("profession", PROFESSION_WEIGHT), ("pcn", PCN_WEIGHT)):
            vi, vj = getattr(pi, key), getattr(pj, key)
            if vi == vj:
                continue
            # Each set may lose the value that leaves and gain the one that arrives.
            if vi is not None:
                gain -= weight * (in_a[key][vi] == 1)
                gain += weight * (in_b[key][vi] == 0)
            if vj is not None:
                gain -= weight * (in_b[key][vj] == 1)
                gain += weight * (in_a[key][vj] == 0)
        qi, qj = pi.practice, pj.practice
        if qi != qj:
            # Pairs sharing a practice: leaving a set of n removes n - 1 pairs, joining
            # one with n already there adds n.
            pairs = 0
            if qi is not None:
                pairs += in_b["practice"][qi] - (in_a["practice"][qi] - 1)
            if qj is not None:
                pairs += in_a["practice"][qj] - (in_b["practice"][qj] - 1)
            gain -= SAME_PRACTICE_PENALTY * pairs
        return gain

    def _swap(self, i: int, j: int) -> None:
        a, b = self.assignment[i], self.assignment[j]
        self._add(i, a, -1)
        self._add(j, b, -1)
        self._add(i, b, 1)
        self._add(j, a, 1)
        self.assignment[i], self.assignment[j] = b, a

    def misplaced(self, i: int) -> bool:
        """Someone who shares a profession, practice or PCN with another in their set."""
        person, counts = self.people[i], self.counts[self.assignment[i]]
        return (
            counts["profession"][person.profession] > 1
            or (person.practice is not None and counts["practice"][person.practice] > 1)
            or (person.pcn is not None and counts["pcn"][person.pcn] > 1)
        )


def _improve(people: Sequence[Candidate], assignment: list[int], sets: int) -> list[int]:
    """Swap pairs of people between sets while any swap makes the allocation better.

    Only people who share something with a set-mate are moved: the others already
    add all they can to their set. Passes are counted, not timed, to stay deterministic.
    """
    score = _Score(people, list(assignment), sets)
    for _ in range(LOCAL_SEARCH_PASSES):
        improved = False
        for i in range(len(people)):
            if not score.misplaced(i):
                continue
            best_gain, best_j = 0, None
            for j in range(len(people)):
                if score.assignment[j] == score.assignment[i]:
                    continue
                gain = score.swap_gain(i, j)
                if gain > best_gain:
                    best_gain, best_j = gain, j
            if best_j is not None:
                score._swap(i, best_j)
                improved = True
        if not improved:
            break
    return score.assignment


def allocate(
    people: Sequence[Candidate],
    *,
    min_size: int = 5,
    max_size: int = 8,
    work_limit: float = 1.0,
    time_limit: float = 10.0,
    practice_names: Mapping[Hashable, str] | None = None,
) -> Allocation:
    people = sorted(people, key=lambda p: p.id)
    sizes = set_sizes(len(people), min_size, max_size)
    practices = Counter(p.practice for p in people if p.practice is not None)
    crowded = [practice for practice, n in practices.items() if n > len(sizes)]
    assignment = _improve(people, _greedy(people, sizes), len(sizes))
    optimal = False
    if len(people) <= EXACT_LIMIT:
        assignment, optimal = _solve_exactly(people, sizes, assignment, work_limit, time_limit)
    groups: list[list[int]] = [[] for _ in sizes]
    for index, s in enumerate(assignment):
        groups[s].append(people[index].id)
    groups.sort(key=lambda group: min(group))
    return Allocation(
        groups=groups,
        notes=explain(people, groups, crowded, practice_names or {}),
        optimal=optimal,
    )


def _solve_exactly(
    people: Sequence[Candidate],
    sizes: list[int],
    hint: list[int],
    work_limit: float,
    time_limit: float,
) -> tuple[list[int], bool]:
    sets = range(len(sizes))
    practices: dict[Hashable, list[int]] = defaultdict(list)
    professions: dict[Hashable, list[int]] = defaultdict(list)
    pcns: dict[Hashable, list[int]] = defaultdict(list)
    for index, person in enumerate(people):
        if person.practice is not None:
            practices[person.practice].append(index)
        professions[person.profession].append(index)
        if person.pcn is not None:
            pcns[person.pcn].append(index)

    model = cp_model.CpModel()
    x = {(i, s): model.new_bool_var(f"x{i}_{s}") for i in range(len(people)) for s in sets}
    for i in range(len(people)):
        model.add_exactly_one(x[i, s] for s in sets)
    for s in sets:
        model.add(sum(x[i, s] for i in range(len(people))) == sizes[s])

    objective = []
    for practice, members in practices.items():
        if len(members) < 2:
            continue
        # Apart is possible only while the practice has no more people than sets.
        hard = len(members) <= len(sizes)
        for s in sets:
            together = sum(x[i, s] for i in members)
            if hard:
                model.add(together <= 1)
            else:
                # Spread evenly: for a given total, even shares make the fewest pairs.
                model.add(together <= math.ceil(len(members) / len(sizes)))
                excess = model.new_int_var(0, len(members), f"excess_{practice}_{s}")
                model.add(excess >= together - 1)
                objective.append(-SAME_PRACTICE_PENALTY * excess)
    for weight, groups, name in (
        (PROFESSION_WEIGHT, professions, "prof"),
        (PCN_WEIGHT, pcns, "pcn"),
    ):
        for key, members in groups.items():
            for s in sets:
                present = model.new_bool_var(f"{name}_{key}_{s}")
                model.add(present <= sum(x[i, s] for i in members))
                objective.append(weight * present)
    model.maximize(sum(objective))

    # The sets are interchangeable: keep person 0 in the set the hint gives them, to
    # cut the mirror images the solver would otherwise explore.
    model.add(x[0, hint[0]] == 1)
    for i, s_hint in enumerate(hint):
        for s in sets:
            model.add_hint(x[i, s], s == s_hint)

    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 20
    solver.parameters.max_deterministic_time = work_limit
    solver.parameters.max_time_in_seconds = time_limit
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return hint, False
    solved = [next(s for s in sets if solver.boolean_value(x[i, s])) for i in range(len(people))]
    return solved, status == cp_model.OPTIMAL


def explain(
    people: Sequence[Candidate],
    groups: list[list[int]],
    crowded: Sequence[Hashable],
    practice_names: Mapping[Hashable, str],
) -> list[str]:
    """Plain-English reasons for anything short of ideal in the allocation."""
    by_id = {p.id: p for p in people}
    notes: list[str] = []
    for practice in crowded:
        count = sum(1 for p in people if p.practice == practice)
        name = practice_names.get(practice, practice)
        notes.append(
            f"{count} people work at {name} and there are only {len(groups)} sets, "
            "so some of them share a set."
        )
    available = len({p.profession for p in people})
    for number, group in enumerate(groups, start=1):
        mix = len({by_id[i].profession for i in group})
        best = min(len(group), available)
        if mix < best:
            kinds = "profession" if mix == 1 else "professions"
            notes.append(
                f"Set {number} has {mix} {kinds} among {len(group)} people: with this "
                "cohort's professions and practices it could not be mixed further."
            )
    return notes


def distinct_professions(people: Sequence[Candidate], groups: list[list[int]]) -> list[int]:
    by_id = {p.id: p for p in people}
    return [len({by_id[i].profession for i in group}) for group in groups]


def same_practice_pairs(people: Sequence[Candidate], groups: list[list[int]]) -> int:
    by_id = {p.id: p for p in people}
    pairs = 0
    for group in groups:
        counts = Counter(by_id[i].practice for i in group if by_id[i].practice is not None)
        pairs += sum(n * (n - 1) // 2 for n in counts.values())
    return pairs
