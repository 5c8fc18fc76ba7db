"""The catalogue's part of a member's plan: deadlines, intakes starting, protected time
still to agree (hers, and colleagues' waiting for her as their manager), first steps.

Registered with portal's plan from `ProgrammesConfig.ready()` (portal imports no app).
Four queries, whatever she has saved or applied to (three for her calendar feed).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from portal.plan import registry
from programmes.models import (
    Application,
    ApplicationStatus,
    Intake,
    OfferStatus,
    SavedOffer,
    TimeAgreement,
    TimeAgreementStatus,
)

# Applications that hold (or wait for) a place: their intake's start is in her plan.
TAKING_PART = (ApplicationStatus.APPLIED, ApplicationStatus.ACCEPTED)


def time_agreement_tasks(
    context: registry.PlanContext, applications: list[Application]
) -> list[registry.Task]:
    """Applications whose protected time is still open: not asked for yet, waiting for
    the manager, or declined. Read from ``applications`` (their ``time_agreement`` is
    joined in ``_applications``), so no query of its own."""
    tasks = []
    for application in applications:
        if application.status not in TAKING_PART or application.intake_id is None:
            continue
        title = application.offer.title
        agreement = getattr(application, "time_agreement", None)
        if agreement is None:
            needed = application.offer.time_agreement_required
            tasks.append(
                registry.Task(
                    title=f"Ask who agrees your protected time for {title}",
                    url=reverse("programmes:time_ask", args=[application.pk]),
                    detail="Your practice or PCN manager agrees the time away from work"
                    + (", and a place is confirmed only once they have." if needed else "."),
                    tag="Protected time",
                    since=application.status_changed_at,
                    urgent=needed,
                )
            )
        elif agreement.status == TimeAgreementStatus.WAITING:
            asked = date_format(timezone.localtime(agreement.requested_at), "j F")
            can_remind = agreement.reminded_at is None and context.now >= agreement.reminder_from
            tasks.append(
                registry.Task(
                    title=f"Waiting for {agreement.manager_name} to agree your time for {title}",
                    url=reverse("programmes:applications"),
                    detail=f"Asked on {asked}."
                    + (" You can send them a reminder." if can_remind else ""),
                    tag="Protected time",
                    since=agreement.requested_at,
                )
            )
        elif agreement.status == TimeAgreementStatus.DECLINED:
            tasks.append(
                registry.Task(
                    title=f"{agreement.manager_name} declined your protected time for {title}",
                    url=reverse("programmes:time_ask", args=[application.pk]),
                    detail="See their note in your applications, or ask someone else.",
                    tag="Protected time",
                    since=agreement.decided_at,
                )
            )
    return tasks


def _asked_of_me(person) -> list[registry.Task]:
    """Requests to agree a colleague's protected time, waiting for her as the manager."""
    waiting = (
        TimeAgreement.objects.addressed_to(person)
        .waiting()
        .select_related("application__offer")
        .only("id", "requested_at", "application__id", "application__offer__id",
              "application__offer__title")
    )  # fmt: skip
    return [
        registry.Task(
            title=f"A colleague asked you to agree their protected time for "
            f"{agreement.application.offer.title}",
            url=reverse("programmes:time_answer", args=[agreement.pk]),
            detail="Agree or decline, with a note if you wish.",
            tag="Protected time",
            since=agreement.requested_at,
        )
        for agreement in waiting
    ]


def _applications(person) -> list[Application]:
    return list(
        Application.objects.for_person(person)
        .current()
        .exclude(status=ApplicationStatus.COMPLETED)
        .select_related("offer", "intake", "time_agreement")
        .only(
            "id",
            "status",
            "status_changed_at",
            "offer__id",
            "offer__title",
            "offer__slug",
            "offer__status",
            "intake__id",
            "intake__start_date",
            "intake__end_date",
            "intake__location",
            "offer__time_agreement_required",
            "time_agreement__id",
            "time_agreement__application_id",
            "time_agreement__status",
            "time_agreement__manager_name",
            "time_agreement__requested_at",
            "time_agreement__reminded_at",
            "time_agreement__decided_at",
        )
    )


def _time_agreed(application: Application) -> str:
    """The words "Time agreed by … on …" once her manager has agreed, for her plan."""
    agreement = getattr(application, "time_agreement", None)
    if agreement is None or agreement.status != TimeAgreementStatus.AGREED:
        return ""
    return f" {agreement.state}."


def _catalogue_url(person) -> str:
    if not person.profession_id:
        return reverse("programmes:catalogue")
    return f"{reverse('programmes:catalogue')}?{urlencode({'profession': person.profession.slug})}"


@registry.part(key="programmes", order=10)
def collect(context: registry.PlanContext) -> registry.Contribution:
    person, today = context.person, context.today
    applications = _applications(person)
    saved = set(SavedOffer.objects.filter(person=person).values_list("offer_id", flat=True))
    # Deadlines matter while she has not applied yet: saved, or only interested.
    following = saved | {
        a.offer_id for a in applications if a.status == ApplicationStatus.INTERESTED
    }
    dated = []
    if following:
        deadlines = (
            Intake.objects.filter(
                offer_id__in=following,
                offer__status=OfferStatus.PUBLISHED,
                application_deadline__gte=today,
            )
            .select_related("offer")
            .only("id", "application_deadline", "start_date", "offer__title", "offer__slug")
        )
        dated += [
            registry.Dated(
                uid=f"intake-deadline-{intake.pk}",
                title=intake.offer.title,
                url=intake.offer.get_absolute_url(),
                starts=intake.application_deadline,
                kind="Application deadline",
                detail=f"Apply by {date_format(intake.application_deadline, 'l j F Y')} for "
                f"the intake starting {date_format(intake.start_date, 'j F Y')}.",
            )
            for intake in deadlines
        ]
    for application in applications:
        intake = application.intake
        if application.status in TAKING_PART and intake and intake.start_date >= today:
            dated.append(
                registry.Dated(
                    uid=f"intake-start-{intake.pk}",
                    title=application.offer.title,
                    url=reverse("programmes:applications"),
                    starts=intake.start_date,
                    ends=intake.end_date,
                    kind="Intake starts",
                    detail=f"Your application: {application.get_status_display().lower()}."
                    + _time_agreed(application),
                    location=intake.location,
                )
            )
    first_steps = []
    if not saved and not applications:
        profession = person.profession.plural if person.profession_id else "your profession"
        first_steps.append(
            registry.Task(
                title=f"Browse offers for {profession}",
                url=_catalogue_url(person),
                detail="Save the courses, coaching and projects that interest you; their "
                "deadlines then appear in your plan.",
            )
        )
    if context.calendar_only:
        return registry.Contribution(dated=dated)
    return registry.Contribution(
        tasks=time_agreement_tasks(context, applications) + _asked_of_me(person),
        dated=dated,
        first_steps=first_steps,
    )
