"""Cara, staff of the Devon training hub, signs in, opens insights, reads the leadership
diversity page and downloads the leaders table as CSV: figures under 5 read "fewer than
5", others are rounded to 5, nobody is named, axe finds nothing on any page, and on a
phone only the tables scroll sideways, each in its own box that a keyboard can reach."""

import csv
import datetime
import re

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Page, expect

from portal import services
from portal.insights import diversity
from portal.models import HeldRoleKind
from tests.factories import PASSWORD, OrganisationFactory, PersonFactory, icb, profession
from tests.programmes.factories import HubFactory

pytestmark = pytest.mark.browser

# (profession, members, holding a leadership role): 30 members, 15 leaders.
DEVON_MEMBERS = [
    ("gp", 12, 8),
    ("general-practice-nurse", 10, 5),
    ("paramedic", 4, 2),
    ("clinical-pharmacist", 4, 0),
]


def devon_members() -> None:
    """Members who joined two quarters ago: insights publish ended quarters only."""
    with time_machine.travel(timezone.now() - datetime.timedelta(days=190)):
        _devon_members()


def _devon_members() -> None:
    practice = OrganisationFactory(icb=icb("QJK"), name="Haldon Ridge Surgery")
    for slug, members, leading in DEVON_MEMBERS:
        for number in range(members):
            person = PersonFactory(
                full_name=f"Quillfeather {slug} {number}",
                profession=profession(slug),
                organisation=practice,
            )
            if number < leading:
                kinds = [HeldRoleKind.CLINICAL_LEAD]
                if number == 0:
                    kinds.append(HeldRoleKind.PRACTICE_PARTNER)
                services.held_roles_update(person, kinds)
    # Members elsewhere are not Cara's to count.
    london = OrganisationFactory(icb=icb("QMF"), name="Thames Side Practice")
    for number in range(6):
        person = PersonFactory(
            full_name=f"Wolstenholme {number}",
            profession=profession("first-contact-physiotherapist"),
            organisation=london,
        )
        services.held_roles_update(person, [HeldRoleKind.CLINICAL_LEAD])


def test_a_curator_opens_insights_and_downloads_the_leadership_csv(
    page: Page, visit, axe, transactional_db, settings
):
    settings.INSIGHTS_CACHE_SECONDS = 0
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

    visit("/insights/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Leadership diversity")).to_be_visible()
    page.get_by_role("link", name="Leadership diversity").click()
    axe()

    expect(page.get_by_role("heading", level=1, name="Leadership diversity")).to_be_visible()
    expect(page.get_by_text("Quillfeather")).to_have_count(0)
    expect(page.get_by_text("Wolstenholme")).to_have_count(0)
    quarter = diversity.published_until(timezone.now()).label
    leaders = page.get_by_role(
        "region", name=f"Leadership roles held at the end of {quarter}, table"
    )
    # 8 GPs lead: shown rounded to the nearest 5.
    gps = leaders.get_by_role("row", name=re.compile(r"^GP (?!trainee)"))
    expect(gps).to_contain_text("10")
    expect(leaders.get_by_role("row", name="Paramedic")).to_contain_text("fewer than 5")
    # Every profession is listed: London's physiotherapists read like any small number.
    physios = leaders.get_by_role("row", name="First contact physiotherapist")
    expect(physios).to_contain_text("fewer than 5")

    section = page.locator("section[aria-labelledby=leaders]")
    with page.expect_download() as download_info:
        section.get_by_role("link", name="Download this table as CSV").click()
    download = download_info.value
    assert download.suggested_filename.startswith("insights-leaders-")
    assert download.suggested_filename.endswith(".csv")
    with open(download.path(), encoding="utf-8-sig") as downloaded:
        rows = list(csv.reader(downloaded))
    assert rows[0][:2] == ["Profession", "People"]
    by_profession = {row[0]: row for row in rows[1:]}
    assert by_profession["GP"][1] == "10"
    assert by_profession["General practice nurse"][1] == "5"
    assert by_profession["Paramedic"][1] == "fewer than 5"
    assert by_profession["First contact physiotherapist"][1] == "fewer than 5"
    cells = [cell for row in rows for cell in row]
    assert not any("Quillfeather" in cell or "Mensah" in cell for cell in cells)

    # On a phone the page itself never scrolls sideways; wide tables scroll in a box
    # that a keyboard can reach.
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    body_overflow = page.evaluate("document.body.scrollWidth - document.body.clientWidth")
    assert body_overflow <= 0
    expect(leaders).to_have_attribute("tabindex", "0")
    leaders.focus()
    expect(leaders).to_be_focused()
    axe()
