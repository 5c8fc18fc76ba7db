"""Writes for careers: the leadership log other apps call, assessments, 360 feedback and
interest in leadership roles."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from careers.models import (
    Activity,
    ActivityKind,
    Assessment,
    FeedbackRating,
    FeedbackRound,
    Invitation,
    InvitationStatus,
    Rating,
    Role,
    RoleInterest,
)
from portal.lib.refused import Refused
from portal.models import LeadershipDimension
from programmes.models import Application, ApplicationStatus

MIN_RATERS = 3
MAX_RATERS = 15
FEEDBACK_OPEN_DAYS = 28
TOKEN_SALT = "careers.feedback"  # noqa: S105 - a signing namespace, not a secret


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
                title=title[:200],
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


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk}, salt=TOKEN_SALT, compress=True)


def invitation_from_token(token: str) -> Invitation:
    """The invitation a link is for; raises Refused for a bad or expired link."""
    max_age = datetime.timedelta(days=FEEDBACK_OPEN_DAYS + 1)
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise Refused("This feedback link has expired.") from exc
    except signing.BadSignature as exc:
        raise Refused("This feedback link is not valid. Check you copied all of it.") from exc
    invitation = Invitation.objects.select_related("round__person").filter(pk=data.get("i")).first()
    if invitation is None:
        raise Refused("This feedback request has been withdrawn.")
    if invitation.round.closes_on < timezone.localdate():
        raise Refused("This feedback request has closed.")
    return invitation


@transaction.atomic
def feedback_round_create(*, person, raters: Iterable[RaterInput]) -> FeedbackRound:
    raters = list(raters)
    emails = [r.email.strip().lower() for r in raters]
    if not MIN_RATERS <= len(raters) <= MAX_RATERS:
        raise Refused(f"Invite between {MIN_RATERS} and {MAX_RATERS} people.")
    if len(set(emails)) != len(emails):
        raise Refused("Invite each person once: two rows have the same email address.")
    if person.email.lower() in emails:
        raise Refused("Invite other people: your own answers come from your self-assessment.")
    feedback_round = FeedbackRound.objects.create(
        person=person,
        closes_on=timezone.localdate() + datetime.timedelta(days=FEEDBACK_OPEN_DAYS),
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
def feedback_remind(*, feedback_round: FeedbackRound) -> int:
    """Remind raters who have not answered or declined; returns how many."""
    waiting = list(
        feedback_round.invitations.filter(status=InvitationStatus.INVITED).values_list(
            "pk", flat=True
        )
    )
    from careers import tasks

    if waiting:
        transaction.on_commit(lambda: tasks.send_invitations.delay(waiting, reminder=True))
    return len(waiting)


def _lock_for_answer(invitation: Invitation) -> Invitation:
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.status == InvitationStatus.ANSWERED:
        raise Refused("You have already answered. Thank you: your answers are saved.")
    if locked.status == InvitationStatus.DECLINED:
        raise Refused("You declined this request, so it cannot be answered now.")
    return locked


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
    return invitation


@transaction.atomic
def feedback_decline(*, invitation: Invitation) -> Invitation:
    invitation = _lock_for_answer(invitation)
    invitation.status = InvitationStatus.DECLINED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at"])
    return invitation


def invitation_message(invitation: Invitation, *, reminder: bool) -> dict:
    """The email a rater receives, as the JSON-safe dict portal.tasks.send_email sends."""
    from django.core.mail import EmailMultiAlternatives
    from django.template.loader import render_to_string
    from django.urls import reverse

    from portal import mail

    path = reverse("careers:feedback_answer", kwargs={"token": invitation_token(invitation)})
    context = {
        "invitation": invitation,
        "person": invitation.round.person,
        "url": settings.SITE_URL + path,
        "reminder": reminder,
        "closes_on": invitation.round.closes_on,
        "site_name": settings.SITE_NAME,
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
