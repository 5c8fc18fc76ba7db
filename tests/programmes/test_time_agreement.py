"""Protected time agreed with the practice.

Nia (nurse) applies to "Leading change together" and names Meg, the practice manager
at her practice, or anyone by email; Meg answers through the emailed link. Tom (GP
trainee) works elsewhere. The clock stands at Saturday 5 December 2026, 10:00 in London.
"""

import datetime
import re

import pytest
import time_machine
from django.core import signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from portal.lib.refused import Refused
from portal.models import HeldRole, HeldRoleKind
from programmes import selectors, services, time_links
from programmes.models import ApplicationStatus, TimeAgreementStatus
from tests.factories import PersonFactory, profession
from tests.helpers import assert_queries_constant
from tests.programmes.factories import IntakeFactory

pytestmark = pytest.mark.django_db

SATURDAY = datetime.datetime(2026, 12, 5, 10, tzinfo=datetime.UTC)


@pytest.fixture
def clock():
    with time_machine.travel(SATURDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def act(django_capture_on_commit_callbacks):
    """Run a write and then what it queued for after commit (its emails), as a commit would."""

    def run(write, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return write(**kwargs)

    return run


@pytest.fixture
def meg(nurse):
    """Meg, practice manager at Nia's practice, holding the manager role."""
    person = PersonFactory(
        full_name="Meg Manager",
        email="meg@example.nhs.uk",
        organisation=nurse.organisation,
        profession=profession("practice-manager"),
    )
    HeldRole.objects.create(person=person, kind=HeldRoleKind.MANAGER)
    return person


@pytest.fixture
def intake(clock):
    return IntakeFactory(
        offer__title="Leading change together",
        offer__backfill_paid=True,
        offer__backfill_rate=40,
        start_date=datetime.date(2027, 1, 14),
        end_date=datetime.date(2027, 2, 25),
        application_deadline=datetime.date(2026, 12, 31),
    )


@pytest.fixture
def application(intake, nurse):
    return services.application_create(person=nurse, offer=intake.offer, intake=intake)


def link_in(message) -> str:
    return re.search(r"https?://\S+/time/\S+/", message.body).group(0)


def test_nia_names_her_practice_manager_who_is_emailed_what_she_needs_to_decide(
    application, nurse, meg, mailoutbox, act
):
    agreement = act(
        services.time_agreement_request, application=application, person=nurse, manager=meg
    )
    assert agreement.manager_name == "Meg Manager"
    assert agreement.state == "Waiting for Meg Manager"
    [message] = mailoutbox
    assert message.to == ["meg@example.nhs.uk"]
    assert message.subject == "Please agree protected time for development"
    assert 'Nia Evans has applied for "Leading change together"' in message.body
    assert "Time: About 12 hours over 6 weeks" in message.body
    assert "Dates: 14 January 2027 to 25 February 2027" in message.body
    assert "Backfill: Backfill paid at £40 an hour." in message.body
    assert "The link works until 19 December 2026." in message.body
    # A shared practice inbox learns nothing more about Nia than the request itself.
    assert nurse.email not in message.body
    assert "nurse" not in message.body.lower()


def test_only_managers_in_her_organisation_or_its_pcn_are_offered(nurse, meg, gp_trainee):
    elsewhere = PersonFactory(full_name="Other Manager")
    HeldRole.objects.create(person=elsewhere, kind=HeldRoleKind.MANAGER)
    colleague = PersonFactory(full_name="Not A Manager", organisation=nurse.organisation)
    assert list(selectors.managers_for(nurse)) == [meg]
    assert colleague not in selectors.managers_for(nurse)


def test_a_manager_from_another_organisation_is_refused(application, nurse, act):
    elsewhere = PersonFactory(full_name="Other Manager")
    HeldRole.objects.create(person=elsewhere, kind=HeldRoleKind.MANAGER)
    with pytest.raises(Refused, match="Choose a manager from the list"):
        act(
            services.time_agreement_request,
            application=application,
            person=nurse,
            manager=elsewhere,
        )


def test_nia_cannot_name_herself(application, nurse, act):
    with pytest.raises(Refused, match="not your own"):
        act(
            services.time_agreement_request,
            application=application,
            person=nurse,
            name="Nia",
            email="NIA@example.nhs.uk",
        )


def test_nobody_else_can_ask_for_time_on_nias_application(application, gp_trainee, act):
    with pytest.raises(Refused, match="not yours"):
        act(
            services.time_agreement_request,
            application=application,
            person=gp_trainee,
            name="Meg",
            email="meg@example.nhs.uk",
        )


def test_the_manager_agrees_and_nia_is_told(application, nurse, clock, mailoutbox, act):
    agreement = act(
        services.time_agreement_request,
        application=application,
        person=nurse,
        name="Pat Practice",
        email="Pat@Example.nhs.uk",
    )
    assert agreement.manager_email == "pat@example.nhs.uk"
    clock.shift(datetime.timedelta(days=1))
    act(services.time_agreement_decide, agreement=agreement, agree=True, note="Thursdays suit us.")
    agreement.refresh_from_db()
    assert agreement.status == TimeAgreementStatus.AGREED
    assert agreement.state == "Time agreed by Pat Practice on 6 December 2026"
    told = mailoutbox[-1]
    assert told.to == [nurse.email]
    assert told.subject == "Your protected time: agreed"
    assert 'The protected time you asked for, to take part in "Leading change' in told.body
    # Who answered, and their note, are behind sign-in.
    assert "Pat" not in told.body
    assert "Thursdays suit us." not in told.body


def test_the_manager_declines_with_a_note(application, nurse, act):
    agreement = act(
        services.time_agreement_request,
        application=application,
        person=nurse,
        name="Pat",
        email="pat@example.nhs.uk",
    )
    act(services.time_agreement_decide, agreement=agreement, agree=False, note="Not this quarter.")
    agreement.refresh_from_db()
    assert agreement.state == "Time declined by Pat on 5 December 2026"
    assert agreement.note == "Not this quarter."


def test_a_decided_request_cannot_be_decided_again(application, nurse, act):
    agreement = act(
        services.time_agreement_request,
        application=application,
        person=nurse,
        name="Pat",
        email="pat@example.nhs.uk",
    )
    act(services.time_agreement_decide, agreement=agreement, agree=True)
    with pytest.raises(Refused, match="already agreed on 5 December 2026"):
        act(services.time_agreement_decide, agreement=agreement, agree=False)
    agreement.refresh_from_db()
    assert agreement.status == TimeAgreementStatus.AGREED


def test_a_withdrawn_application_has_nothing_to_agree(application, nurse, act):
    agreement = act(
        services.time_agreement_request,
        application=application,
        person=nurse,
        name="Pat",
        email="pat@example.nhs.uk",
    )
    services.application_withdraw(application=application)
    with pytest.raises(Refused, match="withdrawn or closed"):
        act(services.time_agreement_decide, agreement=agreement, agree=True)


def test_a_link_expires_after_fourteen_days(application, nurse, clock, mailoutbox, act):
    act(
        services.time_agreement_request,
        application=application,
        person=nurse,
        name="Pat",
        email="pat@example.nhs.uk",
    )
    token = link_in(mailoutbox[0]).rstrip("/").rsplit("/", 1)[1]
    clock.shift(datetime.timedelta(days=13, hours=23))
    assert selectors.time_request_from_link(token).application == application
    clock.shift(datetime.timedelta(hours=2))
    with pytest.raises(Refused, match="This link has expired: links work for 14 days"):
        selectors.time_request_from_link(token)


# Signed tokens carry a timestamp, so they are made inside the test: made at collection,
# two pytest-xdist workers collecting in different seconds would see different tests.
@pytest.mark.parametrize(
    "make_token",
    [
        pytest.param(lambda: "not-a-token", id="not-a-token"),
        pytest.param(lambda: signing.dumps("a" * 32, salt="another.purpose"), id="another-purpose"),
        pytest.param(lambda: signing.dumps(["a", "list"], salt=time_links.SALT), id="not-a-key"),
    ],
)
def test_a_tampered_link_is_refused_in_words(application, nurse, make_token):
    with pytest.raises(Refused, match="This link is not valid"):
        selectors.time_request_from_link(make_token())


def test_naming_someone_else_stops_the_first_link(application, nurse, mailoutbox, act):
    act(
        services.time_agreement_request,
        application=application,
        person=nurse,
        name="Pat",
        email="pat@example.nhs.uk",
    )
    first = link_in(mailoutbox[0]).rstrip("/").rsplit("/", 1)[1]
    act(
        services.time_agreement_request,
        application=application,
        person=nurse,
        name="Sam",
        email="sam@example.nhs.uk",
    )
    assert mailoutbox[1].to == ["sam@example.nhs.uk"]
    with pytest.raises(Refused, match="has been replaced"):
        selectors.time_request_from_link(first)


def test_asking_the_same_person_twice_sends_one_email(application, nurse, mailoutbox, act):
    for _ in range(2):
        act(
            services.time_agreement_request,
            application=application,
            person=nurse,
            name="Pat",
            email="pat@example.nhs.uk",
        )
    assert len(mailoutbox) == 1


def test_nia_sends_one_reminder_and_only_after_three_days(
    application, nurse, clock, mailoutbox, act
):
    agreement = act(
        services.time_agreement_request,
        application=application,
        person=nurse,
        name="Pat",
        email="pat@example.nhs.uk",
    )
    clock.shift(datetime.timedelta(days=2, hours=23))
    with pytest.raises(Refused, match="You can send a reminder from 8 December 2026"):
        act(services.time_agreement_remind, agreement=agreement, person=nurse)
    clock.shift(datetime.timedelta(hours=1))
    act(services.time_agreement_remind, agreement=agreement, person=nurse)
    assert [m.subject for m in mailoutbox] == [
        "Please agree protected time for development",
        "Reminder: Please agree protected time for development",
    ]
    assert "A reminder: Nia Evans has applied" in mailoutbox[1].body
    # The reminder's link is new, so it works for fourteen days from today.
    assert "The link works until 22 December 2026." in mailoutbox[1].body
    clock.shift(datetime.timedelta(days=5))
    with pytest.raises(Refused, match="You sent a reminder on 8 December 2026"):
        act(services.time_agreement_remind, agreement=agreement, person=nurse)
    assert len(mailoutbox) == 2


def test_no_reminder_once_the_manager_has_answered(application, nurse, clock, act):
    agreement = act(
        services.time_agreement_request,
        application=application,
        person=nurse,
        name="Pat",
        email="pat@example.nhs.uk",
    )
    act(services.time_agreement_decide, agreement=agreement, agree=False)
    clock.shift(datetime.timedelta(days=4))
    with pytest.raises(Refused, match="already answered"):
        act(services.time_agreement_remind, agreement=agreement, person=nurse)


def test_a_place_waits_for_agreed_time_when_the_offer_requires_it(application, nurse, act):
    offer = application.offer
    offer.time_agreement_required = True
    offer.save()
    with pytest.raises(Refused, match="cannot be confirmed yet"):
        services.application_set_status(application=application, status=ApplicationStatus.ACCEPTED)
    agreement = act(
        services.time_agreement_request,
        application=application,
        person=nurse,
        name="Pat",
        email="pat@example.nhs.uk",
    )
    with pytest.raises(Refused, match="cannot be confirmed yet"):
        services.application_set_status(application=application, status=ApplicationStatus.ACCEPTED)
    act(services.time_agreement_decide, agreement=agreement, agree=True)
    services.application_set_status(application=application, status=ApplicationStatus.ACCEPTED)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED


def test_an_offer_that_does_not_require_it_confirms_places_without_it(application):
    services.application_set_status(application=application, status=ApplicationStatus.ACCEPTED)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED


# ---------------------------------------------------------------------------
# The pages, end to end through the emailed link
# ---------------------------------------------------------------------------
def test_applying_asks_who_agrees_the_time_and_the_emailed_link_agrees_it(
    client, intake, nurse, clock, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(nurse)
    response = client.post(
        reverse("programmes:apply", args=[intake.offer.slug]), {"intake": intake.pk}
    )
    ask = response["Location"]
    page = client.get(ask).content.decode()
    assert "Who agrees your protected time?" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ask, {"name": "Pat Practice", "email": "pat@example.nhs.uk"})
    assert response["Location"] == reverse("programmes:applications")
    assert (
        "Waiting for Pat Practice"
        in client.get(reverse("programmes:applications")).content.decode()
    )

    link = link_in(mailoutbox[0])
    path = link.split("://", 1)[1].split("/", 1)[1]
    manager = Client(enforce_csrf_checks=True)
    page = manager.get("/" + path)
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "strict-origin"
    body = page.content.decode()
    assert "Protected time for Nia Evans" in body
    assert "Backfill paid at £40 an hour." in body
    assert "14 January 2027 to 25 February 2027" in body
    # Without the form's CSRF token a POST is refused.
    assert manager.post("/" + path, {"answer": "agree"}).status_code == 403
    token = manager.cookies["csrftoken"].value
    response = manager.post(
        "/" + path, {"answer": "agree", "note": "Enjoy it.", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert "You agreed this time on 5 December 2026" in manager.get("/" + path).content.decode()
    # A second answer, say from a colleague sharing the inbox, changes nothing.
    again = manager.post("/" + path, {"answer": "decline", "csrfmiddlewaretoken": token})
    assert "already agreed on 5 December 2026" in again.content.decode()

    page = client.get(reverse("programmes:applications")).content.decode()
    assert "Time agreed by Pat Practice on 5 December 2026" in page
    assert "Enjoy it." in page


def test_the_ask_page_offers_her_managers_and_explains_a_missing_email(
    client, application, nurse, meg
):
    client.force_login(nurse)
    url = reverse("programmes:time_ask", args=[application.pk])
    page = client.get(url).content.decode()
    assert "Meg Manager" in page
    response = client.post(url, {"manager": "other", "name": "Pat"})
    assert response.status_code == 200
    assert "Enter their email address" in response.content.decode()
    response = client.post(url, {"manager": str(meg.pk)})
    assert response.status_code == 302
    assert application.time_agreement.manager == meg


def test_an_expired_or_tampered_link_shows_a_message_not_an_error(
    client, application, nurse, clock, mailoutbox, act
):
    act(
        services.time_agreement_request,
        application=application,
        person=nurse,
        name="Pat",
        email="pat@example.nhs.uk",
    )
    path = "/" + link_in(mailoutbox[0]).split("://", 1)[1].split("/", 1)[1]
    tampered = client.get(path[:-3] + "xx/")
    assert tampered.status_code == 410
    assert "This link is not valid" in tampered.content.decode()
    clock.shift(datetime.timedelta(days=15))
    expired = client.get(path)
    assert expired.status_code == 410
    assert "This link has expired" in expired.content.decode()
    assert client.post(path, {"answer": "agree"}).status_code == 410


def test_a_manager_signed_in_answers_a_request_sent_to_her_address(
    client, application, nurse, meg, outsider, act
):
    agreement = act(
        services.time_agreement_request,
        application=application,
        person=nurse,
        name="Meg",
        email="MEG@example.nhs.uk",
    )
    url = reverse("programmes:time_answer", args=[agreement.pk])
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(meg)
    assert client.post(url, {"answer": "decline"}).status_code == 302
    agreement.refresh_from_db()
    assert agreement.status == TimeAgreementStatus.DECLINED


def test_the_reminder_button_says_when_it_is_too_early(client, application, nurse, act):
    act(
        services.time_agreement_request,
        application=application,
        person=nurse,
        name="Pat",
        email="pat@example.nhs.uk",
    )
    client.force_login(nurse)
    page = client.get(reverse("programmes:applications")).content.decode()
    assert "You can send a reminder from 8 December 2026." in page
    response = client.post(reverse("programmes:time_remind", args=[application.pk]), follow=True)
    assert "You can send a reminder from 8 December 2026" in response.content.decode()


def test_nobody_else_can_remind_or_ask_on_her_application(
    client, application, nurse, outsider, act
):
    act(
        services.time_agreement_request,
        application=application,
        person=nurse,
        name="Pat",
        email="pat@example.nhs.uk",
    )
    client.force_login(outsider)
    assert client.post(reverse("programmes:time_remind", args=[application.pk])).status_code == 404
    assert client.get(reverse("programmes:time_ask", args=[application.pk])).status_code == 404


def test_the_offer_page_says_when_a_place_waits_for_agreed_time(client, intake):
    offer = intake.offer
    assert "A place is confirmed once" not in client.get(offer.get_absolute_url()).content.decode()
    offer.time_agreement_required = True
    offer.save()
    page = client.get(offer.get_absolute_url()).content.decode()
    assert "A place is confirmed once your practice or PCN manager agrees" in page


def test_reapplying_to_another_intake_asks_for_the_time_again(application, nurse, intake, act):
    agreement = act(
        services.time_agreement_request,
        application=application,
        person=nurse,
        name="Pat",
        email="pat@example.nhs.uk",
    )
    act(services.time_agreement_decide, agreement=agreement, agree=True)
    services.application_withdraw(application=application)
    later = IntakeFactory(offer=intake.offer, start_date=datetime.date(2027, 4, 1))
    services.application_create(person=nurse, offer=intake.offer, intake=later)
    application.refresh_from_db()
    assert not hasattr(application, "time_agreement")


# ---------------------------------------------------------------------------
# Her plan: protected time still open needs her now
# ---------------------------------------------------------------------------
def plan_tasks(person) -> list[str]:
    from portal.plan import selectors as plan_selectors

    return [
        f"{task.title} | {task.detail}"
        for task in plan_selectors.plan_for(person).tasks
        if task.tag == "Protected time"
    ]


def test_her_plan_asks_her_to_name_who_agrees_her_time(application, nurse):
    assert plan_tasks(nurse) == [
        "Ask who agrees your protected time for Leading change together | Your practice or "
        "PCN manager agrees the time away from work."
    ]


def test_her_plan_shows_the_request_waiting_and_when_she_can_remind(application, nurse, clock, act):
    act(
        services.time_agreement_request,
        application=application,
        person=nurse,
        name="Pat",
        email="pat@example.nhs.uk",
    )
    waiting = (
        "Waiting for Pat to agree your time for Leading change together | Asked on 5 December."
    )
    assert plan_tasks(nurse) == [waiting]
    clock.shift(datetime.timedelta(days=3))
    assert plan_tasks(nurse) == [waiting + " You can send them a reminder."]


def test_agreed_time_leaves_her_plan_and_declined_time_stays(application, nurse, act):
    agreement = act(
        services.time_agreement_request,
        application=application,
        person=nurse,
        name="Pat",
        email="pat@example.nhs.uk",
    )
    act(services.time_agreement_decide, agreement=agreement, agree=False)
    assert plan_tasks(nurse) == [
        "Pat declined your protected time for Leading change together | See their note in "
        "your applications, or ask someone else."
    ]
    act(
        services.time_agreement_request,
        application=application,
        person=nurse,
        name="Sam",
        email="sam@example.nhs.uk",
    )
    act(services.time_agreement_decide, agreement=application.time_agreement, agree=True)
    assert plan_tasks(nurse) == []


def test_the_link_page_reads_the_request_in_one_query(client, application, nurse, act, mailoutbox):
    act(
        services.time_agreement_request,
        application=application,
        person=nurse,
        name="Pat",
        email="pat@example.nhs.uk",
    )
    path = "/" + link_in(mailoutbox[0]).split("://", 1)[1].split("/", 1)[1]
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    assert len(queries) == 1


def test_her_applications_list_costs_the_same_with_more_requests(client, nurse, clock, act):
    def apply_and_ask(n: int) -> None:
        intake = IntakeFactory(offer__title=f"Offer {n}")
        application = services.application_create(person=nurse, offer=intake.offer, intake=intake)
        act(
            services.time_agreement_request,
            application=application,
            person=nurse,
            name=f"Manager {n}",
            email=f"m{n}@example.nhs.uk",
        )

    apply_and_ask(0)
    client.force_login(nurse)
    url = reverse("programmes:applications")

    response = assert_queries_constant(
        lambda: [apply_and_ask(n) for n in range(1, 6)], lambda: client.get(url)
    )

    assert response.content.decode().count("Waiting for Manager") == 6
