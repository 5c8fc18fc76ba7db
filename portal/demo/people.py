"""Portal's own demo content: organisations, one account per persona, the invented
crowd, and twelve weeks of digest history."""

from portal import demo, selectors, services
from portal.demo import crowd, digests
from portal.models import OrganisationKind


def _organisation(report: demo.Report, **fields):
    organisation, created, updated = services.organisation_record(**fields)
    report.note("organisations", created=created, updated=updated)
    return organisation


def _seed_organisations(report: demo.Report) -> None:
    data = demo.read_toml(__file__, "organisations.toml")
    icbs = selectors.icbs_by_code()
    pcn_number = practice_number = 0
    for area in data["icb"]:
        icb = icbs[area["code"]]
        for network in area["networks"]:
            pcn_number += 1
            pcn = _organisation(
                report,
                kind=OrganisationKind.PCN,
                name=network["name"],
                icb=icb,
                ods_code=f"DEMOPCN{pcn_number:02d}",
            )
            for practice_name in network["practices"]:
                practice_number += 1
                _organisation(
                    report,
                    kind=OrganisationKind.PRACTICE,
                    name=practice_name,
                    icb=icb,
                    ods_code=f"DEMOGP{practice_number:03d}",
                    pcn=pcn,
                )
    for number, spec in enumerate(data["hub"], start=1):
        hub = _organisation(
            report,
            kind=OrganisationKind.TRAINING_HUB,
            name=spec["name"],
            icb=icbs[spec["icb"]],
            ods_code=f"DEMOTH{number:02d}",
        )
        if services.hub_serves_add(hub=hub, icbs=[icbs[code] for code in spec["serves"]]):
            report.note("ICBs served by training hubs", created=True)


def _seed_accounts(report: demo.Report) -> None:
    organisations = selectors.organisations_by_name([a.organisation for a in demo.ACCOUNTS])
    professions = selectors.professions_by_slug()
    levels = selectors.career_levels_by_slug()
    for spec in demo.ACCOUNTS:
        _, changes = services.account_record(
            email=spec.email,
            values={
                "full_name": spec.full_name,
                "profession": professions[spec.profession],
                "career_level": levels[spec.career_level],
                "organisation": organisations[spec.organisation],
                "is_staff": spec.is_staff,
            },
            # The printed password must work, so it is put back if someone changed it.
            password=demo.DEMO_PASSWORD,
            groups=list(spec.groups),
        )
        report.note("people", created=changes["created"], updated=changes["updated"])
        if changes["password"]:
            report.note("passwords", updated=True)
        report.note("email addresses", created=changes["address"])
        for _ in range(changes["groups"]):
            report.note("group memberships", created=True)


@demo.seeder("portal")
def seed(report: demo.Report) -> None:
    _seed_organisations(report)
    _seed_accounts(report)
    crowd.seed(report)
    digests.seed(report)
