"""Choosing a round's matches: hard rules, a score for each allowed pair, then min-cost flow.

The round is a bipartite graph. Each seeker node has a supply of one unit; each
supporter node has an arc to the sink with capacity equal to their remaining places.
A seeker's arcs go to their best ``TOP_K`` allowed supporters, costing minus the pair's
score. Every seeker also has a *bypass* arc straight to the sink, capacity one, cost
zero: it makes the problem always feasible and means "unmatched" is worth nothing
rather than forbidden. Because every allowed pair scores at least one point, the
minimum-cost flow is exactly the set of matches with the greatest total score; it
matches as many people as that total allows, but never trades score for headcount.

Keeping only each seeker's best candidates keeps the graph sparse (20,000 seekers x
50 arcs, not x 2,000). With ``TOP_K`` at least the number of supporters it is exact.

This module knows nothing about Django: it takes plain records and returns matches.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Hashable, Sequence
from dataclasses import dataclass, field

import numpy as np
from ortools.graph.python import min_cost_flow

TOP_K = 50

# Points for each part of the score. Dimensions carry most weight: they are what the
# seeker said they want to grow in.
PROFESSION_POINTS = 20
DIMENSION_POINTS = 15
TOPIC_POINTS = 8
SAME_ICB_POINTS = 10
REMOTE_POINTS = 5
CROSS_PROFESSION_SPONSOR_BONUS = 25
BASE_POINTS = 1

NO_SUPPORTER = "no_supporter"
CAPACITY_EXHAUSTED = "capacity_exhausted"
RULES_EXCLUDED_ALL = "rules_excluded_all"

UNMATCHED_REASONS = {
    NO_SUPPORTER: "No supporter offers this kind of support in the round.",
    CAPACITY_EXHAUSTED: "Every suitable supporter's places were taken.",
    RULES_EXCLUDED_ALL: "The matching rules ruled out every supporter who offers this.",
}


@dataclass(frozen=True)
class Seeker:
    id: int
    person: Hashable
    kind: str
    profession: Hashable | None = None
    practice: Hashable | None = None
    dimensions: frozenset = frozenset()
    topics: frozenset = frozenset()
    # "same", "other" or "either"
    preference: str = "either"
    icb: Hashable | None = None
    remote: bool = True
    # People this seeker must never be matched with: their own exclusions and
    # anyone a match with them was declined by, or ended badly.
    excluded: frozenset = frozenset()


@dataclass(frozen=True)
class Supporter:
    id: int
    person: Hashable
    kind: str
    capacity: int
    profession: Hashable | None = None
    practice: Hashable | None = None
    dimensions: frozenset = frozenset()
    topics: frozenset = frozenset()
    any_profession: bool = True
    icbs: frozenset = frozenset()
    remote: bool = True


@dataclass
class Result:
    # seeker id -> (supporter id, score, parts)
    matches: dict[int, tuple[int, int, list[tuple[str, int]]]] = field(default_factory=dict)
    # seeker id -> one of UNMATCHED_REASONS' keys
    unmatched: dict[int, str] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(score for _, score, _ in self.matches.values())


def allowed(seeker: Seeker, supporter: Supporter) -> bool:
    """The hard rules, except capacity, which the flow enforces."""
    if seeker.kind != supporter.kind or seeker.person == supporter.person:
        return False
    if seeker.practice is not None and seeker.practice == supporter.practice:
        return False
    if supporter.person in seeker.excluded:
        return False
    return supporter.any_profession or seeker.profession == supporter.profession


def score(
    seeker: Seeker, supporter: Supporter, under_represented: Collection = ()
) -> tuple[int, list[tuple[str, int]]]:
    """The pair's score and its parts in words, for the co-ordinator and both people."""
    parts: list[tuple[str, int]] = [("Offers the kind of support asked for", BASE_POINTS)]
    same = seeker.profession is not None and seeker.profession == supporter.profession
    if (seeker.preference == "same" and same) or (seeker.preference == "other" and not same):
        wanted = "the same profession" if same else "another profession"
        parts.append((f"From {wanted}, as asked", PROFESSION_POINTS))
    if shared := len(seeker.dimensions & supporter.dimensions):
        noun = "dimension" if shared == 1 else "dimensions"
        parts.append(
            (
                f"Can help with {shared} of the leadership {noun} asked for",
                shared * DIMENSION_POINTS,
            )
        )
    if shared := len(seeker.topics & supporter.topics):
        noun = "topic" if shared == 1 else "topics"
        parts.append((f"Shares {shared} {noun}", shared * TOPIC_POINTS))
    if seeker.icb is not None and seeker.icb in supporter.icbs:
        parts.append(("Can meet in person in the same ICB", SAME_ICB_POINTS))
    elif seeker.remote and supporter.remote:
        parts.append(("Both happy to meet remotely", REMOTE_POINTS))
    if (
        seeker.kind == "sponsor"
        and not same
        and seeker.profession is not None
        and seeker.profession in under_represented
    ):
        parts.append(
            (
                "Sponsorship across professions for a profession that seldom leads",
                CROSS_PROFESSION_SPONSOR_BONUS,
            )
        )
    return sum(points for _, points in parts), parts


