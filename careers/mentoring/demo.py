# ruff: noqa: E501 - product text; wrapping sentences mid-phrase hurts more than long lines.
"""Demo content for mentoring: a few supporters, a pharmacist role model and a standing round."""

from __future__ import annotations

from careers.mentoring.models import MatchingRound, RoleModel, SupportKind, SupportOffer
from portal import demo
from portal.models import LeadershipDimension, Organisation, OrganisationKind, Person, Profession

HUB = "Exe and Tamar Primary Care Training Hub"

# persona key -> (kind, capacity, accreditation, dimension slugs, topics, profile)
OFFERS = [
    (
        "mentor",
        SupportKind.MENTOR,
        3,
        "",
        ["developing-capability", "leading-with-care"],
        "Starting a first leadership role\nNurse-led clinics",
        "Advanced nurse practitioner who has set up two nurse-led services and mentored newly qualified nurses into leadership roles.",
    ),
    (
        "mentor",
        SupportKind.SPONSOR,
        2,
        "",
        ["influencing-for-results", "connecting-our-service"],
        "Network boards",
        "Sits on the network board and will put forward people from any profession for roles and projects that stretch them.",
    ),
    (
        "facilitator",
        SupportKind.COACH,
        2,
        "ILM Level 7 Certificate in Executive Coaching",
        ["engaging-the-team", "holding-to-account"],
        "Difficult conversations\nLeading change",
        "PCN manager and accredited coach; coaching sessions are confidential and run remotely or in Leicester.",
    ),
]


def seed(report: demo.Report) -> None:
    hub = Organisation.objects.filter(kind=OrganisationKind.TRAINING_HUB, name=HUB).first()
    if hub is None:
        return
    demo.ensure(
        MatchingRound, {"name": "Exe and Tamar: all year"}, {"hub": hub, "standing": True}, report
    )
    dimensions = {d.slug: d for d in LeadershipDimension.objects.all()}
    for key, kind, capacity, accreditation, slugs, topics, profile in OFFERS:
        offer = demo.ensure(
            SupportOffer,
            {"person": demo.account(key), "kind": kind},
            {
                "capacity": capacity,
                "accreditation": accreditation,
                "topics": topics,
                "profile": profile,
            },
            report,
        )
        offer.dimensions.set([dimensions[s] for s in slugs])
        offer.icbs.set([hub.icb])
    leader = demo.ensure(
        Person,
        {"email": "role-model.pharmacist@example.org"},
        {
            "full_name": "Ayesha Karim",
            "profession": Profession.objects.get(slug="clinical-pharmacist"),
            "organisation": Organisation.objects.filter(kind=OrganisationKind.PCN, icb=hub.icb)
            .order_by("name")
            .first(),
        },
        report,
    )
    demo.ensure(
        RoleModel,
        {"person": leader},
        {
            "title": "PCN clinical director",
            "story": "I joined the network as its first clinical pharmacist, ran the structured medication review programme, then led the network's long-term conditions work. When the clinical director post came up, a GP partner sponsored my application; I am the first pharmacist to hold it here.",
            "listed": True,
        },
        report,
    )
