"""This app's figures on the insights pages (portal.insights): who offers and receives
mentoring, sponsorship and coaching, and development needs from self-assessments.

Every figure is counted in the database, in a fixed number of queries per page.
"""

from __future__ import annotations

from django.db.models import (
    Case,
    Count,
    DateTimeField,
    F,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Greatest

from careers.mentoring.models import Relationship, SupportKind, SupportOffer
from careers.models import Assessment, Rating
from portal.insights.people import counted
from portal.insights.registry import insights
from portal.insights.scope import Scope
from portal.insights.suppression import THRESHOLD
from portal.insights.tables import NUMBER, PEOPLE, TEXT, Column, Table
from portal.models import LeadershipDimension, OrganisationKind


# ---------------------------------------------------------------------------
# Participation: offering support, and being supported
# ---------------------------------------------------------------------------
def offering(kind: SupportKind):
    def measure(scope: Scope) -> QuerySet:
        offers = SupportOffer.objects.filter(counted(scope), kind=kind, paused=False)
        return offers.annotate(
            who=F("person"), who_profession=F("person__profession"), at=F("created_at")
        )

    return measure


insights.participation(key="offering_mentoring", title="Offering mentoring", order=50)(
    offering(SupportKind.MENTOR)
)
insights.participation(key="offering_sponsorship", title="Offering sponsorship", order=51)(
    offering(SupportKind.SPONSOR)
)
insights.participation(key="offering_coaching", title="Offering coaching", order=52)(
    offering(SupportKind.COACH)
)


@insights.participation(
    key="supported", title="Mentored, sponsored or coached (as the person supported)", order=60
)
def supported(scope: Scope) -> QuerySet:
    seeker = "match__request__seeker"
    return Relationship.objects.filter(counted(scope, seeker)).annotate(
        who=F(seeker),
        who_profession=F(f"{seeker}__profession"),
        at=Cast("started_on", DateTimeField()),
    )


# ---------------------------------------------------------------------------
# Development needs
# ---------------------------------------------------------------------------
PERSON = "assessment__person"
# The gap a person still wants to close: a rating with no target, or one at or above
# it, is no gap (a target below today's level is not a need).
GAP = Greatest(Coalesce("target", "level") - F("level"), Value(0))
PCN = Case(
    When(**{f"{PERSON}__organisation__kind": OrganisationKind.PCN}, then=f"{PERSON}__organisation"),
    default=f"{PERSON}__organisation__pcn",
    output_field=IntegerField(),
)
ICB = f"{PERSON}__organisation__icb"
PCN_NAME = Coalesce(f"{PERSON}__organisation__pcn__name", f"{PERSON}__organisation__name")


def latest_ratings(scope: Scope) -> QuerySet:
    """Ratings from each counted person's most recent self-assessment."""
    latest = Assessment.objects.latest_each().values("pk")
    return Rating.objects.filter(counted(scope, PERSON), assessment__in=latest).order_by()


def _gaps(ratings: QuerySet, dimensions: list[LeadershipDimension], **group) -> list[dict]:
    """People and their average gap in each dimension, per group, in one query."""
    sums = {f"gap_{d.pk}": Sum(GAP, filter=Q(dimension=d.pk)) for d in dimensions}
    rows = ratings.values(**group).annotate(people=Count(PERSON, distinct=True), **sums)
    return [
        {
            **row,
            **{f"gap_{d.pk}": (row[f"gap_{d.pk}"] or 0) / row["people"] for d in dimensions},
        }
        for row in rows
    ]


def listable(rows: list[dict], whole: int) -> list[dict]:
    """The areas that may be listed beside the `whole` they are part of.

    An area under the threshold is left out; and while the people left out number
    between 1 and 4 (so that the whole minus the listed areas would give a small
    group's averages away), the smallest listed area is left out too."""
    listed = sorted((row for row in rows if row["people"] >= THRESHOLD), key=lambda r: r["people"])
    while listed and 0 < whole - sum(row["people"] for row in listed) < THRESHOLD:
        listed.pop(0)
    return listed


def _columns(first: list[Column], dimensions: list[LeadershipDimension]) -> list[Column]:
    return [
        *first,
        Column("people", "People", PEOPLE),
        *(Column(f"gap_{d.pk}", d.name, NUMBER, base="people") for d in dimensions),
    ]


def _whole(rows: list[dict], dimensions: list[LeadershipDimension]) -> dict:
    """The scope's own figures, from its areas' (each average times its people)."""
    people = sum(row["people"] for row in rows)
    return {
        "people": people,
        **{
            f"gap_{d.pk}": (
                sum(row[f"gap_{d.pk}"] * row["people"] for row in rows) / people if people else None
            )
            for d in dimensions
        },
    }


@insights.page(
    key="needs",
    title="Development needs",
    order=20,
    summary="The average gap between where people rate themselves and where they aim to "
    "be, per leadership dimension, by ICB and PCN.",
)
def needs(scope: Scope) -> list[Table]:
    dimensions = list(LeadershipDimension.objects.order_by("order"))
    ratings = latest_ratings(scope)
    by_icb = _gaps(ratings, dimensions, icb=F(ICB), icb_name=F(f"{ICB}__name"))
    by_pcn = _gaps(
        ratings.alias(pcn_id=PCN).filter(pcn_id__isnull=False),
        dimensions,
        icb=F(ICB),
        pcn=F("pcn_id"),
        pcn_name=PCN_NAME,
    )
    whole = _whole(by_icb, dimensions)
    icbs = listable([row for row in by_icb if row["icb"] is not None], whole["people"])
    names = {row["icb"]: row["icb_name"] for row in icbs}
    pcns = []
    for icb in icbs:
        pcns += listable([row for row in by_pcn if row["icb"] == icb["icb"]], icb["people"])
    left_out = (
        f"Areas where fewer than {THRESHOLD} people have assessed themselves are not listed, "
        "nor any area whose figures would let a smaller group's be worked out."
    )
    return [
        Table(
            key="needs-overall",
            title="Average gap per dimension",
            caption="How far people aim to grow in each dimension (levels 1 to 4), from "
            "each person's latest self-assessment",
            columns=[
                Column("dimension", "Dimension", TEXT),
                Column("people", "People", PEOPLE),
                Column("gap", "Average gap", NUMBER, base="people"),
            ],
            rows=[
                {"dimension": d.name, "people": whole["people"], "gap": whole[f"gap_{d.pk}"]}
                for d in dimensions
            ],
            chart="bar",
            chart_label="dimension",
            chart_values=["gap"],
            note="A dimension without a target, or rated at or above it, counts as no gap.",
        ),
        Table(
            key="needs-by-icb",
            title="Average gap by ICB",
            caption="Average gap per dimension, by integrated care board",
            columns=_columns([Column("icb", "Integrated care board", TEXT)], dimensions),
            rows=sorted(
                ({"icb": row["icb_name"], **_figures(row, dimensions)} for row in icbs),
                key=lambda row: row["icb"],
            ),
            note=left_out,
        ),
        Table(
            key="needs-by-pcn",
            title="Average gap by PCN",
            caption="Average gap per dimension, by primary care network",
            columns=_columns(
                [Column("icb", "Integrated care board", TEXT), Column("pcn", "PCN", TEXT)],
                dimensions,
            ),
            rows=sorted(
                (
                    {
                        "icb": names[row["icb"]],
                        "pcn": row["pcn_name"],
                        **_figures(row, dimensions),
                    }
                    for row in pcns
                ),
                key=lambda row: (row["icb"], row["pcn"]),
            ),
            note=left_out,
        ),
    ]


def _figures(row: dict, dimensions: list[LeadershipDimension]) -> dict:
    return {"people": row["people"], **{f"gap_{d.pk}": row[f"gap_{d.pk}"] for d in dimensions}}
