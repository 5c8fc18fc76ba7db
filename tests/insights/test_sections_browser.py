"""The apps' insights pages in Chromium: Cara, a Devon hub curator, opens each one on a
phone-sized screen, with axe on every page."""

import pytest
from playwright.sync_api import Page, expect

from careers.models import Assessment, Rating
from portal.models import LeadershipDimension
from tests.factories import PASSWORD, PersonFactory, icb, profession
from tests.programmes.factories import HubFactory, IntakeFactory, OfferFactory

pytestmark = pytest.mark.browser

PAGES = {
    "needs": "Average gap per dimension",
    "topics": "Most wanted topics",
    "catalogue": "Professions with no open offer",
    "digest": "People reached each week",
}


def test_cara_reads_each_apps_insights_page_on_a_phone(page: Page, visit, axe, transactional_db):
    hub = HubFactory(icb=icb("QJK"), name="Devon Training Hub")
    hub.serves_icbs.add(icb("QJK"))
    cara = PersonFactory(
        email="cara@example.nhs.uk",
        full_name="Cara Mensah",
        profession=profession("practice-manager"),
        organisation=hub,
        is_staff=True,
    )
    IntakeFactory(offer=OfferFactory(hub=hub), places=12)
    for _ in range(6):
        assessment = Assessment.objects.create(person=PersonFactory())
        Rating.objects.bulk_create(
            Rating(assessment=assessment, dimension=d, level=1, target=2)
            for d in LeadershipDimension.objects.all()
        )
    page.set_viewport_size({"width": 375, "height": 800})

    visit("/accounts/login/")
    page.get_by_label("Email").fill(cara.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    axe()

    for key, heading in PAGES.items():
        visit(f"/insights/{key}/")
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
