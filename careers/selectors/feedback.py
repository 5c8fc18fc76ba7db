"""360 feedback: what the person who asked sees is decided here, once. While a round is
open, only whom she asked (as she typed it, frozen) and the closing date; once it closes,
how many answered and, if at least MIN_RATERS did, one level per dimension — the average
rounded to the nearest Healthcare Leadership Model level. Never a live count, never one
rater's answers, never a decimal that planted or late answers could be solved for."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.safestring import SafeString

from careers.charts import (
    OTHERS_COLOUR,
    SELF_COLOUR,
    Series,
    radar,
)
from careers.models import (
    FeedbackRating,
    FeedbackRound,
    InvitationStatus,
    Relationship,
)
from careers.selectors.assessments import dimensions, latest_self_levels
from careers.selectors.fetch import summary_queryset
from careers.services import MIN_RATERS
from portal.models import LeadershipLevel


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
