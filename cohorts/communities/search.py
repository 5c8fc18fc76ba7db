"""Search across the posts a person may read: PostgreSQL's full-text search, as the
catalogue's (``programmes/search.py``), or every word by ``icontains`` on SQLite.

Each post keeps its own stored vector (a thread's title outranks its body), indexed
with GIN (migration); the rule (``readable_by``) narrows the matches, and only the first
``LIMIT`` of each kind are read.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import F, Q, QuerySet

from programmes.search import CONFIG, MAX_QUERY_LENGTH, uses_postgres, words

LIMIT = 20
# Only the first matches the database finds are ranked, as in the catalogue: ranking
# every post that mentions "clinic" among 100,000 to show twenty would read them all.
RANK_WINDOW = 200


def refresh_threads(ids: Iterable[int]) -> int:
    from cohorts.communities.models import Thread

    if not uses_postgres():
        return 0
    return Thread.objects.filter(pk__in=list(ids)).update(
        search_vector=SearchVector("title", weight="A", config=CONFIG)
        + SearchVector("body", weight="B", config=CONFIG)
    )


def refresh_replies(ids: Iterable[int]) -> int:
    from cohorts.communities.models import Reply

    if not uses_postgres():
        return 0
    return Reply.objects.filter(pk__in=list(ids)).update(
        search_vector=SearchVector("body", weight="B", config=CONFIG)
    )


def matching(posts: QuerySet, text: str, fields: tuple[str, ...]) -> QuerySet:
    """Posts matching the text, best first (newest first on SQLite)."""
    text = text.strip()[:MAX_QUERY_LENGTH]
    terms = words(text)
    if not terms:
        return posts.none()
    if uses_postgres():
        wanted = SearchQuery(text, search_type="websearch", config=CONFIG)
        window = posts.filter(search_vector=wanted).order_by().values("pk")[:RANK_WINDOW]
        return (
            posts.model.objects.filter(pk__in=window)
            .annotate(rank=SearchRank(F("search_vector"), wanted))
            .order_by("-rank", "-created_at")
        )
    for term in terms:
        anywhere = Q()
        for field in fields:
            anywhere |= Q(**{f"{field}__icontains": term})
        posts = posts.filter(anywhere)
    return posts.order_by("-created_at")
