"""The issue's proof: Cara, a Devon hub curator, opens the diversity page, reads the
figures with small numbers hidden, and downloads the leaders table as CSV; axe on every
page, and the page works at a phone's width."""

import csv

import pytest
from playwright.sync_api import Page, expect

from portal import services
from portal.models import HeldRoleKind
from tests.factories import PASSWORD, OrganisationFactory, PersonFactory, icb, profession
from tests.programmes.factories import HubFactory

pytestmark = pytest.mark.browser


def devon_members():
    """12 GPs (8 lead), 10 nurses (5 lead) and 3 paramedics (1 leads) in Devon."""
    practice = OrganisationFactory(icb=icb("QJK"), name="Haldon Ridge Surgery")
    for slug, members, leading in (
        ("gp", 12, 8),
        ("general-practice-nurse", 10, 5),
        ("paramedic", 3, 1),
    ):
        for number in range(members):
            person = PersonFactory(profession=profession(slug), organisation=practice)
            if number < leading:
                services.held_roles_update(person, [HeldRoleKind.CLINICAL_LEAD])


def test_cara_opens_the_diversity_page_and_downloads_its_csv(
    page: Page, visit, axe, transactional_db
):
    hub = HubFactory(icb=icb("QJK"), name="Devon Training Hub")
    hub.serves_icbs.add(icb("QJK"))
    cara = PersonFactory(
        email="cara@example.nhs.uk",
        full_name="Cara Mensah",
        profession=None,
        organisation=hub,
        is_staff=True,
    )
    devon_members()

    visit("/accounts/login/")
    page.get_by_label("Email").fill(cara.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    axe()

    page.get_by_role("link", name="Insights").first.click()
    axe()
    page.get_by_role("link", name="Leadership diversity").click()
    axe()
    expect(page.get_by_role("heading", level=1, name="Leadership diversity")).to_be_visible()
    leaders = page.get_by_role("region", name="Leadership roles held now, table")
    expect(leaders.get_by_role("row", name="General practice nurse")).to_contain_text("5")
    expect(leaders.get_by_role("row", name="Paramedic")).to_contain_text("fewer than 5")
    expect(page.get_by_role("img", name="Chart: Leadership roles held now")).to_be_visible()

    section = page.locator("section[aria-labelledby=leaders]")
    with page.expect_download() as download_info:
        section.get_by_role("link", name="Download this table as CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("insights-leaders-")
    with open(download.path(), encoding="utf-8-sig") as downloaded:
        rows = list(csv.reader(downloaded))
    assert rows[0][:2] == ["Profession", "People"]
    by_profession = {row[0]: row for row in rows[1:]}
    assert by_profession["GP"][1] == "8"
    assert by_profession["Paramedic"][1] == "fewer than 5"
    assert by_profession["All professions"][1] == "14"
    assert not any("Mensah" in cell for row in rows for cell in row)

    # On a phone the page itself never scrolls sideways; wide tables scroll in their box.
    page.set_viewport_size({"width": 375, "height": 800})
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    axe()
