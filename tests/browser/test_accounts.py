"""A person's account, driven through Chromium as they would use it, axe on every page.

Each step that lands on a new page is followed by ``axe()``; the ``page`` fixture
fails any test that loads a page it never checked (tests/conftest.py).
"""

import re
import time

import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from playwright.sync_api import Page, expect

from portal.models import OrganisationKind, Person
from tests.factories import PASSWORD, OrganisationFactory, PersonFactory, profession, totp_code

pytestmark = pytest.mark.browser

PASSPHRASE = "a-long-and-unusual-passphrase"


@pytest.fixture
def surgery(transactional_db):
    return OrganisationFactory(name="Riverside Surgery", kind=OrganisationKind.PRACTICE)


@pytest.fixture
def nina(transactional_db, surgery):
    """Nina, a general practice nurse with a verified account."""
    return PersonFactory(
        full_name="Nina Clarke",
        email="nina@example.nhs.uk",
        profession=profession("general-practice-nurse"),
        organisation=surgery,
    )


def links_in(text: str) -> list[str]:
    return re.findall(r"https?://[^\s<>\"']+", text)


def choose_workplace(page: Page, search: str, name: str) -> None:
    """Pick a workplace as a person would: type and choose, or pick from the list.

    With JavaScript the select becomes a search-as-you-type box with the same label;
    wait for the page's scripts to settle so we drive whichever the person sees.
    """
    page.wait_for_load_state("networkidle")
    field = page.get_by_label("Where you work")
    if field.evaluate("element => element.tagName") == "SELECT":
        field.select_option(label=re.compile(f"^{re.escape(name)}"))
        return
    field.fill(search)
    page.get_by_role("option", name=re.compile(re.escape(name))).first.click()


def sign_in(page: Page, axe, email: str, password: str) -> None:
    page.get_by_label("Email").fill(email)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    axe()


def sign_out(page: Page, axe) -> None:
    page.get_by_role("button", name="Sign out").click()
    axe()
    expect(page.get_by_role("link", name="Sign in", exact=True)).to_be_visible()


def test_a_nurse_signs_up_confirms_her_address_and_signs_in(
    page: Page, visit, axe, live_server, surgery, mailoutbox
):
    visit("/accounts/signup/")
    page.get_by_label("Full name").fill("Sam Patel")
    page.get_by_label("Email").fill("sam@example.nhs.uk")
    page.get_by_label("Profession").select_option(label="General practice nurse")
    choose_workplace(page, "Riverside", "Riverside Surgery")
    page.locator("#id_password1").fill(PASSPHRASE)
    page.locator("#id_password2").fill(PASSPHRASE)
    page.get_by_role("button", name="Create account").click()
    axe()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")

    sam = Person.objects.get(email="sam@example.nhs.uk")
    assert (sam.full_name, sam.profession.slug, sam.organisation) == (
        "Sam Patel",
        "general-practice-nurse",
        surgery,
    )
    [message] = mailoutbox
    assert message.to == ["sam@example.nhs.uk"]
    [link] = [url for url in links_in(message.body) if "/accounts/confirm-email/" in url]

    page.goto(link)
    axe()
    page.get_by_role("button", name="Confirm email address").click()
    axe()
    assert EmailAddress.objects.get(email="sam@example.nhs.uk").verified
    # Confirming in the browser that signed up signs the person in.
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    sign_out(page, axe)
    page.get_by_role("link", name="Sign in", exact=True).click()
    axe()
    sign_in(page, axe, "sam@example.nhs.uk", PASSPHRASE)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("link", name=re.compile("Your account"))).to_be_visible()


def test_a_nurse_edits_her_profile(page: Page, visit, axe, nina):
    visit("/accounts/login/")
    sign_in(page, axe, nina.email, PASSWORD)
    page.get_by_role("link", name=re.compile("Your account")).click()
    axe()

    page.get_by_label("Full name").fill("Nina Clarke-Jones")
    page.get_by_label("Profession").select_option(label="Advanced nurse practitioner")
    page.get_by_label("Established").check()
    page.get_by_role("button", name="Save your profile").click()
    axe()

    expect(page.get_by_text("Your profile has been saved.")).to_be_visible()
    expect(page.get_by_label("Full name")).to_have_value("Nina Clarke-Jones")
    nina.refresh_from_db()
    assert nina.full_name == "Nina Clarke-Jones"
    assert nina.profession.slug == "advanced-nurse-practitioner"
    assert nina.career_level.slug == "established"
    assert nina.organisation.name == "Riverside Surgery"


def test_a_nurse_sets_up_two_factor_and_signs_in_with_a_code(page: Page, visit, axe, nina):
    visit("/accounts/login/")
    sign_in(page, axe, nina.email, PASSWORD)
    visit("/me/")
    page.get_by_role("link", name="Two-factor authentication").click()
    axe()
    page.get_by_role("link", name=re.compile("Set up")).click()
    axe()
    # Changing how she signs in needs her password again, however recently she signed in.
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    axe()

    # She cannot scan the QR code from a test, so she types the key, as the page offers.
    page.get_by_text("I cannot scan the QR code").click()
    secret = page.locator("#authenticator-secret").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    page.get_by_label(re.compile("code", re.I)).fill(totp_code(secret))
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    axe()
    assert Authenticator.objects.filter(user=nina, type=Authenticator.Type.TOTP).exists()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")

    sign_out(page, axe)
    page.get_by_role("link", name="Sign in", exact=True).click()
    axe()
    # The code just used cannot be used twice: sign in a time step later.
    with time_machine.travel(time.time() + 30, tick=True):
        sign_in(page, axe, nina.email, PASSWORD)
        expect(page.get_by_role("heading", level=1)).to_have_text("Enter your security code")
        page.get_by_label(re.compile("code", re.I)).fill(totp_code(secret))
        page.get_by_role("button", name=re.compile("Sign in|Continue|Confirm")).click()
        axe()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    sign_out(page, axe)


def test_bad_signup_details_get_an_error_summary_that_leads_to_each_field(
    page: Page, visit, axe, surgery
):
    visit("/accounts/signup/")
    page.get_by_label("Email").fill("not an email address")
    page.get_by_role("button", name="Create account").click()
    axe()

    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_visible()
    expect(page).to_have_title(re.compile("^Error: "))
    links = summary.get_by_role("link")
    assert links.count() >= 5
    for index in range(links.count()):
        link = links.nth(index)
        target = link.get_attribute("href").removeprefix("#")
        link.click()
        focused = page.evaluate("document.activeElement && document.activeElement.id")
        assert focused == target, f"{link.inner_text()!r} moved focus to {focused!r}"
    assert not Person.objects.filter(email__icontains="not an email").exists()


def test_the_skip_link_is_the_first_thing_a_keyboard_reaches(page: Page, visit):
    visit("/")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_text("Skip to main content")
    expect(focused).to_have_attribute("href", "#maincontent")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "maincontent"
