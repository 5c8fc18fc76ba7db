"""This app's figures on the insights pages (portal.insights): who applies to and
completes offers, and the health of the catalogue the scope's training hubs curate.

Every figure is counted in the database, in a fixed number of queries per page.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, F, Q, QuerySet, Sum

from portal.insights.people import counted, verified_active
from portal.insights.registry import insights
from portal.insights.scope import Scope
from portal.insights.tables import COUNT, PEOPLE, PERCENT, TEXT, Column, Table
from portal.models import ICB, Organisation, Profession
from programmes.answers import QUESTIONS, missing_answers
from programmes.models import (
    HOLDS_PLACE,
    Application,
    Intake,
    Offer,
    OfferKind,
    OfferStatus,
    today,
)

# Intakes that started up to a year ago, or are still to start, show how full they got.
FILL_WINDOW = datetime.timedelta(days=365)
STALEST_LISTED = 20


def active(person: str = "person") -> Q:
    return verified_active(person)


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


# ---------------------------------------------------------------------------
# Participation
# ---------------------------------------------------------------------------
def _events(applications: QuerySet, at: str) -> QuerySet:
    return applications.annotate(who=F("person"), who_profession=F("person__profession"), at=F(at))


@insights.participation(key="applied", title="Applied for an offer", order=10)
def applied(scope: Scope) -> QuerySet:
    # The row is created with the first interest and moved on by applying.
    return _events(Application.objects.applied().filter(counted(scope)), "created_at")


@insights.participation(key="completed", title="Completed an offer", order=20)
def completed(scope: Scope) -> QuerySet:
    return _events(Application.objects.completed().filter(counted(scope)), "status_changed_at")


# ---------------------------------------------------------------------------
# Catalogue health
# ---------------------------------------------------------------------------
def curated_in(scope: Scope) -> QuerySet:
    """Offers curated by a training hub that serves one of the scope's ICBs."""
    if scope.icb_ids is None:
        return Offer.objects.order_by()
    hubs = Organisation.objects.training_hubs().filter(scope.q("serves_icbs")).values("pk")
    return Offer.objects.filter(hub__in=hubs).order_by()


def available_in(scope: Scope, offers: QuerySet) -> QuerySet:
    """Offers people in the scope can take: national, or for a region or ICB in it."""
    if scope.icb_ids is None:
        return offers
    regions = ICB.objects.filter(pk__in=scope.icb_ids).values("region_id")
    by_region = Offer.regions.through.objects.filter(region_id__in=regions).values("offer_id")
    by_icb = Offer.icbs.through.objects.filter(icb_id__in=scope.icb_ids).values("offer_id")
    return offers.filter(Q(national=True) | Q(pk__in=by_region) | Q(pk__in=by_icb))


def offers_by_kind(scope: Scope) -> Table:
    joinable = Offer.objects.joinable().values("pk")
    counts = {
        row["kind"]: row
        for row in curated_in(scope)
        .values("kind")
        .annotate(
            published=Count("pk", filter=Q(status=OfferStatus.PUBLISHED)),
            open=Count("pk", filter=Q(pk__in=joinable)),
            drafts=Count("pk", filter=Q(status=OfferStatus.DRAFT)),
        )
    }
    empty = {"published": 0, "open": 0, "drafts": 0}
    rows = [{**empty, **counts.get(kind, {}), "kind": label} for kind, label in OfferKind.choices]
    return Table(
        key="offers-by-kind",
        title="Offers by kind",
        caption="Offers curated by the training hubs serving this area, by kind",
        columns=[
            Column("kind", "Kind of offer", TEXT),
            Column("published", "Published", COUNT),
            Column("open", "Open to join now", COUNT),
            Column("drafts", "Drafts", COUNT),
        ],
        rows=rows,
        total={key: sum(row[key] for row in rows) for key in empty} | {"kind": "All kinds"},
        chart="bar",
        chart_label="kind",
        chart_values=["published", "open"],
        note="Open to join now: published, with an intake taking applications or no dates.",
    )


