"""Self-assessment on the nine leadership dimensions, and comparing two of them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from careers import hlm, selectors, services
from careers.charts import PREVIOUS_COLOUR, SELF_COLOUR, TARGET_COLOUR, Series, radar
from careers.forms import AssessmentForm
from careers.models import Assessment
from careers.recommendations import recommend
from portal import selectors as reference


def _chart_rows(dimensions, columns: list[tuple[str, dict[int, float | None]]]) -> list[dict]:
    return [
        {"dimension": d, "values": [values.get(d.pk) for _, values in columns]} for d in dimensions
    ]


@login_required
def assessment_overview(request: HttpRequest) -> HttpResponse:
    assessments = selectors.assessments_for_person(request.user)
    dimensions = reference.dimensions()
    context: dict = {"assessments": assessments}
    if assessments:
        latest, previous = assessments[0], (assessments[1] if len(assessments) > 1 else None)
        ratings = selectors.ratings_of([a for a in (latest, previous) if a])
        context |= _comparison_context(dimensions, latest, previous, ratings)
        context["recommendations"] = recommend(request.user, list(ratings[latest.pk].values()))
        context["latest"] = latest
        context["has_career_level"] = bool(request.user.career_level_id)
    return render(request, "careers/assessment_overview.html", context)


def _label(assessment: Assessment) -> str:
    return f"{timezone.localtime(assessment.created_at):%-d %B %Y, %H:%M}"


def _comparison_context(dimensions, first, second, ratings) -> dict:
    columns = [
        (f"Self-assessment, {_label(first)}", {k: r.level for k, r in ratings[first.pk].items()})
    ]
    series = [Series(columns[0][0], [columns[0][1].get(d.pk) for d in dimensions], SELF_COLOUR)]
    if second:
        values = {k: r.level for k, r in ratings[second.pk].items()}
        columns.append((f"Self-assessment, {_label(second)}", values))
        series.append(
            Series(columns[1][0], [values.get(d.pk) for d in dimensions], PREVIOUS_COLOUR, "8 6")
        )
    if any(r.target for r in ratings[first.pk].values()):
        # Where she set no target she aims to stay where she is, so the shape stays whole.
        targets = {k: r.target or r.level for k, r in ratings[first.pk].items()}
        columns.append(("Your targets (your level now where you set none)", targets))
        series.append(
            Series(columns[-1][0], [targets.get(d.pk) for d in dimensions], TARGET_COLOUR, "2 5")
        )
    return {
        "chart": radar(
            [d.name for d in dimensions], series, title="Your levels on the nine dimensions"
        ),
        "columns": [name for name, _ in columns],
        "series": series,
        "rows": _chart_rows(dimensions, columns),
    }


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
    dimensions = reference.dimensions()
    context = _comparison_context(dimensions, first, second, selectors.ratings_of([first, second]))
    return render(request, "careers/assessment_compare.html", context)
