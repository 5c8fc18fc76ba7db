"""Full-text search over offers: PostgreSQL's ranked search, or a plain fallback on SQLite.

Both paths take the same text and return the same shape (a queryset annotated with
`rank`), so views and tests do not care which database is underneath.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When

CONFIG = "english"
# Longer text is refused by the catalogue form; this guards other callers.
MAX_QUERY_LENGTH = 200
# Above this many matches (by the planner's estimate) a search says "about" and ranks
# a window of its matches: counting and ranking 17,000 wide rows to show 20 took
# 80 ms on 100,000 offers, as large catalogues find.
ESTIMATE_ABOVE = 2_000
RANK_WINDOW = 200


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def document() -> SearchVector:
    """What an offer's search vector holds. Title outranks summary, which outranks the
    description and provider (PostgreSQL weights A > B > C)."""
    return (
        SearchVector("title", weight="A", config=CONFIG)
        + SearchVector("summary", weight="B", config=CONFIG)
        + SearchVector("description", "provider", weight="C", config=CONFIG)
    )


def refresh(offers: QuerySet) -> int:
    """Recompute the stored search vector of the given offers in one UPDATE."""
    if not uses_postgres():
        return 0
    return offers.update(search_vector=document())


def refresh_ids(offer_ids: Iterable[int]) -> int:
    from programmes.models import Offer

    ids = list(offer_ids)
    if not ids:
        return 0
    return refresh(Offer.objects.filter(pk__in=ids))


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text[:MAX_QUERY_LENGTH].lower())


def search_offers(offers: QuerySet, text: str) -> QuerySet:
    text = text.strip()[:MAX_QUERY_LENGTH]
    if not words(text):
        return offers.annotate(rank=Value(0.0))
    if uses_postgres():
        wanted = query(text)
        return offers.filter(search_vector=wanted).annotate(
            rank=SearchRank(F("search_vector"), wanted)
        )
    return _search_without_postgres(offers, words(text))


def query(text: str) -> SearchQuery:
    return SearchQuery(text.strip()[:MAX_QUERY_LENGTH], search_type="websearch", config=CONFIG)


def ranked_window(offers: QuerySet, text: str) -> QuerySet:
    """The first `RANK_WINDOW` matches the database finds, ranked, rather than every
    match: only these rows are read and scored. In a broad search about a quarter of
    any window are title matches, which outrank the rest, so the first page still
    opens on offers named for the words."""
    if not uses_postgres() or not words(text):
        return offers
    window = offers.order_by().values("pk")[:RANK_WINDOW]
    return offers.model.objects.filter(pk__in=window).annotate(
        rank=SearchRank(F("search_vector"), query(text))
    )


def count(offers: QuerySet) -> tuple[int, bool]:
    """How many offers match, and whether that is the planner's estimate.

    The estimate costs only planning (its statistics of the search index); when it
    is at most `ESTIMATE_ABOVE` the matches are counted exactly, which is quick for so
    few. SQLite cannot estimate, so there the count is always exact."""
    matches = offers.order_by().values("pk")
    if uses_postgres():
        plan = json.loads(matches.explain(format="json"))[0]["Plan"]
        if (estimate := int(plan["Plan Rows"])) > ESTIMATE_ABOVE:
            return estimate, True
    return matches.count(), False


def _search_without_postgres(offers: QuerySet, terms: list[str]) -> QuerySet:
    """Every word must appear somewhere; a word in the title counts most."""
    fields = ("title", "summary", "description", "provider")
    for term in terms:
        anywhere = Q()
        for field in fields:
            anywhere |= Q(**{f"{field}__icontains": term})
        offers = offers.filter(anywhere)
    weights = []
    for term in terms:
        weights.append(
            Case(
                When(title__icontains=term, then=Value(4)),
                When(summary__icontains=term, then=Value(2)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
    rank = weights[0]
    for weight in weights[1:]:
        rank = rank + weight
    return offers.annotate(rank=rank)
