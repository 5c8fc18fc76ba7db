"""Choosing who is due, building their digests and sending each exactly once."""

import datetime
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.db import connection, connections
from django.utils import timezone

from careers.mentoring.models import Match, MatchingRound, SupportOffer, SupportRequest
from careers.models import FeedbackRound, Invitation
from cohorts.communities.models import Community, Follow, Thread
from cohorts.models import Action as SetAction
from cohorts.models import (
    ActionLearningSet,
    Cohort,
    Meeting,
    Membership,
    Presentation,
    Session,
    SetMembership,
)
from portal.digest import services, tokens
from portal.digest.models import DeliveryStatus, DigestDelivery, DigestPreference, Frequency
from portal.models import Organisation
from programmes.models import SavedOffer
from tests.careers.factories import RoleFactory
from tests.factories import PersonFactory, profession
from tests.helpers import assert_same_queries
from tests.programmes.factories import IntakeFactory, OfferFactory, days_from_today

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def deliveries(status=None) -> list[DigestDelivery]:
    rows = DigestDelivery.objects.all()
    return list(rows.filter(status=status) if status else rows)


# ---------------------------------------------------------------------------
# Who is due
# ---------------------------------------------------------------------------
def test_it_finds_people_due_on_their_day(monday, nurse, pharmacist):
    DigestPreference.objects.create(person=pharmacist, day=2)  # Wednesday
    assert services.due_ids() == [nurse.pk]


def test_it_leaves_out_people_who_switched_digests_off(monday, nurse):
    DigestPreference.objects.create(person=nurse, frequency=Frequency.OFF)
    assert services.due_ids() == []


def test_it_leaves_out_deactivated_and_unverified_people(monday, nurse, pharmacist):
    nurse.is_active = False
    nurse.save()
    EmailAddress.objects.filter(user=pharmacist).update(verified=False)
    assert services.due_ids() == []


def test_it_sends_nothing_before_the_morning(settings, nurse, time_machine):
    settings.DIGEST_SEND_HOUR = 7
    time_machine.move_to(datetime.datetime(2026, 11, 16, 6, 0, tzinfo=datetime.UTC), tick=False)
    assert services.due_ids() == []


def test_it_sends_a_missed_digest_later_in_the_period(monday, nurse):
    DigestPreference.objects.create(person=nurse, day=0)
    monday.shift(datetime.timedelta(days=2))
    assert services.due_ids() == [nurse.pk]


# ---------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------
def test_it_sends_nothing_when_every_section_is_empty(monday, nurse, mailoutbox):
    result = services.digest_batch_send(person_ids=[nurse.pk])
    assert mailoutbox == []
    assert result.empty == 1
    [delivery] = deliveries()
    assert delivery.status == DeliveryStatus.EMPTY
    assert services.due_ids() == []


def test_it_sends_new_offers_that_fit_with_a_subject_that_says_what_is_inside(
    monday, nurse, mailoutbox
):
    OfferFactory(title="Nurses leading change", professions=[profession("general-practice-nurse")])
    OfferFactory(title="Pharmacy leadership", professions=[profession("clinical-pharmacist")])
    offer = OfferFactory(title="Quality improvement basics")
    IntakeFactory(
        offer=offer, start_date=days_from_today(20), application_deadline=days_from_today(3)
    )
    SavedOffer.objects.create(person=nurse, offer=offer)

    services.digest_batch_send(person_ids=[nurse.pk])

    [message] = mailoutbox
    assert message.subject == (
        "2 new offers for general practice nurses in your ICB, 1 deadline this week"
    )
    assert "Nurses leading change" in message.body
    assert "Pharmacy leadership" not in message.body
    assert "Apply by Thursday 19 November" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "<h1" in html and "<h2" in html
    assert "<style" not in html and 'style="' in html  # inlined by css-inline
    assert "<img" not in html
    assert "/offers/nurses-leading-change/" in html
    [delivery] = deliveries(DeliveryStatus.SENT)
    assert delivery.subject == message.subject


