import pytest

from programmes.models import Offer
from programmes.services import offer_search_refresh
from tests.programmes.factories import OfferFactory

pytestmark = pytest.mark.django_db


def test_it_ranks_a_title_match_above_a_description_match():
    OfferFactory(title="Clinical supervision skills", description="Coaching conversations.")
    OfferFactory(title="Coaching for team leaders", description="Supervision for new leads.")
    results = list(Offer.objects.search("coaching").order_by("-rank"))
    assert [o.title for o in results] == [
        "Coaching for team leaders",
        "Clinical supervision skills",
    ]


def test_it_searches_the_provider_too():
    OfferFactory(title="Leading in networks", provider="NHS Leadership Academy")
    OfferFactory(title="Something else")
    assert [o.title for o in Offer.objects.search("academy")] == ["Leading in networks"]


def test_it_needs_every_word_to_match():
    OfferFactory(title="Quality improvement for nurses")
    OfferFactory(title="Quality improvement basics")
    assert [o.title for o in Offer.objects.search("quality nurses")] == [
        "Quality improvement for nurses"
    ]


def test_it_keeps_the_search_current_after_an_update_through_the_service():
    offer = OfferFactory(title="Old title")
    Offer.objects.filter(pk=offer.pk).update(title="Mentoring circles")
    offer_search_refresh(offers=[offer])
    assert [o.title for o in Offer.objects.search("mentoring")] == ["Mentoring circles"]


def test_it_returns_everything_for_a_search_of_punctuation_only():
    OfferFactory()
    assert Offer.objects.search("!!! ???").count() == 1
