"""Writes to the catalogue: publishing, applications, saved offers, the search vector.

Each function is keyword-only and atomic. A refusal is a `Refused` exception whose
message is written for the person who asked, so views and the admin can show it as is.
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from portal import mail
from portal.lib.refused import Refused
from portal.tasks import send_email
from programmes import caching, intake_dates, search, selectors, time_links
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
    TimeAgreement,
    TimeAgreementStatus,
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


def offer_intakes_changed(*, offers: Iterable[Offer] = (), ids: Iterable[int] = ()) -> None:
    """After intakes were added, edited or deleted (admin, import, seeding): bring the
    dates the offers store from them up to date, and let the catalogue know."""
    intake_dates.refresh_ids([*(offer.pk for offer in offers), *ids])
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
    if intake.places is not None:
        # Its last place may just have gone, closing it in the catalogue.
        intake_dates.refresh_ids([intake.offer_id])


def _give_back_place(intake_id: int) -> None:
    Intake.objects.filter(pk=intake_id, places_taken__gt=0).update(
        places_taken=F("places_taken") - 1
    )
    # A full intake with a place free again is open again.
    intake_dates.refresh_ids(Intake.objects.filter(pk=intake_id).values_list("offer_id", flat=True))


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
    at: datetime.datetime | None = None,
) -> Application:
    """Register interest in an offer, or apply to one of its intakes.

    One row per person and offer: interest becomes an application, and a withdrawn
    application can be made again. Submitting the same thing twice changes nothing.
    ``at`` records when a new application was made, for one imported from elsewhere
    (or the demo's year of history); by default it is now.
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
                application = Application.objects.create(
                    person=person, offer=offer, intake=intake, status=status
                )
                if at is not None:
                    # created_at is stamped on insert (auto_now_add), so set it after.
                    application.created_at = application.status_changed_at = at
                    application.save(update_fields=["created_at", "status_changed_at"])
                return application
        except IntegrityError:
            # Another request for the same person and offer won the race; it did the work.
            raise Refused("We have already received this from you.") from None

    if existing.intake_id != (intake.pk if intake else None):
        # Time agreed (or asked for) was for the other intake's dates: ask again.
        TimeAgreement.objects.filter(application=existing).delete()
    existing.intake = intake
    existing.status = status
    existing.status_changed_at = timezone.now()
    existing.save(update_fields=["intake", "status", "status_changed_at"])
    return existing


@transaction.atomic
def application_set_status(*, application: Application, status: str) -> Application:
    """Move an application on (a curator accepting, declining or marking completion, or
    the person withdrawing), keeping the intake's count of places taken right."""
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("offer")
        .get(pk=application.pk)
    )
    if application.status == status:
        return application
    if status == ApplicationStatus.ACCEPTED:
        _check_time_agreed(application)
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


# ---------------------------------------------------------------------------
# Protected time agreed with the practice
# ---------------------------------------------------------------------------
ASKS_FOR_TIME = (ApplicationStatus.APPLIED, ApplicationStatus.ACCEPTED)


def _day(moment: datetime.datetime) -> str:
    return date_format(timezone.localtime(moment), "j F Y")


def _check_time_agreed(application: Application) -> None:
    if not application.offer.time_agreement_required:
        return
    agreed = TimeAgreement.objects.filter(
        application=application, status=TimeAgreementStatus.AGREED
    ).exists()
    if not agreed:
        raise Refused(
            "This place cannot be confirmed yet: the offer needs the applicant's practice or "
            "PCN manager to agree their protected time first, and they have not."
        )


def _is_own_address(person, email: str) -> bool:
    from allauth.account.models import EmailAddress

    return email == person.email.lower() or (
        EmailAddress.objects.filter(user=person, email__iexact=email).exists()
    )


