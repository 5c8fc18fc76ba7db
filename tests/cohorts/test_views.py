import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorts import services
from cohorts.models import SetMembership, Vote
from tests.cohorts.conftest import fill
from tests.factories import PersonFactory
from tests.helpers import assert_queries_constant

PERSONAS = ["member", "other_member", "facilitator", "other_facilitator", "curator", "visitor"]
OK, LOGIN, FORBIDDEN, MISSING, REDIRECT, NOT_ALLOWED = 200, "login", 403, 404, 302, 405

# url name -> expected answer for each persona, in PERSONAS order. "member" is Nia, in
# the cohort and the set, who presented at the meeting; "other_member" is Tom, in the
# cohort but not the set. Pages fetched through a rule queryset answer 404 to anyone
# the rule leaves out, so a page says nothing of what it would show.
EXPECTED = {
    "list": [OK, OK, OK, OK, OK, OK],
    "create": [FORBIDDEN, FORBIDDEN, OK, OK, FORBIDDEN, LOGIN],
    "facilitator": [FORBIDDEN, FORBIDDEN, OK, OK, FORBIDDEN, LOGIN],
    "detail": [OK, OK, OK, OK, OK, OK],
    "join": [OK, OK, OK, OK, OK, LOGIN],
    "requests": [MISSING, MISSING, OK, MISSING, MISSING, LOGIN],
    "enrol": [MISSING, MISSING, OK, MISSING, MISSING, LOGIN],
    "session_create": [MISSING, MISSING, OK, MISSING, MISSING, LOGIN],
    "session_ics": [OK, OK, OK, MISSING, MISSING, LOGIN],
    "attendance": [MISSING, MISSING, OK, MISSING, MISSING, LOGIN],
    "attendance_summary": [MISSING, MISSING, OK, MISSING, MISSING, LOGIN],
    # The token is the key (calendar apps cannot sign in); it is Nia's, and works
    # while she is in the cohort.
    "feed": [OK, OK, OK, OK, OK, OK],
    "calendar_link": [NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, LOGIN],
    "topics": [OK, OK, OK, MISSING, MISSING, LOGIN],
    "form_sets": [MISSING, MISSING, OK, MISSING, MISSING, LOGIN],
    "proposal": [MISSING, MISSING, REDIRECT, MISSING, MISSING, LOGIN],
    "set": [OK, MISSING, OK, MISSING, MISSING, LOGIN],
    "agreement": [OK, MISSING, OK, MISSING, MISSING, LOGIN],
    "agreement_edit": [MISSING, MISSING, OK, MISSING, MISSING, LOGIN],
    "set_requests": [MISSING, MISSING, OK, MISSING, MISSING, LOGIN],
    "meeting_create": [MISSING, MISSING, OK, MISSING, MISSING, LOGIN],
    "meeting": [OK, MISSING, OK, MISSING, MISSING, LOGIN],
    "meeting_ics": [OK, MISSING, OK, MISSING, MISSING, LOGIN],
    "meeting_attendance": [MISSING, MISSING, OK, MISSING, MISSING, LOGIN],
    "presentation": [OK, MISSING, OK, MISSING, MISSING, LOGIN],
    "report": [OK, MISSING, MISSING, MISSING, MISSING, LOGIN],
    "log_action": [NOT_ALLOWED, MISSING, NOT_ALLOWED, MISSING, MISSING, LOGIN],
    "vote": [NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, LOGIN],
    "schedule_topic": [NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, LOGIN],
    "set_join": [NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, LOGIN],
}


@pytest.fixture
def world(
    cohort, learning_set, meeting, nurse, gp_trainee, facilitator, other_facilitator, curator
):
    session = services.session_create(
        cohort=cohort, starts_at=timezone.now() + datetime.timedelta(days=2)
    )
    presentation = meeting.presentations.get()
    action = presentation.actions.get()
    topic = cohort.topics.first()
    args = {
        "list": [],
        "create": [],
        "facilitator": [],
        "detail": [cohort.pk],
        "join": [cohort.pk],
        "requests": [cohort.pk],
        "enrol": [cohort.pk],
        "session_create": [cohort.pk],
        "session_ics": [cohort.pk, session.pk],
        "attendance": [cohort.pk, session.pk],
        "attendance_summary": [cohort.pk],
        "feed": [cohort.pk, services.calendar_feed_renew(cohort=cohort, person=nurse).token],
        "calendar_link": [cohort.pk],
        "topics": [cohort.pk],
        "vote": [cohort.pk, topic.pk],
        "schedule_topic": [cohort.pk, topic.pk],
        "form_sets": [cohort.pk],
        "proposal": [cohort.pk],
        "set": [learning_set.pk],
        "set_join": [learning_set.pk],
        "agreement": [learning_set.pk],
        "agreement_edit": [learning_set.pk],
        "set_requests": [learning_set.pk],
        "meeting_create": [learning_set.pk],
        "meeting": [learning_set.pk, meeting.pk],
        "meeting_ics": [learning_set.pk, meeting.pk],
        "meeting_attendance": [learning_set.pk, meeting.pk],
        "presentation": [learning_set.pk, presentation.pk],
        "report": [learning_set.pk, action.pk],
        "log_action": [learning_set.pk, action.pk],
    }
    people = {
        "member": nurse,
        "other_member": gp_trainee,
        "facilitator": facilitator,
        "other_facilitator": other_facilitator,
        "curator": curator,
        "visitor": None,
    }
    return args, people


