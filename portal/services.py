"""Writes to people's own records that more than one page makes."""

import datetime

from django.db import transaction
from django.db.models import Exists, OuterRef
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


# Someone who signs up and never confirms their address has never been able to sign in;
# their name, profession and workplace are kept only this long (the privacy notice).
UNCONFIRMED_SIGNUP_DAYS = 14


@transaction.atomic
def unconfirmed_signups_delete(*, now=None) -> int:
    """Delete accounts whose address was never confirmed within UNCONFIRMED_SIGNUP_DAYS.

    Only sign-ups: an account with an unconfirmed address and no confirmed one, never
    signed in, not staff. People made by an administrator (no address row at all) and
    anyone who confirmed any address are kept. Returns how many were deleted.
    """
    from allauth.account.models import EmailAddress

    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=UNCONFIRMED_SIGNUP_DAYS)
    confirmed = EmailAddress.objects.filter(user_id=OuterRef("pk"), verified=True)
    unconfirmed = EmailAddress.objects.filter(user_id=OuterRef("pk"), verified=False)
    doomed = Person.objects.filter(
        Exists(unconfirmed),
        ~Exists(confirmed),
        date_joined__lt=cutoff,
        last_login__isnull=True,
        is_staff=False,
        is_superuser=False,
    )
    ids = list(doomed.values_list("pk", flat=True))
    Person.objects.filter(pk__in=ids).delete()
    return len(ids)
