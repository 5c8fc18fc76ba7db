"""Reads that shape programmes pages: the offer or application a page is about, fetched
through the rule queryset its name carries (404 for anyone the rule leaves out), where a
person stands with an offer, and the catalogue's result cards and paginator."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from programmes import search
from programmes.catalogue import RESULT_FIELDS, for_listing, for_results, sort_offers
from programmes.forms import Sort
from programmes.models import (
    Application,
    Intake,
    Offer,
    OfferStatus,
    SavedOffer,
    TimeAgreement,
    today,
)
from programmes.templatetags.programmes_tags import audience_sentence


def _upcoming_intakes(lookup: str) -> Prefetch:
    return Prefetch(lookup, queryset=Intake.objects.upcoming().order_by("start_date"))


def offers_published() -> QuerySet[Offer]:
    """The catalogue's starting point, for ``catalogue.filter_offers`` to narrow."""
    return Offer.objects.published()


def offer_published(*, slug: str) -> Offer:
    return get_object_or_404(Offer.objects.published(), slug=slug)


def offer_visible_to(person, *, slug: str) -> Offer:
    """An offer's page: published ones for everyone, drafts for those who curate them."""
    return get_object_or_404(
        Offer.objects.visible_to(person)
        .select_related("hub")
        .prefetch_related(
            "professions",
            "career_levels",
            "dimensions",
            "regions",
            "icbs",
            "faqs",
            _upcoming_intakes("intakes"),
        ),
        slug=slug,
    )


def offers_to_compare(slugs: list[str]) -> list[Offer]:
    """The published offers among ``slugs``, in the order chosen; unknown ones left out."""
    found = {
        offer.slug: offer for offer in for_results(Offer.objects.published().filter(slug__in=slugs))
    }
    return [found[slug] for slug in slugs if slug in found]


def intake_visible_to(person, *, offer_slug: str, pk: int) -> Intake:
    return get_object_or_404(
        Intake.objects.visible_to(person).select_related("offer"), offer__slug=offer_slug, pk=pk
    )


def saved_offers_of(person) -> QuerySet[SavedOffer]:
    """Her saved offers that are still published, each with its upcoming intakes."""
    return (
        person.saved_offers.filter(offer__status=OfferStatus.PUBLISHED)
        .select_related("offer")
        .prefetch_related(_upcoming_intakes("offer__intakes"))
    )


def applications_for_person(person) -> QuerySet[Application]:
    """Her applications, each with its protected-time request in the same query."""
    return Application.objects.for_person(person).select_related(
        "offer", "intake", "time_agreement"
    )


def application_for_person(person, *, pk: int) -> Application:
    """One of her own applications; anyone else's is "not found"."""
    return get_object_or_404(
        Application.objects.for_person(person).select_related("offer", "intake", "time_agreement"),
        pk=pk,
    )


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


# ---------------------------------------------------------------------------
# Protected time agreed with the practice
# ---------------------------------------------------------------------------
def managers_for(person) -> QuerySet:
    """Who may agree her protected time from a list: people who hold the practice or PCN
    manager role now, at her organisation or at the PCN her practice belongs to."""
    from portal.models import HeldRole, HeldRoleKind, Person

    if not person.organisation_id:
        return Person.objects.none()
    places = [person.organisation_id]
    if person.organisation.pcn_id:
        places.append(person.organisation.pcn_id)
    holders = HeldRole.objects.current().filter(kind=HeldRoleKind.MANAGER).values("person_id")
    return (
        Person.objects.filter(
            pk__in=holders, organisation_id__in=places, is_active=True, erased_at=None
        )
        .exclude(pk=person.pk)
        .select_related("organisation")
        .order_by("full_name")
    )


def time_request_addressed_to(person, pk: int) -> TimeAgreement:
    """A request a signed-in manager may answer; 404 for anyone else."""
    return get_object_or_404(_for_answer_page(TimeAgreement.objects.addressed_to(person)), pk=pk)


def _for_answer_page(agreements: QuerySet) -> QuerySet:
    return agreements.select_related(
        "application__person", "application__offer", "application__intake"
    )


def time_request_from_link(token: str) -> TimeAgreement:
    """The request an emailed link is for; Refused when the link is tampered with, expired
    or was replaced by a newer request."""
    from portal.lib.refused import Refused
    from programmes import time_links

    key = time_links.key_from(token)
    agreement = _for_answer_page(TimeAgreement.objects.filter(link_key=key)).first()
    if agreement is None:
        raise Refused(
            "This link is no longer in use: the request it was sent for has been replaced. "
            "Use the link in the most recent email about this request."
        )
    return agreement


def own_time_request(person, application_pk: int) -> TimeAgreement:
    """The time request on one of her own applications; 404 for anyone else's."""
    return get_object_or_404(
        TimeAgreement.objects.for_person(person), application_id=application_pk
    )


# Lookups by slug, for importers and the demo seeder.
def offers_by_slug(slugs) -> dict[str, Offer]:
    return {offer.slug: offer for offer in Offer.objects.filter(slug__in=list(slugs))}


def intakes_of_offers(slugs) -> QuerySet[Intake]:
    return Intake.objects.filter(offer__slug__in=list(slugs)).select_related("offer")
