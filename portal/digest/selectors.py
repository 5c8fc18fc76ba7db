"""Reads for the digest's pages: a person's own settings, and what a signed link names."""

from __future__ import annotations

from portal.digest import tokens
from portal.digest.models import DigestDelivery, DigestPreference
from portal.models import Person


def preference_for(person: Person) -> DigestPreference:
    """The person's own settings, or the defaults (unsaved) if she never chose any."""
    return DigestPreference.objects.filter(person=person).first() or DigestPreference(person=person)


def person_from_unsubscribe_token(token: str) -> Person | None:
    """The link itself is the proof: no sign-in, so nothing but the token decides."""
    try:
        person_id = tokens.read_unsubscribe_token(token)
    except tokens.BadToken:
        return None
    return Person.objects.filter(pk=person_id).first()


def delivery_from_view_token(token: str) -> DigestDelivery | None:
    """The sent digest a view link names; raises BadToken for a bad or expired link."""
    delivery_id = tokens.read_view_token(token)
    return DigestDelivery.objects.filter(pk=delivery_id).first()


def periods_recorded(people, periods: list[str]) -> set[str]:
    """Which of these periods already have a delivery to any of these people."""
    return set(
        DigestDelivery.objects.filter(person__in=people, period__in=periods)
        .values_list("period", flat=True)
        .distinct()
    )


def unsubscribed_at(people) -> dict:
    """Person id -> when they unsubscribed, for those of these people who did."""
    return dict(
        DigestPreference.objects.filter(
            person__in=people, unsubscribed_at__isnull=False
        ).values_list("person_id", "unsubscribed_at")
    )
