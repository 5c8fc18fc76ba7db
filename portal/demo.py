"""Demo content for `manage.py seed_demo`: sample organisations and one account per persona.

Everything here is invented sample data for a laptop or a demo server. Organisations
carry an ODS code starting with ``DEMO`` so they can be told apart from real ones, and
accounts use addresses at example.org, a domain reserved for examples.

Feature apps add their own demo content by registering a seeder, usually from their
``AppConfig.ready()``, so that portal never imports a feature app::

    from portal import demo

    @demo.seeder("programmes")
    def seed(report: demo.Report) -> None:
        curator = demo.account("curator")
        demo.ensure(Offer, {"slug": "..."}, {"title": "...", "owner": curator}, report)

Seeders run in registration order (portal's own first, then apps in INSTALLED_APPS
order) inside one transaction. Each must be idempotent: a second run changes nothing,
which ``ensure`` gives for free.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import models

from portal.demo_members import seed_crowd
from portal.models import ICB, CareerLevel, Organisation, OrganisationKind, Person, Profession

# One shared password keeps the demo easy to try; it is never used outside DEBUG
# (seed_demo refuses to run with DEBUG off unless forced).
DEMO_PASSWORD = "primary-care-demo"  # noqa: S105

ModelT = TypeVar("ModelT", bound=models.Model)


@dataclass
class Report:
    """What a seeding run made and what it found already there, by kind of thing."""

    created: Counter = field(default_factory=Counter)
    found: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)

    def note(self, kind: str, *, created: bool = False, updated: bool = False) -> None:
        if created:
            self.created[kind] += 1
        elif updated:
            self.updated[kind] += 1
        else:
            self.found[kind] += 1

    @property
    def changed_anything(self) -> bool:
        return bool(self.created or self.updated)

    def lines(self) -> list[str]:
        kinds = list(dict.fromkeys([*self.created, *self.updated, *self.found]))
        return [
            f"{kind}: {self.created[kind]} created, {self.updated[kind]} updated, "
            f"{self.found[kind]} already there"
            for kind in kinds
        ]


def ensure(
    model: type[ModelT], lookup: dict[str, Any], values: dict[str, Any], report: Report
) -> ModelT:
    """Get or create a row by its natural key and bring its fields to ``values``.

    Unlike ``update_or_create`` this saves nothing when the row already matches, so a
    second run writes no rows and leaves no history entries behind.
    """
    obj, created = model.objects.get_or_create(**lookup, defaults=values)
    changed = [] if created else [name for name, v in values.items() if getattr(obj, name) != v]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
    report.note(model._meta.verbose_name_plural, created=created, updated=bool(changed))
    return obj


# ---------------------------------------------------------------------------
# Registry of seeders
# ---------------------------------------------------------------------------
Seeder = Callable[[Report], None]
_seeders: dict[str, Seeder] = {}


def seeder(name: str) -> Callable[[Seeder], Seeder]:
    """Register ``function`` to run on seed_demo; registering a name again replaces it."""

    def register(function: Seeder) -> Seeder:
        _seeders[name] = function
        return function

    return register


def seeders() -> dict[str, Seeder]:
    return dict(_seeders)


# ---------------------------------------------------------------------------
# Organisations
# ---------------------------------------------------------------------------
# ICB ODS code -> {PCN name: [practice names]}. Invented names in real ICBs.
NETWORKS: dict[str, dict[str, list[str]]] = {
    "QJK": {  # Devon
        "Haldon Ridge PCN": ["Haldon Ridge Surgery", "Kenn Valley Practice", "Teign Bridge Health"],
        "Tamar Quay PCN": ["Quayside Medical Centre", "Tavy Meadows Surgery", "Bere Lane Practice"],
    },
    "QOP": {  # Greater Manchester
        "Irwell Bank PCN": [
            "Irwell Bank Medical Practice",
            "Weaver Street Surgery",
            "Agecroft Health",
        ],
        "Pennine Edge PCN": [
            "Moorside Family Practice",
            "Tame Valley Surgery",
            "Castleshaw Health",
        ],
    },
    "QMF": {  # North East London
        "Lea Marshes PCN": [
            "Marshgate Surgery",
            "Lock Keeper's Practice",
            "Millfields Health Centre",
        ],
        "Roding Green PCN": ["Roding Green Practice", "Cranbrook Road Surgery", "Fairlop Health"],
    },
    "QK1": {  # Leicester, Leicestershire and Rutland
        "Soar Valley PCN": [
            "Soar Valley Surgery",
            "Watermead Practice",
            "Anstey Lane Medical Centre",
        ],
        "Rutland Water PCN": [
            "Oakham Lane Surgery",
            "Hambleton Road Practice",
            "Welland View Health",
        ],
    },
}

# Training hub name -> (ICB it sits in, ICBs it serves).
TRAINING_HUBS: dict[str, tuple[str, list[str]]] = {
    "Exe and Tamar Primary Care Training Hub": ("QJK", ["QJK", "QT6"]),
    "Irwell and Pennine Primary Care Training Hub": ("QOP", ["QOP", "QE1"]),
}


def _seed_organisations(report: Report) -> None:
    icbs = {icb.ods_code: icb for icb in ICB.objects.all()}
    pcn_number = practice_number = 0
    for icb_code, pcns in NETWORKS.items():
        for pcn_name, practice_names in pcns.items():
            pcn_number += 1
            pcn = ensure(
                Organisation,
                {"kind": OrganisationKind.PCN, "name": pcn_name, "icb": icbs[icb_code]},
                {"ods_code": f"DEMOPCN{pcn_number:02d}"},
                report,
            )
            for practice_name in practice_names:
                practice_number += 1
                ensure(
                    Organisation,
                    {
                        "kind": OrganisationKind.PRACTICE,
                        "name": practice_name,
                        "icb": icbs[icb_code],
                    },
                    {"ods_code": f"DEMOGP{practice_number:03d}", "pcn": pcn},
                    report,
                )
    for hub_number, (hub_name, (icb_code, served)) in enumerate(TRAINING_HUBS.items(), start=1):
        hub = ensure(
            Organisation,
            {"kind": OrganisationKind.TRAINING_HUB, "name": hub_name, "icb": icbs[icb_code]},
            {"ods_code": f"DEMOTH{hub_number:02d}"},
            report,
        )
        missing = [icbs[code] for code in served if not hub.serves_icbs.filter(pk=icbs[code].pk)]
        if missing:
            hub.serves_icbs.add(*missing)
            report.note("ICBs served by training hubs", created=True)


# ---------------------------------------------------------------------------
# Accounts, one per persona
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class DemoAccount:
    key: str
    persona: str
    full_name: str
    email: str
    profession: str  # Profession slug
    career_level: str  # CareerLevel slug
    organisation: str  # Organisation name (unique among the demo organisations)
    groups: tuple[str, ...] = ()
    is_staff: bool = False


ACCOUNTS: list[DemoAccount] = [
    DemoAccount(
        key="nurse",
        persona="General practice nurse",
        full_name="Nia Evans",
        email="nurse@example.org",
        profession="general-practice-nurse",
        career_level="established",
        organisation="Haldon Ridge Surgery",
    ),
    DemoAccount(
        key="gp-trainee",
        persona="GP trainee",
        full_name="Tom Okafor",
        email="gp-trainee@example.org",
        profession="gp-trainee",
        career_level="student-or-trainee",
        organisation="Irwell Bank Medical Practice",
    ),
    DemoAccount(
        key="pharmacist",
        persona="Clinical pharmacist",
        full_name="Priya Shah",
        email="pharmacist@example.org",
        profession="clinical-pharmacist",
        career_level="early-career",
        organisation="Lea Marshes PCN",
    ),
    DemoAccount(
        key="curator",
        persona="Training-hub curator (admin)",
        full_name="Carys Morgan",
        email="curator@example.org",
        profession="general-practice-nurse",
        career_level="senior-leader",
        organisation="Exe and Tamar Primary Care Training Hub",
        groups=("Training-hub curators",),
        is_staff=True,
    ),
    DemoAccount(
        key="facilitator",
        persona="Cohort facilitator",
        full_name="Femi Adeyemi",
        email="facilitator@example.org",
        profession="pcn-manager",
        career_level="advanced-or-specialist",
        organisation="Soar Valley PCN",
        groups=("Facilitators",),
    ),
    DemoAccount(
        key="coordinator",
        persona="Mentoring co-ordinator",
        full_name="Cora Whitfield",
        email="coordinator@example.org",
        profession="practice-manager",
        career_level="senior-leader",
        organisation="Exe and Tamar Primary Care Training Hub",
        groups=("Mentoring co-ordinators",),
        is_staff=True,
    ),
    DemoAccount(
        key="mentor",
        persona="Mentor",
        full_name="Mariam Hussain",
        email="mentor@example.org",
        profession="advanced-nurse-practitioner",
        career_level="advanced-or-specialist",
        organisation="Tavy Meadows Surgery",
    ),
]


def account(key: str) -> Person:
    """The demo person for a persona key, for app seeders that need an owner or member."""
    email = next(a.email for a in ACCOUNTS if a.key == key)
    return Person.objects.get(email=email)


def _seed_accounts(report: Report) -> None:
    organisations = {
        org.name: org
        for org in Organisation.objects.filter(name__in=[a.organisation for a in ACCOUNTS])
    }
    for spec in ACCOUNTS:
        person = ensure(
            Person,
            {"email": spec.email},
            {
                "full_name": spec.full_name,
                "profession": Profession.objects.get(slug=spec.profession),
                "career_level": CareerLevel.objects.get(slug=spec.career_level),
                "organisation": organisations[spec.organisation],
                "is_staff": spec.is_staff,
            },
            report,
        )
        # The printed password must work, so put it back if someone changed it.
        if not person.password or not person.check_password(DEMO_PASSWORD):
            if person.password:
                report.note("passwords", updated=True)
            person.set_password(DEMO_PASSWORD)
            person.save(update_fields=["password"])
        ensure(
            EmailAddress,
            {"user": person, "email": spec.email},
            {"verified": True, "primary": True},
            report,
        )
        for group in Group.objects.filter(name__in=spec.groups).exclude(user=person):
            group.user_set.add(person)
            report.note("group memberships", created=True)


@seeder("portal")
def seed_portal(report: Report) -> None:
    _seed_organisations(report)
    _seed_accounts(report)
    seed_crowd(report)
