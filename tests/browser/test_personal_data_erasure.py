"""Erasing your own account, driven through Chromium, axe on every page."""

import pytest
from playwright.sync_api import Page, expect

from portal.models import Person
from tests.factories import PASSWORD, PersonFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def nina(transactional_db):
    """Nina, a general practice nurse leaving the portal."""
    return PersonFactory(full_name="Nina Clarke", email="nina@example.nhs.uk")


def test_a_member_erases_her_account_and_ends_signed_out(page: Page, visit, axe, nina):
    visit("/accounts/login/")
    page.get_by_label("Email").fill(nina.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    axe()

    visit("/me/data/")
    page.get_by_role("link", name="Erase your account and data").click()
    axe()
    expect(page.get_by_role("heading", level=1)).to_have_text("Erase your account")

    # A wrong password: the error summary says so and nothing is erased.
    page.get_by_label("I understand that my account and my data will be erased").check()
    page.get_by_label("Your password").fill("not-my-password")
    page.get_by_role("button", name="Erase my account").click()
    axe()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("The password is not right")
    assert Person.objects.get(pk=nina.pk).erased_at is None

    page.get_by_label("I understand that my account and my data will be erased").check()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Erase my account").click()
    axe()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account has been erased")
    expect(page.get_by_role("link", name="Sign in", exact=True)).to_be_visible()
    assert Person.objects.get(pk=nina.pk).erased_at is not None

    # Her old account cannot sign in.
    visit("/accounts/login/")
    page.get_by_label("Email").fill(nina.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    axe()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
