"""Joining a set is decided by its facilitator, and a new member sees no earlier meetings.

Femi facilitates the cohort and Set one (Nia and Priya); Tom is in the cohort, in no set;
Fern facilitates another cohort. "Set three" is a second set in Femi's cohort.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorts import services
from cohorts.models import RequestStatus, SetJoinRequest


@pytest.fixture
def set_three(cohort, facilitator):
    return services.set_create(name="Set three", facilitator=facilitator, cohort=cohort)


@pytest.fixture
def earlier_meeting(set_three, cohort):
    """A meeting of Set three held last week, where Sam brought a confidential issue."""
    sam_place = services.set_member_add(learning_set=set_three, person=_fresh(cohort))
    services.agreement_accept(membership=sam_place)
    meeting = services.meeting_create(
        learning_set=set_three,
        starts_at=timezone.now() - datetime.timedelta(days=7),
        presenters=[sam_place.person],
    )
    presentation = meeting.presentations.get()
    services.presentation_update(presentation=presentation, issue="My partner drinks at work.")
    services.action_add(
        presentation=presentation,
        description="Speak to occupational health",
        due_date=timezone.localdate() + datetime.timedelta(days=30),
    )
    return meeting


def _fresh(cohort):
    from tests.factories import PersonFactory

    person = PersonFactory(full_name="Sam Early")
    services.members_enrol(cohort=cohort, people=[person])
    return person


def _decide(client, learning_set, join_request, decision):
    return client.post(
        reverse("cohorts:set_requests", args=[learning_set.pk]),
        {"form": "decision", "request": join_request.pk, "decision": decision},
        follow=True,
    )


def test_a_member_of_one_set_cannot_walk_into_another_and_read_its_past(
    client, learning_set, set_three, earlier_meeting, nurse
):
    client.force_login(nurse)

    client.post(reverse("cohorts:set_join", args=[set_three.pk]))
    client.post(reverse("cohorts:agreement", args=[set_three.pk]), {"accept": "yes"})

    assert not set_three.memberships.filter(person=nurse).exists()
    assert client.get(set_three.get_absolute_url()).status_code == 404
    assert client.get(earlier_meeting.get_absolute_url()).status_code == 404


def test_a_member_already_in_a_set_is_told_one_set_per_cohort(
    client, learning_set, set_three, nurse
):
    client.force_login(nurse)
    response = client.post(reverse("cohorts:set_join", args=[set_three.pk]), follow=True)
    assert "Each member joins one set in a cohort" in response.content.decode()
    assert not SetJoinRequest.objects.exists()


def test_asking_to_join_waits_for_the_facilitator_who_is_emailed(
    client, set_three, gp_trainee, facilitator, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(gp_trainee)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("cohorts:set_join", args=[set_three.pk]))

    assert set_three.join_requests.get().status == RequestStatus.PENDING
    assert not set_three.memberships.filter(person=gp_trainee).exists()
    assert client.get(set_three.get_absolute_url()).status_code == 404
    [email] = mailoutbox
    assert email.to == [facilitator.email]
    assert "Tom Okafor asks to join Set three" in email.subject
    assert reverse("cohorts:set_requests", args=[set_three.pk]) in email.body


def test_asking_twice_is_refused_with_a_message(client, set_three, gp_trainee):
    client.force_login(gp_trainee)
    client.post(reverse("cohorts:set_join", args=[set_three.pk]))
    response = client.post(reverse("cohorts:set_join", args=[set_three.pk]), follow=True)
    assert "already asked to join this set" in response.content.decode()
    assert set_three.join_requests.count() == 1


def test_someone_outside_the_cohort_cannot_ask_to_join_its_sets(client, set_three, outsider):
    client.force_login(outsider)
    assert client.post(reverse("cohorts:set_join", args=[set_three.pk])).status_code == 404
    with pytest.raises(services.Refused, match="only its members join its sets"):
        services.set_request_join(learning_set=set_three, person=outsider)


def test_once_approved_a_new_member_sees_only_meetings_held_since_she_joined(
    client,
    set_three,
    earlier_meeting,
    gp_trainee,
    facilitator,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    join_request = services.set_request_join(learning_set=set_three, person=gp_trainee)
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        page = _decide(client, set_three, join_request, "approve").content.decode()
    assert "You approved Tom Okafor" in page
    assert mailoutbox[-1].to == [gp_trainee.email]
    later = services.meeting_create(
        learning_set=set_three,
        starts_at=timezone.now() + datetime.timedelta(days=7),
        presenters=[gp_trainee],
    )

    client.force_login(gp_trainee)
    client.post(reverse("cohorts:agreement", args=[set_three.pk]), {"accept": "yes"})
    page = client.get(set_three.get_absolute_url()).content.decode()

    assert later.get_absolute_url() in page
    assert earlier_meeting.get_absolute_url() not in page
    assert "Speak to occupational health" not in page
    assert client.get(earlier_meeting.get_absolute_url()).status_code == 404
    earlier = earlier_meeting.presentations.get()
    assert (
        client.get(reverse("cohorts:presentation", args=[set_three.pk, earlier.pk])).status_code
        == 404
    )
    assert (
        client.get(
            reverse("cohorts:meeting_ics", args=[set_three.pk, earlier_meeting.pk])
        ).status_code
        == 404
    )
    later_page = client.get(later.get_absolute_url()).content.decode()
    assert "Speak to occupational health" not in later_page
    assert "My partner drinks" not in later_page


def test_the_facilitator_still_sees_every_meeting_and_the_earlier_action(
    client, set_three, earlier_meeting, facilitator
):
    client.force_login(facilitator)
    page = client.get(set_three.get_absolute_url()).content.decode()
    assert earlier_meeting.get_absolute_url() in page
    assert "Speak to occupational health" in page


def test_the_facilitator_declines_and_the_member_is_told(
    client, set_three, gp_trainee, facilitator, mailoutbox, django_capture_on_commit_callbacks
):
    join_request = services.set_request_join(learning_set=set_three, person=gp_trainee)
    client.force_login(facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        _decide(client, set_three, join_request, "decline")
    join_request.refresh_from_db()
    assert join_request.status == RequestStatus.DECLINED
    assert not set_three.memberships.filter(person=gp_trainee).exists()
    assert "could not offer you a place" in mailoutbox[-1].body


def test_a_facilitator_of_another_set_cannot_decide_or_see_the_requests(
    client, set_three, gp_trainee, other_facilitator
):
    join_request = services.set_request_join(learning_set=set_three, person=gp_trainee)
    client.force_login(other_facilitator)
    assert client.get(reverse("cohorts:set_requests", args=[set_three.pk])).status_code == 404
    assert _decide(client, set_three, join_request, "approve").status_code == 404
    join_request.refresh_from_db()
    assert join_request.status == RequestStatus.PENDING
    with pytest.raises(services.Refused, match="own facilitator"):
        services.set_join_request_decide(
            join_request=join_request, facilitator=other_facilitator, approve=True
        )


def test_a_garbled_decision_is_a_message_not_an_error(client, set_three, facilitator):
    client.force_login(facilitator)
    response = client.post(
        reverse("cohorts:set_requests", args=[set_three.pk]),
        {"form": "decision", "request": "abc", "decision": "maybe"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Choose approve or decline" in response.content.decode()


def test_the_facilitator_adds_a_cohort_member_directly(client, set_three, gp_trainee, facilitator):
    client.force_login(facilitator)
    response = client.post(
        reverse("cohorts:set_requests", args=[set_three.pk]),
        {"form": "add", "add-person": gp_trainee.pk},
        follow=True,
    )
    assert "You added Tom Okafor to Set three" in response.content.decode()
    assert set_three.memberships.filter(person=gp_trainee).exists()


def test_adding_a_member_of_another_set_is_refused_in_the_error_summary(
    client, learning_set, set_three, nurse, facilitator
):
    client.force_login(facilitator)
    response = client.post(
        reverse("cohorts:set_requests", args=[set_three.pk]),
        {"form": "add", "add-person": nurse.pk},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "nhsuk-error-summary" in page
    assert "Nia Evans is already in Set one" in page
    assert not set_three.memberships.filter(person=nurse).exists()


def test_the_facilitator_can_let_members_of_other_sets_join(
    client, learning_set, set_three, nurse, facilitator
):
    client.force_login(facilitator)
    client.post(
        reverse("cohorts:set_requests", args=[set_three.pk]),
        {"form": "policy", "policy-takes_members_of_other_sets": "on"},
    )
    client.force_login(nurse)
    assert f'Ask to join<span class="nhsuk-u-visually-hidden"> {set_three.name}' in (
        client.get(set_three.cohort.get_absolute_url()).content.decode()
    )
    client.post(reverse("cohorts:set_join", args=[set_three.pk]))
    assert set_three.join_requests.filter(person=nurse, status=RequestStatus.PENDING).exists()


def test_a_standalone_set_takes_no_requests(outsider, facilitator):
    lone = services.set_create(name="Standalone", facilitator=facilitator)
    with pytest.raises(services.Refused, match="stands alone"):
        services.set_request_join(learning_set=lone, person=outsider)


def test_approval_rechecks_that_she_is_still_in_the_cohort(set_three, gp_trainee, facilitator):
    join_request = services.set_request_join(learning_set=set_three, person=gp_trainee)
    set_three.cohort.memberships.filter(person=gp_trainee).delete()
    with pytest.raises(services.Refused, match="not a member"):
        services.set_join_request_decide(
            join_request=join_request, facilitator=facilitator, approve=True
        )
