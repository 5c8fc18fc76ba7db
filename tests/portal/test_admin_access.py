"""The admin opens only to staff who use two-factor authentication."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Group

from tests.factories import PASSWORD, activate_totp, totp_code

SIGN_IN = "/accounts/login/"
SET_UP_TWO_FACTOR = "/accounts/2fa/totp/activate/"


def is_sign_in_then_admin(url: str) -> bool:
    parts = urlsplit(url)
    return parts.path == SIGN_IN and parse_qs(parts.query) == {"next": ["/admin/"]}


def test_it_sends_a_visitor_to_the_sign_in_page(client, db):
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    assert is_sign_in_then_admin(response.redirect_chain[-1][0])


def test_it_sends_the_admin_login_to_the_rate_limited_sign_in_page(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert is_sign_in_then_admin(response.url)


def test_it_refuses_a_person_who_is_not_staff(client, nurse):
    client.force_login(nurse)
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403


def test_it_sends_staff_without_two_factor_to_set_it_up(client, curator):
    client.force_login(curator)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url == SET_UP_TWO_FACTOR


def test_it_guards_every_admin_page_not_only_the_index(client, curator):
    client.force_login(curator)
    response = client.get("/admin/portal/organisation/")
    assert response.url == SET_UP_TWO_FACTOR


def test_it_tells_staff_why_they_must_set_up_two_factor(client, curator):
    client.force_login(curator)
    response = client.get("/admin/", follow=True)
    assert "Set up two-factor authentication to use the admin" in response.content.decode()


def test_it_opens_the_admin_to_staff_with_an_authenticator(client, curator):
    activate_totp(curator)
    client.force_login(curator)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Curate the portal" in response.content.decode()


def test_it_opens_the_admin_after_signing_in_with_a_code(client, curator):
    secret = activate_totp(curator)
    response = client.post(SIGN_IN, {"login": curator.email, "password": PASSWORD})
    assert response.url == "/accounts/2fa/authenticate/"
    response = client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_it_refuses_a_wrong_code(client, curator):
    secret = activate_totp(curator)
    client.post(SIGN_IN, {"login": curator.email, "password": PASSWORD})
    wrong = f"{(int(totp_code(secret)) + 1) % 1_000_000:06d}"
    response = client.post("/accounts/2fa/authenticate/", {"code": wrong})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_it_lets_staff_in_without_two_factor_in_the_demo(client, curator, settings):
    settings.DEMO_RELAX_STAFF_MFA = True
    client.force_login(curator)
    assert client.get("/admin/").status_code == 200


@pytest.mark.parametrize(
    ("group", "permission"),
    [
        ("Training-hub curators", "portal.change_organisation"),
        ("Training-hub curators", "portal.view_person"),
        ("Facilitators", "portal.view_organisation"),
        ("Mentoring co-ordinators", "portal.view_profession"),
    ],
)
def test_it_makes_the_working_groups_with_their_permissions(db, group, permission):
    app_label, codename = permission.split(".")
    granted = Group.objects.get(name=group).permissions.filter(
        content_type__app_label=app_label, codename=codename
    )
    assert granted.exists()


def test_it_gives_a_curator_their_groups_permissions(curator):
    assert curator.has_perm("portal.change_organisation")
    assert not curator.has_perm("portal.delete_person")
