"""360 anonymity against the person who asked (issue 21 items 1-4, 13; issue 14 item 7).

Nia (a nurse) asks four colleagues for feedback: Maya her manager, Pete and Mariam
her peers (Mariam has an account), Dee who reports to her. Each test performs an
attack Nia could make on her own request, and shows it now tells her nothing.
"""

import datetime
import hashlib
import json
import re

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.core import signing
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from careers import services
from careers.models import FeedbackLink, FeedbackRound, Invitation, InvitationStatus
from careers.tasks import send_due_reminders, tidy_feedback_rounds
from portal.personal_data.erasure import person_erase
from tests.careers.test_assessment import answers
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

RATERS = [
    ("Maya Manager", "maya@example.nhs.uk", "manager"),
    ("Pete Peer", "pete@example.nhs.uk", "peer"),
    ("Mariam Hussain", "mariam@example.nhs.uk", "peer"),
    ("Dee Report", "dee@example.nhs.uk", "direct_report"),
]


def invite_form(raters) -> dict:
    data = {"raters-TOTAL_FORMS": str(max(5, len(raters))), "raters-INITIAL_FORMS": "0"}
    for index, (name, email, relationship) in enumerate(raters):
        data |= {
            f"raters-{index}-name": name,
            f"raters-{index}-email": email,
            f"raters-{index}-relationship": relationship,
        }
    return data


def link_for(mailoutbox, email: str) -> str:
    """The path of the newest link emailed to ``email``."""
    message = [m for m in mailoutbox if m.to == [email]][-1]
    return re.search(r"https?://[^/]+(/feedback/\S+/)", message.body).group(1)


def page(client, person, feedback_round) -> str:
    """What Nia's results page says, less the per-request CSRF token."""
    client.force_login(person)
    text = client.get(reverse("careers:feedback_results", args=[feedback_round.pk])).content
    client.logout()
    text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text.decode())
    return re.sub(r'nonce="[^"]+"', "", text)


@pytest.fixture
def mariam(db):
    return PersonFactory(full_name="Mariam Hussain", email="mariam@example.nhs.uk")


@pytest.fixture
def nias_round(nurse, mariam, mailoutbox, django_capture_on_commit_callbacks) -> FeedbackRound:
    with django_capture_on_commit_callbacks(execute=True):
        return services.feedback_round_create(
            person=nurse, raters=[services.RaterInput(*rater) for rater in RATERS]
        )


def answer(client, mailoutbox, email: str, level: int):
    response = client.post(link_for(mailoutbox, email), answers(default=level, action="answer"))
    assert response.status_code == 200, response.content.decode()


# ---------------------------------------------------------------------------
# Item 1: planted raters
# ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "planted",
    [
        "nia.evans@gmail.com",  # a verified personal address on her account
        "NIA+a@example.nhs.uk",  # her login address, plus-tagged and shouted
        "Nia.Evans+b@Gmail.com",  # her personal address, plus-tagged
    ],
)
def test_nia_cannot_invite_an_address_of_her_own(client, nurse, planted):
    EmailAddress.objects.create(user=nurse, email="nia.evans@gmail.com", verified=True)
    client.force_login(nurse)
    raters = [RATERS[0], RATERS[1], ("Friend", planted, "peer")]
    response = client.post(reverse("careers:feedback"), invite_form(raters))
    text = response.content.decode()
    assert response.status_code == 200
    assert "nhsuk-error-summary" in text
    assert "one of the addresses is yours" in text
    assert "<title>Error: 360 feedback" in text
    assert planted in text  # what she typed is kept
    assert not FeedbackRound.objects.exists()


def test_two_plus_tags_of_one_mailbox_count_as_one_person(nurse):
    raters = [RATERS[0], ("Pete", "pete+a@example.nhs.uk", "peer"), RATERS[1]]
    with pytest.raises(services.Refused, match="Invite each person once"):
        services.feedback_round_create(
            person=nurse, raters=[services.RaterInput(*r) for r in raters]
        )


