"""Pages for mentoring: a person's overview, offering, asking, answering, meeting, co-ordinating."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.views.decorators.http import require_POST

from careers.mentoring import selectors, services
from careers.mentoring.forms import (
    AgreementForm,
    AskForm,
    CloseForm,
    MeetingForm,
    OfferForm,
    RoleModelForm,
)
from careers.mentoring.models import Relationship
from portal import selectors as reference
from portal.lib.refused import Refused


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    page = selectors.overview(request.user)
    return render(request, "careers/mentoring/overview.html", vars(page))


@login_required
def offer(request: HttpRequest) -> HttpResponse:
    form = OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.offer_save(person=request.user, **form.cleaned_data)
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request, f"Your offer to be a {saved.get_kind_display().lower()} is saved."
            )
            return redirect("careers:mentoring")
    return render(
        request,
        "careers/mentoring/form.html",
        {"form": form, "heading": "Offer support", "button": "Save offer"},
    )


@login_required
@require_POST
def offer_pause(request: HttpRequest, pk: int) -> HttpResponse:
    support_offer = selectors.support_offer_owned_by(request.user, pk=pk)
    services.offer_pause(offer=support_offer, paused=not support_offer.paused)
    state = "paused" if support_offer.paused else "resumed"
    messages.success(request, f"Your offer is {state}.")
    return redirect("careers:mentoring")


@login_required
def ask(request: HttpRequest) -> HttpResponse:
    form = AskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.request_create(seeker=request.user, matching_round=data.pop("round"), **data)
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request, "Your request is in the round. We will tell you when you are matched."
            )
            return redirect("careers:mentoring")
    return render(
        request,
        "careers/mentoring/form.html",
        {"form": form, "heading": "Ask for support", "button": "Send request"},
    )


@login_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    match = selectors.match_visible_to(request.user, pk=pk)
    try:
        match = services.match_answer(
            match=match, person=request.user, accept=request.POST.get("answer") == "accept"
        )
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        accepted = request.POST.get("answer") == "accept"
        messages.success(
            request, "You accepted the match." if accepted else "You declined the match."
        )
    return redirect("careers:mentoring")


def _own_relationship(request: HttpRequest, pk: int) -> Relationship:
    # Not found rather than forbidden: whether a relationship exists is private too.
    return selectors.relationship_visible_to(request.user, pk=pk)


@login_required
def relationship(request: HttpRequest, pk: int) -> HttpResponse:
    pair = _own_relationship(request, pk)
    action = request.POST.get("action", "meeting")
    posted = request.POST if request.method == "POST" else None
    form = MeetingForm(posted if action == "meeting" else None)
    agreement = AgreementForm(
        posted if action == "agree" else None,
        initial={
            "goals": pair.goals,
            "meeting_frequency": pair.meeting_frequency,
            "ends_on": pair.ends_on,
        },
    )
    closing = CloseForm(posted if action == "close" else None)
    if posted and action == "agree" and agreement.is_valid():
        services.relationship_agree(
            relationship=pair, person=request.user, **agreement.cleaned_data
        )
        messages.success(request, "Agreement saved.")
        return redirect("careers:mentoring_relationship", pk=pair.pk)
    if posted and action == "close" and closing.is_valid():
        services.relationship_close(relationship=pair, person=request.user, **closing.cleaned_data)
        messages.success(request, "Thank you for your feedback.")
        return redirect("careers:mentoring_relationship", pk=pair.pk)
    if posted and action == "meeting" and form.is_valid():
        try:
            services.meeting_log(relationship=pair, person=request.user, **form.cleaned_data)
        except Refused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, "Meeting logged.")
            return redirect("careers:mentoring_relationship", pk=pair.pk)
    return render(
        request,
        "careers/mentoring/relationship.html",
        {
            "pair": pair,
            "meetings": pair.meetings.all(),
            "form": form,
            "agreement": agreement,
            "closing": closing,
        },
    )


@login_required
@require_POST
def relationship_log(request: HttpRequest, pk: int) -> HttpResponse:
    pair = _own_relationship(request, pk)
    services.relationship_log(relationship=pair, person=request.user)
    messages.success(request, "Added to your leadership log.")
    return redirect("careers:mentoring_relationship", pk=pair.pk)


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    matching_round = selectors.round_coordinated_by(request.user, pk=pk)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "run":
                result = services.round_run(matching_round=matching_round, by=request.user)
                proposed = len(result.matches)
                messages.success(request, f"{proposed} match{pluralize(proposed, 'es')} proposed.")
            elif action == "confirm":
                count = services.round_confirm(matching_round=matching_round, by=request.user)
                messages.success(
                    request,
                    f"{count} match{pluralize(count, 'es')} confirmed. "
                    "Both people are asked to accept.",
                )
            elif action == "swap":
                match = selectors.round_match(matching_round, pk=_id(request, "match"))
                offer = selectors.support_offer_available(pk=_id(request, "offer"))
                services.match_swap(match=match, offer=offer, by=request.user)
                messages.success(request, f"{match.request.seeker} now has {offer.person}.")
            elif action == "drop":
                match = selectors.round_match(matching_round, pk=_id(request, "match"))
                services.match_drop(match=match, by=request.user)
                messages.success(request, "Match dropped.")
        except Refused as refusal:
            messages.error(request, refusal.message)
        return redirect("careers:mentoring_round", pk=matching_round.pk)
    page = selectors.round_page(matching_round)
    return render(
        request,
        "careers/mentoring/round.html",
        {"round": matching_round, "matches": page.matches, "summary": page.summary},
    )


def _id(request: HttpRequest, name: str) -> int:
    """A row's id from the form; anything else is an address that finds nothing."""
    raw = request.POST.get(name, "")
    return int(raw) if raw.isdigit() else 0


def role_models(request: HttpRequest) -> HttpResponse:
    profession = request.GET.get("profession", "")
    region = request.GET.get("region", "")
    listed = selectors.role_models_listed(profession=profession, region=region)
    return render(
        request,
        "careers/mentoring/role_models.html",
        {
            "role_models": listed,
            "professions": reference.professions(),
            "regions": reference.regions(),
            "profession": profession,
            "region": region,
        },
    )


@login_required
def role_model_edit(request: HttpRequest) -> HttpResponse:
    existing = selectors.role_model_owned_by(request.user)
    form = RoleModelForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        services.role_model_save(person=request.user, **form.cleaned_data)
        messages.success(request, "Your role-model entry is saved.")
        return redirect("careers:mentoring_role_models")
    return render(
        request,
        "careers/mentoring/form.html",
        {"form": form, "heading": "Be a role model", "button": "Save"},
    )
