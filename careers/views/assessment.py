"""Self-assessment on the nine leadership dimensions, and comparing two of them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from careers import hlm, selectors, services
from careers.forms import AssessmentForm
from portal import selectors as reference


@login_required
def assessment_overview(request: HttpRequest) -> HttpResponse:
    page = selectors.assessment_page(request.user)
    return render(request, "careers/assessment_overview.html", {"page": page})


@login_required
def assessment_create(request: HttpRequest) -> HttpResponse:
    dimensions = reference.dimensions()
    form = AssessmentForm(request.POST or None, dimensions=dimensions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.assessment_create(
            person=request.user,
            ratings=[
                services.RatingInput(
                    dimension=d,
                    level=data[f"level_{d.slug}"],
                    target=data[f"target_{d.slug}"],
                    importance=data[f"importance_{d.slug}"],
                )
                for d in dimensions
            ],
        )
        messages.success(request, "Your self-assessment is saved.")
        return redirect("careers:assessment")
    return render(
        request,
        "careers/assessment_form.html",
        {"form": form, "descriptions": hlm.DESCRIPTIONS, "levels": hlm.LEVELS},
    )


@login_required
def assessment_compare(request: HttpRequest) -> HttpResponse:
    first_pk, second_pk = request.GET.get("first", ""), request.GET.get("second", "")
    if not (first_pk.isdigit() and second_pk.isdigit()):
        messages.error(request, "Choose two of your self-assessments to compare.")
        return redirect("careers:assessment")
    # Another person's assessment is "not found", as for an address that never existed.
    first = selectors.assessment_for_person(request.user, pk=int(first_pk))
    second = selectors.assessment_for_person(request.user, pk=int(second_pk))
    if first.pk == second.pk:
        messages.error(request, "Choose two different self-assessments to compare.")
        return redirect("careers:assessment")
    chart = selectors.assessment_comparison(first, second)
    return render(request, "careers/assessment_compare.html", {"chart": chart})
