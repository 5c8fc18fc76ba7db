"""Who should present next at an action learning set: a rule simple enough to explain."""

from __future__ import annotations

from collections.abc import Hashable, Sequence


def propose(
    members: Sequence[Hashable], history: Sequence[Sequence[Hashable]], count: int
) -> list[Hashable]:
    """Choose ``count`` presenters from ``members`` (in seat order).

    ``history`` lists each earlier meeting's presenters, oldest first. Whoever has
    waited longest since presenting goes first (never presented beats everyone, then
    seat order breaks ties). Last meeting's presenters are left out unless everyone
    else has presented since joining, and even then only to fill places nobody else can.
    """
    count = max(0, min(count, len(members)))
    last_turn: dict[Hashable, int] = {}
    for number, presenters in enumerate(history):
        for person in presenters:
            last_turn[person] = number
    seat = {person: index for index, person in enumerate(members)}
    by_wait = sorted(members, key=lambda person: (last_turn.get(person, -1), seat[person]))
    previous = set(history[-1]) if history else set()
    everyone_has_presented = all(person in last_turn for person in members)
    chosen = [person for person in by_wait if person not in previous][:count]
    if len(chosen) < count and everyone_has_presented:
        chosen += [person for person in by_wait if person in previous][: count - len(chosen)]
    return chosen
