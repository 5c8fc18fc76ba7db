"""Turning the catalogue's filters into a query, shared by the catalogue page and its feed."""

from __future__ import annotations

from django.db.models import F, Prefetch, QuerySet

from programmes.forms import WITHIN_MONTHS, Paid, Reference, Sort
from programmes.models import Intake


def filter_offers(offers: QuerySet, filters: dict, reference: Reference) -> QuerySet:
    """Apply valid filters (as `CatalogueFilterForm.filters()` returns them)."""
    if slug := filters.get("profession"):
        offers = offers.open_for(reference.professions[slug])
    if slug := filters.get("level"):
        offers = offers.at_level(reference.levels[slug])
    if kind := filters.get("kind"):
        offers = offers.filter(kind=kind)
    if slug := filters.get("dimension"):
        offers = offers.developing(reference.dimensions[slug])
    if slug := filters.get("region"):
        offers = offers.available_in_region(reference.regions[slug])
    if slug := filters.get("icb"):
        offers = offers.available_in_icb(reference.icbs[slug])
    if mode := filters.get("mode"):
        offers = offers.filter(delivery_mode=mode)
    if paid := filters.get("funding"):
        offers = offers.paid_for(funded=Paid.FUNDED in paid, backfill=Paid.BACKFILL in paid)
    if hours := filters.get("max_hours"):
        offers = offers.within_hours(hours)
    if hours := filters.get("hours_a_month"):
        offers = offers.within_hours_a_month(hours)
    if filters.get("accredited"):
        offers = offers.accredited()
    if filters.get("open"):
        offers = offers.with_open_intake()
    if months := filters.get("within"):
        offers = offers.starting_within(WITHIN_MONTHS[months])
    if text := filters.get("q"):
        offers = offers.search(text)
    return offers


def sort_offers(offers: QuerySet, filters: dict) -> QuerySet:
    sort = filters.get("sort") or (Sort.RELEVANCE if filters.get("q") else Sort.NEWEST)
    if sort == Sort.RELEVANCE and filters.get("q"):
        return offers.order_by("-rank", "-published_at", "-pk")
    if sort == Sort.DEADLINE:
        return offers.with_next_deadline().order_by(
            F("next_deadline").asc(nulls_last=True), "-published_at", "-pk"
        )
    # Published offers always have published_at; this order matches an index.
    return offers.order_by("-published_at", "-pk")


def for_results(offers: QuerySet) -> QuerySet:
    """What a results list shows for each offer, fetched in a fixed number of queries."""
    return offers.only(*RESULT_FIELDS).prefetch_related(
        "professions",
        Prefetch("intakes", queryset=Intake.objects.upcoming().order_by("start_date")),
    )


def for_listing(offers: QuerySet) -> QuerySet:
    """The fields a result card shows; `selectors.offer_cards` reads the rest."""
    return offers.only(*RESULT_FIELDS)


RESULT_FIELDS = (
    "title",
    "slug",
    "summary",
    "kind",
    "provider",
    "all_professions",
    "national",
    "delivery_mode",
    "location",
    "total_hours",
    "duration_weeks",
    "session_count",
    "session_hours",
    "session_name",
    "self_study_hours_per_week",
    "fee",
    "funding",
    "funding_source",
    "backfill_paid",
    "backfill_rate",
    "cpd_hours",
    "academic_credits",
    "academic_level",
    "awarding_body",
    "published_at",
    "updated_at",
)


def defaults_for(person) -> dict[str, str]:
    """The filters of the "for you" view: the person's profession, stage and ICB, read
    in one query (as slugs, which is what the filters take)."""
    from portal.models import Person

    row = (
        Person.objects.filter(pk=person.pk)
        .values_list("profession__slug", "career_level__slug", "organisation__icb__slug")
        .first()
    )
    if row is None:
        return {}
    return {
        name: slug for name, slug in zip(("profession", "level", "icb"), row, strict=True) if slug
    }
