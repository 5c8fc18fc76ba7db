"""Approving or declining a request to join, for cohorts and for sets alike."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect

from cohorts import forms, services


def decide(
    request: HttpRequest, *, pending: QuerySet, service: Callable, back: tuple
) -> HttpResponse:
    """Decide the posted request among ``pending`` (a rule queryset the person may
    decide), through ``service``; then back to the page ``back`` names."""
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose approve or decline.")
        return redirect(*back)
    join_request = get_object_or_404(
        pending.select_related("person"), pk=form.cleaned_data["request"]
    )
    approve = form.cleaned_data["decision"] == "approve"
    try:
        service(join_request=join_request, facilitator=request.user, approve=approve)
    except services.Refused as exc:
        messages.error(request, exc.message)
    else:
        verb = "approved" if approve else "declined"
        messages.success(request, f"You {verb} {join_request.person.full_name}'s request.")
    return redirect(*back)