def test_it_caps_the_offers_and_links_to_all_of_them(monday, nurse, mailoutbox, settings):
    settings.DIGEST_OFFERS_SHOWN = 2
    for _ in range(3):
        OfferFactory()
    services.digest_batch_send(person_ids=[nurse.pk])
    [message] = mailoutbox
    assert "See all 3 in the catalogue" in message.body
    assert "profession=general-practice-nurse" in message.body


def test_it_leaves_out_a_section_the_person_switched_off(monday, nurse, mailoutbox):
    DigestPreference.objects.create(person=nurse, muted_sections=["offers"])
    OfferFactory()
    services.digest_batch_send(person_ids=[nurse.pk])
    assert mailoutbox == []


def test_it_counts_new_offers_from_the_last_digest(monday, nurse, mailoutbox):
    OfferFactory(title="Old news")
    services.digest_batch_send(person_ids=[nurse.pk])
    monday.shift(datetime.timedelta(days=7))
    OfferFactory(title="Fresh offer")
    services.digest_batch_send(person_ids=[nurse.pk])
    first, second = mailoutbox
    assert "Old news" in first.body
    assert "Fresh offer" in second.body and "Old news" not in second.body


def test_it_gives_a_practice_manager_the_team_edition_by_profession(monday, mailoutbox):
    practice = Organisation.objects.create(kind="practice", name="Hill Surgery")
    manager = PersonFactory(profession=profession("practice-manager"), organisation=practice)
    PersonFactory(profession=profession("paramedic"), organisation=practice)
    DigestPreference.objects.create(person=manager, team_edition=True, muted_sections=["offers"])
    OfferFactory(title="Paramedics in primary care", professions=[profession("paramedic")])
    services.digest_batch_send(person_ids=[manager.pk])
    [message] = mailoutbox
    assert "New offers for your team" in message.body
    assert "For paramedics" in message.body
    assert "Paramedics in primary care" in message.body


def test_it_builds_a_batch_with_the_same_queries_for_1_and_100_people(
    monday, django_assert_num_queries
):
    practice = Organisation.objects.create(kind="practice", name="Big Surgery", icb=None)
    people = [PersonFactory(organisation=practice) for _ in range(100)]
    for person in people[:50]:
        DigestPreference.objects.create(person=person, team_edition=True)
    for _ in range(5):
        offer = OfferFactory(professions=[profession("general-practice-nurse")])
        intake = IntakeFactory(offer=offer, application_deadline=days_from_today(5))
        SavedOffer.objects.bulk_create([SavedOffer(person=p, offer=intake.offer) for p in people])
    give_everyone_every_other_section(people)
    now = timezone.now()
    since = {p.pk: now - datetime.timedelta(days=7) for p in people}

    def build(batch):
        loaded = list(services._load(services.Person.objects.filter(pk__in=[p.pk for p in batch])))
        return services.build_digests(loaded, {p.pk: since[p.pk] for p in loaded}, now)

    digests = assert_same_queries(lambda: build(people[:1]), lambda: build(people))
    assert len(digests) == 100
    every = {
        "offers",
        "deadlines",
        "meetings",
        "actions",
        "feedback",
        "feedback_results",
        "roles",
        "mentoring",
        "communities",
    }
    assert all({s.key for s, _ in d.sections} == every for d in digests.values())
    # Loading 1, offers 5, deadlines 3, meetings 2, actions 1, feedback 1, feedback
    # results 1, roles 2, mentoring 1, communities 3 (the team section asks nothing
    # without managers).
    with django_assert_num_queries(20):
        build(people[60:61])


