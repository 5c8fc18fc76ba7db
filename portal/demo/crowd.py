"""A crowd of invented members for the demo (crowd.toml), so that insights count more
than a handful of people. Insights hide any figure under five people; these members
never sign in and get no digests, but are confirmed, so insights count them.
"""

import datetime
import random

from django.db.models import QuerySet
from django.utils import timezone

from portal import demo, selectors, services
from portal.models import Person

SPEC = demo.read_toml(__file__, "crowd.toml")


def emails() -> list[str]:
    return [SPEC["email"].format(n) for n in range(1, SPEC["size"] + 1)]


def crowd() -> QuerySet[Person]:
    """The invented members, for app loaders that want someone to apply or take part."""
    return selectors.people_by_email(emails())


def rng(purpose: str) -> random.Random:
    """A generator that gives the same choices on every machine, one per purpose."""
    return random.Random(f"{SPEC['seed']}:{purpose}")  # noqa: S311 - not for secrets


def seed(report: demo.Report) -> None:
    if selectors.people_by_email(emails()[:1]).exists():
        report.note("invented members for insights")
        return
    choose = random.Random(SPEC["seed"])  # noqa: S311 - the same crowd on every machine
    workplaces = selectors.demo_workplaces()
    weight = SPEC["workplace_weight"]
    places = [weight.get(org.icb.ods_code, weight["default"]) for org in workplaces]
    mix = SPEC["mix"]
    professions = selectors.professions_by_slug()
    levels = list(selectors.career_levels_by_slug().values())
    slugs = list(mix)
    roles_by_profession = {k: v for k, v in SPEC["roles"].items() if k != "other_roles"}
    first, last = SPEC["first_names"].split(), SPEC["last_names"].split()
    now = timezone.now()
    rows = []
    for email in emails():
        slug = choose.choices(slugs, [mix[s][0] for s in slugs])[0]
        joined = now - datetime.timedelta(days=choose.randint(30, 760))
        full_name = f"{choose.choice(first)} {choose.choice(last)}"
        career_level = choose.choice(levels)
        organisation = choose.choices(workplaces, places)[0]
        roles = ()
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
            roles = (services.RoleSpell(kind, min(started, now), ended),)
        rows.append(
            services.MemberRow(
                email=email,
                full_name=full_name,
                profession=professions[slug],
                career_level=career_level,
                organisation=organisation,
                joined=joined,
                roles=roles,
            )
        )
    made = services.members_bulk_create(rows)
    report.add("invented members for insights", created=len(made))
    report.add("leadership roles held", created=sum(len(row.roles) for row in rows))
