"""Recommendations from a self-assessment: the widest gaps, and offers that close them."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch

from careers.models import Rating, StageExpectation
from portal.models import LeadershipDimension, LeadershipLevel
from programmes.models import Intake, Offer

GAPS_SHOWN = 3
OFFERS_PER_GAP = 3


@dataclass
class Recommendation:
    dimension: LeadershipDimension
    level: int
    aim: int
    aim_source: str  # "your stage" or "your target"
    offers: list[tuple[Offer, str]] = field(default_factory=list)

    @property
    def gap(self) -> int:
        return self.aim - self.level

    @property
    def level_label(self) -> str:
        return LeadershipLevel(self.level).label.lower()

    @property
    def aim_label(self) -> str:
        return LeadershipLevel(self.aim).label.lower()


def expected_levels(person) -> dict[int, int]:
    """Dimension id → level expected at the person's stage of their profession's pathway."""
    if not (person.profession_id and person.career_level_id):
        return {}
    rows = StageExpectation.objects.filter(
        stage__pathway__profession_id=person.profession_id,
        stage__pathway__published=True,
        stage__career_level_id=person.career_level_id,
    ).values_list("dimension_id", "level")
    return dict(rows)


def recommend(person, ratings: list[Rating]) -> list[Recommendation]:
    """Up to three dimensions with the widest gap, each with offers that fit the person.

    The aim for a dimension is the higher of the person's own target and the level
    their stage expects; a tie on the gap goes to what they said matters most.
    """
    expected = expected_levels(person)
    gaps = []
    for rating in ratings:
        stage_level = expected.get(rating.dimension_id) or 0
        target = rating.target or 0
        aim = max(stage_level, target)
        if aim > rating.level:
            source = "your target" if target >= stage_level else "your stage"
            gaps.append((aim - rating.level, rating.importance or 0, rating, aim, source))
    gaps.sort(key=lambda g: (-g[0], -g[1], g[2].dimension.order))
    chosen = [
        Recommendation(dimension=r.dimension, level=r.level, aim=aim, aim_source=source)
        for _, _, r, aim, source in gaps[:GAPS_SHOWN]
    ]
    if not chosen:
        return []
    wanted = {rec.dimension.pk for rec in chosen}
    through = Offer.dimensions.through.objects.filter(
        offer_id=OuterRef("pk"), leadershipdimension_id__in=wanted
    )
    offers = (
        Offer.objects.published()
        .for_person(person)
        .filter(Exists(through))
        .annotate(has_open_intake=Exists(Intake.objects.open().filter(offer_id=OuterRef("pk"))))
        .prefetch_related(Prefetch("dimensions", queryset=LeadershipDimension.objects.only("pk")))
        .order_by("-has_open_intake", "-published_at", "title")[:50]
    )
    for offer in offers:
        develops = {d.pk for d in offer.dimensions.all()}
        for rec in chosen:
            if rec.dimension.pk in develops and len(rec.offers) < OFFERS_PER_GAP:
                rec.offers.append((offer, _why(offer, rec)))
    return chosen


def _why(offer: Offer, rec: Recommendation) -> str:
    opening = (
        f"It develops {rec.dimension.name.lower()}, where you rated yourself "
        f"{rec.level_label} and {rec.aim_source} asks for {rec.aim_label}"
    )
    if offer.has_open_intake:
        return f"{opening}; it is taking applications now."
    return f"{opening}."
