"""Mentoring as a seeker, a sponsor and a co-ordinator use it, axe on every page."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import Page, expect

from careers.mentoring import services
from careers.mentoring.models import COORDINATORS, MatchingRound, Meeting, RoleModel
from portal.models import Organisation, OrganisationKind
from tests.factories import PASSWORD, PersonFactory, icb, profession

pytestmark = pytest.mark.browser


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
def people(transactional_db):
    devon = Organisation.objects.create(
        kind=OrganisationKind.TRAINING_HUB, name="Devon Training Hub", icb=icb()
    )
    cora = PersonFactory(full_name="Cora Ward", email="cora@example.nhs.uk", organisation=devon)
    cora.groups.add(Group.objects.get(name=COORDINATORS))
    sam = PersonFactory(
        full_name="Sam Reid", email="sam@example.nhs.uk", profession=profession("gp")
    )
    services.offer_save(person=sam, kind="sponsor", capacity=2)
    priya = PersonFactory(
        full_name="Priya Shah",
        email="priya@example.nhs.uk",
        profession=profession("clinical-pharmacist"),
    )
    matching_round = MatchingRound.objects.create(name="Devon all year", hub=devon, standing=True)
    return {"cora": cora, "sam": sam, "priya": priya, "round": matching_round}


def test_a_pharmacist_is_matched_with_a_sponsor_and_they_log_a_meeting(
    page: Page, visit, axe, people
):
    sign_in(page, visit, axe, "priya@example.nhs.uk")
    visit("/mentoring/")
    page.get_by_role("button", name="Ask for support").click()
    axe()
    page.get_by_label("Sponsor").check()
    page.get_by_label("What would you like to achieve?").fill(
        "Lead our network's prescribing work."
    )
    page.get_by_role("button", name="Send request").click()
    axe()
    expect(page.get_by_text("Your request is in the round")).to_be_visible()
    sign_out(page, axe)

    sign_in(page, visit, axe, "cora@example.nhs.uk")
    visit(f"/mentoring/rounds/{people['round'].pk}/")
    page.get_by_role("button", name="Run matching").click()
    axe()
    expect(page.get_by_text("1 match proposed")).to_be_visible()
    page.get_by_role("button", name="Confirm proposed matches").click()
    axe()
    expect(page.get_by_text("1 of 1 request (100%)")).to_be_visible()
    sign_out(page, axe)

    for email in ("priya@example.nhs.uk", "sam@example.nhs.uk"):
        sign_in(page, visit, axe, email)
        visit("/mentoring/")
        page.get_by_role("button", name="Accept").click()
        axe()
        expect(page.get_by_text("You accepted the match.")).to_be_visible()
        if email.startswith("priya"):
            sign_out(page, axe)

    page.get_by_role("link", name="Meetings and agreement").click()
    axe()
    fill_date(page, "met_on", timezone.localdate())
    page.get_by_label("Notes").fill("Agreed a first stretch project.")
    page.get_by_role("button", name="Log meeting").click()
    axe()
    expect(page.get_by_text("Agreed a first stretch project.")).to_be_visible()
    assert Meeting.objects.get().logged_by == people["sam"]


def test_the_role_model_directory_filters_by_profession(page: Page, visit, axe, people):
    RoleModel.objects.create(
        person=people["priya"],
        title="Clinical director",
        story="I began as a community pharmacist.",
    )
    sign_in(page, visit, axe, "sam@example.nhs.uk")
    visit("/mentoring/role-models/me/")
    page.get_by_label("Current role").fill("GP partner")
    page.get_by_label("Your route into leadership").fill("Training practice.")
    page.get_by_role("button", name="Save").click()
    axe()
    expect(page.get_by_text("Your role-model entry is saved.")).to_be_visible()
    visit("/mentoring/role-models/")
    page.get_by_label("Profession").select_option(label="Clinical pharmacist")
    page.get_by_role("button", name="Filter").click()
    axe()
    expect(page.get_by_text("I began as a community pharmacist.")).to_be_visible()
    expect(page.get_by_text("Training practice.")).to_have_count(0)
