"""Lookups by name, for the demo seeder and importers."""

from cohorts.models import Cohort, Membership, Topic


def cohort_named(name: str) -> Cohort | None:
    return Cohort.objects.filter(name=name).first()


def any_members_among(cohort: Cohort, people) -> bool:
    return Membership.objects.filter(cohort=cohort, person__in=people).exists()


def topics_by_title(cohort: Cohort) -> dict[str, Topic]:
    return {topic.title: topic for topic in Topic.objects.filter(cohort=cohort)}
