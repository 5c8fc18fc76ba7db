"""Her plan, the signed-in home page: what needs her now, what is coming up, where she
is heading, what she has done this year, and her private calendar address."""

import datetime

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from careers.mentoring.models import Answer, Match
from careers.models import Assessment
from cohorts.models import Session
from portal.models import CareerLevel
from portal.personal_data import erasure
from portal.personal_data.portal_data import export_plan_calendar
from portal.plan import registry, selectors, services
from portal.plan.models import PlanCalendar
from programmes import services as programme_services
from programmes.models import TimeAgreement, add_months
from tests.factories import PersonFactory
from tests.portal.plan_world import member_with_everything

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return member_with_everything()


@pytest.fixture
def nia(world):
    return world.nia


def signed_in(client: Client, person) -> Client:
    client.force_login(person)
    return client


# --- What each part contributes ------------------------------------------------


def test_every_feature_app_registers_a_part_of_the_plan():
    assert {part.key for part in registry.parts()} >= {
        "programmes",
        "careers",
        "mentoring",
        "cohorts",
    }


def test_a_brand_new_account_is_told_what_to_do_first(nurse):
    plan = selectors.plan_for(nurse)

    assert [step.title for step in plan.first_steps] == [
        "Set your career stage",
        "Browse offers for general practice nurses",
        "Take the self-assessment",
    ]
    assert plan.tasks == [] and plan.coming_up == []


def test_first_steps_go_once_she_has_done_them(nia):
    assert selectors.plan_for(nia).first_steps == []


def test_what_needs_her_now_lists_each_kind_of_task_with_the_urgent_first(nia):
    tasks = selectors.plan_for(nia).tasks
    titles = [task.title for task in tasks]

    assert "A sponsor has been proposed for you" in titles
    assert "Your 360 feedback results are ready to read" in titles
    assert "A colleague asked for your 360 feedback" in titles
    assert "1 set action due in Set one" in titles
    assert "Accept the ground rules of Set two" in titles
    assert any(t.startswith("Waiting for Pat Manager to agree your time") for t in titles)
    assert any(t.startswith("A colleague asked you to agree their protected time") for t in titles)
    urgent = [task.urgent for task in tasks]
    assert urgent == sorted(urgent, reverse=True), "urgent tasks come first"


def test_coming_up_holds_deadlines_intakes_sessions_meetings_and_mentoring_in_date_order(nia):
    coming = selectors.plan_for(nia).coming_up
    kinds = {item.kind for item in coming}

    assert kinds == {
        "Application deadline",
        "Intake starts",
        "Cohort session",
        "Set meeting",
        "Mentoring",
    }
    days = [item.day for item in coming]
    assert days == sorted(days)


def test_a_set_meeting_stays_out_of_her_plan_until_she_accepts_the_ground_rules(world):
    nia = world.nia
    titles = [item.title for item in selectors.plan_for(nia).coming_up]

    assert "Set one" in titles
    assert "Set two" not in titles


def test_an_offer_she_only_applied_to_shows_its_start_not_its_deadline(nia):
    items = selectors.plan_for(nia).coming_up
    starts = [item for item in items if item.kind == "Intake starts"]

    assert len(starts) == 1
    assert starts[0].url == reverse("programmes:applications")


def test_an_intake_says_who_agreed_her_time_once_her_manager_has(nia):
    [waiting] = [i for i in selectors.plan_for(nia).coming_up if i.kind == "Intake starts"]
    assert "Time agreed" not in waiting.detail

    agreement = TimeAgreement.objects.get(application__person=nia)
    programme_services.time_agreement_decide(agreement=agreement, agree=True)

    [agreed] = [i for i in selectors.plan_for(nia).coming_up if i.kind == "Intake starts"]
    today = date_format(timezone.localdate(), "j F Y")
    assert agreed.detail.endswith(f"Time agreed by Pat Manager on {today}.")


def test_where_she_is_heading_names_the_next_stage_and_three_gaps_with_offers(nia):
    heading = selectors.plan_for(nia).heading[0].context["heading"]

    assert heading.current_stage.career_level.slug == "established"
    assert heading.next_stage.career_level.slug == "advanced-or-specialist"
    assert len(heading.recommendations) == 3
    assert all(rec.offers for rec in heading.recommendations)
    assert not heading.reassess_due


def test_she_is_prompted_to_reassess_six_months_after_her_self_assessment(nia):
    assessed = timezone.localdate()
    before = assessed + datetime.timedelta(days=170)
    after = assessed + datetime.timedelta(days=190)

    def heading(today):
        return selectors.plan_for(nia, today=today).heading[0].context["heading"]

    assert not heading(before).reassess_due
    assert heading(after).reassess_due
    assert heading(after).reassess_from == add_months(assessed, 6)


def test_the_page_asks_her_to_assess_again_once_six_months_have_passed(client, nia):
    Assessment.objects.filter(person=nia).update(
        created_at=timezone.now() - datetime.timedelta(days=200)
    )

    assert "Assess your leadership again" in signed_in(client, nia).get("/").text