@transaction.atomic
def time_agreement_request(
    *, application: Application, person, manager=None, name: str = "", email: str = ""
) -> TimeAgreement:
    """Ask who agrees her protected time for an application: a manager in her organisation
    (`manager`) or anyone by `name` and `email`. Asking again replaces a request not yet
    agreed, and the links sent for it stop working."""
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("offer", "intake")
        .get(pk=application.pk)
    )
    if application.person_id != person.pk:
        raise Refused("This application is not yours.")
    if application.status not in ASKS_FOR_TIME or application.intake_id is None:
        raise Refused("Apply to one of the offer's intakes first, then ask for protected time.")
    if manager is not None:
        if not selectors.managers_for(person).filter(pk=manager.pk).exists():
            raise Refused("Choose a manager from the list, or give someone's email address.")
        name, email = manager.full_name, manager.email
    name, email = name.strip(), email.strip().lower()
    if not name or not email:
        raise Refused("Give the name and email address of the person who agrees your time.")
    if _is_own_address(person, email):
        raise Refused("Give the email address of your manager, not your own.")

    agreement = TimeAgreement.objects.select_for_update().filter(application=application).first()
    if agreement is not None:
        if agreement.status == TimeAgreementStatus.AGREED:
            raise Refused(
                f"{agreement.manager_name} already agreed your time on "
                f"{_day(agreement.decided_at)}."
            )
        if agreement.is_waiting and agreement.manager_email == email:
            return agreement  # a double submit
    else:
        agreement = TimeAgreement(application=application)
    agreement.manager = manager
    agreement.manager_name = name
    agreement.manager_email = email
    agreement.status = TimeAgreementStatus.WAITING
    agreement.note = ""
    agreement.link_key = secrets.token_hex(16)
    agreement.requested_at = timezone.now()
    agreement.reminded_at = None
    agreement.decided_at = None
    agreement.save()
    _send_time_request(agreement, reminder=False)
    return agreement


@transaction.atomic
def time_agreement_remind(*, agreement: TimeAgreement, person) -> TimeAgreement:
    """One reminder to a manager who has not answered, three days or more after asking."""
    agreement = (
        TimeAgreement.objects.select_for_update(of=("self",))
        .select_related("application__offer", "application__intake", "application__person")
        .get(pk=agreement.pk)
    )
    if agreement.application.person_id != person.pk:
        raise Refused("This request is not yours.")
    if not agreement.is_waiting:
        raise Refused(f"{agreement.manager_name} has already answered, so no reminder is needed.")
    if agreement.reminded_at is not None:
        raise Refused(
            f"You sent a reminder on {_day(agreement.reminded_at)}. You can send one reminder "
            "for each request."
        )
    due = agreement.reminder_from
    now = timezone.now()
    if now < due:
        raise Refused(
            f"You can send a reminder from {_day(due)}, three days after you asked. "
            "Give them time to answer first."
        )
    agreement.reminded_at = now
    agreement.save(update_fields=["reminded_at"])
    _send_time_request(agreement, reminder=True)
    return agreement


@transaction.atomic
def time_agreement_decide(
    *, agreement: TimeAgreement, agree: bool, note: str = ""
) -> TimeAgreement:
    """The manager's answer, given once: through the emailed link or signed in."""
    agreement = (
        TimeAgreement.objects.select_for_update(of=("self",))
        .select_related("application__offer", "application__person")
        .get(pk=agreement.pk)
    )
    if not agreement.is_waiting:
        raise Refused(
            f"This request was already {agreement.get_status_display().lower()} on "
            f"{_day(agreement.decided_at)}, so it cannot be answered again."
        )
    if agreement.application.status not in ASKS_FOR_TIME:
        raise Refused(
            "This application has been withdrawn or closed, so there is nothing to agree."
        )
    agreement.status = TimeAgreementStatus.AGREED if agree else TimeAgreementStatus.DECLINED
    agreement.note = note.strip()[:1000]
    agreement.decided_at = timezone.now()
    agreement.save(update_fields=["status", "note", "decided_at"])
    _send_time_decided(agreement)
    return agreement


def _send(subject: str, template: str, to: str, context: dict) -> None:
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(template, {**context, "site_name": settings.SITE_NAME}),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
    )
    send_email.delay_on_commit(mail.message_to_dict(message))


def _send_time_request(agreement: TimeAgreement, *, reminder: bool) -> None:
    """The manager's email. It may land in a shared practice inbox, so it says only what
    she needs to decide: who, which offer, how much time, when, and the backfill."""
    application = agreement.application
    _send(
        ("Reminder: " if reminder else "") + "Please agree protected time for development",
        "programmes/email/time_request.txt",
        agreement.manager_email,
        {
            "agreement": agreement,
            "member": application.person.full_name,
            "offer": application.offer,
            "intake": application.intake,
            "reminder": reminder,
            "url": time_links.url_for(agreement.link_key),
            "expires_on": time_links.expires_on(timezone.now()),
        },
    )


def _send_time_decided(agreement: TimeAgreement) -> None:
    """Her email. Who answered and their note wait behind sign-in: a shared inbox learns
    only that the answer came."""
    application = agreement.application
    _send(
        "Your protected time: " + agreement.get_status_display().lower(),
        "programmes/email/time_decided.txt",
        application.person.email,
        {
            "agreement": agreement,
            "member": application.person,
            "offer": application.offer,
            "url": settings.SITE_URL + reverse("programmes:applications"),
        },
    )
