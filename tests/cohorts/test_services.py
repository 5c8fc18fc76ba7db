import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from cohorts import services
from cohorts.models import (
    SUGGESTED_TOPICS,
    ActionStatus,
    JoinMode,
    Membership,
    RequestStatus,
    SetMembership,
    Vote,
)
from tests.cohorts.conftest import fill
from tests.factories import OrganisationFactory, PersonFactory


def test_it_offers_the_common_topics_to_a_new_cohort(cohort):
    assert set(cohort.topics.values_list("title", flat=True)) == {t for t, _ in SUGGESTED_TOPICS}


def test_it_admits_someone_when_a_facilitator_approves_their_request(
    cohort, outsider, mailoutbox, django_capture_on_commit_callbacks
):
    join_request = services.cohort_request_join(cohort=cohort, person=outsider, message="Please")
    with django_capture_on_commit_callbacks(execute=True):
        services.join_request_decide(
            join_request=join_request, facilitator=cohort.facilitators.get(), approve=True
        )
    assert Membership.objects.filter(cohort=cohort, person=outsider).exists()
    assert "approved" in mailoutbox[-1].body


def test_it_leaves_someone_out_when_a_facilitator_declines(
    cohort, outsider, mailoutbox, django_capture_on_commit_callbacks
):
    join_request = services.cohort_request_join(cohort=cohort, person=outsider)
    with django_capture_on_commit_callbacks(execute=True):
        services.join_request_decide(
            join_request=join_request, facilitator=cohort.facilitators.get(), approve=False
        )
    join_request.refresh_from_db()
    assert join_request.status == RequestStatus.DECLINED
    assert not Membership.objects.filter(cohort=cohort, person=outsider).exists()
    assert mailoutbox[-1].to == [outsider.email]


def test_it_refuses_a_second_request_while_one_waits(cohort, outsider):
    services.cohort_request_join(cohort=cohort, person=outsider)
    with pytest.raises(services.Refused, match="already asked"):
        services.cohort_request_join(cohort=cohort, person=outsider)


def test_it_refuses_requests_where_facilitators_enrol(cohort, outsider):
    cohort.join_mode = JoinMode.ENROL
    cohort.save()
    with pytest.raises(services.Refused, match="enrol"):
        services.cohort_request_join(cohort=cohort, person=outsider)


def test_it_refuses_a_decision_twice(cohort, outsider):
    join_request = services.cohort_request_join(cohort=cohort, person=outsider)
    services.join_request_decide(
        join_request=join_request, facilitator=cohort.facilitators.get(), approve=False
    )
    with pytest.raises(services.Refused, match="already been decided"):
        services.join_request_decide(
            join_request=join_request, facilitator=cohort.facilitators.get(), approve=True
        )


@time_machine.travel(datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC))
def test_it_records_a_past_session_within_the_cohorts_dates(cohort):
    session = services.session_create(
        cohort=cohort, starts_at=timezone.now() - datetime.timedelta(days=30)
    )
    assert session.has_started


@time_machine.travel(datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC))
def test_it_refuses_a_past_session_from_before_the_cohort_began(cohort):
    with pytest.raises(services.Refused, match="Thursday 1 January 2026"):
        services.session_create(
            cohort=cohort, starts_at=timezone.now() - datetime.timedelta(days=60)
        )


@time_machine.travel(datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC))
def test_it_refuses_attendance_before_a_session_starts_and_says_when(cohort, nurse):
    session = services.session_create(
        cohort=cohort, starts_at=timezone.now() + datetime.timedelta(hours=1)
    )
    with pytest.raises(services.Refused, match="at 13:00 on Sunday 1 March 2026"):
        services.attendance_record(session=session, statuses={nurse.pk: "present"})
    assert not session.attendance.exists()


def test_it_keeps_one_vote_per_member_per_topic_and_lets_it_change(cohort, nurse):
    topic = cohort.topics.first()
    services.vote_cast(topic=topic, person=nurse, value=2)
    services.vote_cast(topic=topic, person=nurse, value=0)
    assert list(Vote.objects.filter(topic=topic).values_list("value", flat=True)) == [0]


