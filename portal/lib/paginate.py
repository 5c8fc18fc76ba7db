"""The portal's one way of paging a list: a page of it for the request's ``?page=``,
with the links that ``templates/includes/pagination.html`` draws as the NHS.UK
pagination component (numbered variant)."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


def paginate(
    request: HttpRequest, items: QuerySet | Sequence | Paginator, per_page: int | None = None
) -> Page:
    """The requested page of ``items`` (or of a paginator made already, such as one
    told its count), never an error for a bad page number.

    The page carries ``problem`` (what to tell the person when the number was bad:
    they get the first or last page instead), ``links`` (each page number, or an
    ellipsis), and ``previous_href``/``next_href``; every link keeps the request's
    other query parameters, so filters survive paging.
    """
    if isinstance(items, Paginator):
        paginator = items
    elif per_page is None:
        raise TypeError("paginate() needs per_page unless it is given a paginator")
    else:
        paginator = Paginator(items, per_page)
    raw = request.GET.get("page", "1")
    try:
        page, problem = paginator.page(raw), ""
    except PageNotAnInteger:
        page = paginator.page(1)
        problem = f"“{raw[:20]}” is not a page number, so here is the first page."
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
        problem = f"There is no page {raw[:20]}; the last page is {paginator.num_pages}."
    page.problem = problem

    def href(number: int) -> str:
        query = request.GET.copy()
        query["page"] = number
        return f"?{query.urlencode()}"

    page.links = [
        {"ellipsis": True}
        if number == paginator.ELLIPSIS
        else {"number": number, "href": href(number), "current": number == page.number}
        for number in paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    ]
    page.previous_href = href(page.previous_page_number()) if page.has_previous() else ""
    page.next_href = href(page.next_page_number()) if page.has_next() else ""
    return page
