"""Protected time agreed with the practice: she names her manager, the manager answers.

The manager's page is reached by a signed, expiring link (no account needed) or, for a
manager with an account, signed in from her digest. Both show the same form.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from portal.lib.refused import Refused
from programmes import selectors, services
from programmes.forms import TimeAskForm, TimeDecisionForm
from programmes.models import TimeAgreement


@login_required
@require_http_methods(["GET", "POST"])
def time_ask(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_for_person(request.user, pk=pk)
    managers = list(selectors.managers_for(request.user))
    form = TimeAskForm(request.POST if request.method == "POST" else None, managers=managers)
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.time_agreement_request(
                application=application,
                person=request.user,
                manager=form.chosen_manager(),
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request,
                f"We have emailed {agreement.manager_name} a link to agree your protected time.",
            )
            return redirect("programmes:applications")
    return render(
        request,
        "programmes/time_ask.html",
        {
            "application": application,
            # No request yet raises RelatedObjectDoesNotExist, an AttributeError.
            "agreement": getattr(application, "time_agreement", None),
            "form": form,
        },
    )


@login_required
@require_POST
def time_remind(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.own_time_request(request.user, pk)
    try:
        services.time_agreement_remind(agreement=agreement, person=request.user)
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, f"We have sent {agreement.manager_name} a reminder.")
    return redirect("programmes:applications")


@never_cache
@require_http_methods(["GET", "POST"])
def time_link(request: HttpRequest, token: str) -> HttpResponse:
    """The page behind the emailed link: public, so it answers every visitor the same."""
    try:
        agreement = selectors.time_request_from_link(token)
    except Refused as refusal:
        response = render(
            request, "programmes/time_link_closed.html", {"message": refusal.message}, status=410
        )
    else:
        response = _answer_page(request, agreement)
    # The token is in this page's address: Referers carry only the origin, never the path.
    response["Referrer-Policy"] = "strict-origin"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def time_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The same page for a manager signed in (her digest links here, never to a token)."""
    return _answer_page(request, selectors.time_request_addressed_to(request.user, pk))


def _answer_page(request: HttpRequest, agreement: TimeAgreement) -> HttpResponse:
    form = TimeDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.time_agreement_decide(
                agreement=agreement, agree=form.agrees, note=form.cleaned_data["note"]
            )
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            # After the answer, the same address shows it (and refreshing posts nothing).
            return redirect(request.path)
    application = agreement.application
    return render(
        request,
        "programmes/time_answer.html",
        {
            "agreement": agreement,
            "application": application,
            "offer": application.offer,
            "intake": application.intake,
            "open": agreement.is_waiting and application.status in services.ASKS_FOR_TIME,
            "form": form,
        },
    )
