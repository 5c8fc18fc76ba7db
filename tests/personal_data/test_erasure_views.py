"""Erasure, the pages: Nia erases her account; Cara (staff) cannot; nobody gets a 500."""

import pytest
from django.urls import reverse

from portal.models import Person
from tests.factories import PASSWORD, activate_totp, totp_code

pytestmark = pytest.mark.django_db

ERASE = reverse("personal_data:erase")
ERASED = reverse("personal_data:erased")


def confirm(**fields) -> dict:
    return {"confirm": "on", "password": PASSWORD} | fields


def erased(person) -> bool:
    return Person.objects.get(pk=person.pk).erased_at is not None


def test_the_overview_links_a_member_to_erasure(client, nurse):
    client.force_login(nurse)

    response = client.get(reverse("personal_data:overview"))

    assert ERASE in response.content.decode()


def test_a_member_sees_what_is_removed_and_what_stays(client, nurse):
    client.force_login(nurse)

    page = client.get(ERASE).content.decode()

    assert "You cannot undo this" in page
    assert "What stays, without your name" in page
    assert 'name="password"' in page and 'autocomplete="current-password"' in page
    assert 'name="code"' not in page


def test_nia_erases_her_account_and_is_signed_out(client, nurse):
    client.force_login(nurse)

    response = client.post(ERASE, confirm())

    assert response.status_code == 302 and response["Location"] == ERASED
    assert erased(nurse)
    done = client.get(ERASED)
    assert "Your account has been erased" in done.content.decode()
    assert "Nia" not in done.content.decode()
    assert client.get(reverse("profile")).status_code == 302  # to sign in


def test_a_wrong_password_erases_nothing(client, nurse):
    client.force_login(nurse)

    response = client.post(ERASE, confirm(password="not-my-password"))

    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "The password is not right" in page
    assert not erased(nurse)


def test_without_the_checkbox_nothing_is_erased(client, nurse):
    client.force_login(nurse)

    response = client.post(ERASE, {"password": PASSWORD})

    assert "Confirm that you understand your account will be erased" in response.content.decode()
    assert not erased(nurse)


def test_with_two_factor_on_the_page_asks_for_a_code(client, nurse):
    activate_totp(nurse)
    client.force_login(nurse)

    page = client.get(ERASE).content.decode()

    assert 'name="code"' in page and 'autocomplete="one-time-code"' in page


def test_with_two_factor_on_a_missing_or_wrong_code_erases_nothing(client, nurse):
    activate_totp(nurse)
    client.force_login(nurse)

    missing = client.post(ERASE, confirm()).content.decode()
    wrong = client.post(ERASE, confirm(code="000000")).content.decode()

    assert "Enter the code from your authenticator app" in missing
    assert "The code is not right" in wrong
    assert not erased(nurse)


def test_with_two_factor_on_the_right_code_erases(client, nurse):
    secret = activate_totp(nurse)
    client.force_login(nurse)

    response = client.post(ERASE, confirm(code=totp_code(secret)))

    assert response.status_code == 302
    assert erased(nurse)


def test_a_wrong_password_does_not_use_up_the_code(client, nurse):
    secret = activate_totp(nurse)
    client.force_login(nurse)
    code = totp_code(secret)

    client.post(ERASE, confirm(password="wrong", code=code))
    response = client.post(ERASE, confirm(code=code))

    assert response.status_code == 302
    assert erased(nurse)


def test_staff_are_told_who_to_ask(client, curator):
    client.force_login(curator)

    response = client.get(ERASE)

    page = response.content.decode()
    assert response.status_code == 200
    assert "Staff accounts cannot be erased here" in page
    assert "Ask a portal administrator" in page
    assert 'name="password"' not in page


def test_a_staff_post_is_refused_with_a_message(client, curator):
    client.force_login(curator)

    response = client.post(ERASE, confirm())

    assert response.status_code == 403
    assert "Ask a portal administrator" in response.content.decode()
    assert not erased(curator)


def test_the_overview_tells_staff_why_they_cannot_erase(client, curator):
    client.force_login(curator)

    page = client.get(reverse("personal_data:overview")).content.decode()

    assert "cannot be erased here" in page
    assert ERASE not in page


def test_a_second_post_from_the_same_browser_lands_on_sign_in(client, nurse):
    client.force_login(nurse)
    client.post(ERASE, confirm())

    again = client.post(ERASE, confirm())

    assert again.status_code == 302
    assert again["Location"].startswith(reverse("account_login"))


def test_a_second_browser_erasing_at_the_same_time_is_told_it_was_already_done(
    client, nurse, monkeypatch
):
    """Both browsers passed the password check; the first erasure commits first."""
    from portal.personal_data import erasure

    client.force_login(nurse)
    real = erasure.person_erase

    def first_wins(person):
        real(Person.objects.get(pk=person.pk))
        return real(person)

    monkeypatch.setattr(erasure, "person_erase", first_wins)

    response = client.post(ERASE, confirm(), follow=True)

    assert response.status_code == 200
    assert "had already been erased" in response.content.decode()


def test_the_done_page_sends_anyone_else_home(client, nurse):
    assert client.get(ERASED)["Location"] == reverse("home")
    client.force_login(nurse)
    assert client.get(ERASED)["Location"] == reverse("home")


def test_a_visitor_is_asked_to_sign_in(client):
    for response in (client.get(ERASE), client.post(ERASE, confirm())):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_guessing_the_password_is_slowed_down_without_an_error(client, nurse):
    client.force_login(nurse)

    responses = [client.post(ERASE, confirm(password=f"guess-{n}")) for n in range(12)]

    assert {response.status_code for response in responses} == {200}
    assert "Too many failed" in responses[-1].content.decode()
    assert not erased(nurse)
