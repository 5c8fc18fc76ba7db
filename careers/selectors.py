"""Reads that shape careers pages: the pathway list, the self-assessment pages, a role's
page for whoever is looking at it, and the 360 pages, each returning a small dataclass
(charts included: which series, in which colour, with what name, is decided here).

For 360 feedback, what the person who asked sees is decided here, once: while a round is open, only
whom she asked (as she typed it, frozen) and the closing date; once it closes, how
many answered and, if at least MIN_RATERS did, one level per dimension — the average
rounded to the nearest Healthcare Leadership Model level. Never a live count, never
one rater's answers, never a decimal that planted or late answers could be solved for.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field, replace

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.safestring import SafeString

from careers.charts import (
    OTHERS_COLOUR,
    PREVIOUS_COLOUR,
    SELF_COLOUR,
    TARGET_COLOUR,
    Series,
    radar,
)
from careers.models import (
    Activity,
    Assessment,
    FeedbackRating,
    FeedbackRound,
    Invitation,
    InvitationStatus,
    Pathway,
    Rating,
    Relationship,
    Role,
    RoleInterest,
)
from careers.pathways import offers_by_stage, pathways_with_stages
from careers.recommendations import Recommendation, recommend
from careers.services import MIN_RATERS
from portal.models import LeadershipDimension, LeadershipLevel, Profession, StaffGroup

ANSWERED = Q(invitations__status=InvitationStatus.ANSWERED)
RATERS = Invitation.objects.only("round_id", "name", "relationship")


# ---------------------------------------------------------------------------
# One's own rows, through the rule that says whose they are (404 for anyone else:
# another person's entry is "not found", never "forbidden", so it says nothing)
# ---------------------------------------------------------------------------
def activities_for_person(person) -> QuerySet[Activity]:
    """Her log, for the view to narrow with the queryset's own filters."""
    return Activity.objects.for_person(person)


def activity_for_person(person, *, pk: int) -> Activity:
    return get_object_or_404(Activity.objects.for_person(person), pk=pk)


def assessments_for_person(person) -> list[Assessment]:
    """Newest first."""
    return list(Assessment.objects.for_person(person))


def assessment_for_person(person, *, pk: int) -> Assessment:
    return get_object_or_404(Assessment.objects.for_person(person), pk=pk)


def feedback_round_requested_by(person, *, pk: int) -> FeedbackRound:
    return get_object_or_404(FeedbackRound.objects.requested_by(person), pk=pk)


def feedback_round_summarised_for(person, *, pk: int) -> FeedbackRound:
    """The results page's round, through ``requested_by`` (see ``summary_queryset``)."""
    return get_object_or_404(summary_queryset(person), pk=pk)


def invitation_answerable_by(person, *, pk: int) -> Invitation:
    return get_object_or_404(
        Invitation.objects.answerable_by(person).select_related("round__person"), pk=pk
    )


def role_published(*, pk: int) -> Role:
    return get_object_or_404(
        Role.objects.published()
        .select_related("host", "posted_by")
        .prefetch_related("professions"),
        pk=pk,
    )


@dataclass(frozen=True)
class RoundSummary:
    round: FeedbackRound
    closed: bool
    asked: list[str]  # "Maya Manager (manager)", in the order she typed them
    answered: int | None = None  # only once closed
    results_shown: bool = False
    levels: dict[int, int] = field(default_factory=dict)  # dimension id -> 1..4

    @property
    def closes_on(self) -> datetime.date:
        return self.round.closes_on


def rounded_level(total: int, count: int) -> int:
    """The mean of ``count`` answers rounded half up to a whole level, exactly."""
    return (2 * total + count) // (2 * count)


def level_name(level: int | None) -> str:
    return LeadershipLevel(level).label if level else ""


def _asked(feedback_round: FeedbackRound, closed: bool) -> list[str]:
    relationships = dict(Relationship.choices)
    if not closed and feedback_round.asked:
        rows = [(row["name"], row["relationship"]) for row in feedback_round.asked]
    else:
        rows = [(i.name, i.relationship) for i in feedback_round.invitations.all()]
    return [
        f"{name or 'A rater whose details were deleted'} ({relationships.get(rel, rel).lower()})"
        for name, rel in rows
    ]


def feedback_rounds(person, today: datetime.date | None = None) -> list[RoundSummary]:
    """The person's rounds as she may see them; two queries, whatever the rows."""
    today = today or timezone.localdate()
    return [_summary(each, today) for each in summary_queryset(person)]


def _summary(feedback_round: FeedbackRound, today: datetime.date) -> RoundSummary:
    closed = feedback_round.is_closed(today)
    if not closed:
        return RoundSummary(round=feedback_round, closed=False, asked=_asked(feedback_round, False))
    answered = feedback_round.answered
    return RoundSummary(
        round=feedback_round,
        closed=True,
        asked=_asked(feedback_round, True),
        answered=answered,
        results_shown=answered >= MIN_RATERS,
    )


