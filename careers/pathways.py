"""Reads for the pathway pages, each in a fixed number of queries however many rows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, Prefetch, QuerySet

from careers.models import Pathway, Stage, StageExpectation
from portal.models import CareerLevel, Profession
from programmes.models import Intake, Offer

OFFERS_PER_STAGE = 4
# More than any stage can show; bounds the read for professions with many offers.
OFFERS_CONSIDERED = 300


def pathways_with_stages() -> QuerySet[Pathway]:
    expectations = StageExpectation.objects.select_related("dimension")
    stages = Stage.objects.select_related("career_level").prefetch_related(
        Prefetch("expectations", queryset=expectations)
    )
    return (
        Pathway.objects.published()
        .select_related("profession")
        .prefetch_related(Prefetch("stages", queryset=stages))
    )


def offers_with_open_first(profession: Profession) -> QuerySet[Offer]:
    """Published offers open to a profession: open intakes first, then soonest deadline."""
    return (
        Offer.objects.published()
        .open_for(profession)
        .with_next_deadline()
        .annotate(has_open_intake=Exists(Intake.objects.open().filter(offer_id=OuterRef("pk"))))
        .prefetch_related(Prefetch("career_levels", queryset=CareerLevel.objects.only("pk")))
        .order_by("-has_open_intake", F("next_deadline").asc(nulls_last=True), "title")
    )


def offers_by_stage(profession: Profession, stages: Iterable[Stage]) -> dict[int, list[Offer]]:
    """For each stage, the offers that fit its career level (an offer naming no level
    fits every stage), in the order of ``offers_with_open_first``."""
    offers = list(offers_with_open_first(profession)[:OFFERS_CONSIDERED])
    levels = {offer.pk: {level.pk for level in offer.career_levels.all()} for offer in offers}
    fitting: dict[int, list[Offer]] = {}
    for stage in stages:
        fitting[stage.pk] = [
            offer
            for offer in offers
            if not levels[offer.pk] or stage.career_level_id in levels[offer.pk]
        ][:OFFERS_PER_STAGE]
    return fitting


@dataclass
class ComparisonRow:
    level: CareerLevel
    cells: list[Stage | None] = field(default_factory=list)


class CompareError(ValueError):
    pass


def parse_professions(raw: list[str]) -> list[str]:
    """Profession slugs from ``?professions=a,b,c`` or repeated ``professions`` keys."""
    slugs: list[str] = []
    for value in raw:
        for slug in value.split(","):
            slug = slug.strip().lower()
            if slug and slug not in slugs:
                slugs.append(slug)
    return slugs


def comparison(slugs: list[str]) -> tuple[list[Pathway], list[ComparisonRow]]:
    if not 2 <= len(slugs) <= 3:
        raise CompareError("Choose two or three professions to compare.")
    pathways = {
        p.profession.slug: p for p in pathways_with_stages().filter(profession__slug__in=slugs)
    }
    known = set(Profession.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    if unknown := [slug for slug in slugs if slug not in known]:
        raise CompareError(f"We do not know the profession “{unknown[0]}”. Choose from the list.")
    if missing := [slug for slug in slugs if slug not in pathways]:
        name = Profession.objects.get(slug=missing[0]).name
        raise CompareError(f"There is no pathway for {name} yet. Choose another profession.")
    ordered = [pathways[slug] for slug in slugs]
    rows = []
    for level in CareerLevel.objects.all():
        row = ComparisonRow(level=level)
        for pathway in ordered:
            row.cells.append(
                next((s for s in pathway.stages.all() if s.career_level_id == level.pk), None)
            )
        rows.append(row)
    return ordered, rows
