"""A nurse sets up her digest, previews it, reads it in the browser and unsubscribes
from the link in the email, in Chromium, axe on every page."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from portal.digest import services
from portal.digest.models import DigestDelivery, DigestPreference, Frequency
from tests.factories import PASSWORD, PersonFactory
from tests.programmes.factories import OfferFactory

pytestmark = pytest.mark.browser


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_a_nurse_sets_her_digest_previews_it_and_unsubscribes_from_the_email(
    page: Page, visit, axe, transactional_db
):
    OfferFactory(title="Nurse-led clinics: a leadership course")
    nurse = PersonFactory(email="nia@example.nhs.uk", full_name="Nia Evans")

    visit("/accounts/login/")
    page.get_by_label("Email").fill(nurse.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    axe()

    visit("/me/digest/")
    expect(page.get_by_role("heading", name="Preview of your next digest")).to_be_visible()
    expect(page.get_by_role("link", name="Nurse-led clinics: a leadership course")).to_be_visible()
    page.get_by_label("Every 2 weeks").check()
    page.get_by_label("Which day should it arrive?").select_option(label="Thursday")
    page.get_by_label("Application deadlines for offers you saved or showed interest in").uncheck()
    page.get_by_role("button", name="Save digest settings").click()
    axe()
    expect(page.get_by_text("Your digest settings have been saved.")).to_be_visible()
    preference = DigestPreference.objects.get(person=nurse)
    assert (preference.frequency, preference.day) == (Frequency.FORTNIGHTLY, 3)
    assert preference.muted_sections == ["deadlines"]

    # The email as it would be sent, with its links.
    delivery = DigestDelivery.objects.create(
        person=nurse,
        period="F2026-11-16",
        window_start=timezone.now() - datetime.timedelta(days=14),
    )
    message = services.render_digest(services.digest_for_delivery(delivery), delivery=delivery)
    view = message.body.split("View this digest in your browser: ")[1].split()[0]
    unsubscribe = message.body.split("Stop these emails: ")[1].split()[0]

    page.get_by_role("button", name="Sign out").click()
    axe()
    visit(path_of(view))
    expect(page.get_by_role("link", name="Nurse-led clinics: a leadership course")).to_be_visible()

    visit(path_of(unsubscribe))
    page.get_by_role("button", name="Stop digest emails").click()
    axe()
    expect(page.get_by_role("heading", name="You will not get digest emails")).to_be_visible()
    preference.refresh_from_db()
    assert preference.frequency == Frequency.OFF