def test_what_she_has_done_this_year_totals_her_log_by_dimension(nia):
    done = selectors.plan_for(nia).done[0].context["done"]

    assert done.activities == 1
    assert done.hours == 2
    assert [t.activities for t in done.by_dimension] == [1, 1, 0, 0, 0, 0, 0, 0, 0]
    assert done.since == timezone.localdate().replace(month=1, day=1)


def test_a_match_she_has_answered_leaves_what_needs_her_now(nia):
    match = Match.objects.get(request__seeker=nia)
    match.seeker_answer = Answer.ACCEPTED
    match.save(update_fields=["seeker_answer"])

    titles = [task.title for task in selectors.plan_for(nia).tasks]

    assert "A sponsor has been proposed for you" not in titles


# --- The page -----------------------------------------------------------------


def test_the_home_page_shows_her_plan_with_links_to_where_she_acts(client, world):
    nia = world.nia
    response = signed_in(client, nia).get("/")

    assert "portal/plan.html" in [t.name for t in response.templates]
    text = response.text
    for heading in (
        "Needs you now",
        "Coming up",
        "Where you are heading",
        "What you have done this year",
        "Your calendar",
    ):
        assert heading in text
    assert reverse("careers:mentoring") in text
    assert reverse("careers:roles") in text
    assert "What to do first" not in text
    set_one = nia.set_memberships.get(set__name="Set two").set
    assert reverse("cohorts:agreement", args=[set_one.pk]) in text


def test_dates_on_the_page_are_in_london_time(client, world):
    session = Session.objects.filter(cohort__memberships__person=world.nia).first()
    session.starts_at = datetime.datetime(2031, 7, 1, 9, 30, tzinfo=datetime.UTC)
    session.save(update_fields=["starts_at"])

    text = signed_in(client, world.nia).get("/").text

    assert "Tue 1 Jul 2031" in text
    assert "10:30" in text  # British Summer Time


def test_a_brand_new_account_sees_what_to_do_first_and_empty_states(client, nurse):
    text = signed_in(client, nurse).get("/").text

    assert "What to do first" in text
    assert "Set your career stage" in text
    assert "Take the self-assessment" in text
    assert "Browse offers for general practice nurses" in text
    assert "Nothing is waiting for you" in text
    assert "Nothing dated yet" in text
    assert "Nothing logged since" in text


def test_the_page_makes_a_fixed_number_of_queries_for_someone_with_nothing(
    client, nurse, django_assert_num_queries
):
    nurse.career_level = CareerLevel.objects.get(slug="established")
    nurse.save()
    signed_in(client, nurse)
    # Session, user; the person with profession, stage and workplace; 17 for the parts
    # (3 programmes, 8 careers, 2 mentoring, 4 cohorts… see each app's plan.py), the
    # calendar address, two-factor.
    with django_assert_num_queries(22):
        client.get("/")


def test_the_page_makes_a_fixed_number_of_queries_for_someone_with_everything(
    client, db, django_assert_num_queries
):
    nia = member_with_everything(copies=1).nia
    signed_in(client, nia)
    # As for someone with nothing, plus the intakes of what she follows, her ratings,
    # her stage's expectations, and the offers for her gaps with their dimensions.
    with django_assert_num_queries(27):
        client.get("/")


def test_the_page_makes_no_more_queries_when_she_has_more_of_everything(
    client, db, django_assert_num_queries
):
    nia = member_with_everything(copies=4).nia
    signed_in(client, nia)
    with django_assert_num_queries(27):
        response = client.get("/")
    assert response.context["plan"].more_coming > 0


# --- The private calendar address --------------------------------------------


def test_the_calendar_feed_carries_every_dated_item_of_her_plan(client, nia):
    calendar = PlanCalendar.objects.get(person=nia)

    response = client.get(calendar.get_absolute_url())

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "private" in response["Cache-Control"]
    parsed = icalendar.Calendar.from_ical(response.content)
    events = [str(event["SUMMARY"]) for event in parsed.walk("VEVENT")]
    dated = selectors.plan_for(nia).coming_up
    assert len(events) == len(dated)
    assert any(summary.startswith("Cohort session: ") for summary in events)
    assert any(summary.startswith("Application deadline: ") for summary in events)


def test_the_calendar_feed_reads_only_what_is_dated_in_a_fixed_number_of_queries(
    client, db, django_assert_num_queries
):
    nia = member_with_everything(copies=3).nia
    address = PlanCalendar.objects.get(person=nia).get_absolute_url()
    # The address with her; 3 programmes, 1 careers (her 360 rounds), 1 mentoring,
    # 2 cohorts: no self-assessment, log or tasks, which a calendar cannot show.
    with django_assert_num_queries(8):
        response = client.get(address)
    assert response.status_code == 200