def give_everyone_every_other_section(people) -> None:
    """A session, a set meeting, an action, a 360 request and results, and a role for each."""
    now = timezone.now()
    cohort = Cohort.objects.create(
        name="Everyone",
        description="All of them.",
        start_date=days_from_today(-30),
        end_date=days_from_today(300),
    )
    Membership.objects.bulk_create([Membership(cohort=cohort, person=p) for p in people])
    Session.objects.create(cohort=cohort, starts_at=now + datetime.timedelta(days=2))
    for start in range(0, len(people), 8):
        group = people[start : start + 8]
        learning_set = ActionLearningSet.objects.create(
            name=f"Set {start}", facilitator=group[0], cohort=cohort, agreement_changed_at=now
        )
        SetMembership.objects.bulk_create(
            SetMembership(set=learning_set, person=p, seat=seat, agreed_at=now)
            for seat, p in enumerate(group, start=1)
        )
        past = Meeting.objects.create(set=learning_set, starts_at=now - datetime.timedelta(days=1))
        Meeting.objects.create(set=learning_set, starts_at=now + datetime.timedelta(days=3))
        for p in group:
            turn = Presentation.objects.create(meeting=past, presenter=p)
            SetAction.objects.create(
                presentation=turn, description="Talk to the partners", due_date=days_from_today(4)
            )
    # An open community everyone follows, where someone else starts a conversation.
    talker = PersonFactory()
    community = Community.objects.create(name="Everyone talks", purpose="Talk.")
    community.memberships.create(person=talker)
    Follow.objects.bulk_create(Follow(person=p, community=community) for p in people)
    Thread.objects.create(community=community, author=talker, title="Hello", body="Hi all.")
    asker = PersonFactory()
    feedback_round = FeedbackRound.objects.create(person=asker, closes_on=days_from_today(20))
    Invitation.objects.bulk_create(
        Invitation(round=feedback_round, name=p.full_name, email=p.email, relationship="peer")
        for p in people
    )
    rounds = FeedbackRound.objects.bulk_create(
        # Closed with three answers: results are released (careers/selectors.py).
        FeedbackRound(person=p, closes_on=days_from_today(10), closed_at=now)
        for p in people
    )
    Invitation.objects.bulk_create(
        Invitation(
            round=r,
            name="Rater",
            email=f"rater{n}@example.nhs.uk",
            relationship="peer",
            status="answered",
            responded_at=now,
        )
        for r in rounds
        for n in range(3)
    )
    RoleFactory(all_professions=True)
    supporter = PersonFactory()
    sponsorship = SupportOffer.objects.create(person=supporter, kind="sponsor", capacity=100)
    matching_round = MatchingRound.objects.create(
        name="Everyone", hub=Organisation.objects.create(kind="training_hub", name="Hub")
    )
    requests = SupportRequest.objects.bulk_create(
        SupportRequest(round=matching_round, seeker=p, kind="sponsor", goals="Lead") for p in people
    )
    Match.objects.bulk_create(
        Match(round=matching_round, request=r, offer=sponsorship, status="confirmed")
        for r in requests
    )


# SQLite caps the parameters of one statement, so Django splits its bulk insert there.
@pytest.mark.postgresql(reason="one INSERT … ON CONFLICT a batch; SQLite splits bulk inserts")
def test_it_claims_a_batch_with_the_same_queries_for_1_and_100_people(monday):
    practice = Organisation.objects.create(kind="practice", name="Claim Surgery", icb=None)
    people = [PersonFactory(organisation=practice) for _ in range(101)]
    claimed = assert_same_queries(
        lambda: services.deliveries_claim(person_ids=[people[0].pk]),
        lambda: services.deliveries_claim(person_ids=[p.pk for p in people[1:]]),
    )
    assert len(claimed.deliveries) == 100


# ---------------------------------------------------------------------------
# Links and headers
# ---------------------------------------------------------------------------
def test_it_adds_one_click_unsubscribe_headers_and_a_view_link(monday, nurse, mailoutbox):
    OfferFactory()
    services.digest_batch_send(person_ids=[nurse.pk])
    [message] = mailoutbox
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = message.extra_headers["List-Unsubscribe"]
    assert link.startswith("<http") and link.endswith("/one-click/>")
    token = link.split("/digest/unsubscribe/")[1].split("/")[0]
    assert tokens.read_unsubscribe_token(token) == nurse.pk
    # Opaque: the id cannot be read from the link, and each token differs.
    assert tokens.unsubscribe_token(nurse.pk) != tokens.unsubscribe_token(nurse.pk)
    assert "/digest/view/" in message.body


