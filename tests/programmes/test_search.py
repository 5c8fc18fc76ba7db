import pytest
from django.db import connection
from django.urls import reverse

from programmes import search
from programmes.models import Offer
from programmes.selectors import CataloguePaginator
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


@pytest.mark.parametrize(("matches", "about"), [(16_932, 17_000), (2_449, 2_400), (987, 990)])
def test_an_estimate_is_shown_to_two_figures(matches, about):
    paginator = CataloguePaginator([], 20, count=matches, estimated=True)
    assert paginator.about == about


def test_a_broad_search_says_about_how_many_match_and_lists_a_ranked_window(
    client, monkeypatch, django_assert_num_queries
):
    if connection.vendor != "postgresql":
        pytest.skip("Only PostgreSQL estimates; SQLite always counts exactly.")
    monkeypatch.setattr(search, "ESTIMATE_ABOVE", 2)
    monkeypatch.setattr(search, "RANK_WINDOW", 3)
    for n in range(6):
        OfferFactory(title=f"Coaching circle {n}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE programmes_offer")
    client.get(reverse("programmes:catalogue"))  # the filters' reference data, kept after
    # The estimate (EXPLAIN), the page, its professions and intakes: no count.
    with django_assert_num_queries(4):
        response = client.get(reverse("programmes:catalogue"), {"q": "coaching"})
    page = response.content.decode()
    assert "About 6 offers match" in page
    assert "Only the first 3 are listed" in page
    assert len(response.context["offers"]) == 3
