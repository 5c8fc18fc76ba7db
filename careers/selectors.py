"""Reads that shape careers pages: the pathway list, ratings, a role's page for whoever
is looking at it, and the 360 pages, each returning a small dataclass.

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


def activity_titled(person, title: str) -> bool:
    """Whether the person has recorded an activity with this title (importers, demo)."""
    return Activity.objects.filter(person=person, title=title).exists()


def assessed_among(people) -> set[int]:
    """Ids of those of these people who have assessed themselves at least once."""
    return set(Assessment.objects.filter(person__in=people).values_list("person_id", flat=True))