# ---------------------------------------------------------------------------
# Exactly once
# ---------------------------------------------------------------------------
def test_it_sends_once_when_the_same_batch_runs_twice(monday, nurse, mailoutbox):
    OfferFactory()
    services.digest_batch_send(person_ids=[nurse.pk])
    services.digest_batch_send(person_ids=[nurse.pk])
    assert len(mailoutbox) == 1


def test_it_resends_a_claim_abandoned_by_a_dead_worker(monday, nurse, mailoutbox, settings):
    OfferFactory()
    services.deliveries_claim(person_ids=[nurse.pk])  # then the worker "dies"
    services.digest_batch_send(person_ids=[nurse.pk])
    assert mailoutbox == []  # the claim is still fresh: someone may be sending it
    monday.shift(datetime.timedelta(seconds=settings.DIGEST_CLAIM_TIMEOUT + 1))
    assert services.due_ids() == [nurse.pk]
    services.digest_batch_send(person_ids=[nurse.pk])
    assert len(mailoutbox) == 1
    [delivery] = deliveries(DeliveryStatus.SENT)
    assert delivery.attempts == 2


def test_it_sends_nothing_to_someone_who_unsubscribed_after_the_claim(monday, nurse, mailoutbox):
    OfferFactory()
    claimed = services.deliveries_claim(person_ids=[nurse.pk])
    assert claimed.deliveries
    services.digest_unsubscribe(person=nurse)
    # The same run goes on to send: it checks again first.
    monday.shift(datetime.timedelta(hours=1))
    DigestDelivery.objects.update(claimed_at=None)
    services.digest_batch_send(person_ids=[nurse.pk])
    assert mailoutbox == []


def test_it_sends_nothing_to_someone_erased_mid_run(monday, nurse, pharmacist, mailoutbox):
    OfferFactory()
    ids = [nurse.pk, pharmacist.pk]
    nurse.delete()
    services.digest_batch_send(person_ids=ids)
    assert [m.to for m in mailoutbox] == [[pharmacist.email]]


@pytest.mark.postgresql(reason="row locks between threads; SQLite serialises every write")
@pytest.mark.django_db(transaction=True)
def test_two_ticks_at_once_send_each_digest_once(monday, mailoutbox):
    OfferFactory()
    people = [PersonFactory() for _ in range(30)]
    ids = [p.pk for p in people]
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            barrier.wait()
            services.digest_batch_send(person_ids=services.due_ids())
        except Exception as exc:  # surfaced below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    recipients = sorted(m.to[0] for m in mailoutbox)
    assert recipients == sorted(p.email for p in people)
    assert DigestDelivery.objects.filter(person_id__in=ids, status="sent").count() == 30


