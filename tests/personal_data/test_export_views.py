"""The export's pages: Nia asks for, watches and downloads her copy; Olly, signed in as
someone else, and anyone holding a mangled link get a clear "not found" page."""

import datetime
import io
import uuid
import zipfile

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from portal.personal_data import export, registry
from portal.personal_data.models import DataExport, ExportStatus
from tests.factories import PersonFactory


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def ready(nurse) -> DataExport:
    data_export = DataExport.objects.create(person=nurse)
    return export.export_build(export_id=str(data_export.pk))


@pytest.fixture
def waiting(nurse) -> DataExport:
    return DataExport.objects.create(person=nurse, progress_total=8)


def page_url(data_export: DataExport, name: str = "export") -> str:
    return reverse(f"personal_data:{name}", kwargs={"pk": data_export.pk})


def download_body(response) -> bytes:
    return b"".join(response.streaming_content)


# ---------------------------------------------------------------------------
# Asking
# ---------------------------------------------------------------------------
def test_the_data_page_offers_a_button_to_ask_for_a_copy(client, nurse):
    client.force_login(nurse)

    response = client.get(reverse("personal_data:overview"))

    assert b"Request a copy of your data" in response.content
    assert reverse("personal_data:export_request").encode() in response.content


def test_the_data_page_lists_what_we_hold_by_name_not_the_sites_menu(client, nurse):
    """The layout's menu once overwrote the view's `sections` and listed Python dicts."""
    client.force_login(nurse)
    page = client.get(reverse("personal_data:overview")).content.decode()
    assert "{&#x27;label&#x27;" not in page and "{'label'" not in page
    titles = [exporter.title for exporter in registry.exporters()]
    assert all(f"<li>{title}</li>" in page for title in titles)


def test_asking_prepares_a_copy_and_shows_its_page(
    client, nurse, django_capture_on_commit_callbacks
):
    client.force_login(nurse)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("personal_data:export_request"), follow=True)

    data_export = DataExport.objects.get(person=nurse)
    assert response.redirect_chain == [(page_url(data_export), 302)]
    assert b"We are preparing a copy of your data" in response.content


def test_asking_twice_while_it_is_prepared_shows_the_same_copy_with_a_message(
    client, nurse, waiting
):
    client.force_login(nurse)

    response = client.post(reverse("personal_data:export_request"), follow=True)

    assert response.redirect_chain == [(page_url(waiting), 302)]
    assert b"We are already preparing a copy of your data" in response.content
    assert DataExport.objects.filter(person=nurse).count() == 1


def test_asking_needs_a_post(client, nurse):
    client.force_login(nurse)

    assert client.get(reverse("personal_data:export_request")).status_code == 405


