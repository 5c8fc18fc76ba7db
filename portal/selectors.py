"""Reads of the shared reference lists that pages show in full: professions, the nine
leadership dimensions, regions, and the signed-in person with what their dashboard shows."""

from __future__ import annotations

from portal.models import (
    ICB,
    CareerLevel,
    LeadershipDimension,
    Organisation,
    OrganisationKind,
    Person,
    PersonQuerySet,
    Profession,
    Region,
)


def dimensions() -> list[LeadershipDimension]:
    return list(LeadershipDimension.objects.all())


def professions():
    return Profession.objects.all()


def regions():
    return Region.objects.all()


def person_for_dashboard(person: Person) -> Person:
    return Person.objects.select_related("profession", "career_level", "organisation__icb").get(
        pk=person.pk
    )


def person_with_profession(person: Person) -> Person:
    return Person.objects.select_related("profession").get(pk=person.pk)


# Lookups by natural key, for importers and the demo seeder.
def icbs_by_code() -> dict:
    return {icb.ods_code: icb for icb in ICB.objects.all()}


def organisations_by_name(names: list[str]) -> dict:
    return {org.name: org for org in Organisation.objects.filter(name__in=names)}


def professions_by_slug() -> dict[str, Profession]:
    return {p.slug: p for p in Profession.objects.all()}


def career_levels_by_slug() -> dict:
    return {level.slug: level for level in CareerLevel.objects.all()}


def people_by_email(emails: list[str]) -> PersonQuerySet:
    return Person.objects.filter(email__in=emails)


def person_by_email(email: str) -> Person:
    return Person.objects.get(email=email)


def demo_workplaces() -> list[Organisation]:
    """The invented places people work, in name order (the demo crowd's choices)."""
    return list(
        Organisation.objects.where_people_work()
        .filter(icb__isnull=False, ods_code__startswith="DEMO")
        .select_related("icb")
        .order_by("name")
    )


def dimensions_by_slug() -> dict[str, LeadershipDimension]:
    """The nine dimensions in their order, by slug."""
    return {d.slug: d for d in LeadershipDimension.objects.order_by("order")}


def training_hub_named(name: str) -> Organisation | None:
    return Organisation.objects.training_hubs().filter(name=name).first()


def training_hub_names() -> set[str]:
    return set(Organisation.objects.training_hubs().values_list("name", flat=True))


def first_pcn(icb: ICB | None = None) -> Organisation | None:
    """The first primary care network by name (in an ICB, if given)."""
    pcns = Organisation.objects.filter(kind=OrganisationKind.PCN)
    if icb is not None:
        pcns = pcns.filter(icb=icb)
    return pcns.order_by("name").first()
