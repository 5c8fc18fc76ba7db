"""Careers' digest sections: 360 feedback waiting for your answer, and leadership roles.

Priya (pharmacist) asks colleagues for 360 feedback, Nia (nurse) among them; Tom (GP
trainee) is not asked. Nothing else is new, so these are the only sections with content.
"""

import datetime

import pytest
from django.utils import timezone

from careers.models import FeedbackRound, Invitation, InvitationStatus
from portal.digest import services
from portal.models import Organisation
from tests.careers.factories import RoleFactory
from tests.factories import profession
from tests.programmes.factories import days_from_today

pytestmark = pytest.mark.django_db


def send(*people) -> dict:
    """Send the batch and return each recipient's message by address."""
    from django.core import mail

    services.digest_batch_send(person_ids=[p.pk for p in people])
    return {message.to[0]: message for message in mail.outbox}


@pytest.fixture
def priyas_round(monday, pharmacist):
    return FeedbackRound.objects.create(person=pharmacist, closes_on=days_from_today(20))


@pytest.fixture
def nias_invitation(priyas_round, nurse):
    # Addresses are typed by the person asking, so the case need not match Nia's account.
    return Invitation.objects.create(
        round=priyas_round, name="Nia", email=nurse.email.upper(), relationship="peer"
    )


def test_it_tells_a_rater_who_is_waiting_for_their_360_answer(
    nias_invitation, nurse, pharmacist, gp_trainee, mailoutbox
):
    sent = send(nurse, pharmacist, gp_trainee)
    assert set(sent) == {nurse.email}
    message = sent[nurse.email]
    assert message.subject == "1 request for 360 feedback"
    assert "360 feedback waiting for your answer" in message.body
    assert "A colleague asked for your 360 feedback" in message.body
    assert "Priya" not in message.body + message.alternatives[0][0]
    assert "Open until Sunday 6 December" in message.body
    # Behind sign-in: a shared practice inbox gets no link that answers as Nia.
    assert f"/me/feedback/asked/{nias_invitation.pk}/" in message.body
    assert "/feedback/" not in message.body.replace("/me/feedback/asked/", "")


def test_it_leaves_out_answered_declined_and_closed_requests(
    nias_invitation, priyas_round, nurse, mailoutbox
):
    for status in (InvitationStatus.ANSWERED, InvitationStatus.DECLINED):
        Invitation.objects.filter(pk=nias_invitation.pk).update(status=status)
        assert send(nurse) == {}
    Invitation.objects.filter(pk=nias_invitation.pk).update(status=InvitationStatus.INVITED)
    FeedbackRound.objects.filter(pk=priyas_round.pk).update(closes_on=days_from_today(-1))
    assert send(nurse) == {}


def test_it_never_shows_the_person_who_asked_who_has_not_answered(
    nias_invitation, pharmacist, mailoutbox
):
    assert send(pharmacist) == {}


def test_it_lists_new_roles_open_to_the_persons_profession(
    monday, nurse, pharmacist, gp_trainee, mailoutbox
):
    host = Organisation.objects.create(kind="pcn", name="Riverside PCN")
    for_nurses = RoleFactory(title="Nurse lead for long-term conditions", host=host)
    for_nurses.all_professions = False
    for_nurses.save()
    for_nurses.professions.set([profession("general-practice-nurse")])
    RoleFactory(title="Clinical director", host=host, closing_date=None)

    sent = send(nurse, pharmacist, gp_trainee)

    nia = sent[nurse.email]
    assert "Leadership roles for you" in nia.body
    assert "Nurse lead for long-term conditions" in nia.body
    assert "Riverside PCN, closes 16 December 2026." in nia.body
    assert f"/roles/{for_nurses.pk}/" in nia.body
    assert nia.subject == "2 leadership roles for you"
    for other in (pharmacist, gp_trainee):
        body = sent[other.email].body
        assert "Clinical director" in body
        assert "Nurse lead" not in body
        assert sent[other.email].subject == "1 leadership role for you"


def test_it_leaves_out_roles_that_are_old_closed_or_unpublished(monday, nurse, mailoutbox):
    RoleFactory(published=False)
    RoleFactory(closing_date=days_from_today(-1))
    old = RoleFactory()
    type(old).objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=30)
    )
    assert send(nurse) == {}


def test_it_puts_both_sections_in_the_subject(nias_invitation, nurse, mailoutbox):
    RoleFactory(title="Clinical director")
    [message] = send(nurse).values()
    assert message.subject == "1 request for 360 feedback, 1 leadership role for you"


def answer(feedback_round, count: int, *, at: datetime.datetime) -> None:
    Invitation.objects.bulk_create(
        Invitation(
            round=feedback_round,
            name=f"Rater {n}",
            email=f"rater{n}@example.nhs.uk",
            relationship="peer",
            status=InvitationStatus.ANSWERED,
            responded_at=at,
        )
        for n in range(count)
    )


def close(feedback_round, *, at: datetime.datetime) -> None:
    FeedbackRound.objects.filter(pk=feedback_round.pk).update(closed_at=at)


def test_it_tells_the_person_who_asked_when_her_round_closes_with_results(
    priyas_round, nurse, pharmacist, mailoutbox
):
    answer(priyas_round, 3, at=timezone.now() - datetime.timedelta(days=1))
    close(priyas_round, at=timezone.now() - datetime.timedelta(days=1))
    sent = send(nurse, pharmacist)
    assert set(sent) == {pharmacist.email}
    message = sent[pharmacist.email]
    assert message.subject == "Your 360 feedback results are ready"
    assert "Your request has closed." in message.body
    assert "answered" not in message.body
    assert f"/me/feedback/{priyas_round.pk}/" in message.body


def test_it_says_nothing_while_answers_are_still_arriving(priyas_round, pharmacist, mailoutbox):
    # Three answers used to make results "ready" with a count; now only closing does.
    answer(priyas_round, 3, at=timezone.now() - datetime.timedelta(days=1))
    assert send(pharmacist) == {}


def test_it_says_nothing_about_results_too_few_answers_or_already_told(
    priyas_round, pharmacist, mailoutbox
):
    answer(priyas_round, 2, at=timezone.now() - datetime.timedelta(days=1))
    close(priyas_round, at=timezone.now() - datetime.timedelta(days=1))
    assert send(pharmacist) == {}
    # Closed a month ago with enough answers: her earlier digests told her.
    Invitation.objects.create(
        round=priyas_round,
        name="Late rater",
        email="late@example.nhs.uk",
        relationship="manager",
        status=InvitationStatus.ANSWERED,
        responded_at=timezone.now() - datetime.timedelta(days=30),
    )
    close(priyas_round, at=timezone.now() - datetime.timedelta(days=29))
    assert send(pharmacist) == {}
