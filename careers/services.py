"""Writes for careers: the leadership log other apps call, assessments, 360 feedback and
interest in leadership roles."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator

from careers.models import (
    Activity,
    ActivityKind,
    Assessment,
    FeedbackLink,
    FeedbackRating,
    FeedbackRound,
    Invitation,
    InvitationStatus,
    Rating,
    Role,
    RoleInterest,
)
from portal.lib.refused import Refused
from portal.models import LeadershipDimension, Person
from portal.personal_data.erasure import ERASED_DOMAIN
from programmes.models import Application, ApplicationStatus

MIN_RATERS = 3
MAX_RATERS = 15
FEEDBACK_OPEN_DAYS = 28
# Issue 14 item 7: nobody can turn the portal into a mailer to outside addresses.
REMIND_COOLDOWN = datetime.timedelta(days=7)
MAX_ROUNDS_PER_DAY = 3
MAX_INVITATIONS_PER_DAY = 30
# Raters who are not members: their name and address go this long after the round closes.
RATER_DETAILS_KEPT = datetime.timedelta(days=90)


# ---------------------------------------------------------------------------
# Leadership log
# ---------------------------------------------------------------------------
@transaction.atomic
def activity_create(
    *,
    person,
    title: str,
    kind: str,
    occurred_on: datetime.date,
    hours: Decimal | float | None = None,
    dimensions: Iterable[LeadershipDimension] = (),
    reflection: str = "",
    evidence_url: str = "",
    source: models.Model | None = None,
) -> Activity:
    """Log a leadership activity; with ``source``, at most once for that object.

    Other apps call this when something they own is done: an offer completed, an
    action learning presentation given. Calling it again for the same source returns
    the entry already there, untouched (the person may have edited it since).
    """
    source_fields = {}
    if source is not None:
        source_fields = {
            "source_type": ContentType.objects.get_for_model(source),
            "source_id": source.pk,
        }
        if existing := Activity.objects.filter(person=person, **source_fields).first():
            return existing
    try:
        # A savepoint, so that losing a race with a parallel call leaves the outer
        # transaction usable and we can return the winner's row.
        with transaction.atomic():
            activity = Activity.objects.create(
                person=person,
                # Only titles other apps make ("Completed: <an offer's title>") can be
                # longer; forms refuse long ones. Cut with an ellipsis, so it shows.
                title=Truncator(title).chars(200),
                kind=kind,
                occurred_on=occurred_on,
                hours=Decimal(str(hours)) if hours is not None else None,
                reflection=reflection,
                evidence_url=evidence_url,
                **source_fields,
            )
    except IntegrityError:
        if source is None:
            raise
        return Activity.objects.get(person=person, **source_fields)
    if dimensions:
        activity.dimensions.set(dimensions)
    return activity


@transaction.atomic
def activity_update(*, activity: Activity, fields: Mapping, dimensions=None) -> Activity:
    for name, value in fields.items():
        setattr(activity, name, value)
    activity.full_clean(exclude=["person", "source_type"])
    activity.save()
    if dimensions is not None:
        activity.dimensions.set(dimensions)
    return activity


def activity_delete(*, activity: Activity) -> None:
    activity.delete()


# ---------------------------------------------------------------------------
# Self-assessment
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class RatingInput:
    dimension: LeadershipDimension
    level: int
    target: int | None = None
    importance: int | None = None


@transaction.atomic
def assessment_create(*, person, ratings: Iterable[RatingInput]) -> Assessment:
    ratings = list(ratings)
    if len({r.dimension.pk for r in ratings}) != LeadershipDimension.objects.count():
        raise Refused("Rate yourself on every dimension.")
    for rating in ratings:
        if not 1 <= rating.level <= 4 or (
            rating.target is not None and not 1 <= rating.target <= 4
        ):
            raise Refused("Levels run from 1 (essential) to 4 (exemplary).")
    assessment = Assessment.objects.create(person=person)
    Rating.objects.bulk_create(
        Rating(
            assessment=assessment,
            dimension=r.dimension,
            level=r.level,
            target=r.target,
            importance=r.importance,
        )
        for r in ratings
    )
    return assessment


# ---------------------------------------------------------------------------
# 360 feedback
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class RaterInput:
    name: str
    email: str
    relationship: str


def fold_address(email: str) -> str:
    """One spelling per mailbox: lower case, and the local part's +tag dropped, so that
    nurse+a@… and Nurse@… count as the same person."""
    local, _, domain = email.strip().lower().rpartition("@")
    return f"{local.split('+', 1)[0]}@{domain}"


def requester_addresses(person) -> set[str]:
    """Every address in the person's account (verified or not), folded."""
    emails = set(EmailAddress.objects.filter(user=person).values_list("email", flat=True))
    emails.add(person.email)
    return {fold_address(email) for email in emails if email}


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def feedback_link_create(*, invitation: Invitation) -> str:
    """A new random link for one email to the rater; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    FeedbackLink.objects.create(invitation=invitation, token_hash=_hash(token))
    return token


def invitation_from_token(token: str) -> Invitation:
    """The invitation a link is for; raises Refused for an unknown or closed link."""
    link = (
        FeedbackLink.objects.select_related("invitation__round__person")
        .filter(token_hash=_hash(token))
        .first()
    )
    if link is None:
        raise Refused(
            "This feedback link is not valid. Check you copied all of it, or use the link "
            "in the most recent email about this request."
        )
    invitation = link.invitation
    if invitation.status == InvitationStatus.ANSWERED:
        raise Refused("You have already answered. Thank you: your answers are saved.")
    if invitation.status == InvitationStatus.DECLINED:
        raise Refused("You declined this request. Nothing more is needed.")
    if invitation.round.is_closed():
        raise Refused("This feedback request has closed.")
    return invitation


def _lock_person(person) -> None:
    # Serialises one person's requests, so two at once cannot both pass the daily caps.
    Person.objects.select_for_update().filter(pk=person.pk).first()


def _check_daily_caps(person, invitations: int) -> None:
    since = timezone.now() - datetime.timedelta(days=1)
    recent = FeedbackRound.objects.filter(person=person, created_at__gte=since)
    if recent.count() >= MAX_ROUNDS_PER_DAY:
        raise Refused(
            f"You can send {MAX_ROUNDS_PER_DAY} requests for feedback in a day. Try again tomorrow."
        )
    sent = Invitation.objects.filter(round__in=recent).count()
    if sent + invitations > MAX_INVITATIONS_PER_DAY:
        raise Refused(
            f"You can invite {MAX_INVITATIONS_PER_DAY} people in a day and have invited "
            f"{sent} since this time yesterday. Invite fewer people, or try again tomorrow."
        )


@transaction.atomic
def feedback_round_create(*, person, raters: Iterable[RaterInput]) -> FeedbackRound:
    raters = list(raters)
    emails = [r.email.strip().lower() for r in raters]
    folded = [fold_address(email) for email in emails]
    if not MIN_RATERS <= len(raters) <= MAX_RATERS:
        raise Refused(f"Invite between {MIN_RATERS} and {MAX_RATERS} people.")
    if len(set(folded)) != len(folded):
        raise Refused("Invite each person once: two rows have the same email address.")
    if requester_addresses(person) & set(folded):
        raise Refused(
            "Invite other people: one of the addresses is yours. Your own view comes "
            "from your self-assessment."
        )
    _lock_person(person)
    _check_daily_caps(person, len(raters))
    feedback_round = FeedbackRound.objects.create(
        person=person,
        closes_on=timezone.localdate() + datetime.timedelta(days=FEEDBACK_OPEN_DAYS),
        asked=[{"name": r.name.strip(), "relationship": r.relationship} for r in raters],
    )
    invitations = Invitation.objects.bulk_create(
        Invitation(round=feedback_round, name=r.name.strip(), email=e, relationship=r.relationship)
        for r, e in zip(raters, emails, strict=True)
    )
    from careers import tasks

    ids = [invitation.pk for invitation in invitations]
    transaction.on_commit(lambda: tasks.send_invitations.delay(ids, reminder=False))
    return feedback_round


@transaction.atomic
def feedback_remind(*, feedback_round: FeedbackRound) -> None:
    """Remind raters who have not replied, at most once a week per round.

    Says nothing about how many that is: a count would tell the person who asked how
    many have answered, and so whose answers arrive next.
    """
    feedback_round = FeedbackRound.objects.select_for_update().get(pk=feedback_round.pk)
    if feedback_round.is_closed():
        raise Refused("This request has closed, so there is no one to remind.")
    now = timezone.now()
    if feedback_round.reminded_at and feedback_round.reminded_at > now - REMIND_COOLDOWN:
        sent_on = timezone.localdate(feedback_round.reminded_at)
        next_day = timezone.localdate(feedback_round.reminded_at + REMIND_COOLDOWN)
        raise Refused(
            f"You sent a reminder on {date_format(sent_on, 'l j F')}. "
            f"You can send another from {date_format(next_day, 'l j F')}."
        )
    feedback_round.reminded_at = now
    feedback_round.save(update_fields=["reminded_at"])
    waiting = list(
        feedback_round.invitations.filter(status=InvitationStatus.INVITED).values_list(
            "pk", flat=True
        )
    )
    from careers import tasks

    if waiting:
        transaction.on_commit(lambda: tasks.send_invitations.delay(waiting, reminder=True))


def _lock_for_answer(invitation: Invitation) -> Invitation:
    # The round first, so that two last answers arriving together close it once.
    feedback_round = FeedbackRound.objects.select_for_update().get(pk=invitation.round_id)
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.status == InvitationStatus.ANSWERED:
        raise Refused("You have already answered. Thank you: your answers are saved.")
    if locked.status == InvitationStatus.DECLINED:
        raise Refused("You declined this request, so it cannot be answered now.")
    if feedback_round.is_closed():
        raise Refused("This feedback request has closed.")
    locked.round = feedback_round
    return locked


def _close_if_everyone_replied(feedback_round: FeedbackRound) -> None:
    if not feedback_round.invitations.filter(status=InvitationStatus.INVITED).exists():
        feedback_round.closed_at = timezone.now()
        feedback_round.asked = []
        feedback_round.save(update_fields=["closed_at", "asked"])
        FeedbackLink.objects.filter(invitation__round=feedback_round).delete()


@transaction.atomic
def feedback_answer(*, invitation: Invitation, levels: Mapping[int, int]) -> Invitation:
    """Record a rater's answers once; ``levels`` maps dimension id to level."""
    invitation = _lock_for_answer(invitation)
    dimension_ids = set(LeadershipDimension.objects.values_list("pk", flat=True))
    if set(levels) != dimension_ids:
        raise Refused("Answer for every dimension.")
    if any(not 1 <= level <= 4 for level in levels.values()):
        raise Refused("Levels run from 1 (essential) to 4 (exemplary).")
    FeedbackRating.objects.bulk_create(
        FeedbackRating(invitation=invitation, dimension_id=pk, level=level)
        for pk, level in levels.items()
    )
    invitation.status = InvitationStatus.ANSWERED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at"])
    _close_if_everyone_replied(invitation.round)
    return invitation


