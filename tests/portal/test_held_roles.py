"""The leadership roles people hold now, recorded on their profile for insights."""

import datetime

import pytest
import time_machine
from django.test import Client

from portal import services
from portal.models import HeldRole, HeldRoleKind
from tests.portal.test_pages import profile_data

pytestmark = pytest.mark.django_db


def test_nia_records_that_she_is_a_clinical_lead_and_practice_partner(client: Client, nurse):
    client.force_login(nurse)
    roles = [HeldRoleKind.CLINICAL_LEAD, HeldRoleKind.PRACTICE_PARTNER]

    response = client.post("/me/", profile_data(nurse, held_roles=roles))

    assert response.status_code == 302
    assert sorted(nurse.held_roles.current().values_list("kind", flat=True)) == sorted(roles)
    page = client.get("/me/").content.decode()
    assert 'value="clinical_lead" checked' in page or 'checked value="clinical_lead"' in page


def test_giving_up_a_role_ends_it_instead_of_forgetting_it(nurse):
    start = datetime.datetime(2026, 1, 5, 9, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        services.held_roles_update(nurse, [HeldRoleKind.CLINICAL_LEAD])
    with time_machine.travel(start + datetime.timedelta(days=100), tick=False):
        services.held_roles_update(nurse, [])

    role = HeldRole.objects.get(person=nurse)
    assert role.ended_at == start + datetime.timedelta(days=100)
    assert not nurse.held_roles.current().exists()
    assert nurse.held_roles.held_on(start + datetime.timedelta(days=50)).count() == 1
    assert nurse.held_roles.held_on(start + datetime.timedelta(days=150)).count() == 0


def test_taking_a_role_up_again_starts_a_new_spell(nurse):
    services.held_roles_update(nurse, [HeldRoleKind.MANAGER])
    services.held_roles_update(nurse, [])
    services.held_roles_update(nurse, [HeldRoleKind.MANAGER])

    assert nurse.held_roles.count() == 2
    assert nurse.held_roles.current().count() == 1


def test_saving_the_same_roles_twice_changes_nothing(nurse):
    services.held_roles_update(nurse, [HeldRoleKind.ICB_ROLE])
    services.held_roles_update(nurse, [HeldRoleKind.ICB_ROLE])

    assert nurse.held_roles.count() == 1


def test_an_unknown_role_is_refused_with_a_message(client: Client, nurse):
    client.force_login(nurse)

    response = client.post("/me/", profile_data(nurse, held_roles=["emperor"]))

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not nurse.held_roles.exists()
