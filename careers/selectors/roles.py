"""Role pages: the open roles, and one role's page for whoever is looking at it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from careers.models import (
    Role,
    RoleInterest,
)
from portal.models import Profession


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


def open_roles(profession_slug: str = "") -> tuple[list[Role], Profession | None]:
    """Published, open roles, only those a profession may take when one is asked for
    (an unknown slug lists them all)."""
    roles = Role.objects.published().open().select_related("host").with_professions()
    profession = (
        Profession.objects.filter(slug=profession_slug).first() if profession_slug else None
    )
    if profession:
        roles = roles.open_to(profession)
    return list(roles), profession