def feedback_round_summary(
    feedback_round: FeedbackRound, today: datetime.date | None = None
) -> RoundSummary:
    """One round with its released levels, if it has closed with enough answers.

    ``feedback_round`` must come from ``feedback_rounds``' queryset shape (annotated
    with ``answered``); views fetch it through ``feedback_round_summarised_for``.
    """
    summary = _summary(feedback_round, today or timezone.localdate())
    if not summary.results_shown:
        return summary
    rows = (
        FeedbackRating.objects.filter(
            invitation__round=feedback_round, invitation__status=InvitationStatus.ANSWERED
        )
        .values("dimension_id")
        .annotate(total=Sum("level"), count=Count("pk"))
    )
    levels = {row["dimension_id"]: rounded_level(row["total"], row["count"]) for row in rows}
    return replace(summary, levels=levels)


@dataclass(frozen=True)
class FeedbackResults:
    """The results page: the summary, and once released her levels beside her raters'."""

    summary: RoundSummary
    chart: SafeString | None = None
    series: list[Series] = field(default_factory=list)
    # One row a dimension: {"dimension", "own", "raters"}, each a level's name or "".
    rows: list[dict] = field(default_factory=list)
    has_self: bool = False


def feedback_summary(
    feedback_round: FeedbackRound, person, today: datetime.date | None = None
) -> FeedbackResults:
    """``feedback_round`` comes from ``feedback_round_summarised_for(person, ...)``."""
    summary = feedback_round_summary(feedback_round, today)
    if not summary.results_shown:
        return FeedbackResults(summary)
    all_dimensions = dimensions()
    own = latest_self_levels(person)
    series = [
        Series("Your self-assessment", [own.get(d.pk) for d in all_dimensions], SELF_COLOUR),
        Series(
            "Your raters, rounded to a level",
            [summary.levels.get(d.pk) for d in all_dimensions],
            OTHERS_COLOUR,
            "8 6",
        ),
    ]
    return FeedbackResults(
        summary,
        chart=radar(
            [d.name for d in all_dimensions],
            series,
            title="You and your raters, dimension by dimension",
        ),
        series=series,
        rows=[
            {
                "dimension": d,
                "own": level_name(own.get(d.pk)),
                "raters": level_name(summary.levels.get(d.pk)),
            }
            for d in all_dimensions
        ],
        has_self=bool(own),
    )


def summary_queryset(person):
    """The rule queryset the results page fetches through."""
    return (
        FeedbackRound.objects.requested_by(person)
        .annotate(answered=Count("invitations", filter=ANSWERED))
        .prefetch_related(Prefetch("invitations", queryset=RATERS))
    )


def dimensions() -> list[LeadershipDimension]:
    """The nine dimensions, in the model's order, for a form or a chart."""
    return list(LeadershipDimension.objects.all())


def latest_self_levels(person) -> dict[int, int]:
    latest = Assessment.objects.for_person(person).first()
    if latest is None:
        return {}
    return dict(Rating.objects.filter(assessment=latest).values_list("dimension_id", "level"))


# ---------------------------------------------------------------------------
# Pathways, self-assessment and roles
# ---------------------------------------------------------------------------
def pathway_groups() -> list[tuple[str, list[Profession]]]:
    """Every profession by staff group, each marked with whether it has a pathway yet."""
    professions = Profession.objects.annotate(
        has_pathway=Exists(Pathway.objects.published().filter(profession=OuterRef("pk")))
    )
    groups = defaultdict(list)
    for profession in professions:
        groups[profession.staff_group].append(profession)
    return [
        ("Clinical professions", groups[StaffGroup.CLINICAL]),
        ("Non-clinical professions", groups[StaffGroup.NON_CLINICAL]),
    ]


@dataclass(frozen=True)
class LevelsChart:
    """A radar chart with the same figures as a table (``careers/includes/chart.html``)."""

    svg: SafeString
    columns: list[str]
    series: list[Series]
    rows: list[dict]  # {"dimension", "values"}, the values in column order


@dataclass(frozen=True)
class AssessmentPage:
    """Her self-assessment page; the chart and recommendations once she has taken one."""

    assessments: list[Assessment]  # newest first
    latest: Assessment | None = None
    chart: LevelsChart | None = None
    recommendations: list[Recommendation] = field(default_factory=list)
    has_career_level: bool = False


