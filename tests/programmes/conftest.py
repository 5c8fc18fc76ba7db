import pytest
from django.contrib.auth.models import Group

from tests.factories import PersonFactory
from tests.programmes.factories import HubFactory


@pytest.fixture
def hub(db):
    """Moorland Training Hub, which curates offers in Devon."""
    return HubFactory(name="Moorland Training Hub")


@pytest.fixture
def other_hub(db):
    return HubFactory(name="Riverside Training Hub")


@pytest.fixture
def curator(hub):
    """Cara, a curator at Moorland Training Hub."""
    person = PersonFactory(
        full_name="Cara Curator", email="cara@example.nhs.uk", organisation=hub, is_staff=True
    )
    person.groups.add(Group.objects.get(name="Training-hub curators"))
    return person


@pytest.fixture
def superuser(db):
    """Sam, who runs the portal."""
    return PersonFactory(
        full_name="Sam Super",
        email="sam@example.nhs.uk",
        is_staff=True,
        is_superuser=True,
    )


@pytest.fixture(autouse=True)
def _no_catalogue_cache(settings):
    """Tests see the catalogue as the database has it; test_caching.py turns it on."""
    settings.PROGRAMMES_CATALOGUE_CACHE_SECONDS = 0
