"""Nia takes a copy of her data: she asks for it, watches it being prepared and downloads
the ZIP, in Chromium, axe on every page."""

import zipfile

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from portal.personal_data import registry, tasks
from portal.personal_data.models import DataExport
from tests.careers.factories import ActivityFactory
from tests.factories import PASSWORD, PersonFactory

pytestmark = pytest.mark.browser


def test_a_nurse_asks_for_her_data_watches_it_prepared_and_downloads_the_zip(
    page: Page, visit, axe, transactional_db, settings, tmp_path, monkeypatch
):
    settings.MEDIA_ROOT = tmp_path / "media"
    nurse = PersonFactory(email="nia@example.nhs.uk", full_name="Nia Evans")
    ActivityFactory(person=nurse, title="Chaired the practice's first QI huddle")
    # Hold the build back, as a busy worker would, so that the waiting page shows.
    build = tasks.build_data_export
    queued: list[str] = []
    monkeypatch.setattr(tasks, "build_data_export", type("Held", (), {})())
    tasks.build_data_export.delay_on_commit = queued.append

    visit("/accounts/login/")
    page.get_by_label("Email").fill(nurse.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    axe()

    visit("/me/data/")
    expect(page.get_by_role("heading", name="Take a copy of your data")).to_be_visible()
    page.get_by_role("button", name="Request a copy of your data").click()
    axe()
    expect(page.get_by_text("We are preparing a copy of your data.")).to_be_visible()
    sections = len(registry.exporters())
    status = page.get_by_role("status")
    expect(status).to_have_text(f"Waiting to start: 0 of {sections} parts prepared.")

    # Without the script, "Check progress" reloads the page.
    page.get_by_role("link", name="Check progress").click()
    axe()
    expect(status).to_have_text(f"Waiting to start: 0 of {sections} parts prepared.")

    # The worker gets to it; the page's script sees it finish and offers the file.
    [export_id] = queued
    build(export_id)
    expect(status).to_contain_text("Your copy is ready to download until")
    axe()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download your data (ZIP file)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("leadership-portal-your-data-")
    saved = tmp_path / "download.zip"
    download.save_as(saved)
    with zipfile.ZipFile(saved) as archive:
        names = archive.namelist()
        log = archive.read("leadership_activities.csv").decode("utf-8-sig")
    assert "README.txt" in names
    assert "Chaired the practice's first QI huddle" in log
    assert DataExport.objects.get(pk=export_id).downloaded_at is not None

    # Back on the data page, the copy is listed.
    visit("/me/data/")
    expect(page.get_by_role("link", name="Your copy from")).to_be_visible()


def test_an_expired_copy_and_a_mangled_link_explain_themselves(
    page: Page, live_server, visit, axe, transactional_db, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    nurse = PersonFactory(email="nia@example.nhs.uk", full_name="Nia Evans")
    data_export = DataExport.objects.create(person=nurse)
    tasks.build_data_export(str(data_export.pk))
    DataExport.objects.filter(pk=data_export.pk).update(expires_at=timezone.now())

    visit("/accounts/login/")
    page.get_by_label("Email").fill(nurse.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    axe()

    response = page.goto(f"{live_server.url}/me/data/export/{data_export.pk}/")
    assert response is not None and response.status == 410
    axe()
    expect(page.get_by_role("heading", name="This copy of your data has expired")).to_be_visible()
    page.get_by_role("button", name="Request a new copy").click()
    axe()
    expect(page.get_by_role("heading", name="A copy of your data")).to_be_visible()

    response = page.goto(f"{live_server.url}/me/data/export/{data_export.pk}x/download/")
    assert response is not None and response.status == 404
    axe()
    expect(
        page.get_by_role("heading", name="We cannot find that copy of your data")
    ).to_be_visible()