def assessment_page(person) -> AssessmentPage:
    """Her latest levels with the one before, and offers for the widest gaps."""
    assessments = assessments_for_person(person)
    if not assessments:
        return AssessmentPage(assessments)
    all_dimensions = dimensions()
    latest, previous = assessments[0], (assessments[1] if len(assessments) > 1 else None)
    ratings = ratings_of([a for a in (latest, previous) if a])
    return AssessmentPage(
        assessments,
        latest=latest,
        chart=_levels_chart(all_dimensions, latest, previous, ratings),
        recommendations=recommend(person, list(ratings[latest.pk].values())),
        has_career_level=bool(person.career_level_id),
    )


def assessment_comparison(first: Assessment, second: Assessment) -> LevelsChart:
    """Two of her assessments, fetched through ``assessment_for_person``."""
    return _levels_chart(dimensions(), first, second, ratings_of([first, second]))


def _label(assessment: Assessment) -> str:
    return f"Self-assessment, {timezone.localtime(assessment.created_at):%-d %B %Y, %H:%M}"


def _levels_chart(all_dimensions, first, second, ratings) -> LevelsChart:
    columns = [(_label(first), {k: r.level for k, r in ratings[first.pk].items()})]
    colours = [(SELF_COLOUR, "")]
    if second:
        columns.append((_label(second), {k: r.level for k, r in ratings[second.pk].items()}))
        colours.append((PREVIOUS_COLOUR, "8 6"))
    if any(r.target for r in ratings[first.pk].values()):
        # Where she set no target she aims to stay where she is, so the shape stays whole.
        targets = {k: r.target or r.level for k, r in ratings[first.pk].items()}
        columns.append(("Your targets (your level now where you set none)", targets))
        colours.append((TARGET_COLOUR, "2 5"))
    series = [
        Series(name, [values.get(d.pk) for d in all_dimensions], colour, dashes)
        for (name, values), (colour, dashes) in zip(columns, colours, strict=True)
    ]
    return LevelsChart(
        svg=radar(
            [d.name for d in all_dimensions], series, title="Your levels on the nine dimensions"
        ),
        columns=[name for name, _ in columns],
        series=series,
        rows=[
            {"dimension": d, "values": [values.get(d.pk) for _, values in columns]}
            for d in all_dimensions
        ],
    )


@dataclass(frozen=True)
class PathwayPage:
    pathway: Pathway
    # One row a stage: {"stage", "offers", "expectations": [(dimension, expectation|None)]}.
    timeline: list[dict]
    your_level_id: int | None  # her career level, when the pathway is her profession's


def pathway_page(*, slug: str, person) -> PathwayPage:
    """A published pathway's stages, each with its expectations and offers near her."""
    pathway = get_object_or_404(pathways_with_stages(), profession__slug=slug)
    stages = list(pathway.stages.all())
    icb = person.icb if person.is_authenticated else None
    offers = offers_by_stage(pathway.profession, stages, icb=icb)
    all_dimensions = dimensions()
    timeline = []
    for stage in stages:
        expected = {e.dimension_id: e for e in stage.expectations.all()}
        timeline.append(
            {
                "stage": stage,
                "offers": offers[stage.pk],
                "expectations": [(d, expected.get(d.pk)) for d in all_dimensions],
            }
        )
    yours = person.is_authenticated and person.profession_id == pathway.profession_id
    return PathwayPage(pathway, timeline, person.career_level_id if yours else None)


def ratings_of(assessments: list[Assessment]) -> dict[int, dict[int, Rating]]:
    ratings = Rating.objects.filter(assessment__in=assessments).select_related("dimension")
    by_assessment: dict[int, dict[int, Rating]] = defaultdict(dict)
    for rating in ratings:
        by_assessment[rating.assessment_id][rating.dimension_id] = rating
    return by_assessment


@dataclass
class RolePage:
    is_poster: bool
    closed: bool
    interest: RoleInterest | None = None
    # Who is interested: filled for the poster only, through the rule that says so.
    interests: list[RoleInterest] = field(default_factory=list)


def role_page(role: Role, person) -> RolePage:
    received = RoleInterest.objects.received_by(person).filter(role=role)
    return RolePage(
        is_poster=person.is_authenticated and person.pk == role.posted_by_id,
        closed=bool(role.closing_date and role.closing_date < timezone.localdate()),
        interest=RoleInterest.objects.owned_by(person).filter(role=role).first(),
        interests=list(received.select_related("person__profession", "person__organisation")),
    )


def open_roles(profession_slug: str = "") -> tuple[list[Role], Profession | None]:
    """Published, open roles, only those a profession may take when one is asked for
    (an unknown slug lists them all)."""
    roles = Role.objects.published().open().select_related("host").with_professions()
    profession = (
        Profession.objects.filter(slug=profession_slug).first() if profession_slug else None
    )
    if profession:
        roles = roles.open_to(profession)
    return list(roles), profession
