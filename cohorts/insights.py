"""This app's figures on the insights pages (portal.insights): who joins cohorts and
action learning sets, and the topics cohorts most want to work on.

Every figure is counted in the database, in a fixed number of queries per page.
"""

from __future__ import annotations

from django.db.models import Count, F, Min, Q, QuerySet
from django.db.models.functions import Lower, Trim

from cohorts.models import Membership, SetMembership, Vote, VoteValue
from portal.insights.people import counted
from portal.insights.registry import insights
from portal.insights.scope import Scope
from portal.insights.tables import COUNT, PEOPLE, TEXT, Column, Table

TOP_TOPICS = 10


def _joined(memberships: QuerySet, scope: Scope) -> QuerySet:
    return memberships.filter(counted(scope)).annotate(
        who=F("person"), who_profession=F("person__profession"), at=F("joined_at")
    )


@insights.participation(key="cohort", title="Joined a cohort", order=30)
def joined_cohort(scope: Scope) -> QuerySet:
    return _joined(Membership.objects.all(), scope)


@insights.participation(key="set", title="Member of an action learning set", order=40)
def joined_set(scope: Scope) -> QuerySet:
    return _joined(SetMembership.objects.all(), scope)


@insights.page(
    key="topics",
    title="Co-design topics",
    order=25,
    summary="The topics people in cohorts most want to work on, across every cohort.",
)
def topics(scope: Scope) -> list[Table]:
    # Cohorts start from the same suggestions and people add their own: a topic is
    # its title, whatever its case or spacing, in whichever cohort it was voted on.
    wanted = Vote.objects.filter(counted(scope), value__gt=VoteValue.NOT_NOW)
    rows = list(
        wanted.annotate(topic_key=Lower(Trim("topic__title")))
        .values("topic_key")
        .annotate(
            title=Min("topic__title"),
            people=Count("person", distinct=True),
            keen=Count("person", distinct=True, filter=Q(value=VoteValue.KEEN)),
            cohorts=Count("topic__cohort", distinct=True),
        )
        .order_by("-people", "-keen", "topic_key")[:TOP_TOPICS]
    )
    return [
        Table(
            key="topics",
            title="Most wanted topics",
            caption=f"The {TOP_TOPICS} topics most people voted for, across cohorts",
            columns=[
                Column("topic", "Topic", TEXT),
                Column("people", "People who want it", PEOPLE),
                Column("keen", "People who really want it", PEOPLE),
                Column("cohorts", "Cohorts voting on it", COUNT),
            ],
            rows=[
                {"topic": row["title"], **{key: row[key] for key in ("people", "keen", "cohorts")}}
                for row in rows
            ],
            chart="bar",
            chart_label="topic",
            chart_values=["people"],
            note="Votes of people working in this area: “I am interested” or “I really want this”.",
        )
    ]


# Communities of practice register their participation measures.
from cohorts.communities import insights as communities_insights  # noqa: E402, F401
