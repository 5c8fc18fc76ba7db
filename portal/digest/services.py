"""Choosing who is due, claiming, building and sending digests.

Delivery guarantee. Every digest is a `DigestDelivery` row, unique per (person,
period), inserted in the same transaction that claims it. The row is marked sent the
moment the SMTP server accepts the message. A claim older than
`DIGEST_CLAIM_TIMEOUT` (longer than a task may live) is taken to be abandoned (a killed
worker, a lost task, Redis restarted) and the next tick sends it again.

One window remains: a worker killed after the server accepted a message and before
the row was marked sent. We chose **at least once**: that person gets the digest a
second time. The alternative, marking the row before sending (at most once), would
silently drop a digest whenever a worker died mid-send, and a missed application
deadline costs a clinician more than a duplicate email does. The window is one SMTP
reply and one UPDATE wide. That UPDATE does not wait for the disk flush (see `_quick_marks`);
only a crash of PostgreSQL itself could lose the last fraction of a second of marks,
with the same outcome.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.mail import get_connection
from django.db import DatabaseError, transaction
from django.db import connection as database
from django.db.models import Exists, F, Max, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from portal import mail
from portal.digest import periods, registry
from portal.digest.models import (
    DeliveryStatus,
    DigestDelivery,
    DigestPreference,
    Frequency,
)
from portal.digest.rendering import absolute, render_digest  # noqa: F401 (callers use these)
from portal.models import Person

logger = logging.getLogger(__name__)

# Only these professions may opt in to the team edition.
TEAM_EDITION_PROFESSIONS = ("practice-manager", "pcn-manager")


# ---------------------------------------------------------------------------
# Who is due
# ---------------------------------------------------------------------------
def reachable_people() -> QuerySet[Person]:
    """Active people with a verified primary address who have not switched digests off."""
    verified = EmailAddress.objects.filter(user_id=OuterRef("pk"), verified=True, primary=True)
    return (
        Person.objects.filter(is_active=True)
        .filter(Exists(verified))
        .annotate(
            digest_frequency=Coalesce(
                "digest_preference__frequency", Value(periods.DEFAULT_FREQUENCY.value)
            ),
            digest_day=Coalesce("digest_preference__day", Value(periods.DEFAULT_DAY)),
        )
        .exclude(digest_frequency=Frequency.OFF)
    )


def _settled(period_key: str, now: datetime.datetime) -> Exists:
    """A delivery for this period that is final, or claimed recently enough to be in hand."""
    fresh = now - datetime.timedelta(seconds=settings.DIGEST_CLAIM_TIMEOUT)
    return Exists(
        DigestDelivery.objects.filter(person_id=OuterRef("pk"), period=period_key).filter(
            ~Q(status=DeliveryStatus.CLAIMED) | Q(claimed_at__gte=fresh)
        )
    )


def due_people(now: datetime.datetime | None = None) -> QuerySet[Person]:
    """Everyone whose digest is due now and not yet sent (or in hand) for the period.

    One query: one condition per frequency, each with its own period.
    """
    now = now or timezone.now()
    condition = Q(pk__in=[])
    for frequency, (period, days) in periods.periods_due(now).items():
        if days:
            condition |= Q(digest_frequency=frequency, digest_day__in=days) & ~_settled(
                period.key, now
            )
    return reachable_people().filter(condition)


def due_ids(now: datetime.datetime | None = None) -> list[int]:
    return list(due_people(now).order_by("pk").values_list("pk", flat=True))


# ---------------------------------------------------------------------------
# Claiming
# ---------------------------------------------------------------------------
def _load(queryset: QuerySet[Person]) -> QuerySet[Person]:
    return queryset.select_related(
        "profession", "career_level", "organisation__icb", "digest_preference"
    )


def _last_sent(person_ids: Iterable[int]) -> dict[int, datetime.datetime]:
    return dict(
        DigestDelivery.objects.filter(person_id__in=list(person_ids), status=DeliveryStatus.SENT)
        .values("person_id")
        .annotate(last=Max("sent_at"))
        .values_list("person_id", "last")
    )


@dataclass
class Claimed:
    deliveries: list[DigestDelivery]
    people: dict[int, Person]


@transaction.atomic
def deliveries_claim(*, person_ids: list[int], now: datetime.datetime | None = None) -> Claimed:
    """Record and claim this batch's due digests; return only the ones this run owns.

    New rows go in with ON CONFLICT DO NOTHING, so when two runs race for a person the
    unique (person, period) index lets exactly one of them insert. Abandoned claims are
    taken over with a conditional UPDATE that only one run can win.
    """
    now = now or timezone.now()
    people = {p.pk: p for p in _load(due_people(now).filter(pk__in=person_ids))}
    if not people:
        return Claimed([], {})
    due = periods.periods_due(now)
    last_sent = _last_sent(people)
    token = uuid.uuid4().hex
    rows, by_period = [], {}
    for person in people.values():
        period = due[person.digest_frequency][0]
        by_period.setdefault(period.key, []).append(person.pk)
        rows.append(
            DigestDelivery(
                person_id=person.pk,
                period=period.key,
                claim=token,
                claimed_at=now,
                attempts=1,
                window_start=last_sent.get(person.pk) or now - period.length,
            )
        )
    DigestDelivery.objects.bulk_create(rows, ignore_conflicts=True)
    stale = now - datetime.timedelta(seconds=settings.DIGEST_CLAIM_TIMEOUT)
    abandoned = Q(pk__in=[])
    for key, ids in by_period.items():
        abandoned |= Q(period=key, person_id__in=ids)
    abandoned_rows = (
        DigestDelivery.objects.filter(abandoned, status=DeliveryStatus.CLAIMED)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale))
        .exclude(claim=token)
    )
    # A digest whose every attempt died with its worker stops here rather than loop.
    abandoned_rows.filter(attempts__gte=settings.DIGEST_MAX_ATTEMPTS).update(
        status=DeliveryStatus.FAILED,
        claimed_at=None,
        error=f"Gave up after {settings.DIGEST_MAX_ATTEMPTS} attempts.",
    )
    abandoned_rows.filter(attempts__lt=settings.DIGEST_MAX_ATTEMPTS).update(
        claim=token, claimed_at=now, attempts=F("attempts") + 1
    )
    mine = list(DigestDelivery.objects.filter(claim=token, status=DeliveryStatus.CLAIMED))
    return Claimed(mine, people)


# ---------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------
@dataclass
class Digest:
    person: Person
    sections: list[tuple[registry.Section, registry.Content]] = field(default_factory=list)

    @property
    def subject(self) -> str:
        summaries = [content.summary for _, content in self.sections if content.summary]
        text = ", ".join(summaries[:2]) if summaries else "Your digest"
        return text[0].upper() + text[1:]


def _enabled(person: Person) -> tuple[set[str], bool]:
    preference: DigestPreference | None = getattr(person, "digest_preference", None)
    if preference is None:
        return set(), False
    team = bool(
        preference.team_edition
        and person.profession_id
        and person.profession.slug in TEAM_EDITION_PROFESSIONS
    )
    return set(preference.muted_sections or []), team


def build_digests(
    people: list[Person], since: dict[int, datetime.datetime], now: datetime.datetime
) -> dict[int, Digest]:
    """Each person's digest, with only the sections that have content for them.

    Queries: whatever the registered sections make, each a fixed number per batch.
    People with nothing in any section are left out.
    """
    muted, team = {}, set()
    for person in people:
        muted[person.pk], wants_team = _enabled(person)
        if wants_team:
            team.add(person.pk)
    batch = registry.Batch(
        people=people,
        since=since,
        today=periods.local_now(now).date(),
        now=now,
        team_edition=frozenset(team),
    )
    digests: dict[int, Digest] = {}
    for section in registry.sections():
        wanted = [p for p in people if section.key not in muted[p.pk]]
        if not wanted:
            continue
        part = batch if len(wanted) == len(people) else _narrow(batch, wanted)
        for person_id, content in section.collect(part).items():
            if content:
                digests.setdefault(person_id, Digest(part_person(part, person_id)))
                digests[person_id].sections.append((section, content))
    return digests


def _narrow(batch: registry.Batch, people: list[Person]) -> registry.Batch:
    return registry.Batch(
        people=people,
        since={p.pk: batch.since[p.pk] for p in people},
        today=batch.today,
        now=batch.now,
        team_edition=batch.team_edition,
    )


def part_person(batch: registry.Batch, person_id: int) -> Person:
    for person in batch.people:
        if person.pk == person_id:
            return person
    raise KeyError(person_id)


def preview(person: Person, now: datetime.datetime | None = None) -> Digest | None:
    """The digest this person would get if it were built now, for /me/digest/."""
    now = now or timezone.now()
    person = _load(Person.objects.filter(pk=person.pk)).get()
    frequency = getattr(getattr(person, "digest_preference", None), "frequency", None)
    frequency = periods.DEFAULT_FREQUENCY if frequency in (None, Frequency.OFF) else frequency
    length = periods.period_for(frequency, periods.local_now(now).date()).length
    since = _last_sent([person.pk]).get(person.pk) or now - length
    return build_digests([person], {person.pk: since}, now).get(person.pk)


def digest_for_delivery(delivery: DigestDelivery) -> Digest | None:
    """Rebuild a delivered digest for "view in browser": the same window, as of when
    it was sent (offers since withdrawn drop out, which is what a reader wants)."""
    person = _load(Person.objects.filter(pk=delivery.person_id)).get()
    when = delivery.sent_at or delivery.claimed_at or timezone.now()
    return build_digests([person], {person.pk: delivery.window_start}, when).get(person.pk)


# ---------------------------------------------------------------------------
# Sending
# ---------------------------------------------------------------------------
@dataclass
class BatchResult:
    sent: int = 0
    empty: int = 0
    failed: int = 0
    skipped: int = 0
    retry: list[int] = field(default_factory=list)  # people to try again after a pause


def _still_reachable(person_ids: list[int]) -> set[int]:
    """Checked again just before sending: someone may have unsubscribed, been
    deactivated or erased since the claim."""
    return set(reachable_people().filter(pk__in=person_ids).values_list("pk", flat=True))


def _mark(delivery: DigestDelivery, **fields) -> None:
    DigestDelivery.objects.filter(pk=delivery.pk, claim=delivery.claim).update(**fields)


@contextmanager
def _quick_marks() -> Iterator[None]:
    """Let each mark return before PostgreSQL has flushed it to disk.

    Waiting for that flush was most of a message's time (the UPDATE after each
    accepted message). The mark is still made at once and seen at once by every
    other session, so a worker that dies, a lost task or a second tick behave as
    before; only a crash of PostgreSQL itself could forget the last fraction of a
    second of marks, and those digests would go again once their claims went stale
    (at least once, as after a worker dies between the reply and the mark).
    """
    if database.vendor != "postgresql" or settings.DIGEST_DURABLE_MARKS:
        yield
        return
    with database.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        try:
            with database.cursor() as cursor:
                cursor.execute("RESET synchronous_commit")
        except DatabaseError:
            # A broken connection is not given back to the pool, so nothing leaks;
            # the error that broke it is the one to report.
            pass


def digest_batch_send(
    *, person_ids: list[int], now: datetime.datetime | None = None
) -> BatchResult:
    """Claim, build and send the digests of one batch over one SMTP connection."""
    now = now or timezone.now()
    result = BatchResult()
    claimed = deliveries_claim(person_ids=person_ids, now=now)
    if not claimed.deliveries:
        return result
    people = [claimed.people[d.person_id] for d in claimed.deliveries]
    since = {d.person_id: d.window_start for d in claimed.deliveries}
    digests = build_digests(people, since, now)

    nothing = [d.pk for d in claimed.deliveries if d.person_id not in digests]
    if nothing:
        DigestDelivery.objects.filter(pk__in=nothing).update(
            status=DeliveryStatus.EMPTY, claimed_at=None
        )
        result.empty = len(nothing)
    outgoing = [d for d in claimed.deliveries if d.person_id in digests]
    still_reachable = _still_reachable([d.person_id for d in outgoing])

    connection = get_connection(fail_silently=False)
    try:
        with _quick_marks():
            for delivery in outgoing:
                reachable = delivery.person_id in still_reachable
                _send(connection, delivery, digests[delivery.person_id], reachable, result)
    finally:
        _close_quietly(connection)
    return result


def _send(
    connection, delivery: DigestDelivery, digest: Digest, reachable: bool, result: BatchResult
) -> None:
    """Send one digest and mark its row the moment the server accepts it."""
    if not reachable:
        _mark(delivery, status=DeliveryStatus.FAILED, error="No longer reachable: not sent.")
        result.skipped += 1
        return
    message = render_digest(digest, delivery=delivery)
    try:
        connection.open()
        connection.send_messages([message])
    except Exception as exc:  # classified below; bugs are raised again
        _close_quietly(connection)
        _record_failure(delivery, exc, result)
        return
    _mark(
        delivery,
        status=DeliveryStatus.SENT,
        sent_at=timezone.now(),
        subject=message.subject[:200],
        error="",
    )
    result.sent += 1


def _record_failure(delivery: DigestDelivery, exc: Exception, result: BatchResult) -> None:
    error = f"{type(exc).__name__}: {exc}"[:2000]
    if not (mail.is_transient(exc) or _is_smtp_error(exc)):
        raise exc
    if mail.is_transient(exc) and delivery.attempts < settings.DIGEST_MAX_ATTEMPTS:
        # Released (no claim time), so a retry of this batch or the next tick takes it.
        _mark(delivery, claimed_at=None, error=error)
        result.retry.append(delivery.person_id)
        return
    if mail.is_transient(exc):
        error = f"Gave up after {delivery.attempts} attempts. {error}"
    logger.error("Digest %s for person %s failed: %s", delivery.period, delivery.person_id, error)
    _mark(delivery, status=DeliveryStatus.FAILED, claimed_at=None, error=error)
    result.failed += 1


def _is_smtp_error(exc: Exception) -> bool:
    return isinstance(exc, smtplib.SMTPException)


def _close_quietly(connection) -> None:
    try:
        connection.close()
    except Exception:  # a broken connection may fail to say goodbye
        connection.connection = None


@transaction.atomic
def digest_preferences_save(
    *,
    person: Person,
    frequency: str,
    day: int,
    muted_sections: list[str],
    team_edition: bool | None = None,
) -> DigestPreference:
    """A person's own digest choices; choosing a frequency again undoes an unsubscribe."""
    preference, _ = DigestPreference.objects.select_for_update().get_or_create(person=person)
    preference.frequency = frequency
    preference.day = day
    preference.muted_sections = muted_sections
    if team_edition is not None:
        preference.team_edition = team_edition
    if frequency != Frequency.OFF:
        preference.unsubscribed_at = None
    preference.save()
    return preference


