"""Cohorts' digest sections: sessions and set meetings, and set actions for their owner.

Nia (nurse) and Priya (pharmacist) are in a cohort and its action learning set; Tom (GP
trainee) is in neither. Nothing else is new, so these are the only sections with content.
"""

import datetime

import pytest
from django.utils import timezone

from cohorts.models import (
    Action,
    ActionLearningSet,
    ActionStatus,
    Cohort,
    Meeting,
    Membership,
    Presentation,
    Session,
    SetMembership,
)
from portal.digest import services
from portal.digest.models import DigestPreference, Frequency
from tests.factories import PersonFactory
from tests.programmes.factories import days_from_today

pytestmark = pytest.mark.django_db

ISSUE = "My practice manager and I disagree about the rota and I feel stuck."


def in_days(days: int, hour: int = 14) -> datetime.datetime:
    moment = timezone.localtime() + datetime.timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


@pytest.fixture
def cohort(monday, nurse, pharmacist):
    cohort = Cohort.objects.create(
        name="Leading in the PCN",
        description="A year of learning together.",
        start_date=days_from_today(-60),
        end_date=days_from_today(300),
    )
    for person in (nurse, pharmacist):
        Membership.objects.create(cohort=cohort, person=person)
    return cohort


@pytest.fixture
def learning_set(cohort, nurse, pharmacist):
    learning_set = ActionLearningSet.objects.create(
        name="Tuesday set", cohort=cohort, facilitator=PersonFactory()
    )
    agreed = timezone.now()
    for seat, person in enumerate((nurse, pharmacist), start=1):
        SetMembership.objects.create(set=learning_set, person=person, seat=seat, agreed_at=agreed)
    return learning_set


@pytest.fixture
def nias_action(learning_set, nurse):
    """An action Nia agreed at last month's meeting, due on Thursday."""
    meeting = Meeting.objects.create(set=learning_set, starts_at=in_days(-28))
    turn = Presentation.objects.create(meeting=meeting, presenter=nurse, issue=ISSUE)
    return Action.objects.create(
        presentation=turn,
        description="Ask the partners for a rota review",
        due_date=days_from_today(3),
        note="Private note about the partners.",
    )


def send(*people) -> dict[str, object]:
    """Send the batch and return each recipient's message by address."""
    from django.core import mail

    services.digest_batch_send(person_ids=[p.pk for p in people])
    return {message.to[0]: message for message in mail.outbox}


def everything(message) -> str:
    return message.body + message.alternatives[0][0]


def test_it_lists_the_cohort_session_for_members_only(
    cohort, nurse, pharmacist, gp_trainee, mailoutbox
):
    Session.objects.create(cohort=cohort, starts_at=in_days(3), topic="Conflict")
    sent = send(nurse, pharmacist, gp_trainee)
    assert set(sent) == {nurse.email, pharmacist.email}
    for person in (nurse, pharmacist):
        message = sent[person.email]
        assert "Your sessions and set meetings" in message.body
        assert "Leading in the PCN: cohort session" in message.body
        assert "Thursday 19 November, 14:00" in message.body
        assert f"/cohorts/{cohort.pk}/" in message.body
        assert message.subject == "1 meeting coming up"


def test_it_leaves_out_sessions_after_the_coming_period(cohort, nurse, mailoutbox):
    Session.objects.create(cohort=cohort, starts_at=in_days(10))
    Session.objects.create(cohort=cohort, starts_at=in_days(-1))
    assert send(nurse) == {}


def test_it_looks_further_ahead_for_a_monthly_reader(cohort, nurse, mailoutbox):
    DigestPreference.objects.create(person=nurse, frequency=Frequency.MONTHLY)
    Session.objects.create(cohort=cohort, starts_at=in_days(10))
    assert "Leading in the PCN: cohort session" in send(nurse)[nurse.email].body


