"""The plan's private calendar: the feed calendar apps read, and making or stopping it."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from portal.lib import ics
from portal.lib.refused import Refused
from portal.plan import selectors, services


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """Everything dated in her plan, for calendar apps (which cannot sign in): the
    token is the key, and it stops working when she makes a new one or stops it."""
    calendar = selectors.calendar_for_token(token)
    if calendar is None:
        raise Http404("No calendar at this address.")
    events = selectors.calendar_events(calendar, site_url=settings.SITE_URL)
    body = ics.calendar(name=f"Your plan: {settings.SITE_NAME}", product="Plan", events=events)
    response = HttpResponse(body, content_type=ics.CONTENT_TYPE)
    # The address is a secret: no shared cache keeps a copy, no search engine lists it.
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_POST
def calendar_link(request: HttpRequest) -> HttpResponse:
    """Make a new private calendar address (the old one stops), or stop it."""
    target = f"{reverse('home')}#calendar"
    if request.POST.get("action") == "revoke":
        services.plan_calendar_revoke(person=request.user)
        messages.success(request, "Your calendar address has stopped working.")
        return redirect(target)
    try:
        services.plan_calendar_renew(person=request.user)
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request, "Your calendar address is ready. Any address you had before has stopped."
        )
    return redirect(target)
