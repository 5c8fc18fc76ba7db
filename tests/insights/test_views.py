"""Insights pages are worked out at most every few minutes per area, never across areas."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from portal import services
from portal.models import HeldRoleKind, OrganisationKind
from tests.factories import OrganisationFactory, PersonFactory, icb, profession

pytestmark = pytest.mark.django_db


def hub_curator(ods: str, name: str):
    hub = OrganisationFactory(kind=OrganisationKind.TRAINING_HUB, icb=icb(ods), name=name)
    hub.serves_icbs.add(icb(ods))
    # No profession, so she is not among the members counted.
    return PersonFactory(is_staff=True, organisation=hub, profession=None)


def leaders(count: int, ods: str) -> None:
    """Paramedic leaders who joined two quarters ago: only ended quarters are published."""
    with time_machine.travel(timezone.now() - datetime.timedelta(days=190)):
        practice = OrganisationFactory(icb=icb(ods))
        for _ in range(count):
            person = PersonFactory(profession=profession("paramedic"), organisation=practice)
            services.held_roles_update(person, [HeldRoleKind.CLINICAL_LEAD])


def leaders_csv(client) -> str:
    return client.get(reverse("insights:csv", args=["diversity", "leaders"])).content.decode()


def test_figures_are_kept_for_a_while_and_say_when_they_were_worked_out(client, settings):
    settings.INSIGHTS_CACHE_SECONDS = 600
    client.force_login(hub_curator("QJK", "Devon hub"))
    leaders(6, "QJK")
    assert "Paramedic,5," in leaders_csv(client)

    leaders(3, "QJK")

    assert "Paramedic,5," in leaders_csv(client)
    assert (
        "Figures as of" in client.get(reverse("insights:page", args=["diversity"])).content.decode()
    )


def test_with_the_cache_off_every_view_counts_again(client, settings):
    settings.INSIGHTS_CACHE_SECONDS = 0
    client.force_login(hub_curator("QJK", "Devon hub"))
    leaders(6, "QJK")
    assert "Paramedic,5," in leaders_csv(client)

    leaders(3, "QJK")

    assert "Paramedic,10," in leaders_csv(client)


def test_one_hubs_kept_figures_are_never_shown_to_another(client, settings):
    settings.INSIGHTS_CACHE_SECONDS = 600
    leaders(7, "QJK")
    client.force_login(hub_curator("QJK", "Devon hub"))
    assert "Paramedic,5," in leaders_csv(client)

    client.force_login(hub_curator("QMF", "London hub"))

    assert not re.search(r"Paramedic,\d", leaders_csv(client))
