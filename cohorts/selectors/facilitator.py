"""The facilitator's page: counts only, set content stays on the set's own pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.utils import timezone

from cohorts.models import (
    ActionLearningSet,
    Cohort,
    Meeting,
    RequestStatus,
    Session,
)


@dataclass
class FacilitatorPage:
    cohorts: list[Cohort]
    sets: list[ActionLearningSet]
    next_sessions: list[Session]
    next_meetings: list[Meeting]
    gaps: list[Session]

    @property
    def below_minimum(self) -> list[ActionLearningSet]:
        return [s for s in self.sets if s.member_count < s.minimum]


def facilitator_page(*, person) -> FacilitatorPage:
    """Counts only: set content stays on the set's own pages."""
    cohorts = list(
        Cohort.objects.facilitated_by(person).annotate(
            member_count=Count("memberships", distinct=True),
            pending=Count(
                "join_requests",
                filter=Q(join_requests__status=RequestStatus.PENDING),
                distinct=True,
            ),
        )
    )
    sets = list(
        ActionLearningSet.objects.facilitated_by(person)
        .select_related("cohort")
        .annotate(
            member_count=Count("memberships", distinct=True),
            outstanding=Count(
                "meetings__presentations__actions",
                filter=Q(meetings__presentations__actions__status="open"),
                distinct=True,
            ),
            pending=Count(
                "join_requests",
                filter=Q(join_requests__status=RequestStatus.PENDING),
                distinct=True,
            ),
        )
    )
    now = timezone.now()
    sessions = Session.objects.facilitated_by(person).select_related("cohort")
    next_sessions = list(sessions.filter(starts_at__gte=now)[:5])
    next_meetings = list(
        Meeting.objects.facilitated_by(person).filter(starts_at__gte=now).select_related("set")[:5]
    )
    # Attendance gaps: past sessions with members not yet marked.
    gaps = list(
        sessions.filter(starts_at__lt=now)
        .annotate(
            marked=Count("attendance", distinct=True),
            members=Count("cohort__memberships", distinct=True),
        )
        .filter(marked__lt=F("members"))
    )
    return FacilitatorPage(cohorts, sets, next_sessions, next_meetings, gaps)


def facilitates_anything(*, person) -> bool:
    return (
        Cohort.objects.facilitated_by(person).exists()
        or ActionLearningSet.objects.facilitated_by(person).exists()
    )
