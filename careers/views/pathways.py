"""Career pathways by profession: the list, one pathway's stages, and comparing two."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from careers import selectors
from careers.pathways import (
    CompareError,
    comparison,
    offers_by_stage,
    parse_professions,
    pathways_with_stages,
)
from portal import selectors as reference


def pathway_list(request: HttpRequest) -> HttpResponse:
    return render(request, "careers/pathway_list.html", {"groups": selectors.pathway_groups()})


def pathway_detail(request: HttpRequest, slug: str) -> HttpResponse:
    pathway = get_object_or_404(pathways_with_stages(), profession__slug=slug)
    stages = list(pathway.stages.all())
    user = request.user
    offers = offers_by_stage(pathway.profession, stages, icb=_workplace_icb(user))
    dimensions = reference.dimensions()
    timeline = []
    for stage in stages:
        expected = {e.dimension_id: e for e in stage.expectations.all()}
        timeline.append(
            {
                "stage": stage,
                "offers": offers[stage.pk],
                "expectations": [(d, expected.get(d.pk)) for d in dimensions],
            }
        )
    yours = user.is_authenticated and user.profession_id == pathway.profession_id
    return render(
        request,
        "careers/pathway_detail.html",
        {
            "pathway": pathway,
            "timeline": timeline,
            "your_level_id": user.career_level_id if yours else None,
        },
    )


def _workplace_icb(user):
    return user.icb if user.is_authenticated else None


def pathway_compare(request: HttpRequest) -> HttpResponse:
    slugs = parse_professions(request.GET.getlist("professions"))
    context: dict = {"chosen": slugs, "professions": reference.professions()}
    if slugs:
        try:
            context["pathways"], context["rows"] = comparison(slugs)
        except CompareError as exc:
            context["error"] = str(exc)
    return render(request, "careers/pathway_compare.html", context, status=200)