class _KindGroup:
    """One kind's supporters as arrays, so a seeker is scored against all of them at once.

    Dimensions and topics become bit masks (popcount of an AND is the overlap), which is
    what lets a 20,000 x 2,000 round be scored in seconds rather than minutes.
    """

    def __init__(self, supporters: list[Supporter], codes: _Codes) -> None:
        self.supporters = supporters
        self.ids = np.array([s.id for s in supporters], dtype=np.int64)
        self.person = np.array([codes.of(s.person) for s in supporters], dtype=np.int64)
        self.practice = np.array([codes.of(s.practice) for s in supporters], dtype=np.int64)
        self.profession = np.array([codes.of(s.profession) for s in supporters], dtype=np.int64)
        self.dimensions = np.array([codes.mask("d", s.dimensions) for s in supporters], np.uint64)
        self.topics = np.array([codes.mask("t", s.topics) for s in supporters], dtype=np.uint64)
        self.any_profession = np.array([s.any_profession for s in supporters], dtype=bool)
        self.remote = np.array([s.remote for s in supporters], dtype=bool)
        self.room = np.array([s.capacity > 0 for s in supporters], dtype=bool)
        self.by_person: dict[Hashable, list[int]] = defaultdict(list)
        self.by_icb: dict[Hashable, np.ndarray] = {}
        for index, supporter in enumerate(supporters):
            self.by_person[supporter.person].append(index)
            for icb in supporter.icbs:
                if icb not in self.by_icb:
                    self.by_icb[icb] = np.zeros(len(supporters), dtype=bool)
                self.by_icb[icb][index] = True

    def scores(
        self, seeker: Seeker, codes: _Codes, under: frozenset
    ) -> tuple[np.ndarray, np.ndarray]:
        """Each supporter's score for the seeker, and which pairs the rules allow."""
        profession = codes.of(seeker.profession)
        allowed = self.person != codes.of(seeker.person)
        if seeker.practice is not None:
            allowed &= self.practice != codes.of(seeker.practice)
        for person in seeker.excluded:
            allowed[self.by_person.get(person, [])] = False
        allowed &= self.any_profession | (self.profession == profession)
        same = (self.profession == profession) & (seeker.profession is not None)
        points = np.full(len(self.supporters), BASE_POINTS, dtype=np.int64)
        if seeker.preference == "same":
            points += same * PROFESSION_POINTS
        elif seeker.preference == "other":
            points += ~same * PROFESSION_POINTS
        seeker_dimensions = np.uint64(codes.mask("d", seeker.dimensions))
        points += np.bitwise_count(self.dimensions & seeker_dimensions) * DIMENSION_POINTS
        points += np.bitwise_count(self.topics & np.uint64(codes.mask("t", seeker.topics))) * (
            TOPIC_POINTS
        )
        in_icb = self.by_icb.get(seeker.icb) if seeker.icb is not None else None
        remote = self.remote & seeker.remote
        if in_icb is None:
            points += remote * REMOTE_POINTS
        else:
            points += np.where(in_icb, SAME_ICB_POINTS, remote * REMOTE_POINTS)
        if (
            seeker.kind == "sponsor"
            and seeker.profession is not None
            and seeker.profession in under
        ):
            points += ~same * CROSS_PROFESSION_SPONSOR_BONUS
        return points, allowed


