"""Digest pages: preferences and preview, view in browser, unsubscribe without sign-in."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from portal import selectors as reference
from portal.digest import selectors, services, tokens
from portal.digest.forms import PreferenceForm
from portal.digest.models import Frequency


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    person = reference.person_with_profession(request.user)
    instance = selectors.preference_for(person)
    form = PreferenceForm(request.POST or None, instance=instance, person=person)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.digest_preferences_save(
            person=person,
            frequency=data["frequency"],
            day=data["day"],
            muted_sections=form.muted_sections(),
            team_edition=data.get("team_edition"),
        )
        messages.success(request, "Your digest settings have been saved.")
        if data["frequency"] != Frequency.OFF and not data["sections"]:
            messages.warning(
                request,
                "You have unticked every part, so no digest will be sent until you tick "
                "at least one.",
            )
        return redirect("digest:preferences")
    digest = services.preview(person)
    return render(
        request,
        "digest/preferences.html",
        {"form": form, "digest": digest, "preference": instance},
    )


@never_cache
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the email: a page with one button, so a link scanner that follows
    every link in a message cannot unsubscribe anyone by opening it."""
    person = selectors.person_from_unsubscribe_token(token)
    if person is None:
        return render(request, "digest/bad_link.html", status=400)
    if request.method == "POST":
        services.digest_unsubscribe(person=person)
        return render(request, "digest/unsubscribed.html", {"person": person})
    return render(request, "digest/unsubscribe.html", {"person": person})


@csrf_exempt
@never_cache
def one_click(request: HttpRequest, token: str) -> HttpResponse:
    """RFC 8058 one-click unsubscribe: mail programs POST here with no cookies, so no
    CSRF token can exist; the signed token is the proof instead."""
    if request.method != "POST":
        response = render(request, "digest/one_click_get.html", status=405)
        response["Allow"] = "POST"
        return response
    person = selectors.person_from_unsubscribe_token(token)
    if person is None:
        return render(request, "digest/bad_link.html", status=400)
    services.digest_unsubscribe(person=person)
    return render(request, "digest/unsubscribed.html", {"person": person})


@never_cache
def view(request: HttpRequest, token: str) -> HttpResponse:
    try:
        delivery = selectors.delivery_from_view_token(token)
    except tokens.BadToken:
        return render(request, "digest/bad_link.html", status=400)
    if delivery is None:
        return render(request, "digest/bad_link.html", status=404)
    digest = services.digest_for_delivery(delivery)
    return render(request, "digest/view.html", {"digest": digest, "delivery": delivery})
