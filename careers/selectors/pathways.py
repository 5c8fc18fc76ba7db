"""Pathway pages: every profession by staff group, and one pathway's stages."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404

from careers.models import (
    Pathway,
)
from careers.pathways import offers_by_stage, pathways_with_stages
from careers.selectors.assessments import dimensions
from portal.models import Profession, StaffGroup


def pathway_groups() -> list[tuple[str, list[Profession]]]:
    """Every profession by staff group, each marked with whether it has a pathway yet."""
    professions = Profession.objects.annotate(
        has_pathway=Exists(Pathway.objects.published().filter(profession=OuterRef("pk")))
    )
    groups = defaultdict(list)
    for profession in professions:
        groups[profession.staff_group].append(profession)
    return [
        ("Clinical professions", groups[StaffGroup.CLINICAL]),
        ("Non-clinical professions", groups[StaffGroup.NON_CLINICAL]),
    ]


@dataclass(frozen=True)
class PathwayPage:
    pathway: Pathway
    # One row a stage: {"stage", "offers", "expectations": [(dimension, expectation|None)]}.
    timeline: list[dict]
    your_level_id: int | None  # her career level, when the pathway is her profession's


def pathway_page(*, slug: str, person) -> PathwayPage:
    """A published pathway's stages, each with its expectations and offers near her."""
    pathway = get_object_or_404(pathways_with_stages(), profession__slug=slug)
    stages = list(pathway.stages.all())
    icb = person.icb if person.is_authenticated else None
    offers = offers_by_stage(pathway.profession, stages, icb=icb)
    all_dimensions = dimensions()
    timeline = []
    for stage in stages:
        expected = {e.dimension_id: e for e in stage.expectations.all()}
        timeline.append(
            {
                "stage": stage,
                "offers": offers[stage.pk],
                "expectations": [(d, expected.get(d.pk)) for d in all_dimensions],
            }
        )
    yours = person.is_authenticated and person.profession_id == pathway.profession_id
    return PathwayPage(pathway, timeline, person.career_level_id if yours else None)