def test_every_cohorts_url_is_in_the_walk():
    from cohorts.communities.urls import urlpatterns as community_patterns
    from cohorts.urls import urlpatterns

    # Communities' routes are walked by the access matrix and tests/cohorts/test_community_*.
    names = {pattern.name for pattern in urlpatterns if pattern not in community_patterns}
    assert names == set(EXPECTED)


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_answers_each_persona_as_the_rules_say(client, world, persona):
    args, people = world
    if people[persona]:
        client.force_login(people[persona])
    answers = {}
    for name in EXPECTED:
        response = client.get(reverse(f"cohorts:{name}", args=args[name]))
        got = response.status_code
        if got == 302 and "/accounts/login/" in response["Location"]:
            got = LOGIN
        answers[name] = got
    wanted = {name: expected[PERSONAS.index(persona)] for name, expected in EXPECTED.items()}
    assert answers == wanted


def test_it_shows_outsiders_only_the_public_description(client, cohort, outsider, nurse):
    client.force_login(outsider)
    page = client.get(cohort.get_absolute_url()).content.decode()
    assert "A year of learning together." in page
    assert nurse.full_name not in page
    assert "Ask to join" in page


def test_it_shows_members_the_member_list(client, cohort, nurse, pharmacist):
    client.force_login(nurse)
    page = client.get(cohort.get_absolute_url()).content.decode()
    assert pharmacist.full_name in page
    assert "Clinical pharmacist" in page


def test_it_sends_a_member_who_has_not_accepted_the_ground_rules_to_the_agreement(
    client, learning_set, gp_trainee
):
    services.set_member_add(learning_set=learning_set, person=gp_trainee)
    client.force_login(gp_trainee)
    response = client.get(learning_set.get_absolute_url(), follow=True)
    assert response.redirect_chain[-1][0] == reverse("cohorts:agreement", args=[learning_set.pk])
    assert "Accept the set" in response.content.decode()
    response = client.post(reverse("cohorts:agreement", args=[learning_set.pk]), {"accept": "yes"})
    assert response["Location"] == learning_set.get_absolute_url()
    assert client.get(learning_set.get_absolute_url()).status_code == 200


def test_it_asks_again_when_the_box_is_not_ticked(client, learning_set, gp_trainee):
    services.set_member_add(learning_set=learning_set, person=gp_trainee)
    client.force_login(gp_trainee)
    response = client.post(reverse("cohorts:agreement", args=[learning_set.pk]), {}, follow=True)
    assert "Tick the box" in response.content.decode()


def test_it_tells_someone_clearly_when_the_set_is_full(client, learning_set, gp_trainee):
    fill(learning_set, 6)
    client.force_login(gp_trainee)
    response = client.post(reverse("cohorts:set_join", args=[learning_set.pk]), follow=True)
    assert response.status_code == 200
    assert "This set is full" in response.content.decode()


def test_it_keeps_the_issue_from_another_facilitator_and_curators(
    client, meeting, learning_set, other_facilitator, curator
):
    for person in (other_facilitator, curator):
        client.force_login(person)
        assert client.get(meeting.get_absolute_url()).status_code == 404


def test_it_changes_a_vote_instead_of_counting_it_twice(client, cohort, nurse):
    topic = cohort.topics.first()
    client.force_login(nurse)
    url = reverse("cohorts:vote", args=[cohort.pk, topic.pk])
    client.post(url, {"value": 2})
    client.post(url, {"value": 1})
    assert list(Vote.objects.filter(topic=topic).values_list("value", flat=True)) == [1]