class _Codes:
    """Small integer codes for people, places and professions; bit positions for sets."""

    def __init__(self) -> None:
        self.codes: dict[Hashable, int] = {None: -1}
        self.bits: dict[tuple[str, Hashable], int] = {}

    def of(self, value: Hashable) -> int:
        return self.codes.setdefault(value, len(self.codes))

    def mask(self, family: str, values: frozenset) -> int:
        mask = 0
        for value in values:
            bit = self.bits.setdefault((family, value), len(self.bits))
            if bit >= 64:
                raise _TooManyBits
            mask |= 1 << bit
        return mask


class _TooManyBits(Exception):
    pass


def candidates(
    seekers: Sequence[Seeker],
    supporters: Sequence[Supporter],
    under_represented: Collection = (),
    top_k: int = TOP_K,
) -> tuple[dict[int, list[tuple[int, int]]], dict[int, str]]:
    """Each seeker's best allowed supporters with room, and why any seeker has none."""
    try:
        return _candidates(seekers, supporters, frozenset(under_represented), top_k)
    except _TooManyBits:
        # More than 64 distinct dimensions and topics between them: score pair by pair.
        return _candidates_one_by_one(seekers, supporters, frozenset(under_represented), top_k)


def _candidates(
    seekers: Sequence[Seeker], supporters: Sequence[Supporter], under: frozenset, top_k: int
) -> tuple[dict[int, list[tuple[int, int]]], dict[int, str]]:
    codes = _Codes()
    # Bits for dimensions first (there are nine), so topics have the rest.
    for person in [*seekers, *supporters]:
        codes.mask("d", person.dimensions)
    by_kind: dict[str, list[Supporter]] = defaultdict(list)
    for supporter in supporters:
        by_kind[supporter.kind].append(supporter)
    groups = {kind: _KindGroup(members, codes) for kind, members in by_kind.items()}
    arcs: dict[int, list[tuple[int, int]]] = {}
    reasons: dict[int, str] = {}
    for seeker in seekers:
        group = groups.get(seeker.kind)
        if group is None:
            reasons[seeker.id] = NO_SUPPORTER
            continue
        points, allowed = group.scores(seeker, codes, under)
        if not allowed.any():
            reasons[seeker.id] = RULES_EXCLUDED_ALL
            continue
        usable = np.nonzero(allowed & group.room)[0]
        if not len(usable):
            reasons[seeker.id] = CAPACITY_EXHAUSTED
            continue
        # Best score first, ties broken by supporter id so a round always gets one graph.
        order = usable[np.lexsort((group.ids[usable], -points[usable]))][:top_k]
        arcs[seeker.id] = list(zip(group.ids[order].tolist(), points[order].tolist(), strict=True))
    return arcs, reasons


def _candidates_one_by_one(
    seekers: Sequence[Seeker], supporters: Sequence[Supporter], under: frozenset, top_k: int
) -> tuple[dict[int, list[tuple[int, int]]], dict[int, str]]:
    by_kind: dict[str, list[Supporter]] = defaultdict(list)
    for supporter in supporters:
        by_kind[supporter.kind].append(supporter)
    arcs: dict[int, list[tuple[int, int]]] = {}
    reasons: dict[int, str] = {}
    for seeker in seekers:
        offering = by_kind.get(seeker.kind, [])
        if not offering:
            reasons[seeker.id] = NO_SUPPORTER
            continue
        permitted = [s for s in offering if allowed(seeker, s)]
        if not permitted:
            reasons[seeker.id] = RULES_EXCLUDED_ALL
            continue
        with_room = [s for s in permitted if s.capacity > 0]
        if not with_room:
            reasons[seeker.id] = CAPACITY_EXHAUSTED
            continue
        scored = [(s.id, score(seeker, s, under)[0]) for s in with_room]
        scored.sort(key=lambda arc: (-arc[1], arc[0]))
        arcs[seeker.id] = scored[:top_k]
    return arcs, reasons


def _explain(
    result: Result,
    chosen: dict[int, int],
    seekers: Sequence[Seeker],
    supporters: Sequence[Supporter],
    under_represented: Collection,
) -> None:
    """Words for the chosen pairs only: a million arcs never need theirs."""
    seeker_by_id = {s.id: s for s in seekers}
    supporter_by_id = {s.id: s for s in supporters}
    under = frozenset(under_represented)
    for seeker_id, supporter_id in chosen.items():
        points, parts = score(seeker_by_id[seeker_id], supporter_by_id[supporter_id], under)
        result.matches[seeker_id] = (supporter_id, points, parts)


