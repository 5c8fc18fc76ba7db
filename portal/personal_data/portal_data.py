"""What portal itself holds about a person: the profile and the digest.

Registered from ``PortalConfig.ready()`` before the feature apps', so the profile comes
first in the archive. Each exporter runs a fixed number of queries, whatever the rows.
"""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from portal.digest.models import DigestPreference
from portal.models import HeldRole, Person
from portal.personal_data.registry import exporter
from portal.plan.models import PlanCalendar


@exporter(
    "profile", "Your profile: name, email addresses, workplace and the leadership roles you hold"
)
def export_profile(person: Person) -> dict[str, list[dict]]:
    """Five queries: the profile, its groups, roles held, email addresses, two-factor."""
    person = (
        Person.objects.select_related(
            "profession", "career_level", "organisation__icb", "organisation__pcn"
        )
        .prefetch_related("groups")
        .get(pk=person.pk)
    )
    organisation = person.organisation
    profile = {
        "full_name": person.full_name,
        "email": person.email,
        "profession": person.profession.name if person.profession else None,
        "career_level": person.career_level.name if person.career_level else None,
        "workplace": organisation.name if organisation else None,
        "workplace_kind": organisation.get_kind_display() if organisation else None,
        "primary_care_network": organisation.pcn.name
        if organisation and organisation.pcn
        else None,
        "integrated_care_board": organisation.icb.name
        if organisation and organisation.icb
        else None,
        "joined": person.date_joined,
        "last_signed_in": person.last_login,
        "training_hub_staff": person.is_staff,
        "portal_groups": sorted(group.name for group in person.groups.all()),
    }
    roles = [
        {"role": role.get_kind_display(), "started": role.started_at, "ended": role.ended_at}
        for role in HeldRole.objects.filter(person=person).order_by("started_at", "pk")
    ]
    addresses = [
        {"email": address.email, "primary": address.primary, "verified": address.verified}
        for address in EmailAddress.objects.filter(user=person).order_by("-primary", "email")
    ]
    # On or off, and which kind: never a secret, a recovery code or a key.
    methods = list(
        Authenticator.objects.filter(user=person)
        .exclude(type=Authenticator.Type.RECOVERY_CODES)
        .values_list("type", flat=True)
    )
    two_factor = [
        {
            "two_factor_sign_in": bool(methods),
            "authenticator_app": Authenticator.Type.TOTP in methods,
            "security_keys": Authenticator.Type.WEBAUTHN in methods,
        }
    ]
    return {
        "profile": [profile],
        "leadership_roles_held": roles,
        "email_addresses": addresses,
        "two_factor_sign_in": two_factor,
    }


@exporter("digest", "Your digest settings and the digests we sent you")
def export_digest(person: Person) -> dict[str, list[dict]]:
    """Two queries: the settings, the deliveries."""
    preference = DigestPreference.objects.filter(person=person).first()
    if preference is None:
        settings_rows = [
            {"frequency": "Every week (the default: you have not changed it)", "day": "Monday"}
        ]
    else:
        settings_rows = [
            {
                "frequency": preference.get_frequency_display(),
                "day": preference.get_day_display(),
                "sections_switched_off": preference.muted_sections,
                "team_edition": preference.team_edition,
                "unsubscribed": preference.unsubscribed_at,
                "last_changed": preference.updated_at,
            }
        ]
    deliveries = [
        {
            "period": delivery.period,
            "status": delivery.get_status_display(),
            "subject": delivery.subject,
            "sent": delivery.sent_at,
            "attempts": delivery.attempts,
            "recorded": delivery.created_at,
        }
        for delivery in person.digest_deliveries.order_by("created_at", "pk")
    ]
    return {"digest_settings": settings_rows, "digest_deliveries": deliveries}


@exporter("plan_calendar", "The private calendar address for your plan")
def export_plan_calendar(person: Person) -> dict[str, list[dict]]:
    """One query. When it was made, never the address: an archive travels further than
    a calendar app, and the address alone opens her dates."""
    rows = [
        {"made": calendar.created_at}
        for calendar in PlanCalendar.objects.filter(person=person).only("created_at")
    ]
    return {"plan_calendar_address": rows}
