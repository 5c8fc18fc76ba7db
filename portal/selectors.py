"""Reads of the shared reference lists that pages show in full: professions, the nine
leadership dimensions, regions, and the signed-in person with what their dashboard shows."""

from __future__ import annotations

from portal.models import LeadershipDimension, Person, Profession, Region


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
