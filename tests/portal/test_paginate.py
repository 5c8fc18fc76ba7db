import pytest
from django.core.paginator import Paginator
from django.test import RequestFactory

from portal.lib.paginate import paginate

ITEMS = list(range(95))


def page_for(query: dict, items=ITEMS, per_page: int = 10):
    return paginate(RequestFactory().get("/list/", query), items, per_page)


def test_it_gives_the_requested_page_with_links_that_keep_the_filters():
    page = page_for({"start": "2024-01-01", "page": "2"})

    assert list(page.object_list) == list(range(10, 20))
    assert page.problem == ""
    assert page.previous_href == "?start=2024-01-01&page=1"
    assert page.next_href == "?start=2024-01-01&page=3"


def test_it_elides_the_middle_of_a_long_run_of_pages():
    page = page_for({"page": "5"})

    numbers = [link.get("number", "…") for link in page.links]
    assert numbers == [1, "…", 4, 5, 6, "…", 10]
    assert [link["number"] for link in page.links if link.get("current")] == [5]


def test_a_page_number_that_is_not_a_number_gives_the_first_page_and_says_so():
    page = page_for({"page": "lots"})

    assert page.number == 1
    assert page.problem == "“lots” is not a page number, so here is the first page."


def test_a_page_past_the_end_gives_the_last_page_and_says_so():
    page = page_for({"page": "99"})

    assert page.number == 10
    assert page.problem == "There is no page 99; the last page is 10."


def test_an_empty_list_has_one_empty_page_and_no_links_onward():
    page = page_for({}, items=[])

    assert list(page.object_list) == []
    assert (page.problem, page.previous_href, page.next_href) == ("", "", "")


def test_it_pages_through_a_paginator_made_already():
    page = paginate(RequestFactory().get("/", {"page": "3"}), Paginator(ITEMS, 40))

    assert list(page.object_list) == list(range(80, 95))


def test_it_needs_a_page_size_for_a_plain_list():
    with pytest.raises(TypeError):
        paginate(RequestFactory().get("/"), ITEMS)