def test_it_lists_set_meetings_only_for_members_who_accepted_the_ground_rules(
    learning_set, nurse, pharmacist, gp_trainee, mailoutbox
):
    # The facilitator rewrote the ground rules after Priya accepted them.
    SetMembership.objects.filter(person=pharmacist).update(
        agreed_at=timezone.now() - datetime.timedelta(days=2)
    )
    learning_set.agreement_changed_at = timezone.now() - datetime.timedelta(days=1)
    learning_set.save()
    meeting = Meeting.objects.create(set=learning_set, starts_at=in_days(2, hour=10))
    sent = send(nurse, pharmacist, gp_trainee)
    assert set(sent) == {nurse.email}
    body = sent[nurse.email].body
    assert "Tuesday set: set meeting" in body
    assert "Wednesday 18 November, 10:00" in body
    assert f"/sets/{learning_set.pk}/meetings/{meeting.pk}/" in body


def test_it_lists_sessions_and_meetings_in_date_order(cohort, learning_set, nurse, mailoutbox):
    Session.objects.create(cohort=cohort, starts_at=in_days(4))
    Meeting.objects.create(set=learning_set, starts_at=in_days(1))
    body = send(nurse)[nurse.email].body
    assert body.index("set meeting") < body.index("cohort session")


def test_it_tells_the_owner_how_many_actions_are_due_and_nobody_else(
    nias_action, nurse, pharmacist, gp_trainee, mailoutbox
):
    sent = send(nurse, pharmacist, gp_trainee)
    assert set(sent) == {nurse.email}
    message = sent[nurse.email]
    assert "Your set actions falling due" in message.body
    assert "1 set action due Thu 19 Nov" in message.body
    assert f"/sets/{nias_action.presentation.meeting.set_id}/" in message.body
    assert message.subject == "1 set action due"


def test_an_actions_words_never_leave_the_set(nias_action, nurse, mailoutbox):
    """Nia's practice inbox is shared: the digest counts her actions, never quotes them."""
    Action.objects.create(
        presentation=nias_action.presentation,
        description="Raise the shouting with the senior partner, Dr Blake",
        due_date=nias_action.due_date,
    )
    message = send(nurse)[nurse.email]
    text = message.subject + everything(message)
    assert "2 set actions due Thu 19 Nov" in text
    for secret in ("rota", "partners", "Dr Blake", ISSUE, "Private note"):
        assert secret not in text


def test_view_in_browser_shows_the_same_safe_digest_without_sign_in(
    nias_action, nurse, client, mailoutbox
):
    message = send(nurse)[nurse.email]
    view_url = message.body.split("View this digest in your browser: ")[1].split()[0]

    page = client.get(view_url.removeprefix(services.settings.SITE_URL)).content.decode()

    assert "1 set action due Thu 19 Nov" in page
    assert "rota" not in page and "partners" not in page


def test_it_never_puts_set_content_in_anyone_elses_digest(
    nias_action, learning_set, nurse, pharmacist, mailoutbox
):
    Meeting.objects.create(set=learning_set, starts_at=in_days(2))
    sent = send(nurse, pharmacist)
    priya = everything(sent[pharmacist.email])
    assert "Tuesday set: set meeting" in priya
    assert "rota" not in priya
    assert "Your set actions falling due" not in priya


def test_it_leaves_out_actions_that_are_done_or_not_yet_due(
    nias_action, learning_set, nurse, mailoutbox
):
    Action.objects.create(
        presentation=nias_action.presentation,
        description="Book a coaching session",
        due_date=days_from_today(30),
    )
    nias_action.status = ActionStatus.DONE
    nias_action.save()
    assert send(nurse) == {}


def test_it_stops_showing_actions_to_someone_who_left_the_set(nias_action, nurse, mailoutbox):
    SetMembership.objects.filter(person=nurse).delete()
    assert send(nurse) == {}


def test_it_puts_both_sections_in_the_subject(cohort, nias_action, nurse, mailoutbox):
    Session.objects.create(cohort=cohort, starts_at=in_days(3))
    [message] = send(nurse).values()
    assert message.subject == "1 meeting coming up, 1 set action due"
    assert message.body.index("Your sessions and set meetings") < message.body.index(
        "Your set actions falling due"
    )