def test_it_refuses_a_vote_from_someone_outside_the_cohort(client, cohort, outsider):
    client.force_login(outsider)
    topic = cohort.topics.first()
    response = client.post(reverse("cohorts:vote", args=[cohort.pk, topic.pk]), {"value": 2})
    assert response.status_code == 404
    assert not Vote.objects.exists()


def _when(day: datetime.date, time: str = "10:00") -> dict:
    return {"date_day": day.day, "date_month": day.month, "date_year": day.year, "time": time}


def test_a_facilitator_records_a_session_that_already_happened_then_who_came(
    client, cohort, facilitator, nurse
):
    client.force_login(facilitator)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    response = client.post(
        reverse("cohorts:session_create", args=[cohort.pk]),
        {**_when(yesterday), "duration_minutes": 120},
        follow=True,
    )

    session = cohort.sessions.get()
    assert response.redirect_chain[-1][0] == reverse(
        "cohorts:attendance", args=[cohort.pk, session.pk]
    )
    assert "Now record who came." in response.content.decode()
    client.post(
        reverse("cohorts:attendance", args=[cohort.pk, session.pk]),
        {f"person_{nurse.pk}": "present"},
    )
    assert session.attendance.get(person=nurse).status == "present"


def test_a_session_dated_before_the_cohort_began_is_refused_with_a_message(
    client, cohort, facilitator
):
    client.force_login(facilitator)
    before = cohort.start_date - datetime.timedelta(days=1)
    response = client.post(
        reverse("cohorts:session_create", args=[cohort.pk]),
        {**_when(before), "duration_minutes": 120},
    )
    assert response.status_code == 200
    assert "on or after the day the cohort started" in response.content.decode()
    assert not cohort.sessions.exists()


def test_attendance_for_a_session_that_has_not_started_is_refused_on_the_form(
    client, cohort, facilitator, nurse
):
    session = services.session_create(
        cohort=cohort, starts_at=timezone.now() + datetime.timedelta(hours=2)
    )
    client.force_login(facilitator)
    url = reverse("cohorts:attendance", args=[cohort.pk, session.pk])

    assert "This session has not started yet" in client.get(url).content.decode()
    response = client.post(url, {f"person_{nurse.pk}": "present"})

    assert response.status_code == 200
    assert "You can take attendance once the session has started" in response.content.decode()
    assert not session.attendance.exists()


def test_a_facilitator_records_a_set_meeting_that_already_happened_then_who_came(
    client, learning_set, facilitator, nurse
):
    client.force_login(facilitator)
    last_week = timezone.localdate() - datetime.timedelta(days=7)

    response = client.post(
        reverse("cohorts:meeting_create", args=[learning_set.pk]),
        {**_when(last_week), "presenters": [nurse.pk]},
        follow=True,
    )

    meeting = learning_set.meetings.get()
    assert response.redirect_chain[-1][0] == reverse(
        "cohorts:meeting_attendance", args=[learning_set.pk, meeting.pk]
    )
    client.post(
        reverse("cohorts:meeting_attendance", args=[learning_set.pk, meeting.pk]),
        {f"person_{nurse.pk}": "present"},
    )
    assert meeting.attendance.get(person=nurse).status == "present"


def test_attendance_for_a_set_meeting_that_has_not_started_is_refused(meeting, nurse):
    with pytest.raises(services.Refused, match="once the meeting has started"):
        services.meeting_attendance_record(meeting=meeting, statuses={nurse.pk: "present"})
    assert not meeting.attendance.exists()


def test_it_stores_a_session_in_uk_time(client, cohort, facilitator):
    client.force_login(facilitator)
    client.post(
        reverse("cohorts:session_create", args=[cohort.pk]),
        {
            "date_day": 1,
            "date_month": 7,
            "date_year": timezone.localdate().year + 1,
            "time": "14:30",
            "duration_minutes": 90,
        },
    )
    session = cohort.sessions.get()
    # 14:30 in July is British Summer Time, an hour ahead of UTC.
    assert session.starts_at.astimezone(datetime.UTC).hour == 13


def test_the_calendar_feed_needs_the_right_token(client, cohort, nurse):
    services.session_create(cohort=cohort, starts_at=timezone.now() + datetime.timedelta(days=2))
    feed = services.calendar_feed_renew(cohort=cohort, person=nurse)
    good = client.get(reverse("cohorts:feed", args=[cohort.pk, feed.token]))
    assert good["Content-Type"] == "text/calendar; charset=utf-8"
    assert good.content.decode().count("BEGIN:VEVENT") == 1
    bad = client.get(reverse("cohorts:feed", args=[cohort.pk, "not-the-token"]))
    assert bad.status_code == 404