@transaction.atomic
def feedback_decline(*, invitation: Invitation) -> Invitation:
    invitation = _lock_for_answer(invitation)
    invitation.status = InvitationStatus.DECLINED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at"])
    _close_if_everyone_replied(invitation.round)
    return invitation


@transaction.atomic
def feedback_rounds_tidy(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Daily (Celery beat): close rounds whose date has passed, and delete the names
    and addresses of raters who are not members 90 days after their round closed.

    Closing empties the frozen list of who was asked and deletes the round's links.
    Idempotent: recorded state (closed_at, raters_forgotten_at) decides what is left.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    closing = FeedbackRound.objects.filter(closed_at__isnull=True, closes_on__lt=today)
    closed = closing.update(closed_at=now, asked=[])
    FeedbackLink.objects.filter(invitation__round__in=FeedbackRound.objects.closed(today)).delete()
    # A round closed early may still hold its list if it closed before this code ran.
    FeedbackRound.objects.closed(today).exclude(asked=[]).update(asked=[])

    due = FeedbackRound.objects.filter(
        closed_at__lte=now - RATER_DETAILS_KEPT, raters_forgotten_at__isnull=True
    )
    invitations = list(
        Invitation.objects.filter(round__in=due).exclude(email__endswith=f"@{ERASED_DOMAIN}")
    )
    members = _member_addresses({invitation.email for invitation in invitations})
    outsiders = [i for i in invitations if i.email.lower() not in members]
    for invitation in outsiders:
        invitation.name = ""
        invitation.email = f"rater-{invitation.pk}@{ERASED_DOMAIN}"
    Invitation.objects.bulk_update(outsiders, ["name", "email"])
    forgotten = due.update(raters_forgotten_at=now)
    return {"closed": closed, "rounds_forgotten": forgotten, "raters_forgotten": len(outsiders)}


def _member_addresses(emails: set[str]) -> set[str]:
    """Which of these addresses belong to a member (login or verified address)."""
    lowered = [email.lower() for email in emails]
    found = set(
        Person.objects.annotate(address=Lower("email"))
        .filter(address__in=lowered)
        .values_list("address", flat=True)
    )
    found |= set(
        EmailAddress.objects.filter(verified=True)
        .annotate(address=Lower("email"))
        .filter(address__in=lowered)
        .values_list("address", flat=True)
    )
    return found


def invitation_message(invitation: Invitation, *, reminder: bool) -> dict:
    """The email a rater receives, as the JSON-safe dict portal.tasks.send_email sends.

    Each email carries a new link (only its hash is stored), so it must be built
    inside the transaction that records the send.
    """
    from django.core.mail import EmailMultiAlternatives
    from django.template.loader import render_to_string
    from django.urls import reverse

    from portal import mail

    token = feedback_link_create(invitation=invitation)
    path = reverse("careers:feedback_answer", kwargs={"token": token})
    context = {
        "invitation": invitation,
        "person": invitation.round.person,
        "url": settings.SITE_URL + path,
        "reminder": reminder,
        "closes_on": invitation.round.closes_on,
        "site_name": settings.SITE_NAME,
        "min_raters": MIN_RATERS,
    }
    subject = render_to_string("careers/email/invitation_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("careers/email/invitation.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[invitation.email],
    )
    return mail.message_to_dict(message)


# ---------------------------------------------------------------------------
# Leadership roles
# ---------------------------------------------------------------------------
@transaction.atomic
def role_interest_register(*, role: Role, person, message: str = "") -> RoleInterest:
    """One interest per person and role, in a published role still open, never the poster's."""
    if role.posted_by_id == person.pk:
        raise Refused("You posted this role, so you cannot register interest in it.")
    if not Role.objects.published().open().filter(pk=role.pk).exists():
        raise Refused("This role has closed, so it is no longer taking interest.")
    if RoleInterest.objects.owned_by(person).filter(role=role).exists():
        raise Refused("You have already registered interest in this role.")
    try:
        # A savepoint, so that a double submit racing this one leaves the transaction usable.
        with transaction.atomic():
            return RoleInterest.objects.create(role=role, person=person, message=message)
    except IntegrityError:
        raise Refused("You have already registered interest in this role.") from None


def activity_from_application(*, application: Application) -> Activity:
    """Log a completed development offer; at most once per application."""
    if application.status != ApplicationStatus.COMPLETED:
        raise Refused("Only a completed offer can be added to your leadership log.")
    offer = application.offer
    intake = application.intake
    occurred_on = (intake.end_date or intake.start_date) if intake else None
    return activity_create(
        person=application.person,
        title=f"Completed {offer.title}",
        kind=ActivityKind.COURSE,
        occurred_on=occurred_on or timezone.localdate(),
        hours=offer.total_hours,
        dimensions=offer.dimensions.all(),
        source=application,
    )
