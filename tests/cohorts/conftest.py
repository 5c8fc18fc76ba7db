"""Cohort personas: Femi facilitates the cohort and its set; Fern facilitates another.

Nia (nurse) and Priya (pharmacist) are members of Femi's cohort and set; Tom (GP
trainee) is a member of the cohort but not of the set.
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from cohorts import services
from cohorts.models import SetMembership
from tests.factories import PersonFactory, profession


def facilitator_person(**fields):
    person = PersonFactory(profession=profession("practice-manager"), **fields)
    person.groups.add(Group.objects.get(name="Facilitators"))
    return person


@pytest.fixture
def facilitator(db):
    """Femi, who runs the cohort under test."""
    return facilitator_person(full_name="Femi Adeyemi", email="femi@example.nhs.uk")


@pytest.fixture
def other_facilitator(db):
    """Fern, a facilitator with a cohort of her own and no part in Femi's."""
    fern = facilitator_person(full_name="Fern Lowe", email="fern@example.nhs.uk")
    services.cohort_create(
        name="Fern's cohort",
        description="Another cohort.",
        facilitator=fern,
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 12, 31),
    )
    return fern


@pytest.fixture
def cohort(facilitator, nurse, pharmacist, gp_trainee):
    cohort = services.cohort_create(
        name="Leading in the PCN",
        description="A year of learning together.",
        facilitator=facilitator,
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 12, 31),
    )
    services.members_enrol(cohort=cohort, people=[nurse, pharmacist, gp_trainee])
    return cohort


@pytest.fixture
def learning_set(cohort, facilitator, nurse, pharmacist):
    learning_set = services.set_create(name="Set one", facilitator=facilitator, cohort=cohort)
    for person in (nurse, pharmacist):
        membership = services.set_member_add(learning_set=learning_set, person=person)
        services.agreement_accept(membership=membership)
    return learning_set


@pytest.fixture
def meeting(learning_set, nurse):
    meeting = services.meeting_create(
        learning_set=learning_set,
        starts_at=timezone.now() + datetime.timedelta(days=7),
        presenters=[nurse],
    )
    presentation = meeting.presentations.get()
    services.presentation_update(presentation=presentation, issue="A rota that nobody owns.")
    services.action_add(
        presentation=presentation,
        description="Ask the partners who owns the rota",
        due_date=datetime.date(2026, 12, 1),
    )
    return meeting


def fill(learning_set, places: int) -> list:
    """Give ``places`` more people a place in the set."""
    people = PersonFactory.create_batch(places)
    for person in people:
        SetMembership.objects.create(
            set=learning_set,
            person=person,
            seat=min(
                set(range(1, 9)) - set(learning_set.memberships.values_list("seat", flat=True))
            ),
        )
    return people


# Communities of practice: their personas live beside the cohort ones.
from tests.cohorts.communities_fixtures import (  # noqa: E402, F401
    devon_nurse,
    host,
    hub,
    hub_staff,
    open_community,
    other_hub_staff,
    other_pcn_pharmacist,
    private_community,
    restricted_community,
)
