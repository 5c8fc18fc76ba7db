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
from django.db.models import Count, DateField, Q, QuerySet
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils import timezone

from portal.digest.models import DeliveryStatus, DigestDelivery, DigestPreference
from portal.digest.periods import SENDING_FREQUENCIES, period_for
from portal.insights.registry import insights
from portal.insights.scope import Scope
from portal.insights.tables import PEOPLE, TEXT, Column, Table

PERIODS = 12


def counted(scope: Scope, person: str = "person") -> Q:
    """The people insights count: active, not erased, working in the scope's ICBs."""
    return Q(**{f"{person}__is_active": True, f"{person}__erased_at__isnull": True}) & scope.q(
        f"{person}__organisation__icb"
    )


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


def _per(rows: QuerySet, field: str, trunc, since: datetime.date, zone) -> dict:
    """Distinct people per period, counted in one query."""
    start = datetime.datetime.combine(since, datetime.time(), tzinfo=zone)
    return dict(
        rows.filter(**{f"{field}__gte": start})
        .annotate(starts=trunc(field, output_field=DateField(), tzinfo=zone))
        .values("starts")
        .annotate(people=Count("person", distinct=True))
        .values_list("starts", "people")
        .order_by()
    )


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
    sent = DigestDelivery.objects.filter(
        counted(scope), status=DeliveryStatus.SENT, period__in=period_keys(week_starts)
    )
    left = DigestPreference.objects.filter(counted(scope))
    weekly = _per(sent, "sent_at", TruncWeek, week_starts[0], zone)
    unsubscribed = _per(left, "unsubscribed_at", TruncMonth, month_starts[0], zone)
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
            note="This week so far is the last row.",
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
