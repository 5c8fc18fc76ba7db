"""Reads that shape programmes pages: where a person stands with an offer, and the
catalogue's result cards and paginator."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from programmes import search
from programmes.catalogue import RESULT_FIELDS, for_listing, sort_offers
from programmes.forms import Sort
from programmes.models import Application, Intake, Offer, SavedOffer, today
from programmes.templatetags.programmes_tags import audience_sentence


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


# Cards a process keeps; a page shows 20, so this covers the pages people actually open.
CARDS_KEPT = 5_000
_CARDS: dict[tuple, SafeString] = {}
_INTAKE_FIELDS = ("pk", "start_date", "end_date", "application_deadline", "places", "places_taken")


def _card_key(offer: Offer, audience: tuple, intake: Intake | None, on) -> tuple:
    """Everything a card shows: the offer's listed fields, its professions, its next intake
    and the day (which decides whether that intake is still open)."""
    return (
        offer.pk,
        *(getattr(offer, name) for name in RESULT_FIELDS),
        audience,
        tuple(getattr(intake, name) for name in _INTAKE_FIELDS) if intake else None,
        on,
    )


def _audiences_and_next_intakes(
    offers: list[Offer],
) -> tuple[dict[int, tuple], dict[int, Intake]]:
    """Each offer's professions as (pk, plural) and its soonest intake still to come, in
    two queries of plain rows: a prefetch would build a related manager and a queryset
    for every offer, which cost more than the page's queries together."""
    ids = [offer.pk for offer in offers]
    audiences: dict[int, list] = defaultdict(list)
    listed = (
        Offer.professions.through.objects.filter(offer_id__in=ids)
        .order_by("profession__order", "profession__name")
        .values_list("offer_id", "profession_id", "profession__plural")
    )
    for offer_id, pk, plural in listed:
        audiences[offer_id].append((pk, plural))
    intakes: dict[int, Intake] = {}
    for intake in (
        Intake.objects.upcoming()
        .filter(offer_id__in=ids)
        .only("offer_id", *_INTAKE_FIELDS[1:])
        .order_by("start_date", "pk")
    ):
        intakes.setdefault(intake.offer_id, intake)
    return {pk: tuple(names) for pk, names in audiences.items()}, intakes


def offer_cards(offers: Iterable[Offer]) -> list[SafeString]:
    """The result cards, each drawn once per process for what it shows.

    A card is a pure function of the values in its key, so an edit, a new intake or a
    place taken makes a new key and the card is drawn again at once; nothing is ever
    stale. It saves the template engine's time on the cards every list repeats.
    """
    offers = list(offers)
    if not offers:
        return []
    audiences, intakes = _audiences_and_next_intakes(offers)
    on = today()
    cards = []
    for offer in offers:
        audience = audiences.get(offer.pk, ())
        intake = intakes.get(offer.pk)
        key = _card_key(offer, audience, intake, on)
        card = _CARDS.get(key)
        if card is None:
            card = render_to_string(
                "programmes/includes/offer_card.html",
                {
                    "offer": offer,
                    "intake": intake,
                    "audience": audience_sentence(offer, [plural for _, plural in audience]),
                    "compare": True,
                },
            )
            if len(_CARDS) >= CARDS_KEPT:
                _CARDS.clear()
            _CARDS[key] = card
        cards.append(card)
    return cards


class CataloguePaginator(Paginator):
    """A paginator told its count, which may be an estimate ("about 17,000")."""

    def __init__(self, object_list, per_page: int, *, count: int, estimated: bool) -> None:
        super().__init__(object_list, per_page, allow_empty_first_page=True)
        self.matches = count
        self.estimated = estimated
        # Pages reach as far as the ranked window; beyond it, people narrow the search.
        self.__dict__["count"] = min(count, search.RANK_WINDOW) if estimated else count

    @property
    def about(self) -> int:
        """The estimate to two significant figures: 16,932 is "about 17,000"."""
        places = max(len(str(self.matches)) - 2, 0)
        return round(self.matches, -places)


def catalogue_results(offers: QuerySet, filters: dict, per_page: int) -> Paginator:
    """The sorted results ready to page through, counted in one query.

    A search with many matches is counted by estimate, and sorted by relevance it is
    ranked within a window of them (see `search.ranked_window`)."""
    if not (text := filters.get("q")):
        return Paginator(for_listing(sort_offers(offers, filters)), per_page, True)
    matches, estimated = search.count(offers)
    if estimated and (filters.get("sort") or Sort.RELEVANCE) == Sort.RELEVANCE:
        offers = search.ranked_window(offers, text)
    return CataloguePaginator(
        for_listing(sort_offers(offers, filters)), per_page, count=matches, estimated=estimated
    )
