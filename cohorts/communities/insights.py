"""Participation in communities of practice on the insights diversity page: who joins a
community, and who takes part in its conversations, by profession against membership,
with the core's small-number suppression. Cohorts' own communities are left out of
"joined" (joining a cohort is counted already) but not of posting."""

from __future__ import annotations

from django.db.models import F, QuerySet

from cohorts.communities.models import CommunityMembership, Reply, Thread
from portal.insights.people import counted
from portal.insights.registry import insights
from portal.insights.scope import Scope


@insights.participation(key="community", title="Joined a community of practice", order=45)
def joined_community(scope: Scope) -> QuerySet:
    return CommunityMembership.objects.filter(
        counted(scope), community__cohort__isnull=True
    ).annotate(who=F("person"), who_profession=F("person__profession"), at=F("joined_at"))


def _posted(posts: QuerySet, scope: Scope) -> QuerySet:
    return posts.filter(counted(scope, person="author")).annotate(
        who=F("author"), who_profession=F("author__profession"), at=F("created_at")
    )


@insights.participation(key="community_thread", title="Started a community conversation", order=46)
def started_conversation(scope: Scope) -> QuerySet:
    return _posted(Thread.objects.all(), scope)


@insights.participation(key="community_reply", title="Replied in a community", order=47)
def replied(scope: Scope) -> QuerySet:
    return _posted(Reply.objects.all(), scope)
