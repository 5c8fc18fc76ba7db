"""Mentoring's section of the personal digest: matches waiting for your answer.

Registered with portal's digest through `careers.apps` (portal imports no app). One
query for the whole batch, whatever its size.
"""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Q
from django.urls import reverse

from careers.mentoring.models import Answer, Match, MatchStatus
from portal.digest import registry


@registry.section(
    key="mentoring",
    title="Mentoring matches waiting for your answer",
    order=55,
    description="Proposed mentors, sponsors and coaches, and people proposed to you",
)
def collect_matches(batch: registry.Batch) -> dict[int, registry.Content]:
    ids = [person.pk for person in batch.people]
    if not ids:
        return {}
    # A practice inbox is often shared: the digest says only how many matches wait and
    # links to the mentoring page; who was proposed is shown there, behind sign-in.
    waiting = (
        Match.objects.filter(status=MatchStatus.CONFIRMED)
        .filter(
            Q(request__seeker_id__in=ids, seeker_answer=Answer.PENDING)
            | Q(offer__person_id__in=ids, supporter_answer=Answer.PENDING)
        )
        .values_list("request__seeker_id", "seeker_answer", "offer__person_id", "supporter_answer")
    )
    in_batch = set(ids)
    counts: dict[int, int] = defaultdict(int)
    for seeker_id, seeker_answer, supporter_id, supporter_answer in waiting:
        if seeker_id in in_batch and seeker_answer == Answer.PENDING:
            counts[seeker_id] += 1
        if supporter_id in in_batch and supporter_answer == Answer.PENDING:
            counts[supporter_id] += 1
    url = reverse("careers:mentoring")
    contents = {}
    for person_id, count in counts.items():
        waiting_for = f"{_plural(count, 'mentoring match', 'mentoring matches')} " + (
            "is waiting for your answer" if count == 1 else "are waiting for your answer"
        )
        contents[person_id] = registry.Content(
            items=[
                registry.Item(
                    title=waiting_for,
                    url=url,
                    detail="Sign in to see who it is and to accept or decline.",
                )
            ],
            total=count,
            summary=f"{_plural(count, 'mentoring match', 'mentoring matches')} to answer",
        )
    return contents


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"
