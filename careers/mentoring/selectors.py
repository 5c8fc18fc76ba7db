"""Reads for mentoring's pages. The row a page is about comes through the rule queryset
its function is named for (``careers/mentoring/models.py``), with 404 for anyone the
rule leaves out: whether a match or a relationship exists is private too."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from careers.mentoring import services
from careers.mentoring.models import (
    Match,
    MatchingRound,
    MatchStatus,
    Relationship,
    RoleModel,
    SupportOffer,
    SupportRequest,
)
from portal.models import LeadershipDimension

# What a supporter may learn about the person who asked before both have accepted:
# enough to decide (profession, career stage, ICB and region, the dimensions she wants
# to develop), never her name, practice or the goals she wrote in her own words.
SEEKER_PROFILE = (
    "request__seeker__profession",
    "request__seeker__career_level",
    "request__seeker__organisation__icb__region",
)


@dataclass
class Overview:
    offers: QuerySet[SupportOffer]
    requests: QuerySet[SupportRequest]
    matches: QuerySet[Match]
    rounds: QuerySet[MatchingRound]


def overview(person) -> Overview:
    """Her offers, requests and live matches, and the rounds she co-ordinates."""
    return Overview(
        offers=person.support_offers.all(),
        requests=person.support_requests.exclude(status="withdrawn").select_related("round"),
        matches=Match.objects.visible_to(person)
        .filter(status__in=[MatchStatus.CONFIRMED, MatchStatus.ACCEPTED])
        .select_related("request__seeker", "offer__person", "relationship", *SEEKER_PROFILE)
        .prefetch_related(
            Prefetch("request__dimensions", queryset=LeadershipDimension.objects.order_by("pk"))
        )
        .order_by("-created_at"),
        rounds=MatchingRound.objects.coordinated_by(person),
    )


def support_offer_owned_by(person, *, pk: int) -> SupportOffer:
    return get_object_or_404(SupportOffer.objects.owned_by(person), pk=pk)


def support_offer_available(*, pk: int) -> SupportOffer:
    return get_object_or_404(SupportOffer.objects.available(), pk=pk)


def match_visible_to(person, *, pk: int) -> Match:
    return get_object_or_404(Match.objects.visible_to(person), pk=pk)


def relationship_visible_to(person, *, pk: int) -> Relationship:
    """The pair's own page: co-ordinators get 404 like anyone else."""
    return get_object_or_404(
        Relationship.objects.visible_to(person).select_related(
            "match__request__seeker", "match__offer__person"
        ),
        pk=pk,
    )


def round_coordinated_by(person, *, pk: int) -> MatchingRound:
    return get_object_or_404(MatchingRound.objects.coordinated_by(person), pk=pk)


def round_match(matching_round: MatchingRound, *, pk: int) -> Match:
    return get_object_or_404(matching_round.matches, pk=pk)


@dataclass
class RoundPage:
    matches: list[Match]
    summary: dict


def round_page(matching_round: MatchingRound) -> RoundPage:
    """The round's proposed matches, each with the offers it could swap to."""
    matches = matching_round.matches.filter(status__in=Match.HOLDING_PLACE).select_related(
        "request__seeker", "offer__person", *SEEKER_PROFILE
    )
    alternatives = services.swap_candidates(matching_round, matches)
    for match in matches:
        match.alternatives = alternatives[match.pk]
    return RoundPage(matches=list(matches), summary=services.round_summary(matching_round))


def role_models_listed(*, profession: str = "", region: str = "") -> QuerySet[RoleModel]:
    """Listed role models, narrowed to a profession's and a region's slug when given."""
    listed = RoleModel.objects.listed().select_related(
        "person__profession", "person__organisation__icb__region"
    )
    if profession:
        listed = listed.filter(person__profession__slug=profession)
    if region:
        listed = listed.filter(person__organisation__icb__region__slug=region)
    return listed


def role_model_owned_by(person) -> RoleModel | None:
    return RoleModel.objects.owned_by(person).first()
