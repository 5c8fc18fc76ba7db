import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from careers import services
from careers.models import FeedbackRound, Invitation, InvitationStatus
from portal.models import LeadershipDimension
from tests.careers.test_assessment import answers, assess
from tests.helpers import assert_queries_constant

pytestmark = pytest.mark.django_db

RATERS = [
    ("Maya Manager", "maya@example.nhs.uk", "manager"),
    ("Pete Peer", "pete@example.nhs.uk", "peer"),
    ("Dee Report", "dee@example.nhs.uk", "direct_report"),
]


def invite_form(raters=RATERS, rows: int = 5) -> dict:
    data = {"raters-TOTAL_FORMS": str(rows), "raters-INITIAL_FORMS": "0"}
    for index, (name, email, relationship) in enumerate(raters):
        data |= {
            f"raters-{index}-name": name,
            f"raters-{index}-email": email,
            f"raters-{index}-relationship": relationship,
        }
    return data


def links(mailoutbox) -> list[str]:
    return [re.search(r"http\S+/feedback/\S+/", m.body).group(0) for m in mailoutbox]


def path_of(link: str) -> str:
    return link.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


@pytest.fixture
def feedback_round(nurse, django_capture_on_commit_callbacks) -> FeedbackRound:
    with django_capture_on_commit_callbacks(execute=True):
        return services.feedback_round_create(
            person=nurse, raters=[services.RaterInput(*rater) for rater in RATERS]
        )


def test_it_invites_raters_by_email_after_commit(
    client, nurse, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(nurse)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("careers:feedback"), invite_form())
    assert response.status_code == 302
    assert callbacks
    assert sorted(m.to[0] for m in mailoutbox) == sorted(r[1] for r in RATERS)
    message = next(m for m in mailoutbox if m.to == ["maya@example.nhs.uk"])
    assert message.subject == "Nia Evans would value your feedback on their leadership"
    assert "as their manager" in message.body
    assert Invitation.objects.exclude(sent_at=None).count() == 3


@pytest.mark.parametrize(
    ("raters", "message"),
    [
        (RATERS[:2], "Invite at least 3 people"),
        ([*RATERS[:2], ("Twin", "pete@example.nhs.uk", "peer")], "Invite each person once"),
        (
            [*RATERS[:2], ("Me", "not-an-email", "peer")],
            "Enter an email address in the correct format",
        ),
    ],
)
def test_it_refuses_bad_invitations_with_a_message(client, nurse, raters, message):
    client.force_login(nurse)
    response = client.post(reverse("careers:feedback"), invite_form(raters))
    assert response.status_code == 200
    text = response.content.decode()
    assert message in text
    assert text.count("There is a problem") == 1
    assert "<title>Error: 360 feedback" in text
    assert not FeedbackRound.objects.exists()


def test_it_refuses_more_than_fifteen_raters(nurse):
    raters = [services.RaterInput(f"R{n}", f"r{n}@example.nhs.uk", "peer") for n in range(16)]
    with pytest.raises(services.Refused):
        services.feedback_round_create(person=nurse, raters=raters)


def test_a_rater_answers_once_without_an_account(client, feedback_round, mailoutbox):
    path = path_of(links(mailoutbox)[0])
    page = client.get(path)
    assert page.status_code == 200
    assert "Feedback for Nia Evans" in page.content.decode()
    assert client.post(path, answers(default=3, action="answer")).status_code == 200
    again = client.post(path, answers(default=1, action="answer"))
    assert again.status_code == 410
    assert "You have already answered" in again.content.decode()
    invitation = Invitation.objects.get(email=mailoutbox[0].to[0])
    assert invitation.status == InvitationStatus.ANSWERED
    assert set(invitation.ratings.values_list("level", flat=True)) == {3}


def test_a_rater_gets_a_message_for_a_bad_level(client, feedback_round, mailoutbox):
    response = client.post(path_of(links(mailoutbox)[0]), answers(default=9, action="answer"))
    assert response.status_code == 200
    assert "Select one of the four levels" in response.content.decode()
    assert not Invitation.objects.filter(status=InvitationStatus.ANSWERED).exists()


