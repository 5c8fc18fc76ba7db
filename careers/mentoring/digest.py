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
    waiting = (
        Match.objects.filter(status=MatchStatus.CONFIRMED)
        .filter(
            Q(request__seeker_id__in=ids, seeker_answer=Answer.PENDING)
            | Q(offer__person_id__in=ids, supporter_answer=Answer.PENDING)
        )
        .select_related("request__seeker", "offer__person")
        .order_by("created_at", "pk")
    )
    in_batch = set(ids)
    found: dict[int, list[registry.Item]] = defaultdict(list)
    url = reverse("careers:mentoring")
    for match in waiting:
        kind = match.offer.get_kind_display().lower()
        if match.request.seeker_id in in_batch and match.seeker_answer == Answer.PENDING:
            found[match.request.seeker_id].append(
                registry.Item(
                    title=f"{match.offer.person.get_full_name()} as your {kind}",
                    url=url,
                    detail="Accept or decline on your mentoring page.",
                )
            )
        if match.offer.person_id in in_batch and match.supporter_answer == Answer.PENDING:
            found[match.offer.person_id].append(
                registry.Item(
                    title=f"Be {match.request.seeker.get_full_name()}’s {kind}",
                    url=url,
                    detail="Accept or decline on your mentoring page.",
                )
            )
    return {
        person_id: registry.Content(
            items=items,
            total=len(items),
            summary=f"{len(items)} mentoring {'match' if len(items) == 1 else 'matches'} to answer",
        )
        for person_id, items in found.items()
    }
