"""Writes to the catalogue: publishing, applications, saved offers, the search vector.

Each function is keyword-only and atomic. A refusal is a `Refused` exception whose
message is written for the person who asked, so views and the admin can show it as is.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from portal.lib.refused import Refused
from programmes import caching, search
from programmes.answers import missing_answers
from programmes.models import (
    HOLDS_PLACE,
    Application,
    ApplicationStatus,
    Intake,
    IntakeStatus,
    Offer,
    OfferStatus,
    SavedOffer,
    StandardQuestion,
    today,
)


class PublishRefused(Refused):
    def __init__(self, offer: Offer, missing: list[StandardQuestion]):
        names = [StandardQuestion(topic).label.lower() for topic in missing]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        super().__init__(
            f"“{offer.title}” cannot be published until its standard questions about "
            f"{listed} are answered, in its details or as FAQs."
        )
        self.missing = missing


# ---------------------------------------------------------------------------
# Offers
# ---------------------------------------------------------------------------
def offer_search_refresh(*, offers: Iterable[Offer] | None = None, ids: Iterable[int] = ()) -> None:
    """Bring stored search vectors up to date after offers were written."""
    search.refresh_ids([*(offer.pk for offer in offers or ()), *ids])
    transaction.on_commit(caching.catalogue_changed)


def offer_check_publishable(*, offer: Offer) -> None:
    missing = missing_answers(offer)
    if missing:
        raise PublishRefused(offer, missing)


@transaction.atomic
def offer_publish(*, offer: Offer) -> Offer:
    offer = (
        Offer.objects.select_for_update(of=("self",))
        .prefetch_related("faqs", "professions")
        .get(pk=offer.pk)
    )
    offer_check_publishable(offer=offer)
    if offer.status != OfferStatus.PUBLISHED:
        offer.status = OfferStatus.PUBLISHED
        offer.published_at = offer.published_at or timezone.now()
        offer.save(update_fields=["status", "published_at", "updated_at"])
    offer_search_refresh(offers=[offer])
    return offer


@transaction.atomic
def offer_archive(*, offer: Offer) -> Offer:
    offer.status = OfferStatus.ARCHIVED
    offer.save(update_fields=["status", "updated_at"])
    transaction.on_commit(caching.catalogue_changed)
    return offer


# ---------------------------------------------------------------------------
# Saved offers
# ---------------------------------------------------------------------------
def saved_offer_add(*, person, offer: Offer) -> SavedOffer:
    # get_or_create tolerates the double submit: the unique constraint decides.
    saved, _ = SavedOffer.objects.get_or_create(person=person, offer=offer)
    return saved


def saved_offer_remove(*, person, offer: Offer) -> None:
    SavedOffer.objects.filter(person=person, offer=offer).delete()


# ---------------------------------------------------------------------------
# Applications
# ---------------------------------------------------------------------------
def _take_place(intake: Intake) -> None:
    """Count a place as taken, refusing if none is left. One conditional UPDATE, so two
    people can never take the last place together."""
    taken = (
        Intake.objects.filter(pk=intake.pk)
        .filter(Q(places__isnull=True) | Q(places__gt=F("places_taken")))
        .update(places_taken=F("places_taken") + 1)
    )
    if not taken:
        raise Refused("This intake is full. Register your interest to hear about the next one.")


def _give_back_place(intake_id: int) -> None:
    Intake.objects.filter(pk=intake_id, places_taken__gt=0).update(
        places_taken=F("places_taken") - 1
    )


def _check_intake(offer: Offer, intake: Intake, *, needs_place: bool) -> None:
    if intake.offer_id != offer.pk:
        raise Refused("That intake belongs to a different offer.")
    status = intake.status_on(today())
    if status == IntakeStatus.CLOSED:
        raise Refused("Applications for this intake have closed.")
    if needs_place and status == IntakeStatus.FULL:
        raise Refused("This intake is full. Register your interest to hear about the next one.")


@transaction.atomic
def application_create(
    *,
    person,
    offer: Offer,
    intake: Intake | None = None,
    status: str = ApplicationStatus.APPLIED,
) -> Application:
    """Register interest in an offer, or apply to one of its intakes.

    One row per person and offer: interest becomes an application, and a withdrawn
    application can be made again. Submitting the same thing twice changes nothing.
    """
    if status not in (ApplicationStatus.INTERESTED, ApplicationStatus.APPLIED):
        raise Refused("You can register interest or apply; the training hub decides the rest.")
    if offer.status != OfferStatus.PUBLISHED:
        raise Refused("This offer is not taking applications.")
    if status == ApplicationStatus.APPLIED and intake is None:
        raise Refused("Choose the intake you want to apply to.")
    if intake is not None:
        intake = Intake.objects.select_for_update().get(pk=intake.pk)

    existing = Application.objects.select_for_update().filter(person=person, offer=offer).first()
    if existing is not None:
        if existing.status == status and existing.intake_id == (intake.pk if intake else None):
            return existing  # a double submit
        if existing.status in (ApplicationStatus.ACCEPTED, ApplicationStatus.COMPLETED):
            raise Refused(
                f"You already have a place on this offer ({existing.get_status_display().lower()})."
            )
        if existing.status == ApplicationStatus.APPLIED and status == ApplicationStatus.INTERESTED:
            raise Refused("You have already applied to this offer.")
        if existing.status == ApplicationStatus.APPLIED:
            raise Refused(
                "You have already applied to another intake of this offer. "
                "Withdraw that application first if you want to change intake."
            )

    if intake is not None:
        _check_intake(offer, intake, needs_place=status in HOLDS_PLACE)
        if status in HOLDS_PLACE:
            _take_place(intake)
            # Places left show in the catalogue.
            transaction.on_commit(caching.catalogue_changed)

    if existing is None:
        try:
            with transaction.atomic():
                return Application.objects.create(
                    person=person, offer=offer, intake=intake, status=status
                )
        except IntegrityError:
            # Another request for the same person and offer won the race; it did the work.
            raise Refused("We have already received this from you.") from None

    existing.intake = intake
    existing.status = status
    existing.status_changed_at = timezone.now()
    existing.save(update_fields=["intake", "status", "status_changed_at"])
    return existing


@transaction.atomic
def application_set_status(*, application: Application, status: str) -> Application:
    """Move an application on (a curator accepting, declining or marking completion, or
    the person withdrawing), keeping the intake's count of places taken right."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.status == status:
        return application
    held = application.holds_place
    will_hold = application.intake_id is not None and status in HOLDS_PLACE
    if will_hold and not held:
        _take_place(application.intake)
    elif held and not will_hold:
        _give_back_place(application.intake_id)
    if will_hold != held:
        transaction.on_commit(caching.catalogue_changed)
    application.status = status
    application.status_changed_at = timezone.now()
    application.save(update_fields=["status", "status_changed_at"])
    return application


@transaction.atomic
def application_withdraw(*, application: Application) -> Application:
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not application.can_withdraw:
        state = application.get_status_display().lower()
        raise Refused(f"This application is {state} and cannot be withdrawn.")
    return application_set_status(application=application, status=ApplicationStatus.WITHDRAWN)
