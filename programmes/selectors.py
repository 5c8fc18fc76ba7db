"""Reads that shape programmes pages for whoever is looking."""

from __future__ import annotations

from dataclasses import dataclass

from programmes.models import Application, Offer, SavedOffer


@dataclass
class YourPlace:
    """Where the person stands with an offer: nothing at all for a visitor."""

    application: Application | None = None
    saved: bool | None = None


def your_place(offer: Offer, person) -> YourPlace:
    if not person.is_authenticated:
        return YourPlace()
    return YourPlace(
        application=Application.objects.for_person(person)
        .filter(offer=offer)
        .select_related("intake")
        .first(),
        saved=SavedOffer.objects.filter(person=person, offer=offer).exists(),
    )
