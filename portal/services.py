"""Writes to people's own records that more than one page makes."""

import datetime
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from portal.lib.refused import Refused
from portal.models import CareerLevel, HeldRole, Organisation, Person, Profession

ModelT = TypeVar("ModelT", bound=models.Model)

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


# ---------------------------------------------------------------------------
# People and places recorded by an administrator or an import (and the demo)
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class RoleSpell:
    kind: str
    started_at: datetime.datetime
    ended_at: datetime.datetime | None = None


@dataclass(frozen=True)
class MemberRow:
    """A member brought in by an import: their address is taken as confirmed."""

    email: str
    full_name: str
    profession: Profession
    career_level: CareerLevel | None
    organisation: Organisation | None
    joined: datetime.datetime
    roles: tuple[RoleSpell, ...] = ()


@transaction.atomic
def members_bulk_create(rows: list[MemberRow]) -> list[Person]:
    """Create many members at once, each with a confirmed address, digests off and the
    roles they held; they cannot sign in until they reset their password.

    In bulk because one by one through sign-up, hundreds of people would take minutes.
    """
    from allauth.account.models import EmailAddress

    from portal.digest.models import DigestPreference, Frequency

    people = []
    for row in rows:
        person = Person(
            email=row.email,
            full_name=row.full_name,
            profession=row.profession,
            career_level=row.career_level,
            organisation=row.organisation,
            date_joined=row.joined,
        )
        person.set_unusable_password()
        people.append(person)
    Person.objects.bulk_create(people)
    saved = {p.email: p for p in Person.objects.filter(email__in=[r.email for r in rows])}
    EmailAddress.objects.bulk_create(
        EmailAddress(user=person, email=email, verified=True, primary=True)
        for email, person in saved.items()
    )
    DigestPreference.objects.bulk_create(
        DigestPreference(person=person, frequency=Frequency.OFF) for person in saved.values()
    )
    HeldRole.objects.bulk_create(
        HeldRole(person=saved[row.email], kind=s.kind, started_at=s.started_at, ended_at=s.ended_at)
        for row in rows
        for s in row.roles
    )
    return [saved[row.email] for row in rows]


def _bring_to(obj, values: dict[str, Any]) -> bool:
    """Set the fields that differ and save only those; True if anything changed."""
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    for name in changed:
        setattr(obj, name, values[name])
    if changed:
        obj.save(update_fields=changed)
    return bool(changed)


@transaction.atomic
def record_by_natural_key(
    model: type[ModelT], lookup: dict[str, Any], values: dict[str, Any]
) -> tuple[ModelT, bool, bool]:
    """Reference rows loaded from a file (pathways, matching rounds, demo cohorts):
    get or create one by its natural key and bring its fields to ``values``.

    Only for rows with no rule of their own to keep: anything with checks or side
    effects has its own service. Unlike ``update_or_create`` it saves nothing when the
    row already matches, so loading the same file again leaves no history entries.
    Returns (row, created, updated).
    """
    obj, created = model.objects.get_or_create(**lookup, defaults=values)
    return obj, created, not created and _bring_to(obj, values)


@transaction.atomic
def organisation_record(
    *, kind: str, name: str, icb, ods_code: str, pcn: Organisation | None = None
) -> tuple[Organisation, bool, bool]:
    """An organisation by kind, name and ICB, with its ODS code (and network): created
    if missing, corrected if different. Returns (organisation, created, updated)."""
    values = {"ods_code": ods_code, "pcn": pcn}
    organisation, created = Organisation.objects.get_or_create(
        kind=kind, name=name, icb=icb, defaults=values
    )
    return organisation, created, not created and _bring_to(organisation, values)


def hub_serves_add(*, hub: Organisation, icbs: list) -> int:
    """Add ICBs a training hub serves; returns how many were new."""
    served = set(hub.serves_icbs.values_list("pk", flat=True))
    missing = [icb for icb in icbs if icb.pk not in served]
    hub.serves_icbs.add(*missing)
    return len(missing)


@transaction.atomic
def account_record(
    *, email: str, values: dict[str, Any], password: str, groups: list[str] = ()
) -> tuple[Person, dict[str, bool]]:
    """A staff-made account with a confirmed address, its details, its password and
    its groups, created or brought back to what is given. Returns the person and which
    parts were created or changed."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.models import Group

    person, created = Person.objects.get_or_create(email=email, defaults=values)
    changes = {"created": created, "updated": not created and _bring_to(person, values)}
    # A password someone changed is put back; "password" says whether that happened.
    changes["password"] = bool(person.password) and not person.check_password(password)
    if not person.password or changes["password"]:
        person.set_password(password)
        person.save(update_fields=["password"])
    address, made = EmailAddress.objects.get_or_create(
        user=person, email=email, defaults={"verified": True, "primary": True}
    )
    changes["address"] = made or _bring_to(address, {"verified": True, "primary": True})
    joined = list(Group.objects.filter(name__in=groups).exclude(user=person))
    person.groups.add(*joined)
    changes["groups"] = len(joined)
    return person, changes