def test_it_ranks_topics_by_votes(cohort, nurse, pharmacist):
    conflict = cohort.topics.get(title="Dealing with conflict")
    services.vote_cast(topic=conflict, person=nurse, value=2)
    services.vote_cast(topic=conflict, person=pharmacist, value=1)
    assert cohort.topics.ranked()[0] == conflict


def test_it_refuses_a_topic_that_is_already_there(cohort, nurse):
    with pytest.raises(services.Refused, match="already proposed"):
        services.topic_propose(cohort=cohort, person=nurse, title="dealing with CONFLICT")


def test_it_turns_a_topic_into_a_session_topic(cohort):
    session = services.session_create(
        cohort=cohort, starts_at=timezone.now() + datetime.timedelta(days=3)
    )
    topic = cohort.topics.get(title="Dealing with conflict")
    services.topic_schedule(topic=topic, session=session)
    session.refresh_from_db()
    assert session.topic == "Dealing with conflict"


def test_it_refuses_attendance_for_people_outside_the_cohort(cohort, outsider):
    session = services.session_create(
        cohort=cohort, starts_at=timezone.now() - datetime.timedelta(hours=3)
    )
    with pytest.raises(services.Refused, match="not members"):
        services.attendance_record(session=session, statuses={outsider.pk: "present"})


def test_it_refuses_a_ninth_member(cohort, learning_set):
    fill(learning_set, 6)
    ninth = PersonFactory()
    services.members_enrol(cohort=cohort, people=[ninth])
    with pytest.raises(services.SetFull, match="full"):
        services.set_member_add(learning_set=learning_set, person=ninth)
    assert learning_set.memberships.count() == 8


def test_it_cannot_store_a_ninth_seat_even_bypassing_the_service(learning_set):
    fill(learning_set, 6)
    with pytest.raises(IntegrityError), transaction.atomic():
        SetMembership.objects.create(set=learning_set, person=PersonFactory(), seat=9)
    with pytest.raises(IntegrityError), transaction.atomic():
        SetMembership.objects.create(set=learning_set, person=PersonFactory(), seat=1)


def test_it_explains_the_cap_when_validating_a_ninth_member(learning_set):
    fill(learning_set, 6)
    extra = SetMembership(set=learning_set, person=PersonFactory(), seat=1)
    with pytest.raises(ValidationError, match="already has 8 members"):
        extra.clean()


def test_it_asks_members_to_accept_changed_ground_rules_again(learning_set, nurse):
    membership = learning_set.memberships.get(person=nurse)
    assert membership.has_agreed
    services.agreement_update(learning_set=learning_set, text="Be kind.")
    membership = SetMembership.objects.select_related("set").get(pk=membership.pk)
    assert not membership.has_agreed


def test_it_needs_a_note_for_a_changed_or_dropped_action(meeting):
    action = meeting.presentations.get().actions.get()
    with pytest.raises(services.Refused, match="note"):
        services.action_report(
            action=action, person=action.presentation.presenter, status=ActionStatus.DROPPED
        )
    services.action_report(
        action=action,
        person=action.presentation.presenter,
        status=ActionStatus.CHANGED,
        note="Asked the PCN.",
    )
    action.refresh_from_db()
    assert action.status == ActionStatus.CHANGED


def test_it_proposes_presenters_who_have_waited_longest(learning_set, meeting, pharmacist):
    assert services.presenters_propose(learning_set=learning_set, count=1) == [pharmacist]


def test_it_refuses_a_presenter_from_outside_the_set(learning_set, gp_trainee):
    with pytest.raises(services.Refused, match="members of the set"):
        services.meeting_create(
            learning_set=learning_set, starts_at=timezone.now(), presenters=[gp_trainee]
        )


def test_it_forms_sets_and_tells_the_members(
    cohort, facilitator, mailoutbox, django_capture_on_commit_callbacks
):
    services.members_enrol(cohort=cohort, people=PersonFactory.create_batch(13))
    proposal = services.proposal_make(cohort=cohort, min_size=5, max_size=8)
    assert sorted(len(group) for group in proposal.groups) == [8, 8]
    with django_capture_on_commit_callbacks(execute=True):
        made = services.proposal_confirm(proposal=proposal, facilitator=facilitator)
    assert [s.memberships.count() for s in made] == [8, 8]
    assert len(mailoutbox) == 16


