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

Everything is counted in the database, grouped by profession: one query for the
professions, one for members and leaders (now and at the end of each quarter), and one
per participation measure, whatever the number of people.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
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


def build(scope: Scope, now: datetime.datetime | None = None) -> list[Table]:
    now = now or timezone.now()
    professions = {p.pk: p for p in Profession.objects.order_by("order", "pk")}
    gp_ids = {pk for pk, p in professions.items() if p.slug in GP_SLUGS}
    quarters = last_quarters(now)
    latest = quarters[-1]
    people = _people_by_profession(scope, quarters)
    member_counts = {pk: row["members"] for pk, row in people.items()}
    tables = [
        _parity(
            "leaders",
            f"Leadership roles held at the end of {latest.label}",
            "people holding a leadership role",
            {pk: row["leaders"] for pk, row in people.items()},
            member_counts,
            professions,
        ),
        _trend_table(
            "leaders-by-quarter",
            "Leadership roles held, quarter by quarter",
            "People holding a leadership role at the end of each quarter",
            _quarter_rows(quarters, people, gp_ids, "held"),
            chart=True,
        ),
    ]
    since = quarters[-PARTICIPATION_QUARTERS].start
    for measure in insights.participations():
        counts = _participants_by_profession(measure.queryset(scope), quarters, since)
        tables.append(
            _parity(
                measure.key,
                f"{measure.title}, in the {PARTICIPATION_QUARTERS} quarters to the end of "
                f"{latest.label}",
                "people",
                {pk: row["people"] for pk, row in counts.items()},
                member_counts,
                professions,
                chart=False,
            )
        )
        tables.append(
            _trend_table(
                f"{measure.key}-by-quarter",
                f"{measure.title}, quarter by quarter",
                f"{measure.title}: people in each quarter",
                _quarter_rows(quarters, counts, gp_ids, "in"),
                chart=False,
            )
        )
    return tables


def _people_by_profession(scope: Scope, quarters: list[Quarter]) -> dict[int, dict]:
    """Members, leaders, and the holders at the end of each quarter, by profession.

    Counted: verified, active and not erased now, with a profession, in the area; a
    member at the end of the last quarter had joined by then. A person has one
    profession, so counts by profession add up to the whole without counting anyone
    twice, and one primary address at most (allauth's `unique_primary_email`), so the
    join to it repeats nobody and the member count needs no DISTINCT.

    Two queries: members over everyone counted; role holders from the (far fewer) held
    roles, where DISTINCT is needed as one person may hold several roles at once.
    """
    until = quarters[-1].end
    counted = verified_active() & scope.q("organisation__icb") & Q(profession__isnull=False)
    empty = dict.fromkeys(["members", "leaders", *(f"held{i}" for i in range(len(quarters)))], 0)
    members = (
        Person.objects.filter(counted, date_joined__lt=until)
        .order_by()
        .values_list("profession")
        .annotate(n=Count("pk"))
    )
    rows = {profession: empty | {"members": n} for profession, n in members}
    held = {
        "leaders": Count(
            "person", distinct=True, filter=_held(until) & Q(person__date_joined__lt=until)
        )
    }
    for index, quarter in enumerate(quarters):
        held[f"held{index}"] = Count("person", distinct=True, filter=_held(quarter.end))
    holders = (
        HeldRole.objects.filter(
            verified_active("person"),
            scope.q("person__organisation__icb"),
            person__profession__isnull=False,
            started_at__lte=until,
        )
        .order_by()
        .values("person__profession")
        .annotate(**held)
    )
    for row in holders:
        profession = row.pop("person__profession")
        rows[profession] = rows.get(profession, empty) | row
    return rows


def _held(moment: datetime.datetime) -> Q:
    return Q(started_at__lte=moment) & (Q(ended_at__isnull=True) | Q(ended_at__gt=moment))


def _participants_by_profession(
    events: QuerySet, quarters: list[Quarter], since: datetime.datetime
) -> dict[int, dict]:
    """People taking part over the parity window and in each quarter, by profession,
    in one query. Someone may take part many times, so these counts are DISTINCT."""
    counts = {"people": Count("who", distinct=True, filter=Q(at__gte=since))}
    for index, quarter in enumerate(quarters):
        in_quarter = Q(at__gte=quarter.start, at__lt=quarter.end)
        counts[f"in{index}"] = Count("who", distinct=True, filter=in_quarter)
    rows = (
        events.order_by()
        .filter(at__gte=quarters[0].start, at__lt=quarters[-1].end)
        .values("who_profession")
        .annotate(**counts)
    )
    return {row["who_profession"]: row for row in rows if row["who_profession"] is not None}


def _quarter_rows(
    quarters: list[Quarter], counts: dict[int, dict], gp_ids: set[int], prefix: str
) -> list[dict]:
    """The trend from counts by profession: everyone is the sum over professions."""
    rows = []
    for index, quarter in enumerate(quarters):
        key = f"{prefix}{index}"
        everyone = sum(row[key] for row in counts.values())
        gps = sum(row[key] for pk, row in counts.items() if pk in gp_ids)
        rows.append(_quarter_row(quarter.label, everyone, gps))
    return rows


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
