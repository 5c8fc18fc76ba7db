"""Erasing a person: every app's erasers, then portal's own steps, in one transaction.

The person's row stays (its primary key keeps attendance totals, a set's meeting
counts and intake fill rates adding up) but says nothing about them any more: no
name, email, workplace or password, and ``erased_at`` set. What only they own is
deleted; what others rely on keeps anonymous figures. Feature apps contribute their
part with ``@eraser`` (see registry.py); this module knows no feature app.

Erasers run before portal's steps, so they still see the person's name, email
addresses, sessions and admin history when they need them to find rows.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from importlib import import_module

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth import SESSION_KEY
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from portal.digest.models import DigestDelivery, DigestPreference
from portal.lib.refused import Refused
from portal.models import HeldRole, Person
from portal.personal_data import registry
from portal.personal_data.models import DataExport
from portal.plan.models import PlanCalendar

logger = logging.getLogger(__name__)

# What an erased person is called wherever the portal still shows their row (a set's
# member list, an attendance register); Person.__str__ says the same.
FORMER_MEMBER = "Former member"
# What replaces their name and addresses in words they wrote that others keep.
FORMER_MEMBER_IN_TEXT = "a former member"
ERASED_DOMAIN = "erased.invalid"


class ErasureRefused(Refused):
    """The erasure cannot go ahead here; ``message`` says why, in words for the person."""


STAFF_REFUSAL = (
    "Training-hub staff and administrator accounts cannot be erased here, because "
    "the admin keeps a record of the changes they made. Ask a portal administrator "
    "(a superuser) to remove your staff access first; you can then erase your account "
    "yourself."
)


def erased_email(person_pk: int) -> str:
    """A unique address that names no one and can never receive mail (RFC 2606)."""
    return f"erased-{person_pk}@{ERASED_DOMAIN}"


def can_erase(person: Person) -> bool:
    return not (person.is_staff or person.is_superuser)


def person_erase(person: Person) -> bool:
    """Erase the person now. True if this call erased them, False if already erased.

    Locking the person's row makes a second, simultaneous erasure wait for the first,
    then find ``erased_at`` set and do nothing. Raises ErasureRefused for staff.
    """
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        if locked.erased_at is not None:
            return False
        if not can_erase(locked):
            raise ErasureRefused(STAFF_REFUSAL)
        for step in registry.erasers():
            step.erase(locked)
        # Before the email addresses go: the admin's log and sessions are searched for them.
        _scrub_history(locked)
        _scrub_admin_log(locked)
        _end_sessions(locked)
        _erase_portal_rows(locked)
        _anonymise(locked)
    logger.info("Erased person %s", locked.pk)
    return True


# ---------------------------------------------------------------------------
# Portal's own rows
# ---------------------------------------------------------------------------
def _erase_portal_rows(person: Person) -> None:
    HeldRole.objects.filter(person=person).delete()
    # No preference and no verified address: the digest's due query skips them (it
    # also wants is_active, which _anonymise clears).
    DigestPreference.objects.filter(person=person).delete()
    # Deliveries stay as anonymous counts of digests sent per period (digest reach);
    # the subject and any error text (an SMTP reply can quote the address) go.
    DigestDelivery.objects.filter(person=person).update(subject="", error="")
    _delete_exports(person)
    # Her private calendar address: it would otherwise keep answering with her dates.
    PlanCalendar.objects.filter(person=person).delete()
    Authenticator.objects.filter(user=person).delete()
    EmailAddress.objects.filter(user=person).delete()  # and their confirmations


def _delete_exports(person: Person) -> None:
    exports = list(DataExport.objects.filter(person=person))
    files = [export.file for export in exports if export.file]
    DataExport.objects.filter(pk__in=[export.pk for export in exports]).delete()

    def remove_files() -> None:
        for file in files:
            try:
                file.storage.delete(file.name)
            except OSError:  # already gone, or the storage is down: the row is gone anyway
                logger.warning("Could not delete export file %s", file.name, exc_info=True)

    # Only once the rows are gone for good: a rolled-back erasure keeps its files.
    transaction.on_commit(remove_files)


# ---------------------------------------------------------------------------
# History (django-simple-history) and the admin's log
# ---------------------------------------------------------------------------
def historical_models() -> list[type[models.Model]]:
    """Every history table, whichever app it belongs to."""
    return [
        model
        for model in apps.get_models()
        if any(field.name == "history_user" for field in model._meta.get_fields())
    ]


def _scrub_history(person: Person) -> None:
    """History rows keep what changed and when, but not that this person changed it.

    Apps blank the free text they copied into their own history rows (they know
    which rows are the person's); here every history table forgets who made changes.
    """
    for model in historical_models():
        fields = {"history_user": None}
        if any(field.name == "history_change_reason" for field in model._meta.get_fields()):
            fields["history_change_reason"] = None
        model.objects.filter(history_user=person).update(**fields)


def _scrub_admin_log(person: Person) -> None:
    """The admin's log keeps the action, not the name or address it was written with."""
    person_type = ContentType.objects.get_for_model(Person)
    LogEntry.objects.filter(content_type=person_type, object_id=str(person.pk)).update(
        object_repr=FORMER_MEMBER, change_message=""
    )
    needles = _needles(person)
    if not needles:  # an empty condition would match every entry
        return
    replacements = personal_patterns(person)
    condition = models.Q()
    for needle in needles:
        condition |= models.Q(object_repr__icontains=needle)
        condition |= models.Q(change_message__icontains=needle)
    changed = []
    for entry in LogEntry.objects.filter(condition).only("object_repr", "change_message"):
        entry.object_repr = scrub_text(entry.object_repr, replacements)[:200]
        entry.change_message = scrub_text(entry.change_message, replacements)
        changed.append(entry)
    LogEntry.objects.bulk_update(changed, ["object_repr", "change_message"], batch_size=500)


def _needles(person: Person) -> list[str]:
    return [text for text in (person.full_name.strip(), *person_emails(person)) if text]


def person_emails(person: Person) -> set[str]:
    """Every address the person signed in or was written to with, lower-cased."""
    addresses = {person.email.lower()}
    addresses.update(
        email.lower()
        for email in EmailAddress.objects.filter(user=person).values_list("email", flat=True)
    )
    return addresses


def personal_patterns(person: Person) -> list[tuple[re.Pattern, str]]:
    """Patterns for the person's name and addresses, each with what replaces it.

    Whole words only, so that erasing "Al Khan" leaves "Al Khanna" alone. Erasers use
    these for text the portal wrote about the person into someone else's rows (a
    mentor's log entry "Mentor to Nia Evans").
    """
    patterns = []
    for email in sorted(person_emails(person), key=len, reverse=True):
        patterns.append((re.compile(re.escape(email), re.IGNORECASE), erased_email(person.pk)))
    name = person.full_name.strip()
    if name:
        whole = rf"(?<!\w){re.escape(name)}(?!\w)"
        patterns.append((re.compile(whole, re.IGNORECASE), FORMER_MEMBER))
    return patterns


def scrub_text(text: str, patterns: Iterable[tuple[re.Pattern, str]]) -> str:
    for pattern, replacement in patterns:
        text = pattern.sub(replacement, text)
    return text


def own_words_patterns(person: Person) -> list[tuple[re.Pattern, str]]:
    """Patterns for free text the person wrote that stays for others' sake.

    A topic she proposed keeps its title because the cohort voted on it, but "Tom
    Okafor proposes: rota" must not keep her name: her addresses, her whole name (any
    case) and then each part of it (as written in the name, whole words, so "Will"
    goes but "will" stays) become "a former member".
    """
    patterns = [
        (re.compile(re.escape(email), re.IGNORECASE), FORMER_MEMBER_IN_TEXT)
        for email in sorted(person_emails(person), key=len, reverse=True)
    ]
    name = person.full_name.strip()
    if name:
        whole = rf"(?<!\w){re.escape(name)}(?!\w)"
        patterns.append((re.compile(whole, re.IGNORECASE), FORMER_MEMBER_IN_TEXT))
        for part in sorted(set(name.split()), key=len, reverse=True):
            if len(part.strip(".,'-")) >= 2:
                patterns.append(
                    (re.compile(rf"(?<!\w){re.escape(part)}(?!\w)"), FORMER_MEMBER_IN_TEXT)
                )
    return patterns


def own_words_scrub(
    queryset: models.QuerySet, fields: list[str], patterns: list[tuple[re.Pattern, str]]
) -> list[models.Model]:
    """Replace the person's name and addresses in these text fields of these rows.

    Two queries however many rows: one read, one bulk update. Returns the rows.
    """
    rows = list(queryset.only("pk", *fields))
    for row in rows:
        for field in fields:
            limit = row._meta.get_field(field).max_length
            text = scrub_text(getattr(row, field), patterns)
            setattr(row, field, text[:limit] if limit else text)
    if rows:
        type(rows[0]).objects.bulk_update(rows, fields, batch_size=500)
    return rows


# ---------------------------------------------------------------------------
# Sessions and the person's own row
# ---------------------------------------------------------------------------
def _end_sessions(person: Person) -> None:
    """Delete every session signed in as the person.

    The database session engines (Django's default, and cached_db) can be searched;
    sessions kept only in a cache or a signed cookie cannot, but they end anyway on
    their next request: Django checks each session against a hash of the password,
    which _anonymise makes unusable, and is_active is then False.
    """
    engine = import_module(settings.SESSION_ENGINE)
    if settings.SESSION_ENGINE not in (
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    ):
        return
    store_class = engine.SessionStore
    model = store_class.get_model_class()
    emails = person_emails(person)

    def theirs(data: dict) -> bool:
        # Signed in as them, or a half-finished sign-in, sign-up or password reset
        # that remembers one of their addresses.
        if str(data.get(SESSION_KEY)) == str(person.pk):
            return True
        text = json.dumps(data, default=str).lower()
        return any(email in text for email in emails)

    decoder = store_class()
    keys = [
        session.session_key
        for session in model.objects.filter(expire_date__gt=timezone.now()).iterator(
            chunk_size=2000
        )
        if theirs(decoder.decode(session.session_data))
    ]
    model.objects.filter(session_key__in=keys).delete()
    if settings.SESSION_ENGINE.endswith("cached_db"):

        def forget_cached() -> None:
            for key in keys:
                store_class(session_key=key).delete()

        transaction.on_commit(forget_cached)


def _anonymise(person: Person) -> None:
    person.email = erased_email(person.pk)
    person.full_name = FORMER_MEMBER
    person.profession = None
    person.career_level = None
    person.organisation = None
    person.set_unusable_password()
    person.is_active = False
    person.last_login = None
    person.erased_at = timezone.now()
    person.save(
        update_fields=[
            "email",
            "full_name",
            "profession",
            "career_level",
            "organisation",
            "password",
            "is_active",
            "last_login",
            "erased_at",
        ]
    )
    person.groups.clear()
    person.user_permissions.clear()