# Transactional, so that nothing holds the test database while it is copied.
@pytest.mark.django_db(transaction=True)
def test_two_ticks_at_once_on_the_embedded_sqlite_send_each_digest_once(tmp_path):
    """`make run` shares one SQLite file between web, worker (two processes) and beat.

    Two ticks race for the same people in two processes, as two worker processes
    would: SQLite's write lock (BEGIN IMMEDIATE, with a busy timeout) makes them take
    turns, and the recorded claims make the second one send nothing twice.
    """
    environment = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        "PYTHONPATH": str(ROOT),
    }

    def run(*args: str, var: str = "setup") -> subprocess.CompletedProcess:
        (tmp_path / var / "mail").mkdir(parents=True, exist_ok=True)
        return subprocess.run(  # noqa: S603 (our own command line, no shell)
            [sys.executable, *args],
            cwd=ROOT,
            env={**environment, "VAR_DIR": str(tmp_path / var)},
            capture_output=True,
            text=True,
            check=True,
        )

    if connection.vendor == "sqlite":
        # The test database is already migrated: copying it is much quicker.
        copy = sqlite3.connect(tmp_path / "portal.sqlite3")
        connection.connection.backup(copy)
        copy.close()
    else:
        run("manage.py", "migrate", "--noinput", "--verbosity", "0")
    run("-m", "tests.digest.embedded_tick", "setup", "40")
    go = tmp_path / "go"
    tick_command = [sys.executable, "-m", "tests.digest.embedded_tick", "tick"]
    ticks = []
    for name in ("one", "two"):
        (tmp_path / name / "mail").mkdir(parents=True)
        ticks.append(
            subprocess.Popen(  # noqa: S603 (our own command line, no shell)
                [*tick_command, str(tmp_path / name / "ready"), str(go)],
                cwd=ROOT,
                env={**environment, "VAR_DIR": str(tmp_path / name)},
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    deadline = time.monotonic() + 120
    while not all((tmp_path / name / "ready").exists() for name in ("one", "two")):
        running = all(process.poll() is None for process in ticks)
        if not running or time.monotonic() > deadline:
            for process in ticks:
                process.kill()
            pytest.fail(f"a tick did not start: {[p.communicate() for p in ticks]}")
        time.sleep(0.05)
    go.touch()
    outputs = [process.communicate(timeout=120) for process in ticks]
    assert [process.returncode for process in ticks] == [0, 0], outputs

    sent = [json.loads(out)["sent"] for out, _ in outputs]
    recipients = Counter(
        line.removeprefix("To: ").strip()
        for mail in tmp_path.glob("*/mail/*.log")
        for line in mail.read_text().splitlines()
        if line.startswith("To: ")
    )
    assert sum(sent) == 40
    assert len(recipients) == 40 and set(recipients.values()) == {1}


# ---------------------------------------------------------------------------
# Over real SMTP
# ---------------------------------------------------------------------------
def test_it_retries_only_the_greylisted_messages_and_sends_each_once(monday, sink, settings):
    from portal.celery import app
    from portal.digest.tasks import digest_batch

    settings.DIGEST_RETRY_BASE_SECONDS = 0
    server, _ = sink(refuse_every=10)
    OfferFactory()
    people = [PersonFactory() for _ in range(40)]
    app.conf.task_eager_propagates = False  # eager retries run inside apply()
    try:
        digest_batch.apply(args=[[p.pk for p in people]])
    finally:
        app.conf.task_eager_propagates = True
    assert server.refused >= 4
    assert server.counts == {p.email: 1 for p in people}
    assert DigestDelivery.objects.filter(status="sent").count() == 40


def test_it_records_a_permanent_refusal_and_does_not_retry(monday, sink, nurse):
    server, _ = sink(always="554 5.7.1 Message refused")
    OfferFactory()
    result = services.digest_batch_send(person_ids=[nurse.pk])
    assert result.failed == 1 and result.retry == []
    assert server.attempts == 1
    [delivery] = deliveries(DeliveryStatus.FAILED)
    assert "554" in delivery.error
    assert services.due_ids() == []


def test_it_gives_up_on_a_temporary_failure_after_the_bound(monday, sink, nurse, settings):
    settings.DIGEST_MAX_ATTEMPTS = 3
    server, _ = sink(always="451 4.7.1 Try later")
    OfferFactory()
    for _ in range(5):
        services.digest_batch_send(person_ids=[nurse.pk])
    assert server.attempts == 3
    [delivery] = deliveries(DeliveryStatus.FAILED)
    assert "Gave up after 3 attempts" in delivery.error


def test_it_keeps_tokens_apart(nurse):
    with pytest.raises(tokens.BadToken):
        tokens.read_unsubscribe_token(tokens.view_token(nurse.pk))
