"""Digest reach on the insights pages: people reached each week, unsubscribes each month.

The clock stands at Wednesday 18 November 2026, noon in London. Nia and Priya work in
Devon (QJK); a Londoner's digests count for London only.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from portal.digest import insights
from portal.digest.models import DeliveryStatus, DigestDelivery, DigestPreference
from portal.digest.periods import period_for
from portal.insights.scope import ENGLAND, Scope
from tests.factories import OrganisationFactory, PersonFactory, icb

LONDON = ZoneInfo("Europe/London")
NOW = datetime.datetime(2026, 11, 18, 12, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def wednesday():
    with time_machine.travel(NOW, tick=False):
        yield


def devon() -> Scope:
    return Scope(label="Devon", icb_ids=frozenset({icb("QJK").pk}), slug="devon")


def sent(person, when: datetime.datetime, status=DeliveryStatus.SENT, frequency="weekly"):
    return DigestDelivery.objects.create(
        person=person,
        period=period_for(frequency, when.astimezone(LONDON).date()).key,
        status=status,
        window_start=when - datetime.timedelta(days=7),
        sent_at=when,
    )


def unsubscribed(person, when: datetime.datetime):
    return DigestPreference.objects.create(person=person, frequency="off", unsubscribed_at=when)


def on(day: int, month: int = 11, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, 0, tzinfo=LONDON)


def rows(tables, key):
    return next(t for t in tables if t.key == key).rows


def test_it_shows_this_week_and_the_eleven_before_oldest_first(db):
    weekly = rows(insights.reach(ENGLAND), "digest-weekly")

    assert len(weekly) == 12
    assert (weekly[0]["week"], weekly[-1]["week"]) == ("31 Aug 2026", "16 Nov 2026")
    assert {row["reached"] for row in weekly} == {0}


def test_each_digest_accepted_counts_once_in_the_week_it_was_sent(nurse, pharmacist):
    sent(nurse, on(16))
    # She changed how often she gets it mid-week: counting digests, not distinct people,
    # counts her twice that week. The price of one pass over millions of rows.
    sent(nurse, on(18, hour=8), frequency="fortnightly")
    sent(pharmacist, on(10))

    weekly = rows(insights.reach(devon()), "digest-weekly")

    assert [row["reached"] for row in weekly[-2:]] == [1, 2]


def test_only_digests_sent_to_people_in_the_area_count(nurse, pharmacist, gp_trainee):
    sent(nurse, on(16))
    sent(pharmacist, on(16, hour=10), status=DeliveryStatus.EMPTY)
    sent(PersonFactory(organisation=OrganisationFactory(icb=icb("QMJ"))), on(16))
    sent(gp_trainee, on(16))
    # Erased since: no workplace any more, so in no ICB's figures (England's still count
    # the digest: it reached someone at the time).
    gp_trainee.erased_at, gp_trainee.organisation = NOW, None
    gp_trainee.save()

    weekly = rows(insights.reach(devon()), "digest-weekly")

    assert weekly[-1] == {"week": "16 Nov 2026", "reached": 1}
    assert rows(insights.reach(ENGLAND), "digest-weekly")[-1]["reached"] == 3


def test_weeks_and_months_follow_the_calendar_in_london_not_utc(nurse, pharmacist):
    # 23:30 UTC on Sunday 6 September is half past midnight on Monday in London.
    sent(nurse, datetime.datetime(2026, 9, 6, 23, 30, tzinfo=datetime.UTC))
    # 23:30 UTC on 31 May is half past midnight on 1 June in London.
    unsubscribed(pharmacist, datetime.datetime(2026, 5, 31, 23, 30, tzinfo=datetime.UTC))

    tables = insights.reach(ENGLAND)
    weekly = {row["week"]: row["reached"] for row in rows(tables, "digest-weekly")}
    monthly = {row["month"]: row["unsubscribed"] for row in rows(tables, "digest-unsubscribed")}

    assert (weekly["31 Aug 2026"], weekly["7 Sep 2026"]) == (0, 1)
    assert (monthly["May 2026"], monthly["June 2026"]) == (0, 1)
    assert "November 2025" not in monthly and "December 2025" in monthly


def test_unsubscribes_are_counted_in_the_month_they_happened(nurse, pharmacist, gp_trainee):
    unsubscribed(nurse, on(2))
    unsubscribed(pharmacist, on(3, month=10))
    unsubscribed(gp_trainee, on(3, month=10))
    DigestPreference.objects.create(person=PersonFactory(), frequency="weekly")

    monthly = {
        row["month"]: row["unsubscribed"]
        for row in rows(insights.reach(devon()), "digest-unsubscribed")
    }

    assert (monthly["October 2026"], monthly["November 2026"]) == (2, 1)


def test_the_digest_page_is_three_queries_whatever_the_deliveries(nurse, django_assert_num_queries):
    scope = devon()
    sent(nurse, on(16))
    with django_assert_num_queries(3):
        insights.reach(scope)
    for day in range(1, 15):
        person = PersonFactory()
        sent(person, on(day))
        sent(person, on(day + 2, hour=12), frequency="monthly")
        unsubscribed(person, on(day, hour=12))
    with django_assert_num_queries(3):
        tables = insights.reach(scope)
    assert sum(row["reached"] for row in rows(tables, "digest-weekly")) > 14
    assert rows(tables, "digest-unsubscribed")[-1]["unsubscribed"] == 14
