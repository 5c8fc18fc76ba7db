"""Signed-in sessions end after idling (30 minutes for staff, 2 hours for members) and
12 hours after signing in however busy; the clock is frozen and moved by time-machine."""

import datetime

import pytest
import time_machine

from tests.factories import PASSWORD

START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
PROFILE = "/me/"


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


def sign_in(client, person) -> None:
    response = client.post("/accounts/login/", {"login": person.email, "password": PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def later(clock, **delta) -> None:
    clock.shift(datetime.timedelta(**delta))


def signed_out(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_nurse_who_comes_back_within_two_hours_is_still_signed_in(client, clock, nurse):
    sign_in(client, nurse)
    later(clock, hours=1, minutes=55)
    assert client.get(PROFILE).status_code == 200


def test_a_nurse_who_leaves_the_portal_for_over_two_hours_is_signed_out(client, clock, nurse):
    sign_in(client, nurse)
    client.get(PROFILE)
    later(clock, hours=2, minutes=1)

    response = client.get(PROFILE)

    assert signed_out(response)
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "You were signed out because you had not used the portal for 2 hours" in page


def test_a_curator_is_signed_out_after_thirty_minutes_idle(client, clock, curator):
    sign_in(client, curator)
    later(clock, minutes=29)
    assert client.get(PROFILE).status_code == 200
    later(clock, minutes=31)
    assert signed_out(client.get(PROFILE))


def test_each_visit_restarts_the_idle_clock(client, clock, curator):
    sign_in(client, curator)
    for _ in range(6):
        later(clock, minutes=25)
        assert client.get(PROFILE).status_code == 200


def test_a_busy_nurse_is_signed_out_twelve_hours_after_signing_in(client, clock, nurse):
    sign_in(client, nurse)
    for _ in range(11):
        later(clock, hours=1)
        assert client.get(PROFILE).status_code == 200
    later(clock, hours=1, minutes=1)

    response = client.get(PROFILE)

    assert signed_out(response)
    page = client.get(response["Location"]).content.decode()
    assert "you signed in more than 12 hours ago" in page


def test_signing_in_again_starts_a_fresh_twelve_hours(client, clock, nurse):
    sign_in(client, nurse)
    later(clock, hours=13)
    assert signed_out(client.get(PROFILE))
    sign_in(client, nurse)
    later(clock, hours=1)
    assert client.get(PROFILE).status_code == 200


def test_remember_me_keeps_the_cookie_no_longer_than_twelve_hours(client, clock, nurse):
    client.post("/accounts/login/", {"login": nurse.email, "password": PASSWORD, "remember": "on"})
    assert client.cookies["sessionid"]["max-age"] == 12 * 60 * 60
