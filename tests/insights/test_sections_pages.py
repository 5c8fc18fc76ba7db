"""The apps' insights pages as Cara, a Devon hub curator, sees them: rendered and
suppressed by the core, downloadable as CSV, with no person named anywhere."""

import pytest
from django.urls import reverse

from careers.models import Assessment, Rating
from portal.models import LeadershipDimension
from programmes.models import ApplicationStatus
from tests.factories import PersonFactory, icb
from tests.programmes.factories import ApplicationFactory, HubFactory, IntakeFactory, OfferFactory

PAGES = ["needs", "topics", "catalogue", "digest"]


@pytest.fixture
def devon_hub(db):
    hub = HubFactory(icb=icb("QJK"), name="Devon Training Hub")
    hub.serves_icbs.add(icb("QJK"))
    return hub


@pytest.fixture
def cara(curator, devon_hub):
    curator.organisation = devon_hub
    curator.save()
    return curator


@pytest.fixture
def figures(devon_hub):
    """A few people with assessments and places, so that some figures are shown and
    some suppressed."""
    intake = IntakeFactory(offer=OfferFactory(hub=devon_hub), places=12)
    for _ in range(6):
        person = PersonFactory(full_name="Quentin Quill")
        ApplicationFactory(person=person, intake=intake, status=ApplicationStatus.ACCEPTED)
        assessment = Assessment.objects.create(person=person)
        Rating.objects.bulk_create(
            Rating(assessment=assessment, dimension=d, level=1, target=3)
            for d in LeadershipDimension.objects.all()
        )


@pytest.mark.parametrize("key", PAGES)
def test_cara_sees_each_page_with_no_person_named(client, cara, figures, key):
    client.force_login(cara)

    response = client.get(reverse("insights:page", args=[key]))

    assert response.status_code == 200
    assert "Quentin Quill" not in response.content.decode()


@pytest.mark.parametrize("key", PAGES)
def test_every_table_on_each_page_downloads_as_csv(client, cara, figures, key):
    client.force_login(cara)
    page = client.get(reverse("insights:page", args=[key]))

    for table in page.context["tables"]:
        response = client.get(reverse("insights:csv", args=[key, table.table.key]))
        assert response.status_code == 200
        assert "Quentin Quill" not in response.content.decode()


def test_the_catalogue_page_suppresses_places_taken_by_fewer_than_five(client, cara, devon_hub):
    intake = IntakeFactory(offer=OfferFactory(hub=devon_hub), places=12)
    for _ in range(3):
        ApplicationFactory(person=PersonFactory(), intake=intake, status=ApplicationStatus.APPLIED)
    client.force_login(cara)

    response = client.get(reverse("insights:csv", args=["catalogue", "intake-fill"]))

    assert "fewer than 5" in response.content.decode()