def test_a_rater_can_decline(client, feedback_round, mailoutbox):
    path = path_of(links(mailoutbox)[0])
    response = client.post(path, {"action": "decline"})
    assert "Request declined" in response.content.decode()
    assert client.get(path).status_code == 410


def test_it_refuses_an_expired_or_tampered_link(client, feedback_round, mailoutbox):
    path = path_of(links(mailoutbox)[0])
    tampered = client.get(path[:-3] + "xx/")
    assert tampered.status_code == 410
    assert "not valid" in tampered.content.decode()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=40)):
        expired = client.get(path)
    assert expired.status_code == 410
    assert "has closed" in expired.content.decode()


def test_it_shows_results_once_when_every_rater_has_answered(
    client, nurse, feedback_round, mailoutbox
):
    assess(nurse, default=2)
    paths = [path_of(link) for link in links(mailoutbox)]
    results = reverse("careers:feedback_results", args=[feedback_round.pk])
    client.post(paths[0], answers(default=4, action="answer"))
    client.post(paths[1], answers(default=3, action="answer"))
    client.force_login(nurse)
    assert "chart" not in client.get(results).context
    client.logout()
    client.post(paths[2], answers(default=3, action="answer"))
    client.force_login(nurse)
    response = client.get(results)
    # 4, 3 and 3 average 3.3: shown as the level it rounds to, never as a decimal.
    assert response.context["rows"][0] == {
        "dimension": LeadershipDimension.objects.first(),
        "own": "Proficient",
        "raters": "Strong",
    }
    text = response.content.decode()
    assert "3 people answered" in text
    assert "3.3 of 4" not in text


def test_it_hides_results_from_everyone_but_the_person_asked_about(
    client, outsider, feedback_round
):
    client.force_login(outsider)
    assert (
        client.get(reverse("careers:feedback_results", args=[feedback_round.pk])).status_code == 404
    )
    assert (
        client.post(reverse("careers:feedback_remind", args=[feedback_round.pk])).status_code == 404
    )


def test_it_reminds_only_raters_who_have_not_replied(
    client, nurse, feedback_round, mailoutbox, django_capture_on_commit_callbacks
):
    client.post(path_of(links(mailoutbox)[0]), {"action": "decline"})
    mailoutbox.clear()
    client.force_login(nurse)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("careers:feedback_remind", args=[feedback_round.pk]))
    assert len(mailoutbox) == 2
    assert all(m.subject.startswith("Reminder: ") for m in mailoutbox)
    assert LeadershipDimension.objects.count() == 9


def test_it_reminds_waiting_raters_once_a_week_after_inviting_them(
    feedback_round, mailoutbox, django_capture_on_commit_callbacks
):
    from careers.tasks import send_due_reminders

    Invitation.objects.filter(email="maya@example.nhs.uk").update(status=InvitationStatus.DECLINED)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders() == 0
    later = timezone.now() + datetime.timedelta(days=8)
    with time_machine.travel(later), django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders() == 2
        assert send_due_reminders() == 0
    assert sorted(m.to[0] for m in mailoutbox) == ["dee@example.nhs.uk", "pete@example.nhs.uk"]


def test_it_never_says_which_rater_has_answered(client, nurse, feedback_round, mailoutbox):
    client.post(path_of(links(mailoutbox)[0]), answers(default=4, action="answer"))
    client.force_login(nurse)
    text = client.get(
        reverse("careers:feedback_results", args=[feedback_round.pk])
    ).content.decode()
    assert "Maya Manager (manager)" in text
    assert " of 3" not in text
    assert "answered" not in text.replace("has answered or declined", "").replace(
        "who has answered or how many", ""
    ).lower().replace("have answered", "")


def test_the_overview_runs_the_same_queries_however_many_rounds(client, nurse, feedback_round):
    client.force_login(nurse)

    def two_more_rounds_and_one_closed():
        for n in range(2):
            services.feedback_round_create(
                person=nurse,
                raters=[
                    services.RaterInput(f"R{i}", f"r{n}-{i}@example.nhs.uk", "peer")
                    for i in range(4)
                ],
            )
        FeedbackRound.objects.filter(pk=feedback_round.pk).update(closed_at=timezone.now())

    assert_queries_constant(
        two_more_rounds_and_one_closed, lambda: client.get(reverse("careers:feedback"))
    )
