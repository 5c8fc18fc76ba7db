"""A newcomer's first weeks end to end in Chromium, axe on every page (issue 16).

Nia signs up, confirms her address, sets her career stage, takes the self-assessment,
saves an offer and applies naming her manager for protected time; the manager agrees
through the emailed link; a sponsor match is proposed and she accepts it; her plan then
shows each of those. The world around her (offers, a sponsor, a co-ordinator and their
round) is arranged with factories and services; everything she does goes through the
browser.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import Page, expect

from careers.mentoring import services as mentoring
from careers.mentoring.models import COORDINATORS, Match, MatchingRound
from portal.models import LeadershipDimension, Organisation, OrganisationKind, Person
from tests.careers.factories import dimension, pathway_for
from tests.conftest import AxeCheck
from tests.factories import OrganisationFactory, PersonFactory, icb, profession
from tests.programmes.factories import IntakeFactory, OfferFactory, days_from_today

pytestmark = pytest.mark.browser

PASSPHRASE = "a-long-and-unusual-passphrase"
OFFER = "Holding to account in practice"


@pytest.fixture
def world(transactional_db):
    OrganisationFactory(name="Riverside Surgery", kind=OrganisationKind.PRACTICE)
    pathway_for(profession("general-practice-nurse"))
    offer = OfferFactory(
        title=OFFER,
        dimensions=[dimension("holding-to-account")],
        backfill_paid=True,
        backfill_rate=Decimal("32"),
        time_agreement_required=True,
    )
    IntakeFactory(offer=offer, start_date=days_from_today(42), places=20)
    devon = Organisation.objects.create(
        kind=OrganisationKind.TRAINING_HUB, name="Devon Training Hub", icb=icb()
    )
    cora = PersonFactory(full_name="Cora Ward", email="cora@example.nhs.uk", organisation=devon)
    cora.groups.add(Group.objects.get(name=COORDINATORS))
    sam = PersonFactory(
        full_name="Sam Reid", email="sam@example.nhs.uk", profession=profession("gp")
    )
    mentoring.offer_save(person=sam, kind="sponsor", capacity=2)
    matching_round = MatchingRound.objects.create(name="Devon all year", hub=devon, standing=True)
    return {"offer": offer, "cora": cora, "sam": sam, "round": matching_round}


def path_of(link: str) -> str:
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def choose_workplace(page: Page, search: str, name: str) -> None:
    """As in test_accounts: drive the select, or the search box JavaScript makes of it."""
    page.wait_for_load_state("networkidle")
    field = page.get_by_label("Where you work")
    if field.evaluate("element => element.tagName") == "SELECT":
        field.select_option(label=re.compile(f"^{re.escape(name)}"))
        return
    field.fill(search)
    page.get_by_role("option", name=re.compile(re.escape(name))).first.click()


def sign_up_and_confirm(page: Page, visit, axe, mailoutbox) -> Person:
    visit("/accounts/signup/")
    page.get_by_label("Full name").fill("Nia Evans")
    page.get_by_label("Email").fill("nia@example.nhs.uk")
    page.get_by_label("Profession").select_option(label="General practice nurse")
    choose_workplace(page, "Riverside", "Riverside Surgery")
    page.locator("#id_password1").fill(PASSPHRASE)
    page.locator("#id_password2").fill(PASSPHRASE)
    page.get_by_role("button", name="Create account").click()
    axe()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    [message] = [m for m in mailoutbox if m.to == ["nia@example.nhs.uk"]]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", message.body).group(0)
    visit(path_of(link))
    page.get_by_role("button", name="Confirm email address").click()
    axe()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    return Person.objects.get(email="nia@example.nhs.uk")


def set_career_stage(page: Page, visit, axe) -> None:
    visit("/")
    page.get_by_role("link", name="Set your career stage").click()
    axe()
    page.get_by_label("Established").check()
    page.get_by_role("button", name="Save your profile").click()
    axe()
    expect(page.get_by_text("Your profile has been saved.")).to_be_visible()


def assess(page: Page, visit, axe) -> None:
    visit("/me/assessment/")
    page.get_by_role("button", name="Take your first self-assessment").click()
    axe()
    for slug in LeadershipDimension.objects.values_list("slug", flat=True):
        page.locator(f"input[name='level_{slug}'][value='2']").check()
    page.locator("input[name='level_holding-to-account'][value='1']").check()
    page.get_by_role("button", name="Save self-assessment").click()
    axe()
    expect(page.get_by_role("link", name=OFFER)).to_be_visible()


def save_and_apply(page: Page, axe) -> None:
    # From her recommendations, as a newcomer would find it.
    page.get_by_role("link", name=OFFER).first.click()
    axe()
    page.get_by_role("button", name="Save this offer").click()
    axe()
    page.get_by_role("button", name=re.compile("^Apply")).click()
    axe()
    expect(page.get_by_text("You have applied for")).to_be_visible()
    page.get_by_label("Your practice or PCN manager's full name").fill("Pat Practice")
    page.get_by_label("Their email address").fill("pat.practice@example.nhs.uk")
    page.get_by_role("button", name="Send the request").click()
    axe()
    expect(page.get_by_text("Waiting for Pat Practice.")).to_be_visible()


def manager_agrees(page: Page, live_server, mailoutbox) -> None:
    [message] = [m for m in mailoutbox if m.to == ["pat.practice@example.nhs.uk"]]
    link = re.search(r"https?://\S+/time/\S+/", message.body).group(0)
    # The manager has no account: a fresh browser context, signed out.
    manager = page.context.browser.new_context(bypass_csp=True)
    try:
        their_page = manager.new_page()
        check = AxeCheck(their_page)
        their_page.goto(live_server.url + path_of(link))
        check()
        their_page.get_by_label("Yes, I agree the time").check()
        their_page.get_by_role("button", name="Send your answer").click()
        check()
        expect(their_page.get_by_text("You agreed this time on")).to_be_visible()
        assert check.unchecked() == []
    finally:
        manager.close()


def ask_for_a_sponsor(page: Page, visit, axe) -> None:
    visit("/mentoring/")
    page.get_by_role("button", name="Ask for support").click()
    axe()
    page.get_by_label("Sponsor").check()
    page.get_by_label("What would you like to achieve?").fill("Lead our practice's nursing team.")
    page.get_by_role("button", name="Send request").click()
    axe()
    expect(page.get_by_text("Your request is in the round")).to_be_visible()


def accept_the_match_and_agree_an_end(page: Page, visit, axe, ends_on: datetime.date) -> None:
    visit("/")
    page.get_by_role("link", name="A sponsor has been proposed for you").click()
    axe()
    page.get_by_role("button", name="Accept").click()
    axe()
    expect(page.get_by_text("You accepted the match.")).to_be_visible()
    page.get_by_role("link", name="Meetings and agreement").click()
    axe()
    page.get_by_label("Goals").fill("Lead the nursing team's quality work.")
    page.get_by_label("How often you will meet").fill("Monthly for an hour")
    page.locator("#id_ends_on_day").fill(str(ends_on.day))
    page.locator("#id_ends_on_month").fill(str(ends_on.month))
    page.locator("#id_ends_on_year").fill(str(ends_on.year))
    page.get_by_role("button", name="Save agreement").click()
    axe()
    expect(page.get_by_text("Agreement saved.")).to_be_visible()


def test_nia_a_newcomer_nurse_signs_up_assesses_applies_is_matched_and_her_plan_shows_it_all(
    page: Page, visit, axe, live_server, world, mailoutbox
):
    nia = sign_up_and_confirm(page, visit, axe, mailoutbox)
    set_career_stage(page, visit, axe)
    assess(page, visit, axe)
    save_and_apply(page, axe)
    manager_agrees(page, live_server, mailoutbox)
    ask_for_a_sponsor(page, visit, axe)

    # The co-ordinator runs and confirms the round; the sponsor accepts first.
    mentoring.round_run(matching_round=world["round"], by=world["cora"])
    assert mentoring.round_confirm(matching_round=world["round"], by=world["cora"]) == 1
    match = Match.objects.get(request__seeker=nia)
    mentoring.match_answer(match=match, person=world["sam"], accept=True)
    ends_on = timezone.localdate() + datetime.timedelta(days=180)
    accept_the_match_and_agree_an_end(page, visit, axe, ends_on)

    visit("/")
    expect(page.get_by_role("heading", name="Your plan")).to_be_visible()
    expect(page.get_by_role("heading", name="What to do first")).to_have_count(0)
    heading = page.locator("#heading + dl")
    # "Established" is stage 2 of the nurses' pathway: she is heading for stage 3.
    expect(heading.locator("dd").first).to_have_text("General practice nurse stage 2")
    expect(heading).to_contain_text("General practice nurse stage 3")
    expect(page.get_by_role("heading", name="Holding to account")).to_be_visible()
    coming_up = page.locator("#coming-up + dl")
    starts = coming_up.locator(".nhsuk-summary-list__row", has_text="Intake starts")
    expect(starts.get_by_role("link", name=OFFER)).to_be_visible()
    today = date_format(timezone.localdate(), "j F Y")
    expect(starts).to_contain_text(f"Time agreed by Pat Practice on {today}.")
    ending = coming_up.locator(".nhsuk-summary-list__row", has_text="Mentoring")
    expect(ending.get_by_role("link", name="Your mentoring relationship ends")).to_be_visible()
    expect(ending).to_contain_text(date_format(ends_on, "D j M Y"))
    # Nothing about the match waits for her any more: both of them accepted.
    expect(page.get_by_text("A sponsor has been proposed for you")).to_have_count(0)
