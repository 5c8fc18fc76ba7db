"""The digest section "In your communities": new conversations in the communities she
follows and new replies in the conversations she follows, since her last digest.

Three queries for the whole batch. Only what she may still read is named (an open
community, or one she is still a member of), hidden posts and her own are left out,
and a private community's conversations appear by title only: no reply text or
author leaves it by email.
"""

from __future__ import annotations

from collections import defaultdict

from django.urls import reverse

from cohorts.communities.models import (
    CommunityMembership,
    CommunityStatus,
    Reply,
    Thread,
    Visibility,
)
from portal.digest import registry

MOST_SHOWN = 8
SNIPPET_WORDS = 20


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _snippet(text: str) -> str:
    words = text.split()
    cut = " ".join(words[:SNIPPET_WORDS])
    return cut + ("…" if len(words) > SNIPPET_WORDS else "")


@registry.section(
    key="communities",
    title="In your communities",
    order=35,
    description="New conversations and replies in the communities and conversations you follow",
)
def collect_communities(batch: registry.Batch) -> dict[int, registry.Content]:
    ids = [person.pk for person in batch.people]
    if not ids:
        return {}
    since = batch.since
    member_of = set(
        CommunityMembership.objects.filter(person_id__in=ids).values_list(
            "person_id", "community_id"
        )
    )

    def readable(person_id: int, community_id: int, visibility: str) -> bool:
        return visibility == Visibility.OPEN or (person_id, community_id) in member_of

    # thread id → (title, community name, visibility, count, latest reply text)
    news: dict[int, dict[int, dict]] = defaultdict(dict)
    replies = (
        Reply.objects.filter(
            thread__follows__person_id__in=ids,
            created_at__gte=batch.earliest,
            hidden_at__isnull=True,
            thread__hidden_at__isnull=True,
            thread__community__status=CommunityStatus.ACTIVE,
        )
        .order_by("created_at", "pk")
        .values_list(
            "thread__follows__person_id",
            "thread_id",
            "thread__title",
            "thread__community_id",
            "thread__community__name",
            "thread__community__visibility",
            "author_id",
            "created_at",
            "body",
        )
    )
    for person_id, thread_id, title, community_id, name, visibility, author, at, body in replies:
        if author == person_id or at < since[person_id]:
            continue
        if not readable(person_id, community_id, visibility):
            continue
        entry = _entry(news[person_id], thread_id, title, name, visibility)
        entry["replies"] += 1
        entry["latest"] = body

    threads = Thread.objects.filter(
        community__follows__person_id__in=ids,
        created_at__gte=batch.earliest,
        hidden_at__isnull=True,
        community__status=CommunityStatus.ACTIVE,
    ).values_list(
        "community__follows__person_id",
        "pk",
        "title",
        "community_id",
        "community__name",
        "community__visibility",
        "author_id",
        "created_at",
        "body",
    )
    for person_id, thread_id, title, community_id, name, visibility, author, at, body in threads:
        if author == person_id or at < since[person_id]:
            continue
        if not readable(person_id, community_id, visibility):
            continue
        entry = _entry(news[person_id], thread_id, title, name, visibility)
        entry["new_thread"] = True
        entry["latest"] = entry["latest"] or body

    contents = {}
    for person_id, by_thread in news.items():
        ordered = sorted(by_thread.items(), key=lambda pair: (-pair[1]["replies"], pair[0]))
        items = [_item(thread_id, entry) for thread_id, entry in ordered[:MOST_SHOWN]]
        total = len(by_thread)
        contents[person_id] = registry.Content(
            items=items,
            total=total,
            see_all_url=reverse("cohorts:communities"),
            summary=_plural(total, "conversation", "conversations") + " with news",
        )
    return contents


def _entry(found: dict, thread_id: int, title: str, community: str, visibility: str) -> dict:
    return found.setdefault(
        thread_id,
        {
            "title": title,
            "community": community,
            "private": visibility == Visibility.PRIVATE,
            "replies": 0,
            "new_thread": False,
            "latest": "",
        },
    )


def _item(thread_id: int, entry: dict) -> registry.Item:
    parts = []
    if entry["new_thread"]:
        parts.append("new conversation")
    if entry["replies"]:
        parts.append(_plural(entry["replies"], "new reply", "new replies"))
    detail = f"{entry['community']}: {', '.join(parts)}"
    # A private community's words stay in it: its title only, never what was said.
    if not entry["private"] and entry["latest"]:
        detail += f". “{_snippet(entry['latest'])}”"
    return registry.Item(
        title=entry["title"], url=reverse("cohorts:thread", args=[thread_id]), detail=detail
    )
