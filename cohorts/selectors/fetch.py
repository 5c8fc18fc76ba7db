"""One object through its rule: each function is named for the rule queryset it applies
(``cohorts/models.py``) and answers 404 to anyone the rule leaves out."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from cohorts.models import (
    Action,
    ActionLearningSet,
    CalendarFeed,
    Cohort,
    JoinRequest,
    Meeting,
    Presentation,
    Session,
    SetJoinRequest,
    Topic,
)


def cohort_facilitated_by(person, *, pk: int) -> Cohort:
    return get_object_or_404(Cohort.objects.facilitated_by(person), pk=pk)


def cohort_public(*, pk: int) -> Cohort:
    """Any cohort: its page and the way to ask to join are public."""
    return get_object_or_404(Cohort, pk=pk)


def cohort_involving(person, *, pk: int) -> Cohort:
    """A cohort she facilitates or belongs to, with ``is_facilitator``/``is_member``."""
    return get_object_or_404(Cohort.objects.involving(person).with_role_of(person), pk=pk)


def cohort_with_role_of(person, *, pk: int) -> Cohort:
    """Any cohort (their pages are public), marked with what she is in it."""
    return get_object_or_404(
        Cohort.objects.with_role_of(person).select_related("hub", "offer"), pk=pk
    )


def join_request_decidable_by(person, *, cohort: Cohort, pk: int) -> JoinRequest:
    return get_object_or_404(
        JoinRequest.objects.decidable_by(person).select_related("person"), cohort=cohort, pk=pk
    )


def calendar_feed_current(*, cohort_pk: int, token: str) -> CalendarFeed:
    return get_object_or_404(
        CalendarFeed.objects.current().select_related("cohort"), cohort_id=cohort_pk, token=token
    )


def session_visible_to(person, *, cohort_pk: int, pk: int) -> Session:
    return get_object_or_404(
        Session.objects.visible_to(person).select_related("cohort"), cohort_id=cohort_pk, pk=pk
    )


def session_facilitated_by(person, *, cohort_pk: int, pk: int) -> Session:
    return get_object_or_404(
        Session.objects.facilitated_by(person).select_related("cohort"),
        cohort_id=cohort_pk,
        pk=pk,
    )


def topic_visible_to(person, *, cohort_pk: int, pk: int) -> Topic:
    return get_object_or_404(Topic.objects.visible_to(person), cohort_id=cohort_pk, pk=pk)


def topic_facilitated_by(person, *, cohort_pk: int, pk: int) -> Topic:
    return get_object_or_404(
        Topic.objects.facilitated_by(person).select_related("cohort"), cohort_id=cohort_pk, pk=pk
    )


def set_readable_by(person, *, pk: int) -> ActionLearningSet | None:
    """None, not 404: a member who has not accepted the ground rules is sent to them."""
    return (
        ActionLearningSet.objects.readable_by(person)
        .with_role_of(person)
        .select_related("cohort")
        .filter(pk=pk)
        .first()
    )


def set_visible_to(person, *, pk: int) -> ActionLearningSet:
    return get_object_or_404(ActionLearningSet.objects.visible_to(person), pk=pk)


def set_facilitated_by(person, *, pk: int) -> ActionLearningSet:
    return get_object_or_404(
        ActionLearningSet.objects.facilitated_by(person)
        .with_role_of(person)
        .select_related("cohort"),
        pk=pk,
    )


def set_open_to(person, *, pk: int) -> ActionLearningSet:
    return get_object_or_404(
        ActionLearningSet.objects.open_to(person).select_related("cohort", "facilitator"), pk=pk
    )


def set_join_request_decidable_by(
    person, *, learning_set: ActionLearningSet, pk: int
) -> SetJoinRequest:
    return get_object_or_404(
        SetJoinRequest.objects.decidable_by(person).select_related("person"),
        set=learning_set,
        pk=pk,
    )


def meeting_visible_to(person, *, learning_set: ActionLearningSet, pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.visible_to(person).select_related("set"), set=learning_set, pk=pk
    )


def meeting_facilitated_by(person, *, learning_set: ActionLearningSet, pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.facilitated_by(person), set=learning_set, pk=pk)


def presentation_editable_by(person, *, learning_set: ActionLearningSet, pk: int) -> Presentation:
    return get_object_or_404(
        Presentation.objects.editable_by(person).select_related("meeting", "presenter"),
        meeting__set=learning_set,
        pk=pk,
    )


def action_reportable_by(person, *, learning_set: ActionLearningSet, pk: int) -> Action:
    return get_object_or_404(
        Action.objects.reportable_by(person).select_related("presentation__meeting"),
        presentation__meeting__set=learning_set,
        pk=pk,
    )