def test_planted_answers_cannot_be_solved_for_a_colleagues_answer(
    client, nurse, mailoutbox, django_capture_on_commit_callbacks
):
    """Two raters she answers herself with all 1s: the colleague's 1 and 2 look alike
    (3 x average - 2 used to give the colleague's exact answers)."""
    seen = []
    for colleague_level in (1, 2):
        mailoutbox.clear()
        raters = [
            ("Maya Manager", f"maya{colleague_level}@example.nhs.uk", "manager"),
            ("Plant A", f"plant-a{colleague_level}@elsewhere.example", "other"),
            ("Plant B", f"plant-b{colleague_level}@elsewhere.example", "other"),
        ]
        with django_capture_on_commit_callbacks(execute=True):
            feedback_round = services.feedback_round_create(
                person=nurse, raters=[services.RaterInput(*r) for r in raters]
            )
        answer(client, mailoutbox, raters[1][1], 1)
        answer(client, mailoutbox, raters[2][1], 1)
        answer(client, mailoutbox, raters[0][1], colleague_level)
        text = page(client, nurse, feedback_round)
        seen.append(re.search(r"<tbody.*?</tbody>", text, re.S).group(0))
    assert seen[0] == seen[1]
    assert "Essential" in seen[0]


# ---------------------------------------------------------------------------
# Item 2: no live results, counts or reminders that count
# ---------------------------------------------------------------------------
def test_nias_page_does_not_change_while_answers_arrive(client, nurse, nias_round, mailoutbox):
    """With four raters, the page at three answers and at none is the same page:
    no results, no "3 of 4", nothing to subtract from the final release."""
    before = page(client, nurse, nias_round)
    for email, level in [("maya@example.nhs.uk", 4), ("pete@example.nhs.uk", 2)]:
        answer(client, mailoutbox, email, level)
    answer(client, mailoutbox, "mariam@example.nhs.uk", 3)
    assert page(client, nurse, nias_round) == before
    assert "You and your raters" not in before
    assert " of 4" not in before
    client.force_login(nurse)
    overview = client.get(reverse("careers:feedback")).content.decode()
    assert "open until" in overview
    assert "answered" not in overview.split("Your requests")[1].split("Invite colleagues")[0]


def test_results_are_released_once_when_the_last_rater_replies(
    client, nurse, nias_round, mailoutbox
):
    for email in ("maya@example.nhs.uk", "pete@example.nhs.uk", "mariam@example.nhs.uk"):
        answer(client, mailoutbox, email, 3)
    client.post(link_for(mailoutbox, "dee@example.nhs.uk"), {"action": "decline"})
    nias_round.refresh_from_db()
    assert nias_round.closed_at is not None
    text = page(client, nurse, nias_round)
    assert "You and your raters" in text
    assert "3 people answered" in text
    assert "declined" not in text


def test_results_are_released_on_the_closing_date_with_whoever_answered(
    client, nurse, nias_round, mailoutbox
):
    for email in ("maya@example.nhs.uk", "pete@example.nhs.uk", "mariam@example.nhs.uk"):
        answer(client, mailoutbox, email, 4)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=29)):
        text = page(client, nurse, nias_round)
        late = client.post(link_for(mailoutbox, "dee@example.nhs.uk"), answers(default=1))
    assert "You and your raters" in text
    assert "Exemplary" in text
    assert late.status_code == 410
    assert not Invitation.objects.filter(status=InvitationStatus.ANSWERED, email__startswith="dee")


def test_too_few_answers_show_nothing_even_after_closing(client, nurse, nias_round, mailoutbox):
    answer(client, mailoutbox, "maya@example.nhs.uk", 4)
    answer(client, mailoutbox, "pete@example.nhs.uk", 1)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=29)):
        text = page(client, nurse, nias_round)
    assert "Fewer than 3 people answered" in text
    assert "Exemplary" not in text and "Essential" not in text


@pytest.mark.parametrize("replied", [0, 3])
def test_a_reminder_says_the_same_whoever_is_left(
    client, nurse, nias_round, mailoutbox, replied, django_capture_on_commit_callbacks
):
    for email in [r[1] for r in RATERS][:replied]:
        answer(client, mailoutbox, email, 2)
    client.force_login(nurse)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("careers:feedback_remind", args=[nias_round.pk]), follow=True
        )
    assert [str(m) for m in response.context["messages"]] == [
        "A reminder is on its way to anyone who has not replied yet."
    ]


def test_the_rater_is_told_exactly_what_nia_will_see(client, nias_round, mailoutbox):
    email = next(m for m in mailoutbox if m.to == ["pete@example.nhs.uk"]).body
    rater_page = client.get(link_for(mailoutbox, "pete@example.nhs.uk")).content.decode()
    for text in (email, rater_page):
        flat = " ".join(text.split())
        assert "rounded to the nearest level (essential, proficient, strong or exemplary)" in flat
        assert "will not see your answers on their own, or whether, or when" in flat
        assert "fewer than 3 people answer, they see no results" in flat.replace("If f", "f")
    assert "sees only the average" not in email


