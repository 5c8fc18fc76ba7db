"""One's own rows, through the rule that says whose they are: 404 for anyone else, as
another person's entry is "not found", never "forbidden", so it says nothing."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from careers.models import (
    Activity,
    Assessment,
    FeedbackRound,
    Invitation,
    InvitationStatus,
    Role,
)

ANSWERED = Q(invitations__status=InvitationStatus.ANSWERED)


RATERS = Invitation.objects.only("round_id", "name", "relationship")


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


def summary_queryset(person):
    """The rule queryset the results page fetches through."""
    return (
        FeedbackRound.objects.requested_by(person)
        .annotate(answered=Count("invitations", filter=ANSWERED))
        .prefetch_related(Prefetch("invitations", queryset=RATERS))
    )


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