def _professions_covered(scope: Scope, icbs: list[dict]) -> dict[int, set[int] | None]:
    """For each ICB, the professions with an open offer there (None: every profession).

    Three small DISTINCT queries, bounded by the number of regions, ICBs and
    professions, not by the number of offers."""
    joinable = Offer.objects.joinable().order_by()
    icb_ids = [icb["pk"] for icb in icbs]
    region_ids = {icb["region_id"] for icb in icbs}
    national = joinable.filter(national=True).values_list("all_professions", "professions")
    by_region = joinable.filter(regions__in=region_ids).values_list(
        "regions", "all_professions", "professions"
    )
    by_icb = joinable.filter(icbs__in=icb_ids).values_list("icbs", "all_professions", "professions")

    def add(covered: set[int] | None, everyone: bool, profession: int | None) -> set[int] | None:
        if covered is None or everyone:
            return None
        return covered | ({profession} if profession else set())

    everywhere: set[int] | None = set()
    for everyone, profession in national.distinct():
        everywhere = add(everywhere, everyone, profession)
    regional: dict[int, set[int] | None] = {}
    for region, everyone, profession in by_region.distinct():
        regional[region] = add(regional.get(region, set()), everyone, profession)
    local: dict[int, set[int] | None] = {}
    for icb, everyone, profession in by_icb.distinct():
        local[icb] = add(local.get(icb, set()), everyone, profession)

    covered = {}
    for icb in icbs:
        sets = [everywhere, regional.get(icb["region_id"], set()), local.get(icb["pk"], set())]
        covered[icb["pk"]] = None if None in sets else set().union(*sets)
    return covered


def open_by_profession(scope: Scope) -> list[Table]:
    offers = available_in(scope, Offer.objects.joinable().order_by())
    for_everyone = offers.filter(all_professions=True).count()
    listed = offers.filter(all_professions=False).values("pk")
    professions = list(
        Profession.objects.annotate(
            listed=Count("offers", filter=Q(offers__in=listed), distinct=True)
        ).values("pk", "name", "listed")
    )
    icbs = list(
        ICB.objects.filter(scope.q("pk")).order_by("name").values("pk", "name", "region_id")
    )
    covered = _professions_covered(scope, icbs)
    missing = {
        icb["pk"]: [
            p["name"]
            for p in professions
            if covered[icb["pk"]] is not None and p["pk"] not in covered[icb["pk"]]
        ]
        for icb in icbs
    }
    by_profession = Table(
        key="open-by-profession",
        title="Open offers by profession",
        caption="Offers open to join now that people in this area can take, by profession",
        columns=[
            Column("profession", "Profession", TEXT),
            Column("offers", "Open offers", COUNT),
            Column("icbs_without", "ICBs with none", COUNT),
        ],
        rows=[
            {
                "profession": p["name"],
                "offers": for_everyone + p["listed"],
                "icbs_without": sum(p["name"] in names for names in missing.values()),
            }
            for p in professions
        ],
        chart="bar",
        chart_label="profession",
        chart_values=["offers"],
    )
    gaps = Table(
        key="no-open-offer",
        title="Professions with no open offer",
        caption="For each ICB, the professions with no offer open to join there now",
        columns=[
            Column("icb", "Integrated care board", TEXT),
            Column("count", "Professions with none", COUNT),
            Column("professions", "Which professions", TEXT),
        ],
        rows=[
            {
                "icb": icb["name"],
                "count": len(missing[icb["pk"]]),
                "professions": ", ".join(missing[icb["pk"]]) or "None: every profession has one",
            }
            for icb in icbs
        ],
    )
    return [by_profession, gaps]


def stale_offers(scope: Scope) -> list[Table]:
    offers = curated_in(scope).exclude(status=OfferStatus.ARCHIVED)
    stale = Offer.objects.stale().values("pk")
    by_hub = list(
        offers.values("hub", hub_name=F("hub__name"))
        .annotate(live=Count("pk"), stale=Count("pk", filter=Q(pk__in=stale)))
        .order_by("hub_name", "hub")
    )
    stalest = curated_in(scope).stale().order_by("review_by", "title")[:STALEST_LISTED]
    return [
        Table(
            key="stale-by-hub",
            title="Stale offers by training hub",
            caption="Published and draft offers whose review-by date has passed",
            columns=[
                Column("hub_name", "Training hub", TEXT),
                Column("live", "Offers", COUNT),
                Column("stale", "Stale", COUNT),
                Column("share", "Share stale", PERCENT),
            ],
            rows=[
                {
                    "hub_name": row["hub_name"],
                    "live": row["live"],
                    "stale": row["stale"],
                    "share": share(row["stale"], row["live"]),
                }
                for row in by_hub
            ],
        ),
        Table(
            key="stalest-offers",
            title="Offers longest past their review date",
            caption=f"Up to {STALEST_LISTED} stale offers, the longest overdue first",
            columns=[
                Column("title", "Offer", TEXT),
                Column("hub", "Training hub", TEXT),
                Column("review_by", "Review by", TEXT),
            ],
            rows=[
                {"title": title, "hub": hub, "review_by": f"{review_by:%-d %B %Y}"}
                for title, hub, review_by in stalest.values_list("title", "hub__name", "review_by")
            ],
        ),
    ]


