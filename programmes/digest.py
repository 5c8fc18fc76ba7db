"""The catalogue's sections of the personal digest: new offers, deadlines, the team edition.

Registered with portal's digest from `ProgrammesConfig.ready()`. Each `collect` reads
the whole batch with a fixed number of queries (offers and their audiences once, then
matched in Python), so a batch of 100 costs what a batch of 1 does.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from urllib.parse import urlencode

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from portal.digest import registry
from portal.models import Person, Profession
from programmes.models import (
    Application,
    ApplicationStatus,
    Intake,
    Offer,
    SavedOffer,
    TimeAgreement,
)

DEADLINE_HORIZON_DAYS = 14


@dataclass
class Audience:
    """Who an offer is for, as sets of ids, so matching a person costs no query."""

    offer: Offer
    professions: set[int]
    levels: set[int]
    regions: set[int]
    icbs: set[int]

    def fits(self, *, profession_id, level_id, icb_id, region_id) -> bool:
        offer = self.offer
        if profession_id and not offer.all_professions and profession_id not in self.professions:
            return False
        if level_id and self.levels and level_id not in self.levels:
            return False
        if icb_id and not offer.national:
            return region_id in self.regions or icb_id in self.icbs
        return True

    def closeness(self, profession_id, level_id) -> tuple:
        """Best first: written for your profession, your level, your area, then newest."""
        offer = self.offer
        return (
            profession_id not in self.professions,
            level_id not in self.levels,
            offer.national,
            -offer.published_at.timestamp(),
        )


def new_offers(since: datetime.datetime) -> list[Audience]:
    """Offers published since `since` with their audiences: five queries at most."""
    offers = list(
        Offer.objects.published()
        .filter(published_at__gt=since)
        .only("id", "title", "slug", "summary", "all_professions", "national", "published_at")
        .order_by("-published_at", "-pk")
    )
    if not offers:
        return []
    ids = [offer.pk for offer in offers]

    def pairs(through, column: str) -> dict[int, set[int]]:
        found: dict[int, set[int]] = defaultdict(set)
        for offer_id, other in through.objects.filter(offer_id__in=ids).values_list(
            "offer_id", column
        ):
            found[offer_id].add(other)
        return found

    professions = pairs(Offer.professions.through, "profession_id")
    levels = pairs(Offer.career_levels.through, "careerlevel_id")
    regions = pairs(Offer.regions.through, "region_id")
    icbs = pairs(Offer.icbs.through, "icb_id")
    return [Audience(o, professions[o.pk], levels[o.pk], regions[o.pk], icbs[o.pk]) for o in offers]


def _where(person: Person) -> tuple[int | None, int | None]:
    organisation = person.organisation
    if organisation is None or organisation.icb_id is None:
        return None, None
    return organisation.icb_id, organisation.icb.region_id


def _catalogue_url(person: Person) -> str:
    query = {"sort": "newest"}
    if person.profession_id:
        query["profession"] = person.profession.slug
    if person.career_level_id:
        query["level"] = person.career_level.slug
    if person.organisation_id and person.organisation.icb_id:
        query["icb"] = person.organisation.icb.slug
    return f"{reverse('programmes:catalogue')}?{urlencode(query)}"


def _offer_item(offer: Offer) -> registry.Item:
    return registry.Item(title=offer.title, url=offer.get_absolute_url(), detail=offer.summary)


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


@registry.section(
    key="offers",
    title="New offers for you",
    order=10,
    description="New development offers that fit your profession, career stage and area",
)
def collect_offers(batch: registry.Batch) -> dict[int, registry.Content]:
    audiences = new_offers(batch.earliest)
    shown = settings.DIGEST_OFFERS_SHOWN
    # Most offers are for a few professions: each person looks only through the offers
    # open to their profession, worked out once per profession in the batch.
    open_to: dict[int | None, list[Audience]] = {}
    contents = {}
    for person in batch.people:
        since = batch.since[person.pk]
        icb_id, region_id = _where(person)
        if person.profession_id not in open_to:
            open_to[person.profession_id] = [
                a
                for a in audiences
                if not person.profession_id
                or a.offer.all_professions
                or person.profession_id in a.professions
            ]
        fitting = [
            a
            for a in open_to[person.profession_id]
            if a.offer.published_at > since
            and a.fits(
                profession_id=person.profession_id,
                level_id=person.career_level_id,
                icb_id=icb_id,
                region_id=region_id,
            )
        ]
        if not fitting:
            continue
        fitting.sort(key=lambda a: a.closeness(person.profession_id, person.career_level_id))
        summary = _plural(len(fitting), "new offer", "new offers")
        if person.profession_id:
            summary += f" for {person.profession.plural}"
        if icb_id:
            summary += " in your ICB"
        contents[person.pk] = registry.Content(
            items=[_offer_item(a.offer) for a in fitting[:shown]],
            total=len(fitting),
            see_all_url=_catalogue_url(person),
            summary=summary,
        )
    return contents


@registry.section(
    key="deadlines",
    title="Deadlines in the next 2 weeks",
    order=20,
    description="Application deadlines for offers you saved or showed interest in",
)
def collect_deadlines(batch: registry.Batch) -> dict[int, registry.Content]:
    ids = [person.pk for person in batch.people]
    followed: dict[int, set[int]] = defaultdict(set)
    for person_id, offer_id in SavedOffer.objects.filter(person_id__in=ids).values_list(
        "person_id", "offer_id"
    ):
        followed[person_id].add(offer_id)
    interested = Application.objects.filter(
        person_id__in=ids, status=ApplicationStatus.INTERESTED
    ).values_list("person_id", "offer_id")
    for person_id, offer_id in interested:
        followed[person_id].add(offer_id)
    if not followed:
        return {}
    horizon = batch.today + datetime.timedelta(days=DEADLINE_HORIZON_DAYS)
    intakes: dict[int, list[Intake]] = defaultdict(list)
    upcoming = (
        Intake.objects.filter(
            offer_id__in=set().union(*followed.values()),
            offer__status="published",
            application_deadline__gte=batch.today,
            application_deadline__lte=horizon,
        )
        .select_related("offer")
        .order_by("application_deadline", "pk")
    )
    for intake in upcoming:
        intakes[intake.offer_id].append(intake)
    week_end = batch.today + datetime.timedelta(days=6 - batch.today.weekday())
    contents = {}
    for person_id, offers in followed.items():
        due = sorted(
            (intake for offer_id in offers for intake in intakes.get(offer_id, [])),
            key=lambda intake: (intake.application_deadline, intake.pk),
        )
        if not due:
            continue
        this_week = sum(1 for intake in due if intake.application_deadline <= week_end)
        if this_week:
            summary = _plural(this_week, "deadline", "deadlines") + " this week"
        else:
            summary = _plural(len(due), "deadline", "deadlines") + " in the next 2 weeks"
        contents[person_id] = registry.Content(
            items=[
                registry.Item(
                    title=intake.offer.title,
                    url=intake.offer.get_absolute_url(),
                    detail=(
                        f"Apply by {date_format(intake.application_deadline, 'l j F')} "
                        f"for the intake starting {date_format(intake.start_date, 'j F Y')}."
                    ),
                )
                for intake in due
            ],
            total=len(due),
            summary=summary,
        )
    return contents


@registry.section(
    key="team",
    title="New offers for your team",
    order=90,
    description="Team edition: new offers for every profession in your organisation",
)
def collect_team(batch: registry.Batch) -> dict[int, registry.Content]:
    managers = [p for p in batch.people if p.pk in batch.team_edition and p.organisation_id]
    if not managers:
        return {}
    organisation_ids = {p.organisation_id for p in managers}
    team: dict[int, set[int]] = defaultdict(set)
    for organisation_id, profession_id in (
        Person.objects.filter(organisation_id__in=organisation_ids, is_active=True)
        .exclude(profession=None)
        .values_list("organisation_id", "profession_id")
        .distinct()
    ):
        team[organisation_id].add(profession_id)
    professions = {p.pk: p for p in Profession.objects.all()}
    audiences = new_offers(min(batch.since[p.pk] for p in managers))
    shown = settings.DIGEST_OFFERS_SHOWN
    contents = {}
    for person in managers:
        icb_id, region_id = _where(person)
        groups = []
        total = 0
        for profession in sorted(
            (professions[i] for i in team[person.organisation_id]), key=lambda p: p.order
        ):
            fitting = [
                a
                for a in audiences
                if a.offer.published_at > batch.since[person.pk]
                and a.fits(
                    profession_id=profession.pk, level_id=None, icb_id=icb_id, region_id=region_id
                )
            ]
            if fitting:
                total += len(fitting)
                groups.append(
                    registry.Group(
                        heading=f"For {profession.plural}",
                        items=[_offer_item(a.offer) for a in fitting[:shown]],
                    )
                )
        if groups:
            contents[person.pk] = registry.Content(
                groups=groups,
                total=total,
                summary=_plural(total, "new offer", "new offers") + " for your team",
            )
    return contents


@registry.section(
    key="team_time",
    title="Protected time waiting for your answer",
    order=85,
    description="Team edition: colleagues' requests for protected time you have not answered",
)
def collect_time_requests(batch: registry.Batch) -> dict[int, registry.Content]:
    """Requests to agree protected time that wait for a manager on the team edition: named
    as her, or sent to one of her verified addresses. Two queries for the batch."""
    ids = [p.pk for p in batch.people if p.pk in batch.team_edition]
    if not ids:
        return {}
    by_email = dict(
        EmailAddress.objects.filter(user_id__in=ids, verified=True)
        .annotate(address=Lower("email"))
        .values_list("address", "user_id")
    )
    waiting = (
        TimeAgreement.objects.waiting()
        .filter(Q(manager_id__in=ids) | Q(manager_email__in=list(by_email)))
        .filter(application__status__in=[ApplicationStatus.APPLIED, ApplicationStatus.ACCEPTED])
        .only("pk", "manager_id", "manager_email", "requested_at")
        .order_by("requested_at", "pk")
    )
    found: dict[int, list[registry.Item]] = defaultdict(list)
    for agreement in waiting:
        person_id = agreement.manager_id if agreement.manager_id in ids else None
        person_id = person_id or by_email.get(agreement.manager_email)
        if person_id is None:
            continue
        asked = date_format(timezone.localtime(agreement.requested_at), "l j F")
        found[person_id].append(
            registry.Item(
                # The team edition is made to be forwarded or printed: who asked, and
                # for what, are on the page behind sign-in.
                title="A colleague asks you to agree protected time",
                url=reverse("programmes:time_answer", args=[agreement.pk]),
                detail=f"Asked on {asked}.",
            )
        )
    return {
        person_id: registry.Content(
            items=items,
            total=len(items),
            summary=_plural(len(items), "request", "requests") + " for protected time",
        )
        for person_id, items in found.items()
    }
