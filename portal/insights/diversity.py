"""Leadership diversity: who holds leadership roles, and who takes part, by profession.

For each profession the page sets its share of leadership-role holders (and of the
people taking part in each registered activity) against its share of the portal's
members. A parity ratio of 1 means a profession leads in proportion to its numbers;
0.5 means half as much. Quarter by quarter, the share of leaders and participants
from professions other than GPs shows whether leadership is widening.

Figures are published by complete quarter only: everything on the page is counted as
at the end of the last quarter that has ended (members who had joined by then, roles
held then, taking part in the four quarters before it), so a person changing a role,
joining or signing up today changes nothing until the quarter is over and the next is
published with everyone's changes together.

Everything is counted in the database: four queries, and two more per participation
measure, whatever the number of people.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import TruncQuarter
from django.utils import timezone

from portal.insights.people import verified_active
from portal.insights.registry import insights
from portal.insights.scope import Scope
from portal.insights.tables import PEOPLE, PERCENT, RATIO, TEXT, Column, Table
from portal.models import HeldRole, Person, Profession

# The trend counts GPs apart from everyone else. GP trainees go with everyone else:
# grouping them with GPs would let a GP figure hidden in the table by profession be
# worked out from the trend (GPs and trainees together, minus the trainees shown).
GP_SLUGS = ("gp",)
QUARTERS = 8
PARTICIPATION_QUARTERS = 4


@dataclass(frozen=True)
class Quarter:
    start: datetime.datetime
    end: datetime.datetime  # exclusive

    @property
    def last_day(self) -> datetime.date:
        return (self.end - datetime.timedelta(days=1)).date()

    @property
    def label(self) -> str:
        return f"{self.start:%Y} Q{(self.start.month - 1) // 3 + 1}"


def last_quarters(now: datetime.datetime, count: int = QUARTERS) -> list[Quarter]:
    """The last `count` quarters that have ended, oldest first, in London time."""
    local = timezone.localtime(now)
    start = local.replace(month=(local.month - 1) // 3 * 3 + 1, day=1, hour=0, minute=0)
    # The quarter under way is not published: start from the one before it.
    start = _add_months(start.replace(second=0, microsecond=0), -3)
    quarters = []
    for _ in range(count):
        end = _add_months(start, 3)
        quarters.append(Quarter(start, end))
        start = _add_months(start, -3)
    return quarters[::-1]


def published_until(now: datetime.datetime) -> Quarter:
    """The latest quarter whose figures may be shown: the last one that has ended."""
    return last_quarters(now, 1)[0]


def _add_months(moment: datetime.datetime, months: int) -> datetime.datetime:
    month = moment.month - 1 + months
    naive = moment.replace(tzinfo=None).replace(
        year=moment.year + month // 12, month=month % 12 + 1
    )
    return timezone.make_aware(naive, timezone.get_current_timezone())


def members(scope: Scope, until: datetime.datetime) -> QuerySet[Person]:
    """Everyone counted as a member at `until`: joined by then, with a profession, in
    the area, and verified, active and not erased now."""
    return Person.objects.filter(
        scope.q("organisation__icb"),
        verified_active(),
        profession__isnull=False,
        date_joined__lt=until,
    )


def build(scope: Scope, now: datetime.datetime | None = None) -> list[Table]:
    now = now or timezone.now()
    professions = {p.pk: p for p in Profession.objects.order_by("order", "pk")}
    gp_ids = [pk for pk, p in professions.items() if p.slug in GP_SLUGS]
    quarters = last_quarters(now)
    latest = quarters[-1]
    until = latest.end
    people = members(scope, until)
    member_counts = _by_profession(people.values("profession"), "profession", "pk")
    held = HeldRole.objects.held_on(until).filter(person=OuterRef("pk"))
    leader_counts = _by_profession(
        people.filter(Exists(held)).values("profession"), "profession", "pk"
    )
    tables = [
        _parity(
            "leaders",
            f"Leadership roles held at the end of {latest.label}",
            "people holding a leadership role",
            leader_counts,
            member_counts,
            professions,
        ),
        _leaders_by_quarter(scope, quarters, gp_ids),
    ]
    since = quarters[-PARTICIPATION_QUARTERS].start
    for measure in insights.participations():
        events = measure.queryset(scope).order_by()
        counts = _by_profession(
            events.filter(at__gte=since, at__lt=until).values("who_profession"),
            "who_profession",
            "who",
        )
        tables.append(
            _parity(
                measure.key,
                f"{measure.title}, in the {PARTICIPATION_QUARTERS} quarters to the end of "
                f"{latest.label}",
                "people",
                counts,
                member_counts,
                professions,
                chart=False,
            )
        )
        tables.append(_events_by_quarter(measure, events, quarters, gp_ids))
    return tables


def _by_profession(queryset: QuerySet, field: str, person: str) -> dict[int, int]:
    rows = queryset.annotate(n=Count(person, distinct=True)).values_list(field, "n")
    return {profession: n for profession, n in rows if profession is not None}


def _parity(
    key: str,
    title: str,
    who: str,
    counts: dict[int, int],
    member_counts: dict[int, int],
    professions: dict[int, Profession],
    *,
    chart: bool = True,
) -> Table:
    total, total_members = sum(counts.values()), sum(member_counts.values())
    rows = []
    # Every profession is listed, with none as "fewer than 5" like one to four: leaving
    # out the empty ones would tell none apart from a few.
    for pk, profession in professions.items():
        n, m = counts.get(pk, 0), member_counts.get(pk, 0)
        share = n / total if total else None
        member_share = m / total_members if total_members else None
        rows.append(
            {
                "profession": profession.name,
                "people": n,
                "share": share,
                "members": m,
                "member_share": member_share,
                "parity": share / member_share if share is not None and member_share else None,
            }
        )
    return Table(
        key=key,
        title=title,
        caption=f"{title}: {who} and members, by profession",
        columns=[
            Column("profession", "Profession", TEXT),
            Column("people", "People", PEOPLE),
            Column("share", "Share of them", PERCENT, base="people", formula=_share("people")),
            Column("members", "Members", PEOPLE),
            Column(
                "member_share",
                "Share of members",
                PERCENT,
                base="members",
                formula=_share("members"),
            ),
            Column("parity", "Parity ratio", RATIO, base=("people", "members"), formula=_parity_of),
        ],
        rows=rows,
        total={
            "profession": "All professions",
            "people": total,
            "share": 1.0 if total else None,
            "members": total_members,
            "member_share": 1.0 if total_members else None,
            "parity": None,
        },
        chart="bar" if chart else None,
        chart_label="profession",
        chart_values=["parity"],
        note="A parity ratio of 1 means a profession's share matches its share of members; "
        "below 1, it is under-represented. " + ROUNDING_NOTE,
    )


ROUNDING_NOTE = (
    "Counts are rounded to the nearest 5, and shares worked out from the rounded counts."
)


def _share_of(key: str, row: dict, total: dict | None) -> float | None:
    whole = total.get(key) if total else None
    if row[key] is None or not isinstance(whole, int) or not whole:
        return None
    return row[key] / whole


def _share(key: str) -> Callable[[dict, dict | None], float | None]:
    # A partial of a module function, not a closure: tables are kept in the cache,
    # which pickles them.
    return functools.partial(_share_of, key)


def _parity_of(row: dict, total: dict | None) -> float | None:
    share, member_share = row.get("share"), row.get("member_share")
    if share is None or not member_share:
        return None
    return share / member_share


def _leaders_by_quarter(scope: Scope, quarters: list[Quarter], gp_ids: list[int]) -> Table:
    """Holders at the end of each quarter, in one query."""
    roles = HeldRole.objects.filter(
        scope.q("person__organisation__icb"),
        verified_active("person"),
        person__profession__isnull=False,
    )
    gp = Q(person__profession__in=gp_ids)
    counts = {}
    for index, quarter in enumerate(quarters):
        moment = quarter.end
        held = Q(started_at__lte=moment) & (Q(ended_at__isnull=True) | Q(ended_at__gt=moment))
        counts[f"all{index}"] = Count("person", distinct=True, filter=held)
        counts[f"gp{index}"] = Count("person", distinct=True, filter=held & gp)
    totals = roles.aggregate(**counts)
    rows = [
        _quarter_row(quarter.label, totals[f"all{i}"], totals[f"gp{i}"])
        for i, quarter in enumerate(quarters)
    ]
    return _trend_table(
        "leaders-by-quarter",
        "Leadership roles held, quarter by quarter",
        "People holding a leadership role at the end of each quarter",
        rows,
        chart=True,
    )


def _events_by_quarter(measure, events: QuerySet, quarters: list[Quarter], gp_ids) -> Table:
    rows_by_start = {
        row["quarter"]: row
        for row in events.filter(at__gte=quarters[0].start, at__lt=quarters[-1].end)
        .annotate(quarter=TruncQuarter("at"))
        .values("quarter")
        .annotate(
            all=Count("who", distinct=True),
            gp=Count("who", distinct=True, filter=Q(who_profession__in=gp_ids)),
        )
    }
    rows = []
    for quarter in quarters:
        found = rows_by_start.get(quarter.start.date()) or rows_by_start.get(quarter.start)
        found = found or {"all": 0, "gp": 0}
        rows.append(_quarter_row(quarter.label, found["all"], found["gp"]))
    return _trend_table(
        f"{measure.key}-by-quarter",
        f"{measure.title}, quarter by quarter",
        f"{measure.title}: people in each quarter",
        rows,
        chart=False,
    )


def _quarter_row(label: str, everyone: int, gps: int) -> dict:
    others = everyone - gps
    return {
        "quarter": label,
        "people": everyone,
        "gps": gps,
        "others": others,
        "share_others": others / everyone if everyone else None,
    }


def _share_others(row: dict, total: dict | None) -> float | None:
    if row["others"] is None or not row["people"]:
        return None
    return row["others"] / row["people"]


def _trend_table(key: str, title: str, caption: str, rows: list[dict], *, chart: bool) -> Table:
    return Table(
        key=key,
        title=title,
        caption=caption,
        columns=[
            Column("quarter", "Quarter", TEXT),
            Column("people", "People", PEOPLE),
            Column("gps", "GPs", PEOPLE),
            Column("others", "Every other profession", PEOPLE),
            Column(
                "share_others",
                "Share not GPs",
                PERCENT,
                base=("gps", "others"),
                formula=_share_others,
            ),
        ],
        rows=rows,
        row_parts={"people": ["gps", "others"]},
        chart="line" if chart else None,
        chart_label="quarter",
        chart_values=["share_others"],
        note="Complete quarters only: a quarter is published once it has ended. " + ROUNDING_NOTE,
    )