# ---------------------------------------------------------------------------
# Item 3: a rater erasing her account changes nothing Nia sees while open
# ---------------------------------------------------------------------------
def test_mariam_erasing_her_account_leaves_nias_open_round_unchanged(
    client, nurse, mariam, nias_round, mailoutbox
):
    answer(client, mailoutbox, "maya@example.nhs.uk", 3)
    before = page(client, nurse, nias_round)
    person_erase(mariam)
    after = page(client, nurse, nias_round)
    assert after == before
    assert "Mariam Hussain (peer)" in after
    assert "Former member" not in after
    # Her invitation is closed and its links gone: no reminder reaches her address.
    assert not FeedbackLink.objects.filter(invitation__email__contains="erased").exists()


# ---------------------------------------------------------------------------
# Item 4: opaque links, stored hashed
# ---------------------------------------------------------------------------
def test_links_are_random_and_only_their_hash_is_stored(client, nias_round, mailoutbox):
    path = link_for(mailoutbox, "maya@example.nhs.uk")
    token = path.split("/")[2]
    invitation = Invitation.objects.get(email="maya@example.nhs.uk")
    with pytest.raises(signing.BadSignature):
        signing.loads(token, salt="careers.feedback")
    assert str(invitation.pk) not in token or len(token) >= 40
    assert FeedbackLink.objects.filter(
        invitation=invitation, token_hash=hashlib.sha256(token.encode()).hexdigest()
    ).exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT token_hash FROM careers_feedbacklink")
        assert token not in json.dumps(cursor.fetchall())
    assert client.get(path).status_code == 200


def test_an_old_signed_link_with_the_row_id_no_longer_opens_the_page(client, nias_round):
    invitation = Invitation.objects.get(email="maya@example.nhs.uk")
    old = signing.dumps({"i": invitation.pk}, salt="careers.feedback", compress=True)
    response = client.get(reverse("careers:feedback_answer", args=[old]))
    assert response.status_code == 410
    assert "not valid" in response.content.decode()


def test_the_rater_page_keeps_its_path_out_of_referers_and_caches(client, nias_round, mailoutbox):
    response = client.get(link_for(mailoutbox, "maya@example.nhs.uk"))
    assert response["Referrer-Policy"] == "strict-origin"
    assert "no-store" in response["Cache-Control"]


