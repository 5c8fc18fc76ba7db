"""Portal's own demo content: organisations, one account per persona, the invented
crowd, and twelve weeks of digest history."""

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group

from portal import demo
from portal.demo import crowd, digests
from portal.models import ICB, CareerLevel, Organisation, OrganisationKind, Person, Profession


def _seed_organisations(report: demo.Report) -> None:
    data = demo.read_toml(__file__, "organisations.toml")
    icbs = {icb.ods_code: icb for icb in ICB.objects.all()}
    pcn_number = practice_number = 0
    for area in data["icb"]:
        icb = icbs[area["code"]]
        for network in area["networks"]:
            pcn_number += 1
            pcn = demo.ensure(
                Organisation,
                {"kind": OrganisationKind.PCN, "name": network["name"], "icb": icb},
                {"ods_code": f"DEMOPCN{pcn_number:02d}"},
                report,
            )
            for practice_name in network["practices"]:
                practice_number += 1
                demo.ensure(
                    Organisation,
                    {"kind": OrganisationKind.PRACTICE, "name": practice_name, "icb": icb},
                    {"ods_code": f"DEMOGP{practice_number:03d}", "pcn": pcn},
                    report,
                )
    for number, spec in enumerate(data["hub"], start=1):
        hub = demo.ensure(
            Organisation,
            {"kind": OrganisationKind.TRAINING_HUB, "name": spec["name"], "icb": icbs[spec["icb"]]},
            {"ods_code": f"DEMOTH{number:02d}"},
            report,
        )
        served = set(hub.serves_icbs.values_list("ods_code", flat=True))
        missing = [icbs[code] for code in spec["serves"] if code not in served]
        if missing:
            hub.serves_icbs.add(*missing)
            report.note("ICBs served by training hubs", created=True)


def _seed_accounts(report: demo.Report) -> None:
    organisations = {
        org.name: org
        for org in Organisation.objects.filter(name__in=[a.organisation for a in demo.ACCOUNTS])
    }
    for spec in demo.ACCOUNTS:
        person = demo.ensure(
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
        if not person.password or not person.check_password(demo.DEMO_PASSWORD):
            if person.password:
                report.note("passwords", updated=True)
            person.set_password(demo.DEMO_PASSWORD)
            person.save(update_fields=["password"])
        demo.ensure(
            EmailAddress,
            {"user": person, "email": spec.email},
            {"verified": True, "primary": True},
            report,
        )
        for group in Group.objects.filter(name__in=spec.groups).exclude(user=person):
            group.user_set.add(person)
            report.note("group memberships", created=True)


@demo.seeder("portal")
def seed(report: demo.Report) -> None:
    _seed_organisations(report)
    _seed_accounts(report)
    crowd.seed(report)
    digests.seed(report)
