"""Mentoring's demo content (mentoring.toml): supporters, a role model, a standing round."""

from __future__ import annotations

from careers.mentoring import services
from careers.mentoring.models import MatchingRound, RoleModel
from portal import demo, selectors
from portal.models import Person


def seed(report: demo.Report) -> None:
    data = demo.read_toml(__file__, "mentoring.toml")
    hub = selectors.training_hub_named(data["hub"])
    if hub is None:
        return
    demo.ensure(MatchingRound, {"name": data["round"]}, {"hub": hub, "standing": True}, report)
    dimensions = selectors.dimensions_by_slug()
    for item in data["offer"]:
        # The supporter's own service, as when she fills in the offer form.
        services.offer_save(
            person=demo.account(item["account"]),
            kind=item["kind"],
            capacity=item["capacity"],
            accreditation=item.get("accreditation", ""),
            topics="\n".join(item["topics"]),
            profile=item["profile"],
            dimensions=[dimensions[s] for s in item["dimensions"]],
            icbs=[hub.icb],
        )
        report.add("support offers", found=1)
    model = data["role_model"]
    leader = demo.ensure(
        Person,
        {"email": model["email"]},
        {
            "full_name": model["full_name"],
            "profession": selectors.professions_by_slug()[model["profession"]],
            "organisation": selectors.first_pcn(hub.icb),
        },
        report,
    )
    demo.ensure(
        RoleModel,
        {"person": leader},
        {"title": model["title"], "story": model["story"], "listed": True},
        report,
    )
