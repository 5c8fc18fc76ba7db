"""The leadership activity log: listing, filtering, adding, editing, exporting, printing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from careers import selectors, services
from careers.forms import ActivityFilterForm, ActivityForm
from careers.models import Activity
from careers.services import Refused
from portal import selectors as reference
from portal.lib.csv import csv_response
from portal.lib.paginate import paginate
from programmes import selectors as programmes_selectors

ACTIVITIES_PER_PAGE = 50


def _filtered_activities(request: HttpRequest):
    form = ActivityFilterForm(request.GET or None)
    activities = selectors.activities_for_person(request.user)
    if form.is_valid():
        data = form.cleaned_data
        activities = activities.between(data.get("start"), data.get("end")).developing(
            data.get("dimension")
        )
    return form, activities


def _totals(activities) -> dict:
    dimensions = reference.dimensions()
    by_dimension = {row["leadershipdimension_id"]: row for row in activities.totals_by_dimension()}
    return {
        "by_dimension": [
            {
                "dimension": d,
                "activities": by_dimension.get(d.pk, {}).get("activities", 0),
                "hours": by_dimension.get(d.pk, {}).get("hours") or 0,
            }
            for d in dimensions
        ],
        "by_year": activities.totals_by_year(),
    }


@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    form, activities = _filtered_activities(request)
    page = paginate(request, activities.with_dimensions(), ACTIVITIES_PER_PAGE)
    if page.problem:
        messages.warning(request, page.problem)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "careers/activity_list.html",
        {
            "filter_form": form,
            "page": page,
            "totals": _totals(activities),
            "query": query.urlencode(),
        },
    )


@login_required
def activity_create(request: HttpRequest) -> HttpResponse:
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.activity_create(
            person=request.user,
            title=data["title"],
            kind=data["kind"],
            occurred_on=data["occurred_on"],
            hours=data["hours"],
            dimensions=data["dimensions"],
            reflection=data["reflection"],
            evidence_url=data["evidence_url"],
        )
        messages.success(request, f"“{data['title']}” is in your leadership log.")
        return redirect("careers:activities")
    return render(request, "careers/activity_form.html", {"form": form, "creating": True})


def _own_activity(request: HttpRequest, pk: int) -> Activity:
    # Another person's entry is "not found", never "forbidden": it does not say it exists.
    return selectors.activity_for_person(request.user, pk=pk)


@login_required
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _own_activity(request, pk)
    form = ActivityForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        dimensions = data.pop("dimensions")
        services.activity_update(activity=activity, fields=data, dimensions=dimensions)
        messages.success(request, f"“{activity.title}” has been updated.")
        return redirect("careers:activities")
    return render(request, "careers/activity_form.html", {"form": form, "activity": activity})


@login_required
@require_POST
def activity_from_application(request: HttpRequest, pk: int) -> HttpResponse:
    application = programmes_selectors.application_for_person(request.user, pk=pk)
    try:
        activity = services.activity_from_application(application=application)
    except Refused as refusal:
        messages.error(request, str(refusal))
        return redirect("programmes:applications")
    messages.success(
        request,
        f"“{activity.title}” is in your leadership log. Add what you learned while it is fresh.",
    )
    return redirect("careers:activity_edit", pk=activity.pk)


@login_required
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _own_activity(request, pk)
    if request.method == "POST":
        title = activity.title
        services.activity_delete(activity=activity)
        messages.success(request, f"“{title}” has been deleted from your leadership log.")
        return redirect("careers:activities")
    return render(request, "careers/activity_delete.html", {"activity": activity})


@login_required
def activity_export(request: HttpRequest) -> HttpResponse:
    _, activities = _filtered_activities(request)
    rows = (
        [
            activity.occurred_on.isoformat(),
            activity.title,
            activity.get_kind_display(),
            activity.hours,
            [d.name for d in activity.dimensions.all()],
            activity.reflection,
            activity.evidence_url,
        ]
        for activity in activities.with_dimensions()
    )
    return csv_response(
        f"leadership-log-{timezone.localdate():%Y-%m-%d}.csv",
        ["Date", "Title", "Kind", "Hours", "Dimensions", "Reflection", "Evidence link"],
        rows,
    )


@login_required
def activity_print(request: HttpRequest) -> HttpResponse:
    form, activities = _filtered_activities(request)
    return render(
        request,
        "careers/activity_print.html",
        {
            "filter_form": form,
            "activities": activities.with_dimensions(),
            "totals": _totals(activities),
            "today": timezone.localdate(),
        },
    )
