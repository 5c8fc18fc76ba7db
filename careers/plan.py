"""Careers' part of a member's plan: where she is heading, what she has done this year,
and the 360 feedback that waits for her.

Registered with portal's plan from `CareersConfig.ready()`. A fixed number of queries:
the dimensions, her pathway's stages, her latest self-assessment and its ratings, the
year's log totals, her own 360 rounds, and requests sent to her; plus, when her ratings
leave gaps, the stage's expectations and the offers that close them (recommendations.py).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from careers import recommendations
from careers.models import (
    Activity,
    Assessment,
    FeedbackRound,
    Invitation,
    InvitationStatus,
    Rating,
    Stage,
)
from careers.services import MIN_RATERS
from portal.models import LeadershipDimension
from portal.plan import registry
from programmes.models import add_months

ANSWERED = Q(invitations__status=InvitationStatus.ANSWERED)
REASSESS_AFTER_MONTHS = 6
# A closed round's results stay "ready to read" in her plan for this long.
RESULTS_SHOWN_DAYS = 30


@dataclass(frozen=True)
class Heading:
    current_stage: Stage | None
    next_stage: Stage | None
    pathway_url: str
    assessed_on: datetime.date | None
    reassess_from: datetime.date | None
    reassess_due: bool = False
    recommendations: list[recommendations.Recommendation] = field(default_factory=list)


@dataclass(frozen=True)
class DimensionTotal:
    dimension: LeadershipDimension
    activities: int
    hours: float


@dataclass(frozen=True)
class Done:
    since: datetime.date
    activities: int
    hours: float
    by_dimension: list[DimensionTotal]


def _stages(person) -> tuple[Stage | None, Stage | None]:
    """Her stage on her profession's pathway, and the one after it."""
    if not person.profession_id:
        return None, None
    stages = list(
        Stage.objects.filter(pathway__profession_id=person.profession_id, pathway__published=True)
        .select_related("career_level")
        .only("id", "title", "career_level__id", "career_level__slug", "career_level__order")
    )
    if not person.career_level_id:
        return None, stages[0] if stages else None
    current = next((s for s in stages if s.career_level_id == person.career_level_id), None)
    order = person.career_level.order
    after = [s for s in stages if s.career_level.order > order]
    return current, after[0] if after else None


def _heading(person, today: datetime.date, dimensions: dict[int, LeadershipDimension]) -> Heading:
    current, following = _stages(person)
    latest = Assessment.objects.for_person(person).only("id", "created_at").first()
    assessed_on = reassess_from = None
    recs = []
    if latest is not None:
        ratings = list(Rating.objects.filter(assessment=latest))
        for rating in ratings:
            # The nine dimensions are loaded once for the page, not once per rating.
            rating.dimension = dimensions[rating.dimension_id]
        recs = recommendations.recommend(person, ratings)
        assessed_on = timezone.localtime(latest.created_at).date()
        reassess_from = add_months(assessed_on, REASSESS_AFTER_MONTHS)
    pathway_url = (
        reverse("careers:pathway", args=[person.profession.slug]) if person.profession_id else ""
    )
    return Heading(
        current_stage=current,
        next_stage=following,
        pathway_url=pathway_url,
        assessed_on=assessed_on,
        reassess_from=reassess_from,
        reassess_due=reassess_from is not None and reassess_from <= today,
        recommendations=recs,
    )


def _done(person, today: datetime.date, dimensions: dict[int, LeadershipDimension]) -> Done:
    since = today.replace(month=1, day=1)
    year = Activity.objects.for_person(person).between(since, today)
    totals = {row["leadershipdimension_id"]: row for row in year.totals_by_dimension()}
    overall = year.aggregate(activities=Count("pk"), hours=Sum("hours"))
    return Done(
        since=since,
        activities=overall["activities"],
        hours=overall["hours"] or 0,
        by_dimension=[
            DimensionTotal(
                dimension=dimension,
                activities=totals.get(pk, {}).get("activities", 0),
                hours=totals.get(pk, {}).get("hours") or 0,
            )
            for pk, dimension in dimensions.items()
        ],
    )


def _rounds(context: registry.PlanContext) -> tuple[list[registry.Task], list[registry.Dated]]:
    """Her own 360 requests: results ready to read, or the date an open one closes."""
    person, today, now = context.person, context.today, context.now
    recent = today - datetime.timedelta(days=RESULTS_SHOWN_DAYS)
    rounds = (
        FeedbackRound.objects.requested_by(person)
        .filter(
            Q(closed_at__isnull=True, closes_on__gte=recent)
            | Q(closed_at__gte=now - datetime.timedelta(days=RESULTS_SHOWN_DAYS))
        )
        .annotate(answered=Count("invitations", filter=ANSWERED))
        .only("id", "closes_on", "closed_at", "created_at")
    )
    tasks, dated = [], []
    for each in rounds:
        if not each.is_closed(today):
            dated.append(
                registry.Dated(
                    uid=f"feedback-closes-{each.pk}",
                    title="Your 360 feedback request closes",
                    url=reverse("careers:feedback"),
                    starts=each.closes_on,
                    kind="360 feedback",
                    detail="Your results are ready to read the day after, if enough "
                    "colleagues answered.",
                )
            )
        elif each.answered >= MIN_RATERS:
            closed = each.closed_at or timezone.make_aware(
                datetime.datetime.combine(each.closes_on, datetime.time.max)
            )
            asked_on = date_format(timezone.localtime(each.created_at), "j F Y")
            tasks.append(
                registry.Task(
                    title="Your 360 feedback results are ready to read",
                    url=reverse("careers:feedback_results", args=[each.pk]),
                    detail=f"You asked on {asked_on}.",
                    tag="360 feedback",
                    since=closed,
                )
            )
    return tasks, dated


def _asked(person) -> list[registry.Task]:
    """Colleagues' 360 requests she can answer signed in."""
    tasks = []
    asked = (
        Invitation.objects.answerable_by(person)
        .select_related("round")
        .only("id", "sent_at", "round__closes_on")
    )
    for invitation in asked:
        tasks.append(
            registry.Task(
                title="A colleague asked for your 360 feedback",
                url=reverse("careers:feedback_asked", args=[invitation.pk]),
                detail=f"Open until {date_format(invitation.round.closes_on, 'l j F')}.",
                tag="360 feedback",
                due=invitation.round.closes_on,
                since=invitation.sent_at,
            )
        )
    return tasks


@registry.part(key="careers", order=20)
def collect(context: registry.PlanContext) -> registry.Contribution:
    person = context.person
    tasks, dated = _rounds(context)
    if context.calendar_only:
        return registry.Contribution(dated=dated)
    tasks += _asked(person)
    dimensions = {d.pk: d for d in LeadershipDimension.objects.all()}
    heading = _heading(person, context.today, dimensions)
    first_steps = []
    if heading.assessed_on is None:
        first_steps.append(
            registry.Task(
                title="Take the self-assessment",
                url=reverse("careers:assessment_create"),
                detail="Rate yourself on the nine leadership dimensions; your plan then "
                "shows your widest gaps and the offers that close them.",
            )
        )
    return registry.Contribution(
        tasks=tasks,
        dated=dated,
        panels=[
            registry.Panel(
                area="heading",
                template="careers/plan/heading.html",
                context={"heading": heading},
                order=10,
            ),
            registry.Panel(
                area="done",
                template="careers/plan/done.html",
                context={"done": _done(person, context.today, dimensions)},
                order=10,
            ),
        ],
        first_steps=first_steps,
    )
