"""RFC 8058 one-click unsubscribe on a digest built with production settings."""

import runpy
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from portal.digest import services
from portal.digest.models import DigestPreference
from tests.portal.test_settings import production_environment
from tests.programmes.factories import OfferFactory

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


@pytest.fixture
def production(settings, monkeypatch, tmp_path) -> dict:
    """The settings module loaded from README's production variables, applied here."""
    for name, value in production_environment(tmp_path).items():
        monkeypatch.setenv(name, value)
    loaded = runpy.run_path(str(ROOT / "portal" / "settings.py"))
    for name in ("DEBUG", "SITE_URL", "DEFAULT_FROM_EMAIL", "ALLOWED_HOSTS"):
        setattr(settings, name, loaded[name])
    return loaded


def test_a_production_digest_offers_one_click_unsubscribe_over_https(
    production, monday, nurse, mailoutbox, client
):
    OfferFactory()
    services.digest_batch_send(person_ids=[nurse.pk])
    [message] = mailoutbox

    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith("<") and header.endswith(">")
    address = urlsplit(header[1:-1])
    # RFC 8058 section 3.1: the URI must be https, on the portal's own host.
    assert address.scheme == "https"
    assert address.netloc == "leadership.example.nhs.uk"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # What a mail program then does: POST the fixed body, without cookies or a token.
    response = client.post(
        address.path,
        data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
        secure=True,
        HTTP_HOST=address.netloc,
    )
    assert response.status_code == 200
    assert DigestPreference.objects.get(person=nurse).unsubscribed_at is not None
