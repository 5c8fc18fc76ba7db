"""Protected time agreed with the practice, in Chromium, axe on every page: Nia applies
and names her practice manager by email; the manager, with no account, opens the emailed
link and agrees; Nia's applications show it."""

import re
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from playwright.sync_api import Page, expect

from tests.conftest import AxeCheck
from tests.factories import PASSWORD, PersonFactory
from tests.programmes.factories import IntakeFactory, OfferFactory, days_from_today

pytestmark = pytest.mark.browser


@pytest.fixture
def offer(transactional_db):
    offer = OfferFactory(
        title="Practice nurse leadership programme",
        backfill_paid=True,
        backfill_rate=Decimal("32"),
        time_agreement_required=True,
    )
    IntakeFactory(offer=offer, start_date=days_from_today(42), places=20)
    return offer


def test_nia_applies_her_manager_agrees_through_the_emailed_link_and_nia_sees_it(
    page: Page, visit, axe, live_server, offer, mailoutbox
):
    nia = PersonFactory(email="nia@example.nhs.uk", full_name="Nia Evans")
    visit("/accounts/login/")
    page.get_by_label("Email").fill(nia.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    axe()

    visit(offer.get_absolute_url())
    page.get_by_role("button", name=re.compile("^Apply")).click()
    axe()
    expect(
        page.get_by_role("heading", name=re.compile("Who agrees your protected time"))
    ).to_be_visible()
    expect(
        page.get_by_text("This offer confirms a place only once the time is agreed.")
    ).to_be_visible()
    # Nothing typed: the error summary leads to what is missing.
    page.get_by_role("button", name="Send the request").click()
    axe()
    expect(page.get_by_role("alert")).to_contain_text("Enter their full name")
    page.get_by_label("Your practice or PCN manager's full name").fill("Pat Practice")
    page.get_by_label("Their email address").fill("pat.practice@example.nhs.uk")
    page.get_by_role("button", name="Send the request").click()
    axe()
    expect(page.get_by_text("We have emailed Pat Practice a link")).to_be_visible()
    expect(page.get_by_text("Waiting for Pat Practice.")).to_be_visible()

    [message] = [m for m in mailoutbox if m.to == ["pat.practice@example.nhs.uk"]]
    link = re.search(r"https?://\S+/time/\S+/", message.body).group(0)
    path = "/" + link.split("://", 1)[1].split("/", 1)[1]

    # The manager has no account: a fresh browser context, signed out.
    manager = page.context.browser.new_context(bypass_csp=True)
    try:
        their_page = manager.new_page()
        check = AxeCheck(their_page)
        their_page.goto(live_server.url + path)
        check()
        expect(
            their_page.get_by_role("heading", name="Protected time for Nia Evans")
        ).to_be_visible()
        expect(their_page.get_by_text("Backfill paid at £32 an hour.")).to_be_visible()
        their_page.get_by_label("Yes, I agree the time").check()
        their_page.get_by_label("Note (optional)").fill("Tuesdays suit the practice.")
        their_page.get_by_role("button", name="Send your answer").click()
        check()
        today = date_format(timezone.localdate(), "j F Y")
        expect(their_page.get_by_text(f"You agreed this time on {today}")).to_be_visible()
        assert check.unchecked() == []
    finally:
        manager.close()

    visit("/me/applications/")
    expect(page.get_by_text(f"Time agreed by Pat Practice on {today}.")).to_be_visible()
    expect(page.get_by_text("Tuesdays suit the practice.")).to_be_visible()
