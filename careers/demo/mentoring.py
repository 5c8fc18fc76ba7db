"""Mentoring's demo content (mentoring.toml): supporters, a role model, a standing round."""

from __future__ import annotations

from careers.mentoring.models import MatchingRound, RoleModel, SupportOffer
from portal import demo
from portal.models import LeadershipDimension, Organisation, OrganisationKind, Person, Profession


def seed(report: demo.Report) -> None:
    data = demo.read_toml(__file__, "mentoring.toml")
    hub = Organisation.objects.filter(kind=OrganisationKind.TRAINING_HUB, name=data["hub"]).first()
    if hub is None:
        return
    demo.ensure(MatchingRound, {"name": data["round"]}, {"hub": hub, "standing": True}, report)
    dimensions = {d.slug: d for d in LeadershipDimension.objects.all()}
    for item in data["offer"]:
        offer = demo.ensure(
            SupportOffer,
            {"person": demo.account(item["account"]), "kind": item["kind"]},
            {
                "capacity": item["capacity"],
                "accreditation": item.get("accreditation", ""),
                "topics": "\n".join(item["topics"]),
                "profile": item["profile"],
            },
            report,
        )
        offer.dimensions.set([dimensions[s] for s in item["dimensions"]])
        offer.icbs.set([hub.icb])
    model = data["role_model"]
    leader = demo.ensure(
        Person,
        {"email": model["email"]},
        {
            "full_name": model["full_name"],
            "profession": Profession.objects.get(slug=model["profession"]),
            "organisation": Organisation.objects.filter(kind=OrganisationKind.PCN, icb=hub.icb)
            .order_by("name")
            .first(),
        },
        report,
    )
    demo.ensure(
        RoleModel,
        {"person": leader},
        {"title": model["title"], "story": model["story"], "listed": True},
        report,
    )
