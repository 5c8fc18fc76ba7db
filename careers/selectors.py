"""Reads that shape careers pages: the pathway list, ratings, and a role's page for
whoever is looking at it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.utils import timezone

from careers.models import Assessment, Pathway, Rating, Role, RoleInterest
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


def ratings_of(assessments: list[Assessment]) -> dict[int, dict[int, Rating]]:
    ratings = Rating.objects.filter(assessment__in=assessments).select_related("dimension")
    by_assessment: dict[int, dict[int, Rating]] = defaultdict(dict)
    for rating in ratings:
        by_assessment[rating.assessment_id][rating.dimension_id] = rating
    return by_assessment


@dataclass
class RolePage:
    is_poster: bool
    closed: bool
    interest: RoleInterest | None = None
    # Who is interested: filled for the poster only, through the rule that says so.
    interests: list[RoleInterest] = field(default_factory=list)


def role_page(role: Role, person) -> RolePage:
    received = RoleInterest.objects.received_by(person).filter(role=role)
    return RolePage(
        is_poster=person.is_authenticated and person.pk == role.posted_by_id,
        closed=bool(role.closing_date and role.closing_date < timezone.localdate()),
        interest=RoleInterest.objects.owned_by(person).filter(role=role).first(),
        interests=list(received.select_related("person__profession", "person__organisation")),
    )
