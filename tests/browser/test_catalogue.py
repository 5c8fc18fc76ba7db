"""The catalogue as a newcomer and a curator use it, in Chromium, axe on every page."""

import csv
import io
import re
import time
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from portal.models import ICB
from programmes.models import DeliveryMode, Funding, Offer, OfferKind
from tests.factories import PASSWORD, PersonFactory, profession
from tests.programmes.factories import HubFactory, IntakeFactory, OfferFactory, days_from_today

pytestmark = pytest.mark.browser


@pytest.fixture
def catalogue(transactional_db):
    """A funded nurse leadership programme in Devon starting in six weeks, among offers
    that each miss one of the newcomer's needs."""
    nurse = profession("general-practice-nurse")
    devon = ICB.objects.get(ods_code="QJK")
    hub = HubFactory(name="Exe and Tamar Training Hub")
    wanted = OfferFactory(
        title="Practice nurse leadership programme",
        kind=OfferKind.PROGRAMME,
        hub=hub,
        professions=[nurse],
        icbs=[devon],
        delivery_mode=DeliveryMode.BLENDED,
        total_hours=48,
        duration_weeks=24,
        session_count=8,
        session_hours=Decimal("3.5"),
        session_name="workshop",
        self_study_hours_per_week=Decimal("0.5"),
        funding=Funding.FULLY_FUNDED,
        funding_source="the training hub",
        backfill_paid=True,
        backfill_rate=Decimal("32"),
        cpd_hours=Decimal("48"),
    )
    IntakeFactory(offer=wanted, start_date=days_from_today(42), places=20)
    paid = OfferFactory(
        title="Nurse leadership for a fee",
        professions=[nurse],
        icbs=[devon],
        funding=Funding.SELF_FUNDED,
        fee=Decimal("800"),
    )
    IntakeFactory(offer=paid, start_date=days_from_today(30))
    later = OfferFactory(title="Nurse leadership next year", professions=[nurse], icbs=[devon])
    IntakeFactory(offer=later, start_date=days_from_today(200))
    elsewhere = OfferFactory(
        title="Nurse leadership in Manchester",
        professions=[nurse],
        icbs=[ICB.objects.get(ods_code="QOP")],
    )
    IntakeFactory(offer=elsewhere, start_date=days_from_today(30))
    pharmacists = OfferFactory(
        title="Pharmacy leadership", professions=[profession("clinical-pharmacist")]
    )
    IntakeFactory(offer=pharmacists, start_date=days_from_today(30))
    return wanted


def test_a_newcomer_finds_a_funded_nurse_leadership_offer_starting_soon_in_their_icb(
    page: Page, visit, axe, catalogue
):
    started = time.monotonic()
    visit("/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Offers").click()
    axe()
    expect(page.get_by_role("heading", level=1)).to_have_text("Development offers")

    page.get_by_label("Profession").select_option(label="General practice nurse")
    page.get_by_label("Integrated care board").select_option(label="Devon")
    page.get_by_label("Starts within").select_option(label="3 months")
    page.get_by_label("Free or fully funded").check()
    page.get_by_role("button", name="Show offers").click()
    axe()

    expect(page.get_by_role("heading", name="1 offer matches")).to_be_visible()
    assert "profession=general-practice-nurse" in page.url
    assert "icb=devon" in page.url
    card = page.get_by_role("listitem").filter(has_text="Practice nurse leadership programme")
    expect(card).to_contain_text(
        "About 48 hours over 6 months: 8 half-day workshops and 30 minutes of self-study a week."
    )
    expect(card).to_contain_text("Fully funded by the training hub.")
    expect(card).to_contain_text("Backfill paid at £32 an hour.")
    expect(card).to_contain_text("48 CPD hours.")
    expect(card).to_contain_text("20 places left")
    assert time.monotonic() - started < 60

    # The back button returns to the unfiltered list: the filters live in the URL.
    page.go_back()
    axe()
    expect(page.get_by_role("heading", name=re.compile(r"^5 offers$"))).to_be_visible()


def test_a_visitor_compares_two_offers_side_by_side(page: Page, visit, axe, catalogue):
    visit("/offers/")
    page.get_by_label("Compare Practice nurse leadership programme").check()
    page.get_by_label("Compare Nurse leadership for a fee").check()
    page.get_by_role("button", name="Compare the offers you ticked").click()
    axe()
    table = page.get_by_role("table")
    expect(table).to_contain_text("Backfill paid at £32 an hour.")
    expect(table).to_contain_text("£800, paid by you or your employer.")


