"""Career pathways by profession: the list, one pathway's stages, and comparing two."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from careers import selectors
from careers.pathways import CompareError, comparison, parse_professions
from portal import selectors as reference


def pathway_list(request: HttpRequest) -> HttpResponse:
    return render(request, "careers/pathway_list.html", {"groups": selectors.pathway_groups()})


def pathway_detail(request: HttpRequest, slug: str) -> HttpResponse:
    page = selectors.pathway_page(slug=slug, person=request.user)
    return render(
        request,
        "careers/pathway_detail.html",
        {"pathway": page.pathway, "timeline": page.timeline, "your_level_id": page.your_level_id},
    )


def pathway_compare(request: HttpRequest) -> HttpResponse:
    slugs = parse_professions(request.GET.getlist("professions"))
    context: dict = {"chosen": slugs, "professions": reference.professions()}
    if slugs:
        try:
            context["pathways"], context["rows"] = comparison(slugs)
        except CompareError as exc:
            context["error"] = str(exc)
    return render(request, "careers/pathway_compare.html", context, status=200)
