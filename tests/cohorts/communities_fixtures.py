"""Community personas, on top of the cohort ones.

Hana works for the Devon training hub (staff). Nell (nurse, Devon practice) and Pia
(pharmacist, another PCN) talk in Hana's open community; Hugo hosts the restricted one;
Cass works for another hub.
"""

import datetime

import pytest

from cohorts.communities import services as community_services
from cohorts.communities.models import Visibility
from portal.models import Organisation, OrganisationKind
from tests.factories import OrganisationFactory, PersonFactory, icb, profession


def training_hub(name: str, ods: str) -> Organisation:
    hub = Organisation.objects.create(kind=OrganisationKind.TRAINING_HUB, name=name, icb=icb(ods))
    hub.serves_icbs.add(icb(ods))
    return hub


def seasoned(person):
    """An account old enough that the new-account posting limit does not apply."""
    person.date_joined -= datetime.timedelta(days=365)
    person.save(update_fields=["date_joined"])
    return person


@pytest.fixture
def hub(db):
    return training_hub("Devon Training Hub", "QJK")


@pytest.fixture
def hub_staff(hub):
    """Hana, staff of the Devon training hub."""
    return PersonFactory(
        full_name="Hana Brook", email="hana@example.nhs.uk", organisation=hub, is_staff=True
    )


@pytest.fixture
def other_hub_staff(db):
    """Cass, staff of the Cornwall training hub."""
    return PersonFactory(
        full_name="Cass Penrose",
        email="cass@example.nhs.uk",
        organisation=training_hub("Cornwall Training Hub", "QT6"),
        is_staff=True,
    )


@pytest.fixture
def devon_nurse(db):
    return seasoned(PersonFactory(full_name="Nell Ashby", email="nell@example.nhs.uk"))


@pytest.fixture
def other_pcn_pharmacist(db):
    return seasoned(
        PersonFactory(
            full_name="Pia Moreno",
            email="pia@example.nhs.uk",
            profession=profession("clinical-pharmacist"),
            organisation=OrganisationFactory(name="Harbour Medical Centre"),
        )
    )


@pytest.fixture
def open_community(hub, hub_staff):
    return community_services.community_create(
        by=hub_staff,
        hub=hub,
        name="Practice nurses leading change in Devon",
        purpose="Nurses who lead clinics and teams.",
        visibility=Visibility.OPEN,
    )


@pytest.fixture
def host(db):
    return seasoned(PersonFactory(full_name="Hugo Hart", email="hugo@example.nhs.uk"))


@pytest.fixture
def restricted_community(hub, hub_staff, host):
    community = community_services.community_create(
        by=hub_staff,
        hub=hub,
        name="New PCN clinical directors",
        purpose="For clinical directors in their first two years.",
        visibility=Visibility.RESTRICTED,
    )
    community.memberships.create(person=host, role="host")
    return community


@pytest.fixture
def private_community(hub, hub_staff, host):
    community = community_services.community_create(
        by=hub_staff,
        hub=hub,
        name="Quiet room",
        purpose="A private group.",
        visibility=Visibility.PRIVATE,
    )
    community.memberships.create(person=host, role="host")
    community.memberships.filter(person=hub_staff).delete()
    return community
