"""Writes to people's own records that more than one page makes."""

from django.db import transaction
from django.utils import timezone

from portal.lib.refused import Refused
from portal.models import CareerLevel, HeldRole, Organisation, Person, Profession

WORKPLACE_FIXED = (
    "Your workplace decides which training hub's records you can manage, so only a "
    "portal administrator can change it. Ask them to move you."
)


def workplace_is_fixed(person: Person) -> bool:
    """Staff reach is decided by their workplace: only superusers may move them."""
    return person.is_staff and not person.is_superuser


@transaction.atomic
def profile_update(
    *,
    person: Person,
    full_name: str,
    profession: Profession,
    career_level: CareerLevel | None,
    organisation: Organisation | None,
    held_roles: list[str],
) -> Person:
    # The stored row, not the instance a form may already have changed in memory.
    stored = Person.objects.select_for_update().get(pk=person.pk)
    new_organisation_id = organisation.pk if organisation else None
    if workplace_is_fixed(stored) and new_organisation_id != stored.organisation_id:
        raise Refused(WORKPLACE_FIXED)
    stored.full_name = full_name
    stored.profession = profession
    stored.career_level = career_level
    stored.organisation_id = new_organisation_id
    stored.save(update_fields=["full_name", "profession", "career_level", "organisation"])
    held_roles_update(stored, held_roles)
    return stored


@transaction.atomic
def held_roles_update(person: Person, kinds: list[str]) -> None:
    """Record the leadership roles someone holds now.

    A role given up is ended rather than deleted, so that insights can still count who
    held which roles in earlier quarters; ticking it again later starts a new spell.
    """
    wanted = set(kinds)
    current = {role.kind: role for role in person.held_roles.current().select_for_update()}
    now = timezone.now()
    for kind in current.keys() - wanted:
        role = current[kind]
        role.ended_at = now
        role.save(update_fields=["ended_at"])
    HeldRole.objects.bulk_create(
        HeldRole(person=person, kind=kind, started_at=now)
        for kind in sorted(wanted - current.keys())
    )
