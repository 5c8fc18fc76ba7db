"""Careers as people use it, in Chromium, axe on every page: pathways, a self-assessment
with recommendations, 360 feedback from three raters, and the leadership log."""

import re

import pytest
from playwright.sync_api import Page, expect

from portal.models import LeadershipDimension
from tests.careers.factories import dimension, level, pathway_for
from tests.factories import PASSWORD, PersonFactory, profession
from tests.programmes.factories import IntakeFactory, OfferFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def pathways(transactional_db):
    pathway_for(profession("general-practice-nurse"))
    pathway_for(
        profession("clinical-pharmacist"),
        levels=("student-or-trainee", "early-career", "established", "senior-leader"),
    )


@pytest.fixture
def nia(transactional_db):
    return PersonFactory(
        email="nia@example.nhs.uk", full_name="Nia Evans", career_level=level("established")
    )


def sign_in(page: Page, visit, axe, email: str) -> None:
    visit("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    axe()


def rate_everything(page: Page, value: str) -> None:
    for slug in LeadershipDimension.objects.values_list("slug", flat=True):
        page.locator(f"input[name='level_{slug}'][value='{value}']").check()


def test_someone_compares_the_nurse_and_pharmacist_pathways(page: Page, visit, axe, pathways):
    visit("/pathways/")
    expect(page.get_by_text("there is no pathway for this profession yet").first).to_be_visible()
    page.get_by_role("link", name="General practice nurse").click()
    axe()
    expect(page.get_by_role("heading", name="General practice nurse stage 1")).to_be_visible()
    visit("/pathways/compare/")
    page.get_by_label("General practice nurse").check()
    page.get_by_label("Clinical pharmacist").check()
    page.get_by_role("button", name="Compare").click()
    axe()
    student = page.get_by_role("region", name="Student or trainee")
    expect(
        student.get_by_role("heading", name=re.compile("^General practice nurse"))
    ).to_be_visible()
    expect(student).to_contain_text("No stage at this level")
    expect(page.get_by_role("region", name="Senior leader")).to_contain_text(
        "Clinical pharmacist stage 4"
    )
    visit("/pathways/compare/?professions=general-practice-nurse")
    expect(page.get_by_role("alert")).to_contain_text("Choose two or three professions")


def fits(page: Page) -> None:
    width, viewport = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= viewport, f"{page.url} is {width}px wide on a {viewport}px screen"


def test_three_pathways_compared_fit_a_laptop_and_stack_on_a_phone(
    page: Page, visit, axe, pathways
):
    pathway_for(profession("paramedic"))
    three = "general-practice-nurse,clinical-pharmacist,paramedic"
    page.set_viewport_size({"width": 1280, "height": 800})
    visit(f"/pathways/compare/?professions={three}")
    fits(page)
    senior = page.get_by_role("region", name="Senior leader")
    cards = senior.locator(".portal-compare__item")
    tops = [cards.nth(i).bounding_box()["y"] for i in range(3)]
    assert len(set(tops)) == 1, "side by side on a laptop"

    page.set_viewport_size({"width": 375, "height": 740})
    visit(f"/pathways/compare/?professions={three}")
    fits(page)
    boxes = [cards.nth(i).bounding_box() for i in range(3)]
    assert boxes[0]["y"] < boxes[1]["y"] < boxes[2]["y"], "one under another on a phone"
    assert all(box["x"] + box["width"] <= 375 for box in boxes)


def test_a_nurse_takes_a_self_assessment_and_sees_the_chart_and_recommendations(
    page: Page, visit, axe, pathways, nia
):
    offer = OfferFactory(
        title="Holding to account in practice", dimensions=[dimension("holding-to-account")]
    )
    IntakeFactory(offer=offer)
    sign_in(page, visit, axe, nia.email)
    visit("/me/assessment/")
    page.get_by_role("button", name="Take your first self-assessment").click()
    axe()
    page.get_by_role("button", name="Save self-assessment").click()
    axe()
    expect(page.get_by_role("alert")).to_contain_text("Select your level in “Leading with care”")
    rate_everything(page, "2")
    page.locator("input[name='level_holding-to-account'][value='1']").check()
    page.get_by_label(
        "The level you are aiming for in “Holding to account” (optional)"
    ).select_option("3")
    page.get_by_role("button", name="Save self-assessment").click()
    axe()
    expect(
        page.get_by_role("img", name=re.compile("Your levels on the nine dimensions"))
    ).to_be_visible()
    expect(page.get_by_role("table", name="Your levels, dimension by dimension")).to_be_visible()
    expect(page.get_by_role("link", name="Holding to account in practice")).to_be_visible()
    expect(page.get_by_text("It develops holding to account")).to_be_visible()


def test_a_nurse_invites_three_raters_who_answer_and_she_sees_the_results(
    page: Page, visit, axe, nia, mailoutbox
):
    sign_in(page, visit, axe, nia.email)
    visit("/me/feedback/")
    page.get_by_role("button", name="Send invitations").click()
    axe()
    expect(page.get_by_role("alert")).to_contain_text("Invite at least 3 people")
    raters = [
        ("Maya Manager", "maya@example.nhs.uk", "Manager"),
        ("Pete Peer", "pete@example.nhs.uk", "Peer"),
        ("Dee Report", "dee@example.nhs.uk", "Direct report"),
    ]
    for index, (name, email, relationship) in enumerate(raters):
        page.locator(f"#id_raters-{index}-name").fill(name)
        page.locator(f"#id_raters-{index}-email").fill(email)
        page.locator(f"#id_raters-{index}-relationship").select_option(label=relationship)
    page.get_by_role("button", name="Send invitations").click()
    axe()
    expect(page.get_by_text("Your invitations are on their way")).to_be_visible()
    assert len(mailoutbox) == 3
    for message in mailoutbox:
        link = re.search(r"http\S+/feedback/\S+/", message.body).group(0)
        visit("/" + link.split("://", 1)[1].split("/", 1)[1])
        rate_everything(page, "3")
        page.get_by_role("button", name="Send feedback").click()
        axe()
        expect(page.get_by_role("heading", name="Feedback sent")).to_be_visible()
    visit("/me/feedback/")
    page.get_by_role("link", name=re.compile("^Request of")).click()
    axe()
    # The last answer closed the request: results are released once, as levels.
    expect(
        page.get_by_role("table", name=re.compile("^Your self-assessment and your raters"))
    ).to_contain_text("Strong")


def test_a_gp_trainee_adds_two_activities_and_prints_the_summary(
    page: Page, visit, axe, transactional_db
):
    tom = PersonFactory(
        email="tom@example.nhs.uk", full_name="Tom Okafor", profession=profession("gp-trainee")
    )
    sign_in(page, visit, axe, tom.email)
    for title, day, kind in [
        ("Chaired the practice significant event meeting", "4", "Chaired a meeting"),
        ("Taught medical students about asthma", "11", "Teaching"),
    ]:
        visit("/me/activities/")
        page.get_by_role("button", name="Add an activity").click()
        axe()
        page.get_by_label("Title").fill(title)
        page.get_by_label("Day").fill(day)
        page.get_by_label("Month").fill("3")
        page.get_by_label("Year").fill("2025")
        page.get_by_label(kind, exact=True).check()
        page.get_by_label("Hours (optional)").fill("1.5")
        page.get_by_label("Engaging the team").check()
        page.get_by_label("Reflection").fill("What happened, what I learned, what I will do next.")
        page.get_by_role("button", name="Save activity").click()
        axe()
        expect(page.get_by_text(f"“{title}” is in your leadership log.")).to_be_visible()
    visit("/me/activities/?start=2025-03-10&dimension=engaging-the-team")
    expect(page.get_by_role("heading", name="Taught medical students about asthma")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("significant event"))).to_have_count(0)
    page.get_by_role("button", name="Printable summary").click()
    axe()
    expect(page.get_by_role("heading", name="Leadership log: Tom Okafor")).to_be_visible()
    expect(page.get_by_role("heading", name="Taught medical students about asthma")).to_be_visible()
    expect(page.get_by_text("From 10 March 2025")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.get_by_role("link", name="Back to your log")).to_be_hidden()
