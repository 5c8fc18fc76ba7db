"""Insights pages: an index, the diversity page, each registered page, and CSVs."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from portal.insights import access, diversity, present
from portal.insights.registry import insights
from portal.insights.scope import Scope
from portal.insights.suppression import Suppressed, suppress_linked
from portal.insights.tables import Table
from portal.lib.csv import csv_response

DIVERSITY = "diversity"
DIVERSITY_TITLE = "Leadership diversity"
DIVERSITY_SUMMARY = (
    "Which professions hold leadership roles and take part in development, against "
    "their share of members, and how that is changing quarter by quarter."
)


def insights_view(view: Callable) -> Callable:
    """Training-hub staff or superusers only; the area from the address."""

    @access.insights_staff_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        form = access.AreaForm(request.GET or None, choices=access.areas(request.user))
        return view(request, form, *args, **kwargs)

    return wrapped


def _pages() -> list[dict]:
    pages = [{"key": DIVERSITY, "title": DIVERSITY_TITLE, "summary": DIVERSITY_SUMMARY}]
    pages += [{"key": p.key, "title": p.title, "summary": p.summary} for p in insights.pages()]
    return pages


def _tables(key: str, scope: Scope) -> tuple[str, list[Table], datetime.datetime]:
    """A page's tables, worked out at most every INSIGHTS_CACHE_SECONDS per area.

    Counting across every member of all England takes seconds; figures for planning
    do not need to be to the minute, and the page says when they were worked out.
    """
    if key == DIVERSITY:
        title, build = DIVERSITY_TITLE, diversity.build
    else:
        page = insights.get_page(key)
        if page is None:
            raise Http404("No insights page found")
        title, build = page.title, page.build
    cache_key = f"insights:{key}:{scope.cache_key}"
    cached = cache.get(cache_key)
    if cached is None:
        cached = (timezone.now(), build(scope))
        if settings.INSIGHTS_CACHE_SECONDS:
            cache.set(cache_key, cached, settings.INSIGHTS_CACHE_SECONDS)
    built_at, tables = cached
    return title, tables, built_at


@insights_view
def index(request: HttpRequest, form: access.AreaForm) -> HttpResponse:
    scope = form.scope()
    return render(
        request,
        "insights/index.html",
        {"form": form, "scope": scope, "pages": _pages(), "query": _query(form)},
    )


def _suppressed(key: str, form: access.AreaForm) -> tuple[str, list[Suppressed], datetime.datetime]:
    """The chosen area's tables, suppressed together with the areas it adds up with.

    A curator can choose her hub and each of its ICBs; a figure hidden in one ICB must
    not come back as the hub's figure minus the other ICBs', so each table is
    suppressed across the whole family of areas at once.
    """
    scope = form.scope()
    whole, parts = access.linked(form.scopes, scope)
    title, tables, built_at = _tables(key, scope)
    if not parts:
        return title, [suppress_linked(table, [])[0] for table in tables], built_at
    family = [whole, *parts]
    by_area = [{t.key: t for t in _tables(key, area)[1]} for area in family]
    place = family.index(scope)
    suppressed = []
    for table in tables:
        linked = [found.get(table.key) for found in by_area]
        if any(t is None for t in linked):
            suppressed.append(suppress_linked(table, [])[0])
        else:
            suppressed.append(suppress_linked(linked[0], linked[1:])[place])
    return title, suppressed, built_at


@insights_view
def page(request: HttpRequest, form: access.AreaForm, key: str) -> HttpResponse:
    scope = form.scope()
    title, suppressed, built_at = _suppressed(key, form)
    shown_tables = [present.table(one, key) for one in suppressed]
    context = {
        "form": form,
        "scope": scope,
        "key": key,
        "title": title,
        "tables": shown_tables,
        "query": _query(form),
        "built_at": built_at,
        "published": diversity.published_until(built_at) if key == DIVERSITY else None,
        "summary": DIVERSITY_SUMMARY if key == DIVERSITY else insights.get_page(key).summary,
    }
    return render(request, "insights/page.html", context)


@insights_view
def table_csv(request: HttpRequest, form: access.AreaForm, key: str, table: str) -> HttpResponse:
    scope = form.scope()
    _title, suppressed_tables, _built_at = _suppressed(key, form)
    suppressed = next((t for t in suppressed_tables if t.table.key == table), None)
    if suppressed is None:
        raise Http404("No table found")
    chosen = suppressed.table
    day = timezone.localdate().isoformat()
    rows = [*suppressed.rows, *([suppressed.total] if suppressed.total else [])]
    return csv_response(
        f"insights-{chosen.key}-{scope.slug}-{day}.csv",
        [present.csv_header(column) for column in chosen.columns],
        ([present.csv_cell(row[c.key], c) for c in chosen.columns] for row in rows),
    )


def _query(form: access.AreaForm) -> str:
    if form.is_bound and form.is_valid():
        return f"?area={form.cleaned_data['area']}"
    return ""
