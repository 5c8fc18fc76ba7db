"""Cohorts and action learning sets as a facilitator and members use them, axe on every page."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import Page, expect

from cohorts import services
from cohorts.models import Action, ActionLearningSet, Vote
from tests.factories import PASSWORD, OrganisationFactory, PersonFactory, profession

pytestmark = pytest.mark.browser

PROFESSIONS = [
    "general-practice-nurse",
    "clinical-pharmacist",
    "gp-trainee",
    "practice-manager",
]


def sign_in(page: Page, visit, axe, email: str) -> None:
    visit("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    axe()


def sign_out(page: Page, axe) -> None:
    page.get_by_role("button", name="Sign out").click()
    axe()


def fill_date(page: Page, field: str, value: datetime.date) -> None:
    page.locator(f"#id_{field}_day").fill(str(value.day))
    page.locator(f"#id_{field}_month").fill(str(value.month))
    page.locator(f"#id_{field}_year").fill(str(value.year))


@pytest.fixture
def femi(transactional_db):
    person = PersonFactory(
        full_name="Femi Adeyemi",
        email="femi@example.nhs.uk",
        profession=profession("practice-manager"),
    )
    person.groups.add(Group.objects.get(name="Facilitators"))
    return person


@pytest.fixture
def sixteen(transactional_db):
    practices = OrganisationFactory.create_batch(8)
    return [
        PersonFactory(
            full_name=f"Member {n:02d}",
            email=f"member{n:02d}@example.nhs.uk",
            profession=profession(PROFESSIONS[n % 4]),
            organisation=practices[n % 8],
        )
        for n in range(16)
    ]


def test_a_facilitator_runs_a_cohort_through_two_set_meetings(
    page: Page, visit, axe, live_server, femi, sixteen
):
    today = timezone.localdate()
    sign_in(page, visit, axe, femi.email)
    visit("/cohorts/")
    page.get_by_role("button", name="Start a cohort").click()
    axe()
    page.get_by_label("Name").fill("Leading together, autumn")
    page.get_by_label("Description").fill("Monthly sessions and action learning sets.")
    fill_date(page, "start_date", today)
    fill_date(page, "end_date", today + datetime.timedelta(days=300))
    page.get_by_label("Facilitators enrol people").check()
    page.get_by_role("button", name="Create cohort").click()
    axe()
    expect(page.get_by_role("heading", level=1)).to_have_text("Leading together, autumn")

    page.get_by_role("link", name="Enrol people").click()
    axe()
    page.get_by_label("Email addresses").fill("\n".join(p.email for p in sixteen))
    page.get_by_role("button", name="Enrol").click()
    axe()
    expect(page.get_by_text("You enrolled 16 people")).to_be_visible()

    page.get_by_role("link", name="Form action learning sets").click()
    axe()
    page.get_by_role("button", name="Propose sets").click()
    axe()
    expect(page.get_by_role("heading", name="Set 2 (8 people)")).to_be_visible()
    first = sixteen[0]
    page.get_by_label(f"Move {first.full_name} to").select_option(label="Set 2")
    page.get_by_role("button", name=f"Move {first.full_name}").click()
    axe()
    # Both sets are full, so the move is refused with a reason and nothing changes.
    expect(page.get_by_text("That set already has 8 people.")).to_be_visible()
    expect(page.get_by_role("heading", name="Set 1 (8 people)")).to_be_visible()
    page.get_by_role("button", name="Confirm these sets").click()
    axe()
    expect(page.get_by_text("2 sets made")).to_be_visible()

    page.get_by_role("link", name="Leading together, autumn: set 1").click()
    axe()
    page.get_by_role("button", name="Arrange a meeting").click()
    axe()
    fill_date(page, "date", today + datetime.timedelta(days=7))
    page.get_by_label("Start time").fill("10:00")
    expect(page.locator("input[name=presenters]:checked")).to_have_count(2)
    page.get_by_role("button", name="Confirm meeting").click()
    axe()
    learning_set = ActionLearningSet.objects.get(name__endswith="set 1")
    presenters = [p.presenter for p in learning_set.meetings.get().presentations.all()]
    for number, presenter in enumerate(presenters, start=1):
        page.get_by_role(
            "link", name=f"Write the issue and actions for {presenter.full_name}"
        ).click()
        axe()
        page.get_by_label("Your issue in a few lines").fill(f"Issue number {number}.")
        page.get_by_role("button", name="Save issue").click()
        axe()
        page.get_by_label("What will you do?").fill(f"Action number {number}")
        fill_date(page, "action-due_date", today + datetime.timedelta(days=20))
        page.get_by_role("button", name="Add action").click()
        axe()
        page.get_by_role("link", name="Meeting", exact=True).click()
        axe()
    expect(page.get_by_text("Issue number 2.")).to_be_visible()

    page.get_by_role("link", name="Leading together, autumn: set 1", exact=True).click()
    axe()
    page.get_by_role("button", name="Arrange a meeting").click()
    axe()
    fill_date(page, "date", today + datetime.timedelta(days=35))
    page.get_by_label("Start time").fill("10:00")
    page.get_by_role("button", name="Confirm meeting").click()
    axe()
    expect(page.get_by_text("Action number 1")).to_be_visible()
    expect(page.get_by_text("Action number 2")).to_be_visible()
    sign_out(page, axe)

    presenter = presenters[0]
    sign_in(page, visit, axe, presenter.email)
    page.goto(
        page.url.split("/", 3)[0]
        + "//"
        + page.url.split("/", 3)[2]
        + learning_set.get_absolute_url()
    )
    axe()
    expect(page.get_by_role("heading", name="Ground rules")).to_be_visible()
    page.get_by_label("I accept these ground rules").check()
    page.get_by_role("button", name="Continue to the set").click()
    axe()
    page.get_by_role("link", name="Report back on Action number 1").click()
    axe()
    page.get_by_label("Done").check()
    page.get_by_role("button", name="Save").click()
    axe()
    assert Action.objects.get(description="Action number 1").status == "done"


def test_a_member_proposes_a_topic_and_votes(page: Page, visit, axe, femi, sixteen):
    member = sixteen[3]
    cohort = services.cohort_create(
        name="Topic cohort",
        description="Choosing what we learn.",
        facilitator=femi,
        start_date=timezone.localdate(),
        end_date=timezone.localdate() + datetime.timedelta(days=100),
    )
    services.members_enrol(cohort=cohort, people=[member])
    sign_in(page, visit, axe, member.email)
    visit(f"/cohorts/{cohort.pk}/topics/")
    page.get_by_label("Topic", exact=True).fill("Running better meetings")
    page.get_by_label("Why it matters").fill("Our meetings overrun.")
    page.get_by_role("button", name="Propose topic").click()
    axe()
    topic = cohort.topics.get(title="Running better meetings")
    card = page.locator(f"#topic-{topic.pk}")
    card.get_by_label("I really want this").check()
    card.get_by_role("button", name="Vote on Running better meetings").click()
    axe()
    expect(page.get_by_role("heading", name="Running better meetings")).to_be_visible()
    assert Vote.objects.get(topic=topic, person=member).value == 2


def test_a_facilitator_takes_attendance_on_a_phone(page: Page, visit, axe, femi, sixteen):
    page.set_viewport_size({"width": 375, "height": 740})
    cohort = services.cohort_create(
        name="Phone cohort",
        description="Attendance on the go.",
        facilitator=femi,
        start_date=timezone.localdate() - datetime.timedelta(days=1),
        end_date=timezone.localdate() + datetime.timedelta(days=100),
    )
    services.members_enrol(cohort=cohort, people=sixteen[:3])
    # The session has begun: attendance is taken in the room, not before.
    session = services.session_create(
        cohort=cohort, starts_at=timezone.now() - datetime.timedelta(minutes=10)
    )
    sign_in(page, visit, axe, femi.email)
    visit(f"/cohorts/{cohort.pk}/sessions/{session.pk}/attendance/")
    page.get_by_role("group", name=sixteen[0].full_name).get_by_label("Present").check()
    page.get_by_role("group", name=sixteen[1].full_name).get_by_label("Late").check()
    page.get_by_role("group", name=sixteen[2].full_name).get_by_label("Sent apologies").check()
    page.get_by_role("button", name="Save attendance").click()
    axe()
    expect(page.get_by_role("heading", name="Attendance", exact=True)).to_be_visible()
    assert session.attendance.count() == 3


def test_someone_asks_to_join_and_a_facilitator_approves_and_plans_a_session(
    page: Page, visit, axe, femi, sixteen
):
    today = timezone.localdate()
    asker = sixteen[5]
    cohort = services.cohort_create(
        name="Open cohort",
        description="Anyone in the PCN may ask to join.",
        facilitator=femi,
        start_date=today,
        end_date=today + datetime.timedelta(days=100),
    )
    sign_in(page, visit, axe, asker.email)
    visit(f"/cohorts/{cohort.pk}/")
    page.get_by_role("button", name="Ask to join").click()
    axe()
    page.get_by_label("Why would you like to join?").fill("I have just become a team lead.")
    page.get_by_role("button", name="Ask to join").click()
    axe()
    expect(page.get_by_text("You have asked to join")).to_be_visible()
    sign_out(page, axe)

    sign_in(page, visit, axe, femi.email)
    visit("/cohorts/facilitating/")
    page.get_by_role("link", name="1 request waiting").click()
    axe()
    page.get_by_role("button", name=f"Approve {asker.full_name}").click()
    axe()
    expect(page.get_by_text(f"You approved {asker.full_name}")).to_be_visible()

    visit(f"/cohorts/{cohort.pk}/")
    page.get_by_role("link", name="Add a session").click()
    axe()
    fill_date(page, "date", today + datetime.timedelta(days=10))
    page.get_by_label("Start time").fill("13:30")
    page.get_by_label("Place").fill("PCN hub, meeting room 2")
    page.get_by_role("button", name="Add session").click()
    axe()
    expect(page.get_by_text("PCN hub, meeting room 2")).to_be_visible()

    page.get_by_role("link", name="Propose and vote on topics").click()
    axe()
    card = page.locator(f"#topic-{cohort.topics.get(title='Dealing with conflict').pk}")
    card.get_by_role("button", name="Use topic Dealing with conflict").click()
    axe()
    visit(f"/cohorts/{cohort.pk}/")
    expect(page.get_by_text("for 120 minutes: Dealing with conflict")).to_be_visible()


def test_a_facilitator_edits_the_ground_rules_and_takes_set_attendance(
    page: Page, visit, axe, femi, sixteen
):
    learning_set = services.set_create(name="Standalone set", facilitator=femi)
    for person in sixteen[:3]:
        services.set_member_add(learning_set=learning_set, person=person)
    # Attendance is taken once a meeting has begun: this one started an hour ago.
    meeting = services.meeting_create(
        learning_set=learning_set,
        starts_at=timezone.now() - datetime.timedelta(hours=1),
        presenters=sixteen[:1],
    )
    sign_in(page, visit, axe, femi.email)
    visit(learning_set.get_absolute_url())
    expect(page.get_by_text("Below minimum")).to_be_visible()
    page.get_by_role("link", name="Edit the ground rules").click()
    axe()
    page.get_by_label("Ground rules").fill("We keep what we hear to ourselves.")
    page.get_by_role("button", name="Save ground rules").click()
    axe()
    visit(meeting.get_absolute_url())
    page.get_by_role("link", name="Take attendance").click()
    axe()
    page.get_by_role("group", name=sixteen[0].full_name).get_by_label("Present").check()
    page.get_by_role("button", name="Save attendance").click()
    axe()
    assert meeting.attendance.get().status == "present"
    visit("/cohorts/facilitating/")
    expect(page.get_by_text("Standalone set: 3 of at least 4")).to_be_visible()


def test_a_facilitator_moves_someone_before_confirming_the_sets(
    page: Page, visit, axe, femi, sixteen
):
    cohort = services.cohort_create(
        name="Thirteen",
        description="Two uneven sets.",
        facilitator=femi,
        start_date=timezone.localdate(),
        end_date=timezone.localdate() + datetime.timedelta(days=100),
    )
    services.members_enrol(cohort=cohort, people=sixteen[:13])
    proposal = services.proposal_make(cohort=cohort, min_size=5, max_size=8)
    mover = next(p for p in sixteen if p.pk in proposal.groups[0])
    sign_in(page, visit, axe, femi.email)
    visit(f"/cohorts/{cohort.pk}/sets/proposal/")
    expect(page.get_by_role("heading", name="Set 1 (7 people)")).to_be_visible()
    page.get_by_label(f"Move {mover.full_name} to").select_option(label="Set 2")
    page.get_by_role("button", name=f"Move {mover.full_name}").click()
    axe()
    expect(page.get_by_role("heading", name="Set 1 (6 people)")).to_be_visible()
    expect(page.get_by_role("heading", name="Set 2 (7 people)")).to_be_visible()
    page.get_by_role("button", name="Confirm these sets").click()
    axe()
    moved_to = ActionLearningSet.objects.get(name="Thirteen: set 2")
    assert moved_to.memberships.filter(person=mover).exists()


def test_a_member_asks_for_a_place_in_a_set_and_its_facilitator_approves(
    page: Page, visit, axe, femi, sixteen
):
    today = timezone.localdate()
    asker = sixteen[3]
    cohort = services.cohort_create(
        name="Sets cohort",
        description="Sets by request.",
        facilitator=femi,
        start_date=today,
        end_date=today + datetime.timedelta(days=100),
    )
    services.members_enrol(cohort=cohort, people=sixteen[:4])
    learning_set = services.set_create(name="Morning set", facilitator=femi, cohort=cohort)
    for person in sixteen[:2]:
        services.set_member_add(learning_set=learning_set, person=person)

    sign_in(page, visit, axe, asker.email)
    visit(f"/cohorts/{cohort.pk}/")
    page.get_by_role("button", name="Get a calendar address").click()
    axe()
    expect(page.get_by_text("Your calendar address is ready")).to_be_visible()
    page.get_by_role("button", name="Ask to join Morning set").click()
    axe()
    expect(page.get_by_text("You have asked to join Morning set")).to_be_visible()
    sign_out(page, axe)

    sign_in(page, visit, axe, femi.email)
    visit("/cohorts/facilitating/")
    page.get_by_role("link", name="1 request to join").click()
    axe()
    page.get_by_role("button", name=f"Approve {asker.full_name}").click()
    axe()
    expect(page.get_by_text(f"You approved {asker.full_name}")).to_be_visible()
    page.get_by_role("button", name="Add to the set").click()
    axe()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    sign_out(page, axe)

    sign_in(page, visit, axe, asker.email)
    visit(f"/sets/{learning_set.pk}/")
    axe()
    page.get_by_label("I accept these ground rules").check()
    page.get_by_role("button", name="Continue to the set").click()
    axe()
    expect(page.get_by_role("heading", level=1)).to_have_text("Morning set")