def test_a_reminder_brings_a_new_link_and_the_first_still_works(
    client, nias_round, mailoutbox, django_capture_on_commit_callbacks
):
    first = link_for(mailoutbox, "maya@example.nhs.uk")
    with (
        time_machine.travel(timezone.now() + datetime.timedelta(days=8)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        send_due_reminders()
    second = link_for(mailoutbox, "maya@example.nhs.uk")
    assert second != first
    assert client.get(first).status_code == 200
    assert client.get(second).status_code == 200


def test_a_member_answers_signed_in_and_nobody_else_can(
    client, nurse, mariam, outsider, nias_round
):
    invitation = Invitation.objects.get(email="mariam@example.nhs.uk")
    url = reverse("careers:feedback_asked", args=[invitation.pk])
    for someone in (outsider, nurse):
        client.force_login(someone)
        assert client.get(url).status_code == 404
        assert client.post(url, answers(default=1, action="answer")).status_code == 404
    client.force_login(mariam)
    assert "Feedback for Nia Evans" in client.get(url).content.decode()
    client.post(url, answers(default=3, action="answer"))
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.ANSWERED
    assert client.get(url).status_code == 404


# ---------------------------------------------------------------------------
# Issue 14 item 7: reminders and invitations are rationed
# ---------------------------------------------------------------------------
def test_five_reminders_in_a_row_send_one_email_each(
    client, nurse, nias_round, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()
    client.force_login(nurse)
    url = reverse("careers:feedback_remind", args=[nias_round.pk])
    with django_capture_on_commit_callbacks(execute=True):
        responses = [client.post(url, follow=True) for _ in range(5)]
    assert len(mailoutbox) == len(RATERS)
    refusal = responses[-1].content.decode()
    assert "You can send another from" in refusal
    with (
        time_machine.travel(timezone.now() + datetime.timedelta(days=7, minutes=1)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.post(url)
    assert len(mailoutbox) == 2 * len(RATERS)


def test_a_fourth_request_in_a_day_is_refused(nurse):
    def ask(n: int):
        return services.feedback_round_create(
            person=nurse,
            raters=[
                services.RaterInput(f"R{n}{i}", f"r{n}-{i}@example.nhs.uk", "peer")
                for i in range(3)
            ],
        )

    for n in range(services.MAX_ROUNDS_PER_DAY):
        ask(n)
    with pytest.raises(services.Refused, match="requests for feedback in a day"):
        ask(99)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1, minutes=1)):
        ask(100)


def test_more_invitations_in_a_day_than_the_cap_are_refused_with_a_message(client, nurse):
    services.feedback_round_create(
        person=nurse,
        raters=[services.RaterInput(f"R{i}", f"r{i}@example.nhs.uk", "peer") for i in range(15)],
    )
    services.feedback_round_create(
        person=nurse,
        raters=[services.RaterInput(f"S{i}", f"s{i}@example.nhs.uk", "peer") for i in range(14)],
    )
    client.force_login(nurse)
    response = client.post(reverse("careers:feedback"), invite_form(RATERS[:2] + RATERS[3:]))
    assert "You can invite 30 people in a day and have invited 29" in response.content.decode()
    assert FeedbackRound.objects.count() == 2


# ---------------------------------------------------------------------------
# Item 13: raters who are not members are forgotten at close + 90 days
# ---------------------------------------------------------------------------
def test_outside_raters_details_go_90_days_after_the_round_closes(
    client, nurse, nias_round, mailoutbox
):
    answer(client, mailoutbox, "maya@example.nhs.uk", 3)
    closed = timezone.now() + datetime.timedelta(days=29)
    with time_machine.travel(closed):
        tidy_feedback_rounds()
    nias_round.refresh_from_db()
    assert nias_round.closed_at is not None
    assert nias_round.asked == []
    assert not FeedbackLink.objects.exists()
    with time_machine.travel(closed + datetime.timedelta(days=89)):
        tidy_feedback_rounds()
    assert Invitation.objects.filter(email="maya@example.nhs.uk").exists()
    with time_machine.travel(closed + datetime.timedelta(days=90, hours=1)):
        tidy_feedback_rounds()
        tidy_feedback_rounds()
        text = page(client, nurse, nias_round)
    kept = {i.email: i.name for i in Invitation.objects.all()}
    # Mariam is a member: the notice covers her, and her row stays as it was.
    assert kept.pop("mariam@example.nhs.uk") == "Mariam Hussain"
    assert set(kept.values()) == {""}
    assert all(email.endswith("@erased.invalid") for email in kept)
    assert "Maya Manager" not in text and "maya@" not in text
    # Her answers still count, anonymously, in Nia's results.
    assert Invitation.objects.get(status=InvitationStatus.ANSWERED).ratings.count() == 9


def test_the_rater_page_has_a_privacy_notice(client, nias_round, mailoutbox):
    text = " ".join(
        client.get(link_for(mailoutbox, "pete@example.nhs.uk")).content.decode().split()
    )
    assert "About your information" in text
    assert "we delete your name and email address 90 days after the request closes" in text
    assert reverse("privacy") in text


def test_the_daily_tidy_is_scheduled(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "careers.tasks.tidy_feedback_rounds" in tasks


def test_the_migration_gives_open_rounds_their_list_and_a_reminder_with_a_new_link(
    nurse, pharmacist
):
    """Old signed links stop working; each open invitation is reminded afresh."""
    from importlib import import_module

    from django.apps import apps as global_apps

    migration = import_module("careers.migrations.0007_feedback_links_replace_signed_tokens")
    today = timezone.localdate()
    open_round = FeedbackRound.objects.create(
        person=nurse, closes_on=today + datetime.timedelta(days=10)
    )
    done_round = FeedbackRound.objects.create(
        person=pharmacist, closes_on=today + datetime.timedelta(days=10)
    )
    long_ago = timezone.now() - datetime.timedelta(days=9)
    for n, (name, email, relationship) in enumerate(RATERS[:3]):
        Invitation.objects.create(
            round=open_round,
            name=name,
            email=email,
            relationship=relationship,
            sent_at=long_ago,
            reminded_at=long_ago,
            status=InvitationStatus.ANSWERED if n == 0 else InvitationStatus.INVITED,
        )
        Invitation.objects.create(
            round=done_round,
            name=name,
            email=email,
            relationship=relationship,
            status=InvitationStatus.DECLINED,
            responded_at=long_ago,
        )

    migration.forward(global_apps, None)

    open_round.refresh_from_db()
    done_round.refresh_from_db()
    assert open_round.asked[0] == {"name": "Maya Manager", "relationship": "manager"}
    assert open_round.closed_at is None
    assert done_round.closed_at == long_ago
    assert send_due_reminders() == 2
