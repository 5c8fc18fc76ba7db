"""A crowd of invented members for the demo (crowd.toml), so that insights count more
than a handful of people. Insights hide any figure under five people; these members
never sign in and get no digests, but are confirmed, so insights count them.
"""

import datetime
import random

from allauth.account.models import EmailAddress
from django.db.models import QuerySet
from django.utils import timezone

from portal import demo
from portal.digest.models import DigestPreference, Frequency
from portal.models import CareerLevel, HeldRole, Organisation, Person, Profession

SPEC = demo.read_toml(__file__, "crowd.toml")


def emails() -> list[str]:
    return [SPEC["email"].format(n) for n in range(1, SPEC["size"] + 1)]


def crowd() -> QuerySet[Person]:
    """The invented members, for app loaders that want someone to apply or take part."""
    return Person.objects.filter(email__in=emails())


def rng(purpose: str) -> random.Random:
    """A generator that gives the same choices on every machine, one per purpose."""
    return random.Random(f"{SPEC['seed']}:{purpose}")  # noqa: S311 - not for secrets


def seed(report: demo.Report) -> None:
    if Person.objects.filter(email=emails()[0]).exists():
        report.note("invented members for insights")
        return
    choose = random.Random(SPEC["seed"])  # noqa: S311 - the same crowd on every machine
    workplaces = list(
        Organisation.objects.where_people_work()
        .filter(icb__isnull=False, ods_code__startswith="DEMO")
        .select_related("icb")
        .order_by("name")
    )
    weight = SPEC["workplace_weight"]
    places = [weight.get(org.icb.ods_code, weight["default"]) for org in workplaces]
    mix = SPEC["mix"]
    professions = {p.slug: p for p in Profession.objects.filter(slug__in=mix)}
    levels = list(CareerLevel.objects.all())
    slugs = list(mix)
    roles_by_profession = {k: v for k, v in SPEC["roles"].items() if k != "other_roles"}
    first, last = SPEC["first_names"].split(), SPEC["last_names"].split()
    now = timezone.now()
    people, roles = [], []
    for email in emails():
        slug = choose.choices(slugs, [mix[s][0] for s in slugs])[0]
        joined = now - datetime.timedelta(days=choose.randint(30, 760))
        person = Person(
            email=email,
            full_name=f"{choose.choice(first)} {choose.choice(last)}",
            profession=professions[slug],
            career_level=choose.choice(levels),
            organisation=choose.choices(workplaces, places)[0],
            date_joined=joined,
        )
        person.set_unusable_password()
        people.append(person)
        if choose.random() < mix[slug][1]:
            # Roles taken up more recently by the professions that hold fewer of them.
            earliest = 60 if slug in roles_by_profession else 15
            started = joined + datetime.timedelta(days=choose.randint(0, earliest))
            if slug not in roles_by_profession:
                started = max(started, now - datetime.timedelta(days=choose.randint(20, 540)))
            kind = choose.choice(roles_by_profession.get(slug, SPEC["roles"]["other_roles"]))
            ended = None
            if choose.random() < 0.15:
                ended = started + datetime.timedelta(days=choose.randint(60, 300))
                ended = ended if ended < now else None
            roles.append((email, kind, min(started, now), ended))
    # Bulk writes: 420 people one by one through sign-up would take most of the run.
    Person.objects.bulk_create(people)
    saved = {p.email: p for p in crowd()}
    EmailAddress.objects.bulk_create(
        EmailAddress(user=person, email=email, verified=True, primary=True)
        for email, person in saved.items()
    )
    DigestPreference.objects.bulk_create(
        DigestPreference(person=person, frequency=Frequency.OFF) for person in saved.values()
    )
    HeldRole.objects.bulk_create(
        HeldRole(person=saved[email], kind=kind, started_at=started, ended_at=ended)
        for email, kind, started, ended in roles
    )
    report.add("invented members for insights", created=len(saved))
    report.add("leadership roles held", created=len(roles))
