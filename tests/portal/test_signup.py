"""Signing up, verifying an email address and signing in, through the test client."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.password_validation import validate_password
from django.core.cache import caches

from portal.demo import DEMO_PASSWORD
from portal.models import OrganisationKind, Person
from tests.factories import PASSWORD, OrganisationFactory, PersonFactory, profession

PASSPHRASE = "a-long-and-unusual-passphrase"


@pytest.fixture
def surgery(db):
    return OrganisationFactory(name="Riverside Surgery", kind=OrganisationKind.PRACTICE)


@pytest.fixture
def sign_up(client, surgery, django_capture_on_commit_callbacks):
    """Post the signup form as Sam, a physician associate, with any changes given."""

    def post(**changes):
        data = {
            "full_name": "Sam Patel",
            "email": "sam@example.nhs.uk",
            "profession": profession("physician-associate").pk,
            "organisation": surgery.pk,
            "password1": PASSPHRASE,
            "password2": PASSPHRASE,
        } | changes
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/accounts/signup/", data)

    return post


def sign_in(client, email: str, password: str):
    return client.post("/accounts/login/", {"login": email, "password": password})


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def verification_link(message) -> str:
    return re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)


def test_it_creates_a_person_with_their_details(sign_up, surgery):
    sign_up()
    sam = Person.objects.get(email="sam@example.nhs.uk")
    assert sam.full_name == "Sam Patel"
    assert sam.profession.slug == "physician-associate"
    assert sam.organisation == surgery
    assert sam.check_password(PASSPHRASE)
    assert not sam.is_staff


def test_it_sends_one_verification_email_after_signing_up(sign_up, mailoutbox):
    response = sign_up()
    assert response.status_code == 302
    assert response.url == "/accounts/confirm-email/"
    [message] = mailoutbox
    assert message.to == ["sam@example.nhs.uk"]
    assert "/accounts/confirm-email/" in message.body


def test_it_keeps_an_unverified_person_out(client, sign_up):
    sign_up()
    client.logout()
    response = sign_in(client, "sam@example.nhs.uk", PASSPHRASE)
    assert response.url == "/accounts/confirm-email/"
    assert not signed_in(client)
    assert not EmailAddress.objects.get(email="sam@example.nhs.uk").verified


def test_it_lets_a_person_in_once_they_verify_their_address(client, sign_up, mailoutbox):
    sign_up()
    client.logout()
    link = verification_link(mailoutbox[0])

    # Opening the link only asks; a mail scanner that follows links confirms nothing.
    assert client.get(link).status_code == 200
    assert not EmailAddress.objects.get(email="sam@example.nhs.uk").verified
    client.post(link)
    assert EmailAddress.objects.get(email="sam@example.nhs.uk").verified

    response = sign_in(client, "sam@example.nhs.uk", PASSPHRASE)
    assert response.url == "/"
    assert signed_in(client)


def test_it_signs_in_a_verified_person_by_email_in_any_case(client, nurse):
    response = sign_in(client, "NIA@Example.NHS.uk", PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_it_refuses_a_wrong_password_with_a_message(client, nurse):
    response = sign_in(client, nurse.email, "not-the-password")
    assert response.status_code == 200
    assert not signed_in(client)
    assert "nhsuk-error-summary" in response.content.decode()


def test_it_does_not_create_a_second_account_for_a_known_address(
    client, sign_up, nurse, mailoutbox
):
    response = sign_up(email="NIA@Example.NHS.uk")
    # No error page and no hint to a stranger that the address has an account
    # (allauth's enumeration prevention); the owner is told by email instead.
    assert response.status_code == 302
    assert response.url == "/accounts/confirm-email/"
    assert Person.objects.filter(email__iexact="nia@example.nhs.uk").count() == 1
    [message] = mailoutbox
    assert message.to == ["nia@example.nhs.uk"]
    assert "/accounts/password/reset/" in message.body
    assert "tried to create an account with nia@example.nhs.uk, but" in message.body


def test_it_shows_every_problem_with_empty_signup_details(client, surgery):
    response = client.post("/accounts/signup/", {})
    assert response.status_code == 200
    page = response.content.decode()
    assert "nhsuk-error-summary" in page
    for message in [
        "Enter your full name",
        "Enter your email address",
        "Select your profession",
        "Select the practice or PCN where you work",
        "Enter a password",
    ]:
        assert message in page
    assert Person.objects.count() == 0


def test_it_links_each_error_to_its_field(client, surgery):
    page = client.post("/accounts/signup/", {}).content.decode()
    summary = page[page.index("nhsuk-error-summary") :]
    for field in ("full_name", "email", "profession", "organisation", "password1"):
        assert f'href="#id_{field}' in summary
        assert f'id="id_{field}' in page


def test_it_refuses_a_training_hub_as_a_workplace(sign_up):
    hub = OrganisationFactory(name="Devon Training Hub", kind=OrganisationKind.TRAINING_HUB)
    response = sign_up(organisation=hub.pk)
    assert response.status_code == 200
    assert not Person.objects.filter(email="sam@example.nhs.uk").exists()


def test_it_refuses_mismatched_passwords(sign_up):
    response = sign_up(password2="something-else-entirely")
    assert response.status_code == 200
    assert not Person.objects.filter(email="sam@example.nhs.uk").exists()


def test_it_offers_workplaces_grouped_by_board_without_javascript(client, surgery):
    page = client.get("/accounts/signup/").content.decode()
    assert "<optgroup" in page
    assert "Riverside Surgery (GP practice)" in page


def test_it_stops_guessing_one_persons_password(client, nurse):
    for _ in range(5):
        sign_in(client, nurse.email, "a-wrong-guess")
    # Even the right password is refused until the limit expires.
    response = sign_in(client, nurse.email, PASSWORD)
    assert response.status_code == 200
    assert not signed_in(client)
    assert "Too many failed login attempts" in response.content.decode()


def test_it_answers_429_to_a_flood_of_sign_in_attempts(client, db):
    people = PersonFactory.create_batch(2)
    statuses = [sign_in(client, people[n % 2].email, f"guess-{n}").status_code for n in range(31)]
    assert statuses[:30] == [200] * 30
    assert statuses[30] == 429


def test_it_counts_sign_in_attempts_in_redis_when_redis_is_configured(settings):
    # Redis lets every web node share one count; local memory serves a single process.
    expected = "RedisCache" if settings.REDIS_URL else "LocMemCache"
    assert type(caches["default"]).__name__ == expected
    assert settings.ACCOUNT_RATE_LIMITS_ENABLED


def test_it_refuses_a_password_shorter_than_twelve_characters(sign_up):
    response = sign_up(password1="Zq8#mv!pLw3", password2="Zq8#mv!pLw3")
    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()
    assert not Person.objects.filter(email="sam@example.nhs.uk").exists()


def test_it_accepts_a_password_of_twelve_characters(sign_up):
    sign_up(password1="Zq8#mv!pLw3k", password2="Zq8#mv!pLw3k")
    assert Person.objects.filter(email="sam@example.nhs.uk").exists()


def test_the_demo_and_test_passwords_meet_the_rules_they_teach(db):
    for password in (DEMO_PASSWORD, PASSWORD, PASSPHRASE):
        validate_password(password)