def solve(
    seekers: Sequence[Seeker],
    supporters: Sequence[Supporter],
    under_represented: Collection = (),
    top_k: int = TOP_K,
) -> Result:
    """The matches with the greatest total score, capacities respected."""
    arcs, reasons = candidates(seekers, supporters, under_represented, top_k)
    result = Result(unmatched=dict(reasons))
    seeking = [seeker for seeker in seekers if seeker.id in arcs]
    if not seeking:
        return result
    # Nodes: seekers 0..n-1, supporters n..n+m-1, sink n+m.
    seeker_node = {seeker.id: i for i, seeker in enumerate(seeking)}
    supporter_node = {s.id: len(seeking) + j for j, s in enumerate(supporters)}
    sink = len(seeking) + len(supporters)
    pair_seekers: list[int] = []
    pair_supporters: list[int] = []
    pair_points: list[int] = []
    for seeker in seeking:
        for supporter_id, points in arcs[seeker.id]:
            pair_seekers.append(seeker.id)
            pair_supporters.append(supporter_id)
            pair_points.append(points)
    n = len(seeking)
    tails = np.concatenate(
        [
            np.array([seeker_node[i] for i in pair_seekers], dtype=np.int32),
            np.arange(n, n + len(supporters), dtype=np.int32),
            # The bypass arcs: unmatched is allowed and worth nothing (see the docstring).
            np.arange(n, dtype=np.int32),
        ]
    )
    heads = np.concatenate(
        [
            np.array([supporter_node[i] for i in pair_supporters], dtype=np.int32),
            np.full(len(supporters) + n, sink, dtype=np.int32),
        ]
    )
    caps = np.concatenate(
        [
            np.ones(len(pair_seekers), dtype=np.int64),
            np.array([max(s.capacity, 0) for s in supporters], dtype=np.int64),
            np.ones(n, dtype=np.int64),
        ]
    )
    costs = np.concatenate(
        [-np.array(pair_points, dtype=np.int64), np.zeros(len(supporters) + n, dtype=np.int64)]
    )
    pair_arcs = len(pair_seekers)
    flow = min_cost_flow.SimpleMinCostFlow()
    arc_ids = flow.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    supplies = np.zeros(sink + 1, dtype=np.int64)
    supplies[: len(seeking)] = 1
    supplies[sink] = -len(seeking)
    flow.set_nodes_supplies(np.arange(sink + 1, dtype=np.int32), supplies)
    status = flow.solve()
    if status != flow.OPTIMAL:
        raise RuntimeError(f"Min-cost flow did not solve the round (status {status}).")
    used = flow.flows(arc_ids[:pair_arcs])
    chosen = {pair_seekers[i]: pair_supporters[i] for i in np.nonzero(used)[0].tolist()}
    _explain(result, chosen, seekers, supporters, under_represented)
    for seeker in seeking:
        if seeker.id not in result.matches:
            result.unmatched[seeker.id] = CAPACITY_EXHAUSTED
    return result


def greedy(
    seekers: Sequence[Seeker], supporters: Sequence[Supporter], under_represented: Collection = ()
) -> Result:
    """First-best-pair-first: the baseline the solver must never do worse than."""
    arcs, reasons = candidates(seekers, supporters, under_represented, top_k=len(supporters))
    result = Result(unmatched=dict(reasons))
    room = {s.id: s.capacity for s in supporters}
    pairs = sorted(
        (
            (points, seeker_id, supporter_id)
            for seeker_id, options in arcs.items()
            for supporter_id, points in options
        ),
        key=lambda pair: (-pair[0], pair[1], pair[2]),
    )
    chosen: dict[int, int] = {}
    for _, seeker_id, supporter_id in pairs:
        if seeker_id not in chosen and room[supporter_id] > 0:
            chosen[seeker_id] = supporter_id
            room[supporter_id] -= 1
    _explain(result, chosen, seekers, supporters, under_represented)
    for seeker_id in arcs:
        if seeker_id not in chosen:
            result.unmatched[seeker_id] = CAPACITY_EXHAUSTED
    return result
