"""What this app holds about a person, for their data export (portal.personal_data).

Offers saved, applications and each application's changes of status. Never who made a
change (curators' names), only what changed and when. Three queries, whatever the rows.
"""

from portal.personal_data.registry import exporter
from programmes.models import Application, ApplicationStatus, SavedOffer


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
    return {
        "saved_offers": saved,
        "applications": applications,
        "application_history": changes,
    }
