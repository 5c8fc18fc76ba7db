"""360 feedback: asking raters, answering, reminding, and the results once a round closes."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from careers import hlm, selectors, services
from careers.charts import OTHERS_COLOUR, SELF_COLOUR, Series, radar
from careers.forms import BaseRaterFormSet, FeedbackAnswerForm, RaterForm
from careers.models import Invitation
from careers.services import MIN_RATERS, Refused


@login_required
def feedback_overview(request: HttpRequest) -> HttpResponse:
    rows = _rows_wanted(request)
    formset = _rater_formset(rows, data=request.POST or None)
    if request.method == "POST" and formset.is_valid():
        try:
            services.feedback_round_create(person=request.user, raters=formset.raters())
        except Refused as exc:
            formset.add_refusal(exc.message)
        else:
            messages.success(
                request,
                "Your invitations are on their way. Results appear here once, when the "
                "request closes, if at least 3 people have answered.",
            )
            return redirect("careers:feedback")
    return render(
        request,
        "careers/feedback_overview.html",
        {
            "rounds": selectors.feedback_rounds(request.user),
            "formset": formset,
            "rows": rows,
            "more_rows": min(rows + 5, services.MAX_RATERS),
        },
    )


def _rows_wanted(request: HttpRequest) -> int:
    try:
        rows = int(request.GET.get("rows") or request.POST.get("raters-TOTAL_FORMS") or 5)
    except ValueError:
        rows = 5
    return max(MIN_RATERS, min(rows, services.MAX_RATERS))


def _rater_formset(rows: int, data=None) -> BaseRaterFormSet:
    # Built per request: the number of blank rows is the person's choice, up to 15.
    factory = forms.formset_factory(
        RaterForm,
        formset=BaseRaterFormSet,
        extra=rows,
        max_num=services.MAX_RATERS,
        absolute_max=services.MAX_RATERS,
        validate_max=True,
    )
    return factory(data, prefix="raters")


@login_required
def feedback_results(request: HttpRequest, pk: int) -> HttpResponse:
    feedback_round = selectors.feedback_round_summarised_for(request.user, pk=pk)
    summary = selectors.feedback_round_summary(feedback_round)
    context: dict = {"summary": summary, "round": feedback_round, "min_raters": MIN_RATERS}
    if summary.results_shown:
        dimensions = selectors.dimensions()
        own = selectors.latest_self_levels(request.user)
        series = [
            Series("Your self-assessment", [own.get(d.pk) for d in dimensions], SELF_COLOUR),
            Series(
                "Your raters, rounded to a level",
                [summary.levels.get(d.pk) for d in dimensions],
                OTHERS_COLOUR,
                "8 6",
            ),
        ]
        context |= {
            "chart": radar(
                [d.name for d in dimensions],
                series,
                title="You and your raters, dimension by dimension",
            ),
            "series": series,
            "rows": [
                {
                    "dimension": d,
                    "own": selectors.level_name(own.get(d.pk)),
                    "raters": selectors.level_name(summary.levels.get(d.pk)),
                }
                for d in dimensions
            ],
            "has_self": bool(own),
        }
    return render(request, "careers/feedback_results.html", context)


@login_required
@require_POST
def feedback_remind(request: HttpRequest, pk: int) -> HttpResponse:
    feedback_round = selectors.feedback_round_requested_by(request.user, pk=pk)
    try:
        services.feedback_remind(feedback_round=feedback_round)
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        # The same words whoever is left: a count would say how many have answered.
        messages.success(request, "A reminder is on its way to anyone who has not replied yet.")
    return redirect("careers:feedback_results", pk=pk)


@never_cache
def feedback_answer(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = services.invitation_from_token(token)
    except Refused as exc:
        response = render(
            request, "careers/feedback_closed.html", {"message": exc.message}, status=410
        )
    else:
        response = _answer_page(request, invitation)
    # The token is in this page's address: Referers carry only the origin, never the
    # path (not "no-referrer", which makes browsers send "Origin: null" and fail CSRF).
    response["Referrer-Policy"] = "strict-origin"
    return response


@login_required
def feedback_asked(request: HttpRequest, pk: int) -> HttpResponse:
    """The same page for a member signed in (the digest links here, not to a token)."""
    invitation = selectors.invitation_answerable_by(request.user, pk=pk)
    return _answer_page(request, invitation)


def _answer_page(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    person = invitation.round.person
    dimensions = selectors.dimensions()
    declining = request.POST.get("action") == "decline"
    form = FeedbackAnswerForm(
        request.POST if request.method == "POST" and not declining else None,
        dimensions=dimensions,
        person_name=person.full_name,
    )
    if request.method == "POST":
        try:
            if declining:
                services.feedback_decline(invitation=invitation)
                return render(
                    request, "careers/feedback_done.html", {"declined": True, "person": person}
                )
            if form.is_valid():
                services.feedback_answer(invitation=invitation, levels=form.levels())
                return render(request, "careers/feedback_done.html", {"person": person})
        except Refused as exc:
            return render(
                request, "careers/feedback_closed.html", {"message": exc.message}, status=410
            )
    return render(
        request,
        "careers/feedback_answer.html",
        {
            "form": form,
            "person": person,
            "invitation": invitation,
            "descriptions": hlm.DESCRIPTIONS,
            "levels": hlm.LEVELS,
            "min_raters": MIN_RATERS,
            "details_kept_days": services.RATER_DETAILS_KEPT.days,
        },
    )
