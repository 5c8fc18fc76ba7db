"""A crowd of invented members for the demo, so that insights have something to count.

Insights hide any figure under five people, so a demo with a handful of personas would
show "fewer than 5" everywhere. These members never sign in (no usable password) and get
no digests (switched off); insights count only people with a confirmed address, so
theirs are marked confirmed. They only make the numbers realistic: GPs hold most
leadership roles, and other professions have been taking them up quarter by quarter.
"""

import datetime
import random

from allauth.account.models import EmailAddress
from django.utils import timezone

from portal.digest.models import DigestPreference, Frequency
from portal.models import CareerLevel, HeldRole, HeldRoleKind, Organisation, Person, Profession

CROWD_SIZE = 420
EMAIL = "member-{:04d}@example.org"

# Profession slug -> (relative headcount, chance of holding a leadership role).
MIX: dict[str, tuple[int, float]] = {
    "gp": (30, 0.45),
    "gp-trainee": (6, 0.0),
    "general-practice-nurse": (18, 0.2),
    "advanced-nurse-practitioner": (6, 0.5),
    "nursing-associate": (3, 0.0),
    "healthcare-assistant": (8, 0.0),
    "clinical-pharmacist": (7, 0.35),
    "pharmacy-technician": (3, 0.0),
    "physician-associate": (3, 0.1),
    "paramedic": (3, 0.15),
    "first-contact-physiotherapist": (3, 0.1),
    "mental-health-practitioner": (2, 0.0),
    "social-prescribing-link-worker": (3, 0.0),
    "care-coordinator": (3, 0.0),
    "health-and-wellbeing-coach": (2, 0.0),
    "practice-manager": (7, 0.8),
    "pcn-manager": (2, 0.9),
    "reception-and-admin": (10, 0.0),
}
ROLES_BY_PROFESSION = {
    "gp": [
        HeldRoleKind.PRACTICE_PARTNER,
        HeldRoleKind.PCN_CLINICAL_DIRECTOR,
        HeldRoleKind.CLINICAL_LEAD,
        HeldRoleKind.ICB_ROLE,
    ],
    "practice-manager": [HeldRoleKind.MANAGER, HeldRoleKind.PRACTICE_PARTNER],
    "pcn-manager": [HeldRoleKind.MANAGER],
}
OTHER_ROLES = [HeldRoleKind.CLINICAL_LEAD, HeldRoleKind.TRAINING_HUB_LEAD, HeldRoleKind.OTHER]
FIRST = "Alex Bea Cai Dana Eli Fern Gus Hana Ivo Jude Kit Lior Mo Nell Oz Pia Quin Rae Sol Tam"
LAST = "Ashdown Brook Carrow Dunmore Elwood Farley Garth Holt Ingram Jessop Kettle Lowry Marsh"


def crowd():
    """The invented members, for app seeders that want someone to apply or take part."""
    return Person.objects.filter(email__in=[EMAIL.format(n) for n in range(1, CROWD_SIZE + 1)])


def seed_crowd(report) -> None:
    if Person.objects.filter(email=EMAIL.format(1)).exists():
        return
    rng = random.Random(8)  # noqa: S311 - the same invented crowd on every machine
    workplaces = list(
        Organisation.objects.where_people_work()
        .filter(icb__isnull=False, ods_code__startswith="DEMO")
        .select_related("icb")
        .order_by("name")
    )
    professions = {p.slug: p for p in Profession.objects.filter(slug__in=MIX)}
    levels = list(CareerLevel.objects.all())
    slugs = list(MIX)
    weights = [MIX[slug][0] for slug in slugs]
    now = timezone.now()
    people, roles = [], []
    first, last = FIRST.split(), LAST.split()
    # Most of the crowd works in Devon, which the demo curator's hub serves, so that her
    # insights show figures rather than "fewer than 5" everywhere.
    places = [3 if org.icb.ods_code == "QJK" else 1 for org in workplaces]
    for number in range(1, CROWD_SIZE + 1):
        slug = rng.choices(slugs, weights)[0]
        joined = now - datetime.timedelta(days=rng.randint(30, 760))
        person = Person(
            email=EMAIL.format(number),
            full_name=f"{rng.choice(first)} {rng.choice(last)}",
            profession=professions[slug],
            career_level=rng.choice(levels),
            organisation=rng.choices(workplaces, places)[0],
            date_joined=joined,
        )
        person.set_unusable_password()
        people.append(person)
        if rng.random() < MIX[slug][1]:
            # Roles taken up more recently by the professions that hold fewer of them.
            earliest = 60 if slug in ROLES_BY_PROFESSION else 15
            started = joined + datetime.timedelta(days=rng.randint(0, earliest))
            if slug not in ROLES_BY_PROFESSION:
                started = max(started, now - datetime.timedelta(days=rng.randint(20, 540)))
            kind = rng.choice(ROLES_BY_PROFESSION.get(slug, OTHER_ROLES))
            ended = None
            if rng.random() < 0.15:
                ended = started + datetime.timedelta(days=rng.randint(60, 300))
                ended = ended if ended < now else None
            roles.append((len(people) - 1, kind, min(started, now), ended))
    Person.objects.bulk_create(people)
    saved = {p.email: p for p in Person.objects.filter(email__in=[p.email for p in people])}
    EmailAddress.objects.bulk_create(
        EmailAddress(user=person, email=email, verified=True, primary=True)
        for email, person in saved.items()
    )
    DigestPreference.objects.bulk_create(
        DigestPreference(person=person, frequency=Frequency.OFF) for person in saved.values()
    )
    HeldRole.objects.bulk_create(
        HeldRole(person=saved[people[i].email], kind=kind, started_at=started, ended_at=ended)
        for i, kind, started, ended in roles
    )
    report.note("invented members for insights", created=True)
    report.note("leadership roles held", created=True)