def test_it_opens_the_next_meeting_with_actions_to_report_back_on(
    client, learning_set, meeting, nurse
):
    later = services.meeting_create(
        learning_set=learning_set,
        starts_at=meeting.starts_at + datetime.timedelta(days=28),
        presenters=[],
    )
    client.force_login(nurse)
    page = client.get(later.get_absolute_url()).content.decode()
    assert "Ask the partners who owns the rota" in page
    assert "Report back" in page


@pytest.fixture
def superuser(settings):
    # Staff must set up two-factor sign-in; these tests are about what the admin shows.
    settings.DEMO_RELAX_STAFF_MFA = True
    return PersonFactory(is_staff=True, is_superuser=True)


def test_the_admin_shows_membership_and_dates_but_no_set_content(
    client, learning_set, meeting, superuser
):
    admin = superuser
    client.force_login(admin)
    page = client.get(
        reverse("admin:cohorts_actionlearningset_change", args=[learning_set.pk])
    ).content.decode()
    assert "Nia Evans" in page
    assert "A rota that nobody owns." not in page
    assert "Ask the partners" not in page
    for model in ("presentation", "action", "meeting", "meetingattendance"):
        assert client.get(f"/admin/cohorts/{model}/").status_code == 404


def test_the_admin_refuses_a_ninth_member_with_a_message(client, learning_set, superuser):
    fill(learning_set, 6)
    admin = superuser
    client.force_login(admin)
    existing = list(learning_set.memberships.all())
    data = {
        "name": learning_set.name,
        "cohort": learning_set.cohort_id,
        "facilitator": learning_set.facilitator_id,
        "minimum": 4,
        "memberships-TOTAL_FORMS": 9,
        "memberships-INITIAL_FORMS": 8,
        "memberships-MIN_NUM_FORMS": 0,
        "memberships-MAX_NUM_FORMS": 8,
        "meetings-TOTAL_FORMS": 0,
        "meetings-INITIAL_FORMS": 0,
        "meetings-MIN_NUM_FORMS": 0,
        "meetings-MAX_NUM_FORMS": 1000,
    }
    for index, membership in enumerate(existing):
        data |= {
            f"memberships-{index}-id": membership.pk,
            f"memberships-{index}-set": learning_set.pk,
            f"memberships-{index}-person": membership.person_id,
            f"memberships-{index}-joined_at_0": "2026-01-01",
            f"memberships-{index}-joined_at_1": "10:00:00",
        }
    data |= {
        "memberships-8-set": learning_set.pk,
        "memberships-8-person": PersonFactory().pk,
        "memberships-8-joined_at_0": "2026-01-01",
        "memberships-8-joined_at_1": "10:00:00",
    }
    response = client.post(
        reverse("admin:cohorts_actionlearningset_change", args=[learning_set.pk]), data
    )
    assert response.status_code == 200
    assert SetMembership.objects.filter(set=learning_set).count() == 8
    assert "at most 8" in response.content.decode()


def _grow(cohort, learning_set, count: int) -> None:
    people = PersonFactory.create_batch(count)
    services.members_enrol(cohort=cohort, people=people)
    for person in people[:2]:
        services.agreement_accept(
            membership=services.set_member_add(learning_set=learning_set, person=person)
        )
    for person in people[2:4]:
        services.set_request_join(learning_set=learning_set, person=person)
    for number in range(2):
        services.set_create(
            name=f"Another set {number}", facilitator=learning_set.facilitator, cohort=cohort
        )
    for days in range(count):
        services.session_create(
            cohort=cohort, starts_at=timezone.now() + datetime.timedelta(days=days + 1)
        )
        meeting = services.meeting_create(
            learning_set=learning_set,
            starts_at=timezone.now() + datetime.timedelta(days=days + 1),
            presenters=people[:2],
        )
        services.action_add(
            presentation=meeting.presentations.first(),
            description="Try it",
            due_date=datetime.date(2026, 12, 1),
        )


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("nurse", lambda c, s: c.get_absolute_url()),
        ("facilitator", lambda c, s: c.get_absolute_url()),
        ("nurse", lambda c, s: s.get_absolute_url()),
        ("facilitator", lambda c, s: s.get_absolute_url()),
        ("facilitator", lambda c, s: reverse("cohorts:facilitator")),
        ("nurse", lambda c, s: reverse("cohorts:topics", args=[c.pk])),
        ("facilitator", lambda c, s: reverse("cohorts:attendance_summary", args=[c.pk])),
        ("facilitator", lambda c, s: reverse("cohorts:set_requests", args=[s.pk])),
        ("gp_trainee", lambda c, s: c.get_absolute_url()),
    ],
)
def test_page_queries_do_not_grow_with_members_or_meetings(
    client, cohort, learning_set, meeting, request, persona, url
):
    client.force_login(request.getfixturevalue(persona))
    path = url(cohort, learning_set)

    response = assert_queries_constant(
        lambda: _grow(cohort, learning_set, 5), lambda: client.get(path), warm=True
    )

    assert response.status_code == 200


