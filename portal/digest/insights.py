"""Digest reach on the insights pages (portal.insights): people reached each week and
people who unsubscribed each month. Nothing per person, and no open tracking: a digest
counts as reaching someone when the mail server accepted it.

Reach is counted per week over 12 weeks, not per month over a year: with 200,000
weekly readers a year holds some 10 million deliveries, and distinct people per month
would mean reading them all for every page view.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, DateField, QuerySet
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils import timezone

from portal.digest.models import DeliveryStatus, DigestDelivery, DigestPreference, Frequency
from portal.digest.periods import SENDING_FREQUENCIES, period_for
from portal.insights.people import counted
from portal.insights.registry import insights
from portal.insights.scope import Scope
from portal.insights.tables import PEOPLE, TEXT, Column, Table

PERIODS = 12


def weeks(today: datetime.date) -> list[datetime.date]:
    """The Mondays of this week and the 11 before it, oldest first."""
    monday = today - datetime.timedelta(days=today.weekday())
    return [monday - datetime.timedelta(weeks=n) for n in range(PERIODS - 1, -1, -1)]


def months(today: datetime.date) -> list[datetime.date]:
    """The first days of this month and the 11 before it, oldest first."""
    firsts = [today.replace(day=1)]
    while len(firsts) < PERIODS:
        firsts.insert(0, (firsts[0] - datetime.timedelta(days=1)).replace(day=1))
    return firsts


def period_keys(mondays: list[datetime.date]) -> list[str]:
    """Every delivery period (weekly, fortnightly, monthly) overlapping these weeks.

    Filtering on them lets PostgreSQL read only those weeks' deliveries through the
    (period, status) index, however many years of history the table holds."""
    return sorted(
        {
            period_for(frequency, day).key
            for monday in mondays
            for day in (monday, monday + datetime.timedelta(days=6))
            for frequency in SENDING_FREQUENCIES
        }
    )


def _per(rows: QuerySet, field: str, trunc, since: datetime.date, zone, count) -> dict:
    """A count per week or month, in one query."""
    start = datetime.datetime.combine(since, datetime.time(), tzinfo=zone)
    return dict(
        rows.filter(**{f"{field}__gte": start})
        .annotate(starts=trunc(field, output_field=DateField(), tzinfo=zone))
        .values("starts")
        .annotate(people=count)
        .values_list("starts", "people")
        .order_by()
    )


def sent_in(scope: Scope, week_starts: list[datetime.date]) -> QuerySet:
    """Digests the mail server accepted in these weeks, to people in the area.

    Each counts once: a person has one digest per period, so a week's digests are its
    people (someone who changed how often they get it, mid-week, could count twice).
    Counting digests rather than distinct people, and for all England without joining
    people at all, keeps this to one pass over the weeks' rows: 2.4 million of them for
    200,000 weekly readers. People erased or gone since still count: they were reached.
    """
    sent = DigestDelivery.objects.filter(
        status=DeliveryStatus.SENT, period__in=period_keys(week_starts)
    )
    return sent if scope.is_england else sent.filter(scope.q("person__organisation__icb"))


def reached_each_week(scope: Scope, week_starts: list[datetime.date], zone) -> dict:
    """Digests accepted each week, in two queries.

    Weekly digests, nearly all of them, are grouped by their period, which is the week:
    no date arithmetic on millions of rows. Fortnightly and monthly ones are grouped by
    the week they went out.
    """
    sent = sent_in(scope, week_starts)
    weekly = {period_for(Frequency.WEEKLY, monday).key: monday for monday in week_starts}
    counts = dict.fromkeys(week_starts, 0)
    by_period = (
        sent.filter(period__in=list(weekly))
        .values("period")
        .annotate(n=Count("pk"))
        .values_list("period", "n")
        .order_by()
    )
    for key, n in by_period:
        counts[weekly[key]] += n
    # Named, not "all but the weekly ones": an IN list reads only those rows from the
    # (period, status) index.
    others = sent.filter(period__in=[key for key in period_keys(week_starts) if key not in weekly])
    for monday, n in _per(others, "sent_at", TruncWeek, week_starts[0], zone, Count("pk")).items():
        if monday in counts:
            counts[monday] += n
    return counts


@insights.page(
    key="digest",
    title="Digest reach",
    order=40,
    summary="How many people the digest email reached each week, and how many "
    "unsubscribed each month.",
)
def reach(scope: Scope) -> list[Table]:
    zone = ZoneInfo(settings.DIGEST_TIME_ZONE)
    today = timezone.now().astimezone(zone).date()
    week_starts, month_starts = weeks(today), months(today)
    left = DigestPreference.objects.filter(counted(scope))
    weekly = reached_each_week(scope, week_starts, zone)
    unsubscribed = _per(
        left, "unsubscribed_at", TruncMonth, month_starts[0], zone, Count("person", distinct=True)
    )
    return [
        Table(
            key="digest-weekly",
            title="People reached each week",
            caption=f"People sent at least one digest, each of the last {PERIODS} weeks",
            columns=[
                Column("week", "Week beginning", TEXT),
                Column("reached", "People reached", PEOPLE),
            ],
            rows=[
                {"week": f"{monday:%-d %b %Y}", "reached": weekly.get(monday, 0)}
                for monday in week_starts
            ],
            chart="line",
            chart_label="week",
            chart_values=["reached"],
            note="Each digest the mail server accepted counts once: everyone gets at most one "
            "a period, so a week's digests are its people. This week so far is the last row.",
        ),
        Table(
            key="digest-unsubscribed",
            title="People who unsubscribed each month",
            caption=f"People who unsubscribed from the digest, each of the last {PERIODS} months",
            columns=[
                Column("month", "Month", TEXT),
                Column("unsubscribed", "People who unsubscribed", PEOPLE),
            ],
            rows=[
                {"month": f"{first:%B %Y}", "unsubscribed": unsubscribed.get(first, 0)}
                for first in month_starts
            ],
            chart="line",
            chart_label="month",
            chart_values=["unsubscribed"],
            note="People whose digest is still switched off by the unsubscribe link; someone "
            "who signed up again is not counted. This month so far is the last row.",
        ),
    ]
