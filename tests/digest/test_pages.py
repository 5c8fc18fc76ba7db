"""/me/digest/, view in browser and unsubscribe: no sign-in for the links, no 500s."""

import datetime

import pytest
import time_machine
from django.core import signing

from portal.digest import registry, services, tokens
from portal.digest.models import DigestDelivery, DigestPreference, Frequency
from tests.factories import PersonFactory, profession
from tests.programmes.factories import OfferFactory

pytestmark = pytest.mark.django_db


def preference(person) -> DigestPreference | None:
    return DigestPreference.objects.filter(person=person).first()


def test_it_asks_for_sign_in_before_showing_digest_settings(client):
    response = client.get("/me/digest/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_it_saves_frequency_day_and_sections(client, nurse):
    client.force_login(nurse)
    # Every section but the offers, whichever apps have registered theirs.
    kept = [s.key for s in registry.sections() if s.key != "offers" and s.key[:4] != "team"]
    response = client.post(
        "/me/digest/", {"frequency": "fortnightly", "day": "3", "sections": kept}
    )
    assert response.status_code == 302
    saved = preference(nurse)
    assert (saved.frequency, saved.day, saved.muted_sections) == ("fortnightly", 3, ["offers"])


def test_it_says_nothing_will_be_sent_when_every_part_is_unticked(client, nurse):
    client.force_login(nurse)
    response = client.post(
        "/me/digest/", {"frequency": "weekly", "day": "0", "sections": []}, follow=True
    )
    assert "no digest will be sent until you tick at least one" in response.content.decode()


def test_it_refuses_an_invalid_choice_and_changes_nothing(client, nurse):
    client.force_login(nurse)
    response = client.post("/me/digest/", {"frequency": "hourly", "day": "9"})
    assert response.status_code == 200
    assert "Select how often you want a digest" in response.content.decode()
    assert preference(nurse) is None


def test_it_offers_the_team_edition_only_to_managers(client, nurse):
    client.force_login(nurse)
    assert "team edition" not in client.get("/me/digest/").content.decode()
    manager = PersonFactory(profession=profession("practice-manager"))
    client.force_login(manager)
    assert "team edition" in client.get("/me/digest/").content.decode()


def test_it_previews_the_next_digest(client, nurse):
    OfferFactory(title="Leading your first audit")
    client.force_login(nurse)
    page = client.get("/me/digest/").content.decode()
    assert "Subject: 1 new offer for general practice nurses in your ICB" in page
    assert "Leading your first audit" in page


def test_it_says_when_the_next_digest_would_be_empty(client, nurse):
    client.force_login(nurse)
    assert "no digest would be sent" in client.get("/me/digest/").content.decode()


def test_the_email_link_asks_before_unsubscribing(client, nurse):
    url = f"/digest/unsubscribe/{tokens.unsubscribe_token(nurse.pk)}/"
    response = client.get(url)
    assert response.status_code == 200
    assert "Stop digest emails" in response.content.decode()
    assert preference(nurse) is None
    response = client.post(url)
    assert response.status_code == 200
    assert preference(nurse).frequency == Frequency.OFF


def test_one_click_unsubscribes_a_mail_program_post_without_csrf(nurse):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    url = f"/digest/unsubscribe/{tokens.unsubscribe_token(nurse.pk)}/one-click/"
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert preference(nurse).frequency == Frequency.OFF


def test_one_click_changes_nothing_on_get(client, nurse):
    url = f"/digest/unsubscribe/{tokens.unsubscribe_token(nurse.pk)}/one-click/"
    response = client.get(url)
    assert response.status_code == 405
    assert "Opening it in a browser changes nothing" in response.content.decode()
    assert preference(nurse) is None


@pytest.mark.parametrize("suffix", ["", "one-click/"])
def test_a_tampered_token_changes_nothing(client, nurse, outsider, suffix):
    token = tokens.unsubscribe_token(nurse.pk)
    forged = signing.dumps(outsider.pk, salt="portal.digest.unsubscribe", compress=True)
    for bad in (token[:-3] + "abc", forged, "nonsense", token.replace(":", "")):
        response = client.post(f"/digest/unsubscribe/{bad}/{suffix}")
        assert response.status_code == 400
        assert "This link does not work" in response.content.decode()
    assert preference(nurse) is None and preference(outsider) is None


def test_an_expired_unsubscribe_token_changes_nothing(client, nurse, settings):
    token = tokens.unsubscribe_token(nurse.pk)
    with time_machine.travel(
        datetime.datetime.now(tz=datetime.UTC)
        + datetime.timedelta(seconds=settings.DIGEST_UNSUBSCRIBE_MAX_AGE + 60)
    ):
        response = client.post(f"/digest/unsubscribe/{token}/")
    assert response.status_code == 400
    assert preference(nurse) is None


def test_it_shows_a_sent_digest_in_the_browser_without_sign_in(client, nurse, mailoutbox, monday):
    OfferFactory(title="Coaching for new leaders")
    services.digest_batch_send(person_ids=[nurse.pk])
    [message] = mailoutbox
    view_url = message.body.split("View this digest in your browser: ")[1].split()[0]
    response = client.get(view_url.removeprefix("http://127.0.0.1:8000"))
    assert response.status_code == 200
    assert "Coaching for new leaders" in response.content.decode()


def test_an_expired_or_tampered_view_link_shows_a_clear_page(client, nurse, settings):
    delivery = DigestDelivery.objects.create(
        person=nurse, period="W2026-11-16", window_start=datetime.datetime.now(tz=datetime.UTC)
    )
    token = tokens.view_token(delivery.pk)
    assert client.get(f"/digest/view/{token}x/").status_code == 400
    settings.DIGEST_VIEW_MAX_AGE = -1
    response = client.get(f"/digest/view/{token}/")
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()


def test_the_admin_counts_deliveries_per_period(admin_client, nurse, settings):
    settings.DEMO_RELAX_STAFF_MFA = True  # two-factor sign-in is tested in tests/portal
    DigestDelivery.objects.create(
        person=nurse,
        period="W2026-11-16",
        status="sent",
        window_start=datetime.datetime.now(tz=datetime.UTC),
    )
    response = admin_client.get("/admin/portal/digestdelivery/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Deliveries per period" in page and "W2026-11-16" in page


def test_the_command_prints_one_persons_digest_without_sending(nurse, mailoutbox, capsys):
    from django.core.management import call_command

    OfferFactory(title="Shadowing a PCN clinical director")
    call_command("send_digests", "--dry-run", "--person", nurse.email.upper())
    out = capsys.readouterr().out
    assert "Subject: 1 new offer for general practice nurses" in out
    assert "Shadowing a PCN clinical director" in out
    assert "nothing was sent" in out
    assert mailoutbox == []
    assert not DigestDelivery.objects.exists()
