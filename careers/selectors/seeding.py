"""Lookups the demo seeder and importers make before they write through services."""

from careers.models import Activity, Assessment


def activity_titled(person, title: str) -> bool:
    """Whether the person has recorded an activity with this title (importers, demo)."""
    return Activity.objects.filter(person=person, title=title).exists()


def assessed_among(people) -> set[int]:
    """Ids of those of these people who have assessed themselves at least once."""
    return set(Assessment.objects.filter(person__in=people).values_list("person_id", flat=True))