@transaction.atomic
def digest_unsubscribe(*, person: Person, at: datetime.datetime | None = None) -> DigestPreference:
    """Switch digests off. Safe to repeat; a digest already claimed is stopped by the
    check made just before sending. ``at`` records an unsubscribe made earlier (an
    import of history); by default it is now."""
    preference, _ = DigestPreference.objects.select_for_update().get_or_create(person=person)
    if preference.frequency != Frequency.OFF or preference.unsubscribed_at is None:
        preference.frequency = Frequency.OFF
        preference.unsubscribed_at = at or timezone.now()
        preference.save(update_fields=["frequency", "unsubscribed_at", "updated_at"])
    return preference


# ---------------------------------------------------------------------------
# History recorded elsewhere
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class PastDelivery:
    """A digest already sent, by another system or the demo's invented history."""

    person: Person
    period: str
    sent_at: datetime.datetime
    subject: str = "Your weekly development digest"


def digest_history_record(deliveries: Iterable[PastDelivery]) -> int:
    """Record digests sent in the past, in bulk, as the sender would have recorded them.

    Insights chart who was reached week by week; their history comes from these rows.
    Each (person, period) may be recorded once: pass only periods not yet recorded.
    Returns how many were added.
    """
    rows = [
        DigestDelivery(
            person=past.person,
            period=past.period,
            status=DeliveryStatus.SENT,
            window_start=past.sent_at - datetime.timedelta(days=7),
            claimed_at=past.sent_at,
            sent_at=past.sent_at,
            attempts=1,
            subject=past.subject,
        )
        for past in deliveries
    ]
    return len(DigestDelivery.objects.bulk_create(rows))
