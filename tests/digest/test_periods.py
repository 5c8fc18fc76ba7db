import datetime

import pytest

from portal.digest import periods
from portal.digest.models import Frequency
from tests.digest.conftest import LONDON


def d(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def test_it_starts_a_weekly_period_on_monday():
    period = periods.period_for(Frequency.WEEKLY, d("2026-11-19"))
    assert period.key == "W2026-11-16"
    assert period.due_days(d("2026-11-19")) == [0, 1, 2, 3]


def test_it_counts_fortnights_from_a_fixed_monday_so_everyone_shares_them():
    first = periods.period_for(Frequency.FORTNIGHTLY, d("2026-11-16"))
    later = periods.period_for(Frequency.FORTNIGHTLY, d("2026-11-23"))
    assert first.start.weekday() == 0
    assert (later.start - first.start).days in (0, 14)
    assert first.end - first.start == datetime.timedelta(days=14)


def test_it_sends_a_monthly_digest_on_the_first_chosen_weekday_of_the_month():
    # 1 December 2026 is a Tuesday: Tuesday's digest is due that day, Monday's on the 7th.
    period = periods.period_for(Frequency.MONTHLY, d("2026-12-01"))
    assert period.key == "M2026-12"
    assert period.due_days(d("2026-12-01")) == [1]
    assert sorted(period.due_days(d("2026-12-07"))) == list(range(7))


@pytest.mark.parametrize(
    ("utc", "due"),
    [
        # 06:30 UTC in June is 07:30 in London (BST): the morning has come.
        (datetime.datetime(2026, 6, 15, 6, 30, tzinfo=datetime.UTC), True),
        # 06:30 UTC in November is 06:30 in London (GMT): not yet.
        (datetime.datetime(2026, 11, 16, 6, 30, tzinfo=datetime.UTC), False),
    ],
)
def test_it_waits_for_the_morning_in_london_across_the_clock_change(settings, utc, due):
    settings.DIGEST_SEND_HOUR = 7
    assert bool(periods.periods_due(utc)) is due


def test_it_keeps_the_london_date_near_midnight(settings):
    settings.DIGEST_SEND_HOUR = 0
    # 23:30 UTC on Sunday 14 June is 00:30 on Monday 15 June in London.
    now = datetime.datetime(2026, 6, 14, 23, 30, tzinfo=datetime.UTC)
    weekly, days = periods.periods_due(now)[Frequency.WEEKLY]
    assert weekly.key == "W2026-06-15"
    assert days == [0]
    assert periods.local_now(now).tzinfo == LONDON