def test_a_signed_in_nurse_opens_an_offer_applies_and_sees_it_in_her_applications(
    page: Page, visit, axe, catalogue
):
    nurse = PersonFactory(email="nia@example.nhs.uk", full_name="Nia Evans")
    visit("/accounts/login/")
    page.get_by_label("Email").fill(nurse.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    axe()

    visit("/offers/")
    page.get_by_role("link", name="Practice nurse leadership programme").click()
    axe()
    page.get_by_role("button", name="Save this offer").click()
    axe()
    page.get_by_role("button", name=re.compile("^Apply")).click()
    axe()
    expect(page.get_by_text("You have applied for")).to_be_visible()
    # Applying goes on to ask who agrees her protected time; she can do that later.
    expect(
        page.get_by_role("heading", name=re.compile("Who agrees your protected time"))
    ).to_be_visible()
    visit("/me/saved/")
    expect(page.get_by_role("link", name="Practice nurse leadership programme")).to_be_visible()

    visit("/me/applications/")
    expect(
        page.get_by_role("link", name="Practice nurse leadership programme", exact=True)
    ).to_be_visible()
    page.get_by_role("link", name=re.compile("^Withdraw")).click()
    axe()
    expect(page.get_by_role("heading", name=re.compile("^Withdraw from"))).to_be_visible()
    page.get_by_role("button", name="Yes, withdraw").click()
    axe()
    expect(page.get_by_text("You have withdrawn from")).to_be_visible()


def test_a_curator_imports_a_200_row_csv_with_one_bad_row_and_sees_every_error(
    page: Page, visit, axe, live_server, settings, transactional_db
):
    from django.contrib.auth.models import Group

    settings.DEMO_RELAX_STAFF_MFA = True
    hub = HubFactory(name="Moorland Training Hub")
    curator = PersonFactory(
        email="cara@example.nhs.uk", full_name="Cara Curator", organisation=hub, is_staff=True
    )
    curator.groups.add(Group.objects.get(name="Training-hub curators"))

    rows = io.StringIO()
    writer = csv.writer(rows)
    writer.writerow(
        ["slug", "title", "summary", "kind", "provider", "delivery_mode", "funding",
         "backfill_paid", "cpd_hours", "certificate", "benefits", "eligibility", "all_professions",
         "total_hours", "status"]
    )  # fmt: skip
    for number in range(1, 201):
        writer.writerow(
            [f"offer-{number}", f"Offer {number}", "A short course.",
             "by post" if number == 150 else "course", "Moorland Training Hub", "online", "free",
             "no", "3", "Certificate", "Confidence.", "Anyone.", "yes", "3", "published"]
        )  # fmt: skip

    visit("/accounts/login/")
    page.get_by_label("Email").fill(curator.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    axe()
    visit("/admin/programmes/offer/import/")
    page.get_by_label("File to import").set_input_files(
        files=[{"name": "offers.csv", "mimeType": "text/csv", "buffer": rows.getvalue().encode()}]
    )
    page.get_by_label("Format").select_option(label="csv")
    page.get_by_role("button", name="Submit").click()
    axe()
    expect(page.get_by_role("heading", name="Nothing has been imported")).to_be_visible()
    expect(page.get_by_role("cell", name="Row 150 (line 151)")).to_be_visible()
    expect(page.get_by_text("“by post” is not one of")).to_be_visible()
    assert not Offer.objects.exists()


def test_on_a_phone_the_results_come_first_and_the_filters_wait_behind_a_disclosure(
    page: Page, visit, axe, catalogue
):
    page.set_viewport_size({"width": 375, "height": 740})
    visit("/offers/")
    axe()
    results = page.get_by_role("heading", name=re.compile(r"^5 offers$"))
    disclosure = page.locator("summary", has_text="Filter offers")
    profession_filter = page.get_by_label("Profession")
    expect(results).to_be_in_viewport()
    expect(disclosure).to_be_visible()
    expect(profession_filter).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0

    disclosure.click()
    expect(profession_filter).to_be_visible()
    axe()
    page.get_by_label("At most this many hours a month").fill("10")
    page.get_by_label("Backfill paid").check()
    page.get_by_label("Free or fully funded").check()
    page.get_by_role("button", name="Show offers").click()
    axe()
    # All but the self-funded one without backfill: each asks under 9 hours a month.
    expect(page.get_by_role("heading", name="4 offers match")).to_be_in_viewport()
    assert "hours_a_month=10" in page.url

    # Side by side with the results there is room for the filters: no disclosure.
    page.set_viewport_size({"width": 1024, "height": 740})
    expect(disclosure).to_be_hidden()
    expect(profession_filter).to_be_visible()
    axe()
