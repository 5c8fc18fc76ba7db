"""What this app holds about a person, for their data export (portal.personal_data).

Offers saved, applications and each application's changes of status, the protected time
she asked for and the requests she was asked to agree as a manager. Never who made a
change (curators' names), only what changed and when; never who asked her to agree time
(a colleague's application is theirs). Five queries, whatever the rows.
"""

from portal.personal_data.registry import exporter
from programmes.models import Application, ApplicationStatus, SavedOffer, TimeAgreement


@exporter("offers", "Offers you saved and your applications")
def export_offers(person) -> dict[str, list[dict]]:
    saved = [
        {
            "offer": saved.offer.title,
            "offer_address": saved.offer.get_absolute_url(),
            "saved": saved.created_at,
        }
        for saved in SavedOffer.objects.filter(person=person)
        .select_related("offer")
        .order_by("created_at", "pk")
    ]
    applications = [
        {
            "offer": application.offer.title,
            "offer_address": application.offer.get_absolute_url(),
            "intake_starts": application.intake.start_date if application.intake else None,
            "status": application.get_status_display(),
            "first_recorded": application.created_at,
            "status_changed": application.status_changed_at,
        }
        for application in Application.objects.filter(person=person)
        .select_related("offer", "intake")
        .order_by("created_at", "pk")
    ]
    # values(): an offer deleted since leaves its history rows, with no title to join.
    changes = [
        {
            "offer": change["offer__title"],
            "status": ApplicationStatus(change["status"]).label,
            "changed": change["history_date"],
        }
        for change in Application.history.filter(person_id=person.pk)
        .order_by("history_date", "history_id")
        .values("offer__title", "status", "history_date")
    ]
    asked = [
        {
            "offer": agreement.application.offer.title,
            "asked": agreement.manager_name,
            "asked_at_address": agreement.manager_email,
            "state": agreement.state,
            "requested": agreement.requested_at,
            "reminded": agreement.reminded_at,
            "answered": agreement.decided_at,
            "their_note": agreement.note,
        }
        for agreement in TimeAgreement.objects.for_person(person)
        .select_related("application__offer")
        .order_by("requested_at", "pk")
    ]
    asked_of_her = [
        {
            "status": agreement.get_status_display(),
            "requested": agreement.requested_at,
            "answered": agreement.decided_at,
            "your_note": agreement.note,
        }
        for agreement in TimeAgreement.objects.filter(manager=person).order_by("requested_at", "pk")
    ]
    return {
        "saved_offers": saved,
        "applications": applications,
        "application_history": changes,
        "protected_time_you_asked_for": asked,
        "protected_time_you_were_asked_to_agree": asked_of_her,
    }
