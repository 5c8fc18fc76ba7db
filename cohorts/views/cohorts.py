"""The cohort list and page, joining a cohort, and running one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cohorts import forms, selectors, services
from cohorts.models import JoinMode
from cohorts.views.access import facilitator_required
from cohorts.views.decisions import decide


def cohort_list(request: HttpRequest) -> HttpResponse:
    page = selectors.cohort_list(person=request.user)
    return render(
        request,
        "cohorts/cohort_list.html",
        {
            "yours": page.yours,
            "others": page.others,
            "can_create": request.user.has_perm("cohorts.add_cohort"),
        },
    )


@login_required
@permission_required("cohorts.add_cohort", raise_exception=True)
def cohort_create(request: HttpRequest) -> HttpResponse:
    form = forms.CohortForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cohort = services.cohort_create(facilitator=request.user, **form.cleaned_data)
        except services.Refused as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, f"{cohort.name} is ready: enrol people or share its page.")
            return redirect(cohort)
    return render(request, "cohorts/cohort_form.html", {"form": form})


def cohort_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Public: its description for everyone, its people and sessions for insiders."""
    cohort = selectors.cohort_with_role_of(request.user, pk=pk)
    page = selectors.cohort_page(cohort=cohort, person=request.user)
    feed_url = request.build_absolute_uri(page.feed.get_absolute_url()) if page.feed else ""
    return render(request, "cohorts/cohort_detail.html", vars(page) | {"feed_url": feed_url})


@login_required
def cohort_join(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.cohort_public(pk=pk)
    form = forms.JoinRequestForm(request.POST or None)
    if cohort.join_mode != JoinMode.REQUEST:
        messages.info(request, "The facilitators enrol people in this cohort: ask them to add you.")
        return redirect(cohort)
    if request.method == "POST" and form.is_valid():
        try:
            services.cohort_request_join(
                cohort=cohort, person=request.user, message=form.cleaned_data["message"]
            )
        except services.Refused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "You have asked to join. The facilitators will reply.")
        return redirect(cohort)
    return render(request, "cohorts/cohort_join.html", {"cohort": cohort, "form": form})


@login_required
def join_requests(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.cohort_facilitated_by(request.user, pk=pk)
    if request.method == "POST":
        return decide(
            request,
            fetch=lambda request_pk: selectors.join_request_decidable_by(
                request.user, cohort=cohort, pk=request_pk
            ),
            service=services.join_request_decide,
            back=("cohorts:requests", cohort.pk),
        )
    return render(
        request,
        "cohorts/join_requests.html",
        {
            "cohort": cohort,
            "requests": selectors.cohort_requests(cohort=cohort, person=request.user),
        },
    )


@login_required
def cohort_enrol(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.cohort_facilitated_by(request.user, pk=pk)
    form = forms.EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        added = services.members_enrol(cohort=cohort, people=form.cleaned_data["emails"])
        messages.success(request, f"You enrolled {len(added)} people in {cohort.name}.")
        return redirect(cohort)
    return render(request, "cohorts/enrol.html", {"cohort": cohort, "form": form})


@login_required
@require_POST
def calendar_link(request: HttpRequest, pk: int) -> HttpResponse:
    """Make, replace or stop the signed-in person's private calendar address."""
    cohort = selectors.cohort_involving(request.user, pk=pk)
    target = f"{reverse('cohorts:detail', args=[cohort.pk])}#calendar"
    if request.POST.get("action") == "revoke":
        services.calendar_feed_revoke(cohort=cohort, person=request.user)
        messages.success(request, "Your calendar address has stopped working.")
        return redirect(target)
    try:
        services.calendar_feed_renew(cohort=cohort, person=request.user)
    except services.Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, "Your calendar address is ready. Any address you had before has stopped."
        )
    return redirect(target)


@facilitator_required
def facilitator(request: HttpRequest) -> HttpResponse:
    """Counts only: set content stays on the set's own pages."""
    page = selectors.facilitator_page(person=request.user)
    return render(
        request,
        "cohorts/facilitator.html",
        {
            "cohorts": page.cohorts,
            "sets": page.sets,
            "next_sessions": page.next_sessions,
            "next_meetings": page.next_meetings,
            "gaps": page.gaps,
            "below_minimum": page.below_minimum,
            "can_create": request.user.has_perm("cohorts.add_cohort"),
        },
    )