def test_it_moves_someone_in_a_proposal_but_not_into_a_full_set(cohort):
    services.members_enrol(cohort=cohort, people=PersonFactory.create_batch(9))
    proposal = services.proposal_make(cohort=cohort, min_size=4, max_size=8)
    assert sorted(len(g) for g in proposal.groups) == [6, 6]
    person = proposal.groups[0][0]
    services.proposal_move(proposal=proposal, person_id=person, to_group=1)
    assert person in proposal.groups[1]
    services.proposal_move(proposal=proposal, person_id=proposal.groups[0][0], to_group=1)
    with pytest.raises(services.SetFull):
        services.proposal_move(proposal=proposal, person_id=proposal.groups[0][0], to_group=1)


def test_it_adds_a_completed_action_to_the_presenters_leadership_log_once(meeting, nurse):
    from careers.models import Activity

    action = meeting.presentations.get().actions.get()
    with pytest.raises(services.Refused, match="completed"):
        services.action_log(action=action, person=nurse)
    services.action_report(
        action=action,
        person=action.presentation.presenter,
        status=ActionStatus.DONE,
        note="The partners agreed.",
    )
    services.action_log(action=action, person=nurse)
    entry = Activity.objects.get(person=nurse)
    assert entry.title == "Ask the partners who owns the rota"
    assert entry.reflection == "The partners agreed."
    with pytest.raises(services.Refused, match="already"):
        services.action_log(action=action, person=nurse)


def test_it_logs_only_the_presenters_own_actions(meeting, pharmacist):
    action = meeting.presentations.get().actions.get()
    services.action_report(
        action=action, person=action.presentation.presenter, status=ActionStatus.DONE
    )
    with pytest.raises(services.Refused, match="Only the presenter"):
        services.action_log(action=action, person=pharmacist)


def test_it_names_a_crowded_practice_when_explaining_a_proposal(cohort, facilitator):
    big = OrganisationFactory(name="Crowded Lane Surgery")
    services.members_enrol(cohort=cohort, people=PersonFactory.create_batch(3, organisation=big))
    proposal = services.proposal_make(cohort=cohort, min_size=3, max_size=6)
    assert proposal.notes[0].startswith("3 people work at Crowded Lane Surgery")


def test_only_members_vote(cohort, facilitator, outsider):
    topic = cohort.topics.first()
    for person in (facilitator, outsider):
        with pytest.raises(services.Refused, match="Only members of the cohort vote"):
            services.vote_cast(topic=topic, person=person, value=2)
    assert not topic.votes.exists()


def test_only_members_propose_topics(cohort, facilitator):
    with pytest.raises(services.Refused, match="Only members of the cohort propose"):
        services.topic_propose(cohort=cohort, person=facilitator, title="Running the room")


def test_a_facilitator_who_is_not_a_member_is_told_rather_than_refused_a_page(
    client, cohort, facilitator
):
    client.force_login(facilitator)
    response = client.post(
        reverse("cohorts:topics", args=[cohort.pk]), {"title": "Running the room", "why": ""}
    )
    assert response.status_code == 200
    assert "Only members of the cohort propose topics" in response.content.decode()
    assert not cohort.topics.filter(title="Running the room").exists()


def test_only_a_facilitator_of_the_cohort_decides_a_request(cohort, outsider, other_facilitator):
    join_request = services.cohort_request_join(cohort=cohort, person=outsider)
    with pytest.raises(services.Refused, match="Only the cohort's facilitators"):
        services.join_request_decide(
            join_request=join_request, facilitator=other_facilitator, approve=True
        )
    assert not Membership.objects.filter(cohort=cohort, person=outsider).exists()


def test_only_the_presenter_reports_back_on_an_action(meeting, pharmacist):
    action = meeting.presentations.get().actions.get()
    with pytest.raises(services.Refused, match="Only the presenter"):
        services.action_report(action=action, person=pharmacist, status=ActionStatus.DONE)
