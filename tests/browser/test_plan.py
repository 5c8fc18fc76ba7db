"""Her plan in Chromium, axe on every page: a brand-new account's first steps, and a
member with everything on a phone, who makes, replaces and stops her calendar address."""

import pytest
from playwright.sync_api import Page, expect

from portal.plan.models import PlanCalendar
from tests.factories import PASSWORD, PersonFactory
from tests.portal.plan_world import member_with_everything

pytestmark = pytest.mark.browser


def sign_in(page: Page, visit, axe, email: str) -> None:
    visit("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    axe()


def test_a_brand_new_nurse_is_told_what_to_do_first(page: Page, visit, axe, transactional_db):
    person = PersonFactory(email="new@example.nhs.uk", full_name="Nia Evans", career_level=None)
    sign_in(page, visit, axe, person.email)

    expect(page.get_by_role("heading", name="Your plan")).to_be_visible()
    steps = page.get_by_role("heading", name="What to do first").locator("xpath=..")
    expect(steps.get_by_role("link")).to_have_text(
        [
            "Set your career stage",
            "Browse offers for general practice nurses",
            "Take the self-assessment",
        ]
    )
    steps.get_by_role("link", name="Take the self-assessment").click()
    axe()
    expect(page).to_have_url(f"{page.url.split('/me/')[0]}/me/assessment/new/")


def test_a_member_with_everything_reads_her_plan_on_a_phone_and_subscribes(
    page: Page, visit, axe, transactional_db
):
    page.set_viewport_size({"width": 375, "height": 740})
    nia = member_with_everything().nia
    PlanCalendar.objects.filter(person=nia).delete()
    sign_in(page, visit, axe, nia.email)

    now = page.get_by_role("list", name="Needs you now")
    expect(now.get_by_role("link", name="A sponsor has been proposed for you")).to_be_visible()
    expect(now.get_by_role("link", name="Accept the ground rules of Set two")).to_be_visible()
    expect(page.get_by_text("Cohort session").first).to_be_visible()
    expect(page.get_by_role("table", name="Activities and hours this year")).to_be_visible()
    # Nothing on the page is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.get_by_role("button", name="Get a calendar address").click()
    axe()
    expect(page.get_by_text("Your calendar address is ready")).to_be_visible()
    first = PlanCalendar.objects.get(person=nia).token
    expect(page.locator("code")).to_contain_text(first)

    page.get_by_role("button", name="Make a new address").click()
    axe()
    second = PlanCalendar.objects.get(person=nia).token
    assert second != first
    expect(page.locator("code")).to_contain_text(second)

    page.get_by_role("button", name="Stop this address").click()
    axe()
    expect(page.get_by_text("Your calendar address has stopped working")).to_be_visible()
    assert not PlanCalendar.objects.filter(person=nia).exists()

    now.get_by_role("link", name="Accept the ground rules of Set two").click()
    axe()
