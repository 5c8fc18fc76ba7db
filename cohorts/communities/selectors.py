"""Reads that shape the community pages, each in a fixed number of queries.

Every read starts from a rule queryset in ``models.py``: a community she cannot see,
or a thread she cannot read, is not found (the view answers 404).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Q, Value
from django.http import Http404
from django.urls import reverse

from cohorts.communities import cards, search
from cohorts.communities.models import (
    Community,
    CommunityJoinRequest,
    CommunityMembership,
    Follow,
    HelpfulMark,
    Reply,
    Report,
    Role,
    Thread,
)

THREADS_PER_PAGE = 25
REPLIES_PER_PAGE = 50


def _url_maker(name: str):
    """Reverse once, then fill in each pk: a page of 50 replies would otherwise resolve
    150 URLs, the largest share of its rendering time."""
    placeholder = 2_147_483_647
    template = reverse(f"cohorts:{name}", args=[placeholder]).replace(str(placeholder), "{}")
    return template.format


def _author_name(author) -> str:
    return "a former member" if author.erased_at else author.full_name


def _one(queryset, pk):
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404("No such page")
    return found


# ---------------------------------------------------------------------------
# Fetching what a person may act on (views use these in place of get_object_or_404)
# ---------------------------------------------------------------------------
def community_visible(*, person, pk: int) -> Community:
    return _one(Community.objects.visible_to(person), pk)


def community_moderated(*, person, pk: int) -> Community:
    return _one(Community.objects.moderated_by(person), pk)


def thread_readable(*, person, pk: int) -> Thread:
    # The author too: the thread page shows her and needs no second fetch of the thread.
    return _one(Thread.objects.readable_by(person).select_related("community", "author"), pk)


def reply_readable(*, person, pk: int) -> Reply:
    return _one(Reply.objects.readable_by(person).select_related("thread__community"), pk)


def thread_moderated(*, person, pk: int) -> Thread:
    moderated = Community.objects.moderated_by(person)
    return _one(Thread.objects.filter(community__in=moderated).select_related("community"), pk)


def reply_moderated(*, person, pk: int) -> Reply:
    moderated = Community.objects.moderated_by(person)
    return _one(
        Reply.objects.filter(thread__community__in=moderated).select_related("thread__community"),
        pk,
    )


def report_moderated(*, person, pk: int) -> Report:
    return _one(Report.objects.moderated_by(person).open(), pk)


def join_request_decidable(*, person, pk: int) -> CommunityJoinRequest:
    return _one(CommunityJoinRequest.objects.decidable_by(person).select_related("community"), pk)


def person_in(*, community: Community, pk: int):
    membership = _one(
        CommunityMembership.objects.filter(community=community).select_related("person"), pk
    )
    return membership.person


def move_targets(*, person, thread: Thread) -> list[Community]:
    return list(
        Community.objects.moderated_by(person)
        .active()
        .exclude(pk=thread.community_id)
        .exclude(visibility="private")
    )


def hubs_for_proposals():
    from portal.models import Organisation

    return Organisation.objects.training_hubs()


# ---------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------
@dataclass
class CommunityList:
    yours: list[Community]
    for_you: list[Community]
    others: list[Community]
    proposals: list[Community] = field(default_factory=list)


def community_list(*, person) -> CommunityList:
    """Hers first, then the ones meant for her (profession, career stage, ICB), then the rest."""
    rows = list(
        Community.objects.visible_to(person)
        .annotate(
            member_count=Count("memberships", distinct=True),
            is_member=Exists(
                CommunityMembership.objects.filter(community=OuterRef("pk"), person=person)
            ),
            meant_for_her=Exists(Community.objects.for_person(person).filter(pk=OuterRef("pk"))),
        )
        .select_related("hub")
        .order_by("name")
    )
    proposals = list(
        Community.objects.filter(proposed_by=person, status="proposed").order_by("name")
    )
    return CommunityList(
        yours=[c for c in rows if c.is_member],
        for_you=[c for c in rows if not c.is_member and c.meant_for_her],
        others=[c for c in rows if not c.is_member and not c.meant_for_her],
        proposals=proposals,
    )


@dataclass
class Standing:
    """Her place in one community: what the page offers her."""

    is_member: bool
    is_host: bool
    may_moderate: bool
    may_read: bool
    asked: bool
    follows: bool
    follows_thread: bool = False


def standing(*, community: Community, person, thread: Thread | None = None) -> Standing:
    """With ``thread``, also whether she follows it: one query for the thread page."""
    follows_thread = (
        Exists(Follow.objects.filter(thread=thread.pk, person=person)) if thread else Value(False)
    )
    row = (
        Community.objects.filter(pk=community.pk)
        .annotate(
            role=CommunityMembership.objects.filter(community=OuterRef("pk"), person=person).values(
                "role"
            )[:1],
            may_moderate=Exists(Community.objects.moderated_by(person).filter(pk=OuterRef("pk"))),
            may_read=Exists(Community.objects.readable_by(person).filter(pk=OuterRef("pk"))),
            asked=Exists(
                CommunityJoinRequest.objects.pending().filter(
                    community=OuterRef("pk"), person=person
                )
            ),
            following=Exists(Follow.objects.filter(community=OuterRef("pk"), person=person)),
            follows_thread=follows_thread,
        )
        .values("role", "may_moderate", "may_read", "asked", "following", "follows_thread")
        .get()
    )
    return Standing(
        is_member=row["role"] is not None,
        is_host=row["role"] == Role.HOST,
        may_moderate=row["may_moderate"],
        may_read=row["may_read"],
        asked=row["asked"],
        follows=row["following"],
        follows_thread=row["follows_thread"],
    )


@dataclass
class CommunityPage:
    community: Community
    standing: Standing
    threads: Page | None
    hosts: list


def community_page(*, community: Community, person, page_number) -> CommunityPage:
    """The community and a page of its threads: six queries, however many threads."""
    mine = standing(community=community, person=person)
    hosts = [
        m.person
        for m in CommunityMembership.objects.filter(community=community, role=Role.HOST)
        .select_related("person")
        .order_by("person__full_name")
    ]
    threads = None
    if mine.may_read:
        rows = (
            Thread.objects.filter(community=community)
            .select_related("author")
            .only(
                "title",
                "pinned",
                "locked",
                "reply_count",
                "last_activity_at",
                "created_at",
                "hidden_at",
                "community_id",
                "author__full_name",
                "author__erased_at",
                "author__email",
            )
            .order_by("-pinned", "-last_activity_at", "-pk")
        )
        # The community keeps its thread count, so pages need no COUNT over its threads.
        paginator = Paginator(rows, THREADS_PER_PAGE)
        paginator.count = community.thread_count
        threads = paginator.get_page(page_number)
        thread_url = _url_maker("thread")
        for thread in threads.object_list:
            # Named here rather than by a template include and a reverse() per row.
            thread.url, thread.author_name = thread_url(thread.pk), _author_name(thread.author)
    return CommunityPage(community=community, standing=mine, threads=threads, hosts=hosts)


@dataclass
class ThreadPage:
    thread: Thread
    standing: Standing
    replies: Page
    follows: bool


def thread_page(*, thread: Thread, person, page_number) -> ThreadPage:
    """A thread and a page of its replies, with her marks and any cards: a fixed number
    of queries, however long the thread."""
    # The thread came with its community and author (thread_readable): not fetched again.
    mine = standing(community=thread.community, person=person, thread=thread)
    rows = (
        Reply.objects.filter(thread=thread)
        .select_related("author")
        # What the page shows: not the search vector, nor the author's other columns.
        .only(
            "thread_id",
            "body",
            "body_html",
            "created_at",
            "hidden_at",
            "hidden_reason",
            "helpful_count",
            "author__full_name",
            "author__erased_at",
            "author__email",
        )
        .annotate(marked=Exists(HelpfulMark.objects.filter(reply=OuterRef("pk"), person=person)))
        .order_by("created_at", "pk")
    )
    # The thread keeps its reply count, so pages need no COUNT over its replies.
    paginator = Paginator(rows, REPLIES_PER_PAGE)
    paginator.count = thread.reply_count
    replies = paginator.get_page(page_number)
    posts = [thread, *replies.object_list]
    for post in posts:
        # Named once here rather than by an include per mention in the template.
        post.author_name = _author_name(post.author)
    helpful_url, report_url, hide_url = (
        _url_maker(name) for name in ("reply_helpful", "reply_report", "reply_hide")
    )
    for reply in replies.object_list:
        # Her own reply cannot help her: no button under it.
        reply.may_mark = mine.may_read and reply.author_id != person.pk
        reply.helpful_url = helpful_url(reply.pk)
        reply.report_url = report_url(reply.pk)
        reply.hide_url = hide_url(reply.pk)
    cards.attach(posts, cards.cards_for(post.body for post in posts if not post.is_hidden))
    return ThreadPage(thread=thread, standing=mine, replies=replies, follows=mine.follows_thread)


@dataclass
class Moderation:
    community: Community
    reports: list[Report]
    requests: list[CommunityJoinRequest]
    members: list[CommunityMembership]


def moderation_page(*, community: Community) -> Moderation:
    reports = list(
        Report.objects.open()
        .filter(Q(thread__community=community) | Q(reply__thread__community=community))
        .select_related("reporter", "thread__author", "reply__author", "reply__thread")
        .order_by("created_at")
    )
    requests = list(
        CommunityJoinRequest.objects.pending()
        .filter(community=community)
        .select_related("person__profession", "person__organisation")
    )
    members = list(
        CommunityMembership.objects.filter(community=community)
        .select_related("person__profession", "person__organisation")
        .order_by("-role", "person__full_name")
    )
    return Moderation(community=community, reports=reports, requests=requests, members=members)


@dataclass
class SearchResults:
    text: str
    threads: list[Thread]
    replies: list[Reply]


def search_posts(*, person, text: str) -> SearchResults:
    """Threads and replies she may read that match, hidden posts left out."""
    readable = Community.objects.readable_by(person)
    threads = search.matching(
        Thread.objects.filter(community__in=readable).shown(), text, ("title", "body")
    ).select_related("community", "author")[: search.LIMIT]
    replies = search.matching(
        Reply.objects.filter(
            thread__community__in=readable, thread__hidden_at__isnull=True
        ).shown(),
        text,
        ("body",),
    ).select_related("thread__community", "author")[: search.LIMIT]
    return SearchResults(text=text, threads=list(threads), replies=list(replies))