def test_a_timed_event_in_the_feed_is_in_uk_time(client, nia):
    calendar = PlanCalendar.objects.get(person=nia)
    parsed = icalendar.Calendar.from_ical(client.get(calendar.get_absolute_url()).content)

    session = next(
        e for e in parsed.walk("VEVENT") if str(e["SUMMARY"]).startswith("Cohort session")
    )

    assert str(session["DTSTART"].dt.tzinfo) == "Europe/London"


def test_making_a_new_calendar_address_stops_the_old_one(client, nia):
    old = PlanCalendar.objects.get(person=nia).get_absolute_url()

    response = signed_in(client, nia).post(reverse("plan_calendar"), {"action": "renew"})

    assert response.status_code == 302
    new = PlanCalendar.objects.get(person=nia).get_absolute_url()
    assert new != old
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_stopping_the_calendar_address_makes_it_answer_not_found(client, nia):
    address = PlanCalendar.objects.get(person=nia).get_absolute_url()

    signed_in(client, nia).post(reverse("plan_calendar"), {"action": "revoke"})

    assert not PlanCalendar.objects.filter(person=nia).exists()
    assert client.get(address).status_code == 404
    assert "Get a calendar address" in client.get("/").text


def test_a_deactivated_account_s_calendar_address_stops_working(client, nia):
    address = PlanCalendar.objects.get(person=nia).get_absolute_url()
    nia.is_active = False
    nia.save(update_fields=["is_active"])

    assert client.get(address).status_code == 404


def test_a_made_up_calendar_address_answers_not_found_without_a_query(
    client, db, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get(reverse("plan_calendar_feed", args=["short"]))
    assert response.status_code == 404


def test_the_calendar_address_is_only_made_by_a_post_from_her(client, nurse):
    assert client.post(reverse("plan_calendar")).status_code == 302  # to sign in
    assert not PlanCalendar.objects.exists()
    assert signed_in(client, nurse).get(reverse("plan_calendar")).status_code == 405


def test_one_person_never_gets_another_s_address(nurse):
    other = PersonFactory()
    mine = services.plan_calendar_renew(person=nurse)
    theirs = services.plan_calendar_renew(person=other)

    assert mine.token != theirs.token
    assert selectors.calendar_for_token(mine.token).person == nurse


def test_an_open_time_agreement_reaches_what_needs_her_now_through_the_programmes_hook(
    nia, monkeypatch
):
    # Issue 16 section 2 fills programmes.plan.time_agreement_tasks; the plan shows
    # whatever it returns, with the applications it is given already loaded.
    seen = []

    def open_agreements(context, applications):
        seen.extend(applications)
        return [registry.Task(title="Your time is not agreed yet", url="/me/applications/")]

    monkeypatch.setattr("programmes.plan.time_agreement_tasks", open_agreements)

    titles = [task.title for task in selectors.plan_for(nia).tasks]

    assert "Your time is not agreed yet" in titles
    assert {a.status for a in seen} == {"interested", "applied"}


def test_an_application_without_a_time_request_asks_her_who_agrees_it(client, nia):
    application = nia.applications.get(status="applied")
    application.time_agreement.delete()

    tasks = selectors.plan_for(nia).tasks
    ask = next(t for t in tasks if t.title.startswith("Ask who agrees your protected time"))

    assert ask.url == reverse("programmes:time_ask", args=[application.pk])


def test_a_declined_time_request_asks_her_to_ask_someone_else(nia):
    application = nia.applications.get(status="applied")
    programme_services.time_agreement_decide(agreement=application.time_agreement, agree=False)

    declined = next(
        t for t in selectors.plan_for(nia).tasks if t.title.startswith("Pat Manager declined")
    )

    assert declined.url == reverse("programmes:time_ask", args=[application.pk])


def test_waiting_three_days_tells_her_she_can_send_a_reminder(nia):
    agreement = nia.applications.get(status="applied").time_agreement
    agreement.requested_at = timezone.now() - datetime.timedelta(days=4)
    agreement.save(update_fields=["requested_at"])

    waiting = next(t for t in selectors.plan_for(nia).tasks if t.title.startswith("Waiting for"))

    assert waiting.detail.endswith("You can send them a reminder.")


def test_agreed_time_leaves_what_needs_her_now(nia):
    agreement = nia.applications.get(status="applied").time_agreement
    programme_services.time_agreement_decide(agreement=agreement, agree=True)

    titles = [t.title for t in selectors.plan_for(nia).tasks if t.tag == "Protected time"]

    # Only the colleague's request to her, as a manager, is left.
    assert [t for t in titles if not t.startswith("A colleague asked you")] == []


def test_erasing_her_account_deletes_her_calendar_address(client, nia):
    address = PlanCalendar.objects.get(person=nia).get_absolute_url()

    erasure.person_erase(nia)

    assert not PlanCalendar.objects.filter(person=nia).exists()
    assert client.get(address).status_code == 404


def test_her_data_export_says_when_she_made_her_address_but_not_the_address(nia):
    token = PlanCalendar.objects.get(person=nia).token

    rows = export_plan_calendar(nia)["plan_calendar_address"]

    assert len(rows) == 1 and set(rows[0]) == {"made"}
    assert token not in str(rows)