def test_it_shows_a_proposal_with_each_sets_profession_mix(client, cohort, facilitator):
    services.members_enrol(cohort=cohort, people=PersonFactory.create_batch(7))
    services.proposal_make(cohort=cohort, min_size=5, max_size=5)
    client.force_login(facilitator)
    page = client.get(reverse("cohorts:proposal", args=[cohort.pk])).content.decode()
    assert "Set 2 (5 people)" in page
    assert "General practice nurse" in page


def test_a_presenter_adds_a_done_action_to_their_log_with_one_click(
    client, learning_set, meeting, nurse
):
    from careers.models import Activity

    action = meeting.presentations.get().actions.get()
    services.action_report(action=action, person=nurse, status="done")
    client.force_login(nurse)
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "Add to my leadership log" in page
    client.post(reverse("cohorts:log_action", args=[learning_set.pk, action.pk]))
    assert Activity.objects.filter(person=nurse, title=action.description).count() == 1
    assert "Add to my leadership log" not in client.get(meeting.get_absolute_url()).content.decode()


def test_a_cohort_member_asks_to_join_a_set_with_places_from_the_cohort_page(
    client, cohort, learning_set, gp_trainee
):
    client.force_login(gp_trainee)
    assert f'Ask to join<span class="nhsuk-u-visually-hidden"> {learning_set.name}' in (
        client.get(cohort.get_absolute_url()).content.decode()
    )
    response = client.post(reverse("cohorts:set_join", args=[learning_set.pk]), follow=True)
    assert "Its facilitator will decide" in response.content.decode()
    assert learning_set.join_requests.filter(person=gp_trainee, status="pending").exists()
    assert not learning_set.memberships.filter(person=gp_trainee).exists()
    assert "Asked to join" in response.content.decode()


def test_a_session_downloads_as_a_calendar_event_in_uk_time(client, cohort, nurse):
    starts = datetime.datetime(timezone.localdate().year + 1, 7, 1, 9, 30, tzinfo=datetime.UTC)
    session = services.session_create(
        cohort=cohort, starts_at=starts, topic="Dealing with conflict"
    )
    client.force_login(nurse)
    body = client.get(reverse("cohorts:session_ics", args=[cohort.pk, session.pk])).content.decode()
    # 09:30 UTC in July is 10:30 British Summer Time.
    assert f"DTSTART;TZID=Europe/London:{starts.year}0701T103000" in body
    assert f"DTEND;TZID=Europe/London:{starts.year}0701T123000" in body
    assert "SUMMARY:Leading in the PCN: Dealing with conflict" in body


def test_a_set_meeting_downloads_as_a_calendar_event_naming_no_one(
    client, learning_set, meeting, nurse
):
    client.force_login(nurse)

    response = client.get(reverse("cohorts:meeting_ics", args=[learning_set.pk, meeting.pk]))

    body = response.content.decode()
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    start = timezone.localtime(meeting.starts_at)
    assert f"DTSTART;TZID=Europe/London:{start:%Y%m%dT%H%M%S}" in body
    assert f"DTEND;TZID=Europe/London:{start + datetime.timedelta(hours=3):%Y%m%dT%H%M%S}" in body
    assert f"SUMMARY:Action learning set: {learning_set.name}" in body
    assert nurse.full_name not in body


def test_the_facilitator_page_counts_without_showing_set_content(
    client, cohort, learning_set, meeting, facilitator
):
    past = services.session_create(
        cohort=cohort, starts_at=timezone.now() + datetime.timedelta(minutes=1)
    )
    past.starts_at = timezone.now() - datetime.timedelta(days=1)
    past.save()
    fill(learning_set, 0)
    client.force_login(facilitator)
    page = client.get(reverse("cohorts:facilitator")).content.decode()
    assert "0 of 3 marked" in page
    assert "Set one: 2 of at least 4" in page
    assert "A rota that nobody owns." not in page
    assert "Ask the partners" not in page
