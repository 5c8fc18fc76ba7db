"""Links to offers, pathways and roles in a post, shown as cards under it.

A post's Markdown may link to ``/offers/<slug>/``, ``/pathways/<slug>/`` or
``/roles/<id>/`` (relative or on this site). A page's posts are read together: three
queries at most, however many posts and links, and only what anyone may open
(published offers, pathways and roles) becomes a card.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import reverse

LINK = re.compile(r"(?:https?://[^/\s)]+)?/(offers|pathways|roles)/([\w-]+)/")
MAX_CARDS_PER_POST = 3


@dataclass(frozen=True)
class Card:
    kind: str
    title: str
    summary: str
    url: str


def links_in(text: str) -> list[tuple[str, str]]:
    found = []
    for kind, key in LINK.findall(text or ""):
        if kind == "roles" and not key.isdigit():
            continue
        if key in ("compare", "feed") or (kind, key) in found:
            continue
        found.append((kind, key))
    return found[:MAX_CARDS_PER_POST]


def cards_for(texts: Iterable[str]) -> dict[tuple[str, str], Card]:
    """Every card the given texts link to, keyed by (kind, slug or id)."""
    from careers.models import Pathway, Role
    from programmes.models import Offer

    wanted: dict[str, set[str]] = {"offers": set(), "pathways": set(), "roles": set()}
    for text in texts:
        for kind, key in links_in(text):
            wanted[kind].add(key)
    cards: dict[tuple[str, str], Card] = {}
    if wanted["offers"]:
        for offer in (
            Offer.objects.published()
            .filter(slug__in=wanted["offers"])
            .only("slug", "title", "summary")
        ):
            cards[("offers", offer.slug)] = Card(
                "Development offer", offer.title, offer.summary, offer.get_absolute_url()
            )
    if wanted["pathways"]:
        for pathway in (
            Pathway.objects.published()
            .filter(profession__slug__in=wanted["pathways"])
            .select_related("profession")
        ):
            cards[("pathways", pathway.profession.slug)] = Card(
                "Career pathway",
                f"{pathway.profession.name} pathway",
                pathway.summary[:200],
                reverse("careers:pathway", args=[pathway.profession.slug]),
            )
    if wanted["roles"]:
        roles = Role.objects.published().filter(pk__in=[int(k) for k in wanted["roles"]])
        for role in roles.select_related("host"):
            cards[("roles", str(role.pk))] = Card(
                "Leadership role",
                role.title,
                str(role.host),
                reverse("careers:role", args=[role.pk]),
            )
    return cards


def attach(posts: list, cards: dict[tuple[str, str], Card]) -> None:
    for post in posts:
        post.cards = [cards[link] for link in links_in(post.body) if link in cards]
