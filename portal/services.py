"""Writes to people's own records that more than one page makes."""

from django.db import transaction
from django.utils import timezone

from portal.models import HeldRole, Person


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
