"""360 invitations whose task was lost (a Redis restart without persistence) still go.

Nia asks three colleagues for feedback; the task that would have emailed them is lost
with the queue. The hourly sweep finds invitations never sent and sends each once,
however many beats or sweeps run.
"""

import datetime
import threading

import pytest
import time_machine
from django.db import connection, connections
from django.utils import timezone

from careers import services, tasks
from careers.models import Invitation
from tests.careers.test_feedback import RATERS

pytestmark = pytest.mark.django_db


@pytest.fixture
def lost_round(nurse, django_capture_on_commit_callbacks):
    # The request commits, but the task it queued never reaches a worker.
    with django_capture_on_commit_callbacks(execute=False) as queued:
        feedback_round = services.feedback_round_create(
            person=nurse, raters=[services.RaterInput(*rater) for rater in RATERS]
        )
    assert len(queued) == 1
    return feedback_round


def sweep(django_capture_on_commit_callbacks) -> int:
    with django_capture_on_commit_callbacks(execute=True):
        return tasks.send_lost_invitations()


def test_the_hourly_sweep_sends_invitations_whose_task_was_lost(
    lost_round, mailoutbox, django_capture_on_commit_callbacks
):
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=11)):
        assert sweep(django_capture_on_commit_callbacks) == 3
    assert sorted(m.to[0] for m in mailoutbox) == sorted(r[1] for r in RATERS)
    assert all(m.subject for m in mailoutbox)
    assert not Invitation.objects.filter(round=lost_round, sent_at__isnull=True).exists()


def test_two_sweeps_or_two_beats_send_each_invitation_once(
    lost_round, mailoutbox, django_capture_on_commit_callbacks
):
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=11)):
        sweep(django_capture_on_commit_callbacks)
        assert sweep(django_capture_on_commit_callbacks) == 0
    assert len(mailoutbox) == 3


def test_the_requests_own_task_arriving_late_sends_nothing_twice(
    lost_round, mailoutbox, django_capture_on_commit_callbacks
):
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=11)):
        sweep(django_capture_on_commit_callbacks)
    ids = list(lost_round.invitations.values_list("pk", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_invitations(ids, reminder=False) == 0
    assert len(mailoutbox) == 3


def test_the_sweep_leaves_a_fresh_request_to_its_own_task(
    lost_round, mailoutbox, django_capture_on_commit_callbacks
):
    assert sweep(django_capture_on_commit_callbacks) == 0
    assert mailoutbox == []


@pytest.mark.django_db(transaction=True)
def test_two_beats_reminding_at_the_same_moment_remind_each_rater_once(
    nurse, mailoutbox, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("Row locks need PostgreSQL; SQLite serialises every write anyway.")
    feedback_round = services.feedback_round_create(
        person=nurse, raters=[services.RaterInput(*rater) for rater in RATERS]
    )
    assert len(mailoutbox) == 3  # the invitations
    # The first beat's run stops inside its transaction, rows chosen and marked but not
    # committed, until the second beat's run has finished (or 5 s have passed).
    first_inside, second_done = threading.Event(), threading.Event()
    message = tasks.invitation_message

    def first_waits(invitation, *, reminder):
        if threading.current_thread().name == "first":
            first_inside.set()
            second_done.wait(timeout=5)
        return message(invitation, reminder=reminder)

    monkeypatch.setattr(tasks, "invitation_message", first_waits)
    errors: list[Exception] = []

    def beat() -> None:
        try:
            tasks.send_due_reminders()
        except Exception as exc:  # any error fails the test below
            errors.append(exc)
        finally:
            connections.close_all()
            if threading.current_thread().name == "second":
                second_done.set()

    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        first = threading.Thread(target=beat, name="first")
        first.start()
        assert first_inside.wait(timeout=10)
        second = threading.Thread(target=beat, name="second")
        second.start()
        second.join()
        first.join()

    assert errors == []
    reminded = [m.to[0] for m in mailoutbox[3:]]
    assert sorted(reminded) == sorted(r[1] for r in RATERS)
    assert not feedback_round.invitations.filter(reminded_at__isnull=True).exists()
