"""Approving or declining a request to join, for cohorts and for sets alike."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from cohorts import forms, services


def decide(
    request: HttpRequest, *, fetch: Callable[[int], Any], service: Callable, back: tuple
) -> HttpResponse:
    """Decide the posted request, fetched by ``fetch(pk)`` (a selector applying the
    ``decidable_by`` rule, 404 otherwise), through ``service``; then back to the page
    ``back`` names."""
    form = forms.DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose approve or decline.")
        return redirect(*back)
    join_request = fetch(form.cleaned_data["request"])
    approve = form.cleaned_data["decision"] == "approve"
    try:
        service(join_request=join_request, facilitator=request.user, approve=approve)
    except services.Refused as exc:
        messages.error(request, exc.message)
    else:
        verb = "approved" if approve else "declined"
        messages.success(request, f"You {verb} {join_request.person.full_name}'s request.")
    return redirect(*back)
