"""Issue 16, 3.6: an unbroken 200-character title never widens a page on a phone."""

import pytest
from playwright.sync_api import Page

from tests.careers.factories import ActivityFactory
from tests.factories import PASSWORD, PersonFactory
from tests.programmes.factories import OfferFactory

pytestmark = pytest.mark.browser

LONG_WORD = "Leadership" * 20  # 200 characters, no space to break at


def fits(page: Page) -> None:
    width, viewport = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width <= viewport, f"{page.url} is {width}px wide on a {viewport}px screen"


def test_a_long_unbroken_title_wraps_on_a_phone(page: Page, visit, axe, transactional_db):
    page.set_viewport_size({"width": 375, "height": 740})
    nia = PersonFactory(email="nia@example.nhs.uk", full_name="Nia Evans")
    ActivityFactory(person=nia, title=LONG_WORD)
    offer = OfferFactory(title=LONG_WORD, slug="long-word-offer")

    visit(f"/offers/{offer.slug}/")
    fits(page)
    visit("/offers/")
    fits(page)

    visit("/accounts/login/")
    page.get_by_label("Email").fill(nia.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    axe()
    visit("/me/activities/")
    fits(page)
