import datetime
import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from programmes import caching, services
from programmes.models import OfferStatus
from tests.programmes.factories import IntakeFactory, OfferFactory

pytestmark = pytest.mark.django_db

CATALOGUE = reverse("programmes:catalogue")


@pytest.fixture(autouse=True)
def _catalogue_cache(settings):
    settings.PROGRAMMES_CATALOGUE_CACHE_SECONDS = 60


def queries_for(client, url: str, **params) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    return len(queries), response.content.decode()


def test_it_serves_a_repeated_list_from_the_cache_without_catalogue_queries(client):
    OfferFactory(title="Cached offer")
    first, _ = queries_for(client, CATALOGUE, kind="course")
    second, page = queries_for(client, CATALOGUE, kind="course")
    assert first > 0
    assert second == 0
    assert "Cached offer" in page


def test_publishing_an_offer_shows_at_once(client, django_capture_on_commit_callbacks):
    OfferFactory(title="Already there")
    draft = OfferFactory(title="Just published", status=OfferStatus.DRAFT, published_at=None)
    assert "Just published" not in client.get(CATALOGUE).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.offer_publish(offer=draft)
    assert "Just published" in client.get(CATALOGUE).content.decode()


def test_an_application_updates_the_places_left_at_once(
    client, nurse, django_capture_on_commit_callbacks
):
    intake = IntakeFactory(places=5)
    assert "5 places left" in client.get(CATALOGUE).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_create(person=nurse, offer=intake.offer, intake=intake)
    assert "4 places left" in client.get(CATALOGUE).content.decode()


def test_it_does_not_cache_a_page_with_a_problem(client):
    OfferFactory()
    client.get(CATALOGUE, {"page": "abc"})
    response = client.get(CATALOGUE, {"page": "abc"})
    assert "is not a page number" in response.content.decode()
    response = client.get(CATALOGUE, {"profession": "astronaut"})
    response = client.get(CATALOGUE, {"profession": "astronaut"})
    assert "We do not recognise that profession" in response.content.decode()


def test_signed_in_people_share_the_cached_list_but_keep_their_own_header(client, nurse):
    OfferFactory(title="For everyone")
    client.get(CATALOGUE, {"scope": "all"})
    client.force_login(nurse)
    page = client.get(CATALOGUE, {"scope": "all"}).content.decode()
    assert "For everyone" in page
    assert "Sign out" in page


def test_a_shared_page_carries_the_nonce_of_its_own_response(client):
    OfferFactory(title="Shared")
    client.get(CATALOGUE)
    response = client.get(CATALOGUE)
    policy = response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    page = response.content.decode()
    assert f'nonce="{nonce}"' in page
    assert "__programmes_csp_nonce__" not in page
    assert "Shared" in page


def test_a_visitor_with_a_message_waiting_gets_a_fresh_page(client):
    OfferFactory(title="Shared")
    client.get(CATALOGUE)
    client.cookies["messages"] = "something"
    with CaptureQueriesContext(connection) as queries:
        client.get(CATALOGUE)
    # The catalogue part still comes from the cache; only the page around it is new.
    assert not any("programmes_offer" in q["sql"] for q in queries.captured_queries)


def test_a_stale_list_is_redrawn_by_one_request_while_others_get_the_previous_copy():
    before = caching.key("chosen", "kind=course")
    caching.put(before, {"body": "before the publish"})
    caching.catalogue_changed()
    after = caching.key("chosen", "kind=course")
    assert caching.get(after) is None  # the first to ask draws it again…
    assert caching.get(after) == {"body": "before the publish"}  # …the rest wait on nothing
    caching.put(after, {"body": "after the publish"})
    assert caching.get(after) == {"body": "after the publish"}


def test_a_list_past_its_time_is_redrawn_by_one_request_only():
    cache_key = caching.key("chosen", "kind=course")
    caching.put(cache_key, {"body": "drawn first"})
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=61)):
        assert caching.get(cache_key) is None
        assert caching.get(cache_key) == {"body": "drawn first"}


def test_two_requests_arriving_together_after_expiry_redraw_the_list_once():
    """Two threads ask at once for a list past its time. The one that redraws waits
    until the other has been answered: if the other were sent to redraw too, neither
    would be answered and both would count a redraw."""
    cache_key = caching.key("chosen", "kind=course")
    caching.put(cache_key, {"body": "drawn first"})
    redraws: list[str] = []
    answered_with_previous_copy = threading.Event()
    both_ask = threading.Barrier(2)

    def request(name: str) -> str:
        both_ask.wait(timeout=5)
        entry = caching.get(cache_key)
        if entry is not None:
            answered_with_previous_copy.set()
            return entry["body"]
        redraws.append(name)
        answered_with_previous_copy.wait(timeout=5)
        caching.put(cache_key, {"body": f"drawn again by {name}"})
        return f"drawn again by {name}"

    with (
        time_machine.travel(timezone.now() + datetime.timedelta(seconds=61)),
        ThreadPoolExecutor(max_workers=2) as pool,
    ):
        answers = sorted(pool.map(request, ["first", "second"]))
        assert len(redraws) == 1
        assert answers == sorted(["drawn first", f"drawn again by {redraws[0]}"])
        assert caching.get(cache_key) == {"body": f"drawn again by {redraws[0]}"}
