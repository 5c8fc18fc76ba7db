"""Reads that shape the mentoring pages: a person's matches, and a round's matches."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from careers.mentoring.models import Match, MatchingRound, MatchStatus
from portal.models import LeadershipDimension

# What a supporter may learn about the person who asked before both have accepted:
# enough to decide (profession, career stage, ICB and region, the dimensions she wants
# to develop), never her name, practice or the goals she wrote in her own words.
SEEKER_PROFILE = (
    "request__seeker__profession",
    "request__seeker__career_level",
    "request__seeker__organisation__icb__region",
)


def matches_for(person) -> QuerySet[Match]:
    """The person's matches waiting for an answer or accepted, newest first."""
    return (
        Match.objects.visible_to(person)
        .filter(status__in=[MatchStatus.CONFIRMED, MatchStatus.ACCEPTED])
        .select_related("request__seeker", "offer__person", "relationship", *SEEKER_PROFILE)
        .prefetch_related(
            Prefetch("request__dimensions", queryset=LeadershipDimension.objects.order_by("pk"))
        )
        .order_by("-created_at")
    )


def round_matches(matching_round: MatchingRound) -> QuerySet[Match]:
    """The round's matches that hold a place, with what the co-ordinator weighs them by."""
    return matching_round.matches.filter(status__in=Match.HOLDING_PLACE).select_related(
        "request__seeker", "offer__person", *SEEKER_PROFILE
    )
