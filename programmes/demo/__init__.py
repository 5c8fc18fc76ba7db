"""Sample development offers for `manage.py seed_demo`, loaded the way curators load
theirs: through the admin's offer and intake importers (programmes/resources.py).

- ``offers.csv`` is an offer file as a curator would import it (every column but
  ``status`` and ``review_by``): invented offers of every kind, for both staff groups,
  many professions and all seven regions, curated by the two demo training hubs. Each
  says on its page that it is sample data.
- ``faqs.toml``: questions and answers, some answering a standard question.
- ``intakes.csv`` is an intake file written as if seeded on ``EPOCH``; its dates move
  by the days since, so a fresh demo always has offers starting soon. Its extra column
  ``demo_applicants`` is how many invented members apply to the intake.
- ``people.toml``: what the persona accounts have saved or shown interest in.

A new offer is imported as a draft, given its questions and answers, then published
through the service a curator's "Publish" uses, and its intakes imported. On a later
run unchanged rows are skipped, and existing offers keep their review-by date, status
and intakes, so a second run, on any day, changes nothing.
"""

from __future__ import annotations

import datetime

import tablib
from django.utils import timezone

from portal import demo
from portal import selectors as portal_selectors
from portal.demo.crowd import crowd, rng
from programmes import selectors, services
from programmes.models import FAQ, ApplicationStatus, Offer
from programmes.resources import IntakeResource, OfferResource

EPOCH = datetime.date(2026, 12, 5)
REVIEW_IN_DAYS = 240
APPLICANTS = "demo_applicants"


class DemoOfferResource(OfferResource):
    # A second run must write nothing, not even a history entry per offer.
    class Meta:
        skip_unchanged = True


def _read_csv(name: str) -> tablib.Dataset:
    text = demo.data_file(__file__, name).read_text(encoding="utf-8")
    return tablib.Dataset().load(text, format="csv")


def _import(resource, dataset: tablib.Dataset) -> dict[str, int]:
    # raise_errors: a mistake in a demo file must stop the run, not be skipped.
    result = resource.import_data(dataset, raise_errors=True)
    return result.totals


def _import_offers(report: demo.Report) -> tuple[list[str], list[str]]:
    """Import offers.csv; returns every slug in it, and those that did not exist before."""
    offers = _read_csv("offers.csv")
    existing = set(selectors.offers_by_slug(offers["slug"]))
    new = tablib.Dataset(headers=[*offers.headers, "review_by"])
    old = tablib.Dataset(headers=offers.headers)
    review_by = (timezone.localdate() + datetime.timedelta(days=REVIEW_IN_DAYS)).isoformat()
    for row in offers:
        if row[0] in existing:
            old.append(row)
        else:
            new.append([*row, review_by])
    totals = {"new": 0, "update": 0, "skip": 0}
    for dataset in (new, old):
        if dataset.height:
            for key, count in _import(DemoOfferResource(), dataset).items():
                totals[key] = totals.get(key, 0) + count
    report.add("offers", created=totals["new"], updated=totals["update"], found=totals["skip"])
    return offers["slug"], [row[0] for row in new]


def _seed_faqs(offers: dict[str, Offer], report: demo.Report) -> None:
    order: dict[str, int] = {}
    for item in demo.read_toml(__file__, "faqs.toml")["faq"]:
        slug = item["offer"]
        order[slug] = order.get(slug, -1) + 1
        demo.ensure(
            FAQ,
            {"offer": offers[slug], "question": item["question"]},
            {"topic": item.get("topic", ""), "answer": item["answer"], "order": order[slug]},
            report,
        )


def _import_intakes(new: list[str], report: demo.Report) -> None:
    """The intakes of new offers, moved from EPOCH to today; members apply to them."""
    intakes = _read_csv("intakes.csv")
    shift = timezone.localdate() - EPOCH
    dated = tablib.Dataset(headers=[h for h in intakes.headers if h != APPLICANTS])
    applicants = {}
    for row in intakes.dict:
        if row["offer"] not in new:
            continue
        for column in ("start_date", "end_date", "application_deadline"):
            if row[column]:
                day = datetime.date.fromisoformat(row[column]) + shift
                row[column] = day.isoformat()
        applicants[(row["offer"], row["start_date"])] = int(row.pop(APPLICANTS) or 0)
        dated.append([row[h] for h in dated.headers])
    if not dated.height:
        report.add("intakes", found=len(intakes))
        return
    totals = _import(IntakeResource(), dated)
    report.add("intakes", created=totals["new"])
    # Dated over the last year, as if the members had applied then: insights publish
    # only quarters that have ended, so without a history their figures would be empty.
    choose = rng("applications")
    now = timezone.now()
    made = 0
    for intake in selectors.intakes_of_offers(new):
        wanted = applicants.get((intake.offer.slug, intake.start_date.isoformat()), 0)
        people = crowd().exclude(applications__offer=intake.offer).order_by("email")
        for person in people[: min(wanted, intake.places or wanted)]:
            services.application_create(
                person=person,
                offer=intake.offer,
                intake=intake,
                at=now - datetime.timedelta(days=choose.randint(1, 360)),
            )
            made += 1
    report.add("applications", created=made)


def _seed_personas(offers: dict[str, Offer], report: demo.Report) -> None:
    """What the persona accounts have saved, or registered interest in."""
    for item in demo.read_toml(__file__, "people.toml")["person"]:
        person = demo.account(item["account"])
        for slug in item.get("saved", []):
            created = not offers[slug].saves.filter(person=person).exists()
            services.saved_offer_add(person=person, offer=offers[slug])
            report.note("saved offers", created=created)
        for slug in item.get("interested", []):
            existing = offers[slug].applications.filter(person=person).exists()
            if not existing:
                services.application_create(
                    person=person, offer=offers[slug], status=ApplicationStatus.INTERESTED
                )
            report.note("applications", created=not existing)


@demo.seeder("programmes")
def seed(report: demo.Report) -> None:
    data = demo.read_toml(__file__, "people.toml")
    missing = set(data["hubs"]) - portal_selectors.training_hub_names()
    if missing:
        raise RuntimeError(f"The demo training hubs are missing: {', '.join(sorted(missing))}")
    slugs, new = _import_offers(report)
    offers = selectors.offers_by_slug(slugs)
    _seed_faqs(offers, report)
    for slug in new:
        # Published as a curator would, so the publishing checks hold for the demo too.
        offers[slug] = services.offer_publish(offer=offers[slug])
    _import_intakes(new, report)
    _seed_personas(offers, report)
