import pytest
from django.urls import reverse

from programmes.models import Funding, OfferStatus
from tests.programmes.factories import OfferFactory

pytestmark = pytest.mark.django_db

COMPARE = reverse("programmes:compare")
FEED = reverse("programmes:feed")


def test_it_compares_offers_side_by_side(client):
    a = OfferFactory(title="Alpha", funding=Funding.FREE)
    b = OfferFactory(title="Beta", funding=Funding.SELF_FUNDED, fee=250)
    page = client.get(COMPARE, {"offer": [a.slug, b.slug]}).content.decode()
    assert "Alpha" in page and "Beta" in page
    assert "£250, paid by you or your employer." in page


def test_it_compares_at_most_three_offers(client):
    offers = OfferFactory.create_batch(4)
    response = client.get(COMPARE, {"offer": [o.slug for o in offers]})
    assert len(response.context["offers"]) == 3
    assert "up to 3 offers" in response.content.decode()


def test_it_says_when_a_compared_offer_cannot_be_found(client):
    offer = OfferFactory()
    response = client.get(COMPARE, {"offer": [offer.slug, "no-such-offer"]})
    assert response.status_code == 200
    assert "could not find one of the offers" in response.content.decode()


def test_it_publishes_an_atom_feed_of_new_offers(client):
    OfferFactory(title="Fresh offer")
    OfferFactory(title="Hidden draft", status=OfferStatus.DRAFT)
    response = client.get(FEED)
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert "<title>Fresh offer</title>" in body
    assert "Hidden draft" not in body
    assert "Backfill" in body


def test_it_filters_the_feed_with_the_catalogue_query_string(client):
    OfferFactory(title="Free one", funding=Funding.FREE)
    OfferFactory(title="Paid one", funding=Funding.SELF_FUNDED, fee=100)
    body = client.get(FEED, {"funded": "on"}).content.decode()
    assert "Free one" in body
    assert "Paid one" not in body


def test_it_explains_a_bad_feed_filter_instead_of_failing(client):
    response = client.get(FEED, {"profession": "wizard"})
    assert response.status_code == 400
    assert "We do not recognise that profession" in response.content.decode()
