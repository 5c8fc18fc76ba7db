"""Reads for the pathway pages, each in a fixed number of queries however many rows."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)

from careers.models import Pathway, Stage, StageExpectation
from portal.models import ICB, CareerLevel, Profession, Region
from programmes.models import DeliveryMode, Intake, Offer

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


# How near an offer is to the person looking: hers (open in her ICB, her region or
# across England), online but for people elsewhere, or only for people elsewhere.
NEAR, ONLINE_ELSEWHERE, ELSEWHERE = 0, 1, 2


def _nearness(icb: ICB | None):
    if icb is None:
        return Value(NEAR, output_field=IntegerField())
    regions = Offer.regions.through.objects.filter(region_id=icb.region_id).values("offer_id")
    icbs = Offer.icbs.through.objects.filter(icb_id=icb.pk).values("offer_id")
    return Case(
        When(Q(national=True) | Q(pk__in=regions) | Q(pk__in=icbs), then=Value(NEAR)),
        When(delivery_mode=DeliveryMode.ONLINE, then=Value(ONLINE_ELSEWHERE)),
        default=Value(ELSEWHERE),
        output_field=IntegerField(),
    )


def offers_with_open_first(profession: Profession, icb: ICB | None = None) -> QuerySet[Offer]:
    """Published offers open to a profession: those open in the person's ICB first (then
    online ones), and within each, open intakes first, then soonest deadline."""
    return (
        Offer.objects.published()
        .open_for(profession)
        .with_next_deadline()
        .annotate(
            has_open_intake=Exists(Intake.objects.open().filter(offer_id=OuterRef("pk"))),
            nearness=_nearness(icb),
        )
        .prefetch_related(
            Prefetch("career_levels", queryset=CareerLevel.objects.only("pk")),
            Prefetch("regions", queryset=Region.objects.only("pk", "name")),
            Prefetch("icbs", queryset=ICB.objects.only("pk", "name", "short_name")),
        )
        .order_by("nearness", "-has_open_intake", F("next_deadline").asc(nulls_last=True), "title")
    )


def offers_by_stage(
    profession: Profession, stages: Iterable[Stage], icb: ICB | None = None
) -> dict[int, list[Offer]]:
    """For each stage, the offers that fit its career level (an offer naming no level
    fits every stage), in the order of ``offers_with_open_first``."""
    offers = list(offers_with_open_first(profession, icb)[:OFFERS_CONSIDERED])
    levels = {offer.pk: {level.pk for level in offer.career_levels.all()} for offer in offers}
    for offer in offers:
        # Said when the offer is not hers, or when we do not know where she works.
        offer.where = where_open(offer) if icb is None or offer.nearness != NEAR else ""
    fitting: dict[int, list[Offer]] = {}
    for stage in stages:
        fitting[stage.pk] = [
            offer
            for offer in offers
            if not levels[offer.pk] or stage.career_level_id in levels[offer.pk]
        ][:OFFERS_PER_STAGE]
    return fitting


def where_open(offer: Offer) -> str:
    """Where an offer takes people from, in words: "" when it is open across England."""
    if offer.national:
        return ""
    places = [region.name for region in offer.regions.all()]
    places += [str(icb) for icb in offer.icbs.all()]
    if not places:
        return ""
    return "only for people working in " + _joined(sorted(places))


def _joined(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


@dataclass
class Difference:
    """A leadership dimension whose expected level is not the same in every profession."""

    dimension: str
    levels: list[tuple[str, str]]  # (profession, level or "not stated")


@dataclass
class ComparisonRow:
    """One career level across the compared professions: what they share, once, and
    what each has of its own (roles, qualifications, leadership expected)."""

    level: CareerLevel
    cells: list[Stage | None] = field(default_factory=list)
    shared_roles: list[str] = field(default_factory=list)
    shared_requirements: list[str] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)
    same_dimensions: int = 0

    @property
    def columns(self) -> list[tuple[Pathway, Stage | None]]:
        return list(zip(self.pathways, self.cells, strict=True))

    pathways: list[Pathway] = field(default_factory=list)


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
        row = ComparisonRow(level=level, pathways=ordered)
        for pathway in ordered:
            row.cells.append(
                next((s for s in pathway.stages.all() if s.career_level_id == level.pk), None)
            )
        if any(row.cells):
            _contrast(row)
            rows.append(row)
    return ordered, rows


def _contrast(row: ComparisonRow) -> None:
    """Say once what every profession at this level shares; leave each its own."""
    stages = [stage for stage in row.cells if stage is not None]
    if len(stages) > 1:
        row.shared_roles = _in_all([stage.role_list for stage in stages])
        row.shared_requirements = _in_all([stage.requirement_list for stage in stages])
    for stage in stages:
        stage.own_roles = [r for r in stage.role_list if r not in row.shared_roles]
        stage.own_requirements = [
            r for r in stage.requirement_list if r not in row.shared_requirements
        ]
    expected = [
        {e.dimension: e.get_level_display() for e in stage.expectations.all()} if stage else None
        for stage in row.cells
    ]
    dimensions = sorted({d for levels in expected if levels for d in levels}, key=lambda d: d.order)
    for dimension in dimensions:
        levels = [
            (pathway.profession.name, (e or {}).get(dimension, "not stated"))
            for pathway, e in zip(row.pathways, expected, strict=True)
            if e is not None
        ]
        if len({level for _, level in levels}) > 1:
            row.differences.append(Difference(dimension.name, levels))
        else:
            row.same_dimensions += 1


def _in_all(lists: list[list[str]]) -> list[str]:
    others = [set(items) for items in lists[1:]]
    return [item for item in lists[0] if all(item in other for other in others)]