def faq_completeness(scope: Scope) -> Table:
    # The answers come from the offer's fields as well as its FAQs, by the same rules
    # the offer page uses: three queries whatever the number of offers.
    offers = (
        curated_in(scope)
        .filter(status=OfferStatus.PUBLISHED)
        .prefetch_related("faqs", "professions")
    )
    missing = [set(missing_answers(offer, list(offer.faqs.all()))) for offer in offers]
    total = len(missing)
    rows = [
        {
            "question": "Every standard question",
            "offers": sum(not gaps for gaps in missing),
        }
    ] + [
        {"question": question, "offers": sum(topic not in gaps for gaps in missing)}
        for topic, question in QUESTIONS.items()
    ]
    return Table(
        key="faq-completeness",
        title="Standard questions answered",
        caption=f"Published offers ({total}) answering each standard question",
        columns=[
            Column("question", "Question", TEXT),
            Column("offers", "Offers answering it", COUNT),
            Column("share", "Share", PERCENT),
        ],
        rows=[{**row, "share": share(row["offers"], total)} for row in rows],
        note="An answer comes from the offer's details or from a FAQ on that topic.",
    )


def _fill(row: dict, total: dict | None) -> float | None:
    # From the published (rounded) places taken, so the rate cannot give the exact count.
    return None if row["taken"] is None else share(row["taken"], row["places"])


def intake_fill(scope: Scope) -> Table:
    intakes = Intake.objects.filter(
        offer__in=curated_in(scope).values("pk"),
        places__isnull=False,
        start_date__gte=today() - FILL_WINDOW,
    ).order_by()
    places = {
        row["offer__kind"]: row
        for row in intakes.values("offer__kind").annotate(intakes=Count("pk"), places=Sum("places"))
    }
    taken = dict(
        Application.objects.filter(
            active(), intake__in=intakes.values("pk"), status__in=HOLDS_PLACE
        )
        .order_by()
        .values("offer__kind")
        .annotate(taken=Count("pk"))
        .values_list("offer__kind", "taken")
    )
    rows = [
        {
            "kind": OfferKind(kind).label,
            "intakes": row["intakes"],
            "places": row["places"],
            "taken": taken.get(kind, 0),
            "fill": share(taken.get(kind, 0), row["places"]),
        }
        for kind, row in sorted(places.items(), key=lambda item: OfferKind(item[0]).label)
    ]
    totals = {key: sum(row[key] for row in rows) for key in ("intakes", "places", "taken")}
    return Table(
        key="intake-fill",
        title="Intake fill rates",
        caption="Places taken on intakes with a set number of places, started in the last "
        "year or still to start, by kind of offer",
        columns=[
            Column("kind", "Kind of offer", TEXT),
            Column("intakes", "Intakes", COUNT),
            Column("places", "Places", COUNT),
            Column("taken", "Places taken", PEOPLE),
            Column("fill", "Fill rate", PERCENT, base="taken", formula=_fill),
        ],
        rows=rows,
        total={"kind": "All kinds", **totals, "fill": share(totals["taken"], totals["places"])},
        chart="bar",
        chart_label="kind",
        chart_values=["fill"],
    )


@insights.page(
    key="catalogue",
    title="Catalogue health",
    order=30,
    summary="Offers by kind and profession, professions with no open offer, stale offers, "
    "standard questions answered and how full intakes get.",
)
def catalogue(scope: Scope) -> list[Table]:
    return [
        offers_by_kind(scope),
        *open_by_profession(scope),
        *stale_offers(scope),
        faq_completeness(scope),
        intake_fill(scope),
    ]