@pytest.mark.parametrize(
    "name", ["personal_data:export_request", "personal_data:overview"], ids=["ask", "overview"]
)
def test_visitors_are_sent_to_sign_in(client, db, name):
    response = client.post(reverse(name)) if "request" in name else client.get(reverse(name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# ---------------------------------------------------------------------------
# Watching
# ---------------------------------------------------------------------------
def test_while_it_is_prepared_the_page_shows_progress_and_a_check_progress_link(
    client, nurse, waiting
):
    DataExport.objects.filter(pk=waiting.pk).update(status=ExportStatus.RUNNING, progress_done=3)
    client.force_login(nurse)

    response = client.get(page_url(waiting))

    html = response.content.decode()
    assert "Being prepared: 3 of 8 parts prepared." in html
    assert 'role="status"' in html
    assert f'href="{page_url(waiting)}">Check progress</a>' in html
    assert "http-equiv" not in html
    assert "export-progress" in html and ".js" in html
    assert response["Cache-Control"].startswith("max-age=0")


def test_the_status_address_tells_the_script_how_far_it_has_got(client, nurse, waiting):
    client.force_login(nurse)

    response = client.get(page_url(waiting, "export_status"))

    assert response.json() == {
        "state": "waiting",
        "text": "Waiting to start: 0 of 8 parts prepared.",
        "done": 0,
        "total": 8,
        "download_url": None,
    }


def test_when_ready_the_status_gives_the_download_address(client, nurse, ready):
    client.force_login(nurse)

    status = client.get(page_url(ready, "export_status")).json()

    assert status["state"] == "ready"
    assert status["download_url"] == page_url(ready, "export_download")


def test_when_ready_the_page_has_a_download_button_and_says_until_when(client, nurse, ready):
    client.force_login(nurse)

    html = client.get(page_url(ready)).content.decode()

    assert "Download your data (ZIP file)" in html
    assert "Your copy is ready to download until" in html
    assert "export-progress.js" not in html


def test_a_failed_copy_says_so_and_offers_to_try_again(client, nurse, waiting):
    DataExport.objects.filter(pk=waiting.pk).update(status=ExportStatus.FAILED)
    client.force_login(nurse)

    html = client.get(page_url(waiting)).content.decode()

    assert "We could not prepare your copy" in html
    assert "Try again" in html


# ---------------------------------------------------------------------------
# Downloading
# ---------------------------------------------------------------------------
def test_the_owner_downloads_the_zip_as_an_attachment(client, nurse, ready):
    client.force_login(nurse)

    response = client.get(page_url(ready, "export_download"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="leadership-portal-your-data-'
    )
    with zipfile.ZipFile(io.BytesIO(download_body(response))) as archive:
        assert "README.txt" in archive.namelist()
    ready.refresh_from_db()
    assert ready.downloaded_at is not None


def test_the_file_is_never_served_from_a_media_address(client, nurse, ready):
    client.force_login(nurse)

    for path in (f"/{ready.file.name}", f"/media/{ready.file.name}"):
        assert client.get(path).status_code == 404
    assert ready.file.name.startswith("personal-data/")


def test_before_it_is_ready_the_download_address_leads_back_to_its_page(client, nurse, waiting):
    client.force_login(nurse)

    response = client.get(page_url(waiting, "export_download"))

    assert (response.status_code, response["Location"]) == (302, page_url(waiting))


@pytest.mark.parametrize("name", ["export", "export_status", "export_download"])
def test_someone_elses_copy_is_not_found(client, outsider, ready, name):
    client.force_login(outsider)

    response = client.get(page_url(ready, name))

    assert response.status_code == 404
    assert b"Nia" not in response.content
    ready.refresh_from_db()
    assert ready.downloaded_at is None


@pytest.mark.parametrize(
    "pk",
    ["not-an-export", str(uuid.uuid4()), "1", "%27%20OR%201%3D1"],
    ids=["text", "unknown", "number", "injection"],
)
@pytest.mark.parametrize("name", ["export", "export_download"])
def test_a_mangled_or_unknown_link_gets_a_clear_not_found_page(client, nurse, pk, name):
    client.force_login(nurse)

    response = client.get(f"/me/data/export/{pk}/" + ("download/" if "download" in name else ""))

    assert response.status_code == 404
    assert b"We cannot find that copy of your data" in response.content
    assert b"may not have been copied in full" in response.content


def test_a_mangled_status_link_answers_404_in_json(client, nurse):
    client.force_login(nurse)

    response = client.get("/me/data/export/nonsense/status/")

    assert (response.status_code, response.json()) == (404, {"error": "not found"})


# ---------------------------------------------------------------------------
# Expiry
# ---------------------------------------------------------------------------
def test_after_48_hours_the_page_says_the_copy_expired_and_offers_a_new_one(client, nurse, ready):
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=48, minutes=1)):
        # Two days on, she signs in again: sessions end long before that.
        client.force_login(nurse)
        page = client.get(page_url(ready))
        download = client.get(page_url(ready, "export_download"), follow=True)

    assert page.status_code == 410
    assert b"This copy of your data has expired" in page.content
    assert b"Request a new copy" in page.content
    assert download.redirect_chain == [(page_url(ready), 302)]
    assert b"This copy of your data has expired" in download.content


def test_once_the_file_is_deleted_the_link_still_explains_itself(client, nurse, ready):
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=49)):
        export.exports_expire()
        client.force_login(nurse)
        response = client.get(page_url(ready))

    assert response.status_code == 410
    assert b"We keep a copy for 48 hours" in response.content


def test_a_file_missing_from_storage_reads_as_expired_not_as_an_error(client, nurse, ready):
    ready.file.storage.delete(ready.file.name)
    client.force_login(nurse)

    response = client.get(page_url(ready, "export_download"), follow=True)

    assert response.status_code == 410
    assert b"This copy of your data has expired" in response.content


def test_another_persons_export_is_not_theirs_even_for_a_superuser(ready, nurse, outsider):
    admin = PersonFactory(is_staff=True, is_superuser=True)
    assert DataExport.objects.owned_by(nurse).get() == ready
    for person in (outsider, admin):
        assert not DataExport.objects.owned_by(person).exists()
