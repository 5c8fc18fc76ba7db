"""Forming a cohort's sets, a set's page and ground rules, and who joins it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cohorts import forms, selectors, services
from cohorts.models import ActionLearningSet
from cohorts.views.access import facilitated_set, set_content
from cohorts.views.decisions import decide


# ---------------------------------------------------------------------------
# Forming sets
# ---------------------------------------------------------------------------
@login_required
def sets_form(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.cohort_facilitated_by(request.user, pk=pk)
    form = forms.SetSizesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_make(cohort=cohort, **form.cleaned_data)
        except services.Refused as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("cohorts:proposal", cohort.pk)
    count = len(selectors.cohort_members(cohort=cohort))
    return render(
        request, "cohorts/sets_form.html", {"cohort": cohort, "form": form, "count": count}
    )


@login_required
def proposal(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.cohort_facilitated_by(request.user, pk=pk)
    proposal = selectors.proposal_for(cohort=cohort, person=request.user)
    if proposal is None:
        return redirect("cohorts:form_sets", cohort.pk)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "confirm":
                made = services.proposal_confirm(proposal=proposal, facilitator=request.user)
                messages.success(request, f"{len(made)} sets made. Their members have been told.")
                return redirect("cohorts:facilitator")
            to_group = int(request.POST.get("group", -1))
            services.proposal_move(
                proposal=proposal,
                person_id=int(request.POST.get("person", 0)),
                to_group=to_group,
            )
            messages.success(request, f"Moved to set {to_group + 1}.")
        except (services.Refused, ValueError) as exc:
            problem = exc.message if isinstance(exc, services.Refused) else None
            messages.error(request, problem or "Choose a person and a set.")
        return redirect("cohorts:proposal", cohort.pk)
    return render(
        request,
        "cohorts/proposal.html",
        {
            "cohort": cohort,
            "proposal": proposal,
            "groups": selectors.proposal_groups(proposal=proposal),
        },
    )


# ---------------------------------------------------------------------------
# A set
# ---------------------------------------------------------------------------
@set_content
def set_detail(request: HttpRequest, learning_set: ActionLearningSet) -> HttpResponse:
    page = selectors.set_page(learning_set=learning_set, person=request.user)
    return render(
        request,
        "cohorts/set_detail.html",
        {
            "set": learning_set,
            "members": page.members,
            "meetings": page.meetings,
            "outstanding": page.outstanding,
            "pending_requests": page.pending_requests,
            "is_facilitator": learning_set.is_facilitator,
            "below_minimum": len(page.members) < learning_set.minimum,
        },
    )


@login_required
def set_agreement(request: HttpRequest, pk: int) -> HttpResponse:
    learning_set = selectors.set_visible_to(request.user, pk=pk)
    membership = selectors.membership_of(learning_set=learning_set, person=request.user)
    if request.method == "POST" and membership is not None:
        if request.POST.get("accept") != "yes":
            messages.error(request, "Tick the box to accept the ground rules.")
            return redirect("cohorts:agreement", pk)
        services.agreement_accept(membership=membership)
        messages.success(request, "Thank you. Welcome to the set.")
        return redirect(learning_set)
    return render(
        request, "cohorts/agreement.html", {"set": learning_set, "membership": membership}
    )


@facilitated_set
def agreement_edit(request: HttpRequest, learning_set: ActionLearningSet) -> HttpResponse:
    form = forms.AgreementForm(request.POST or None, initial={"agreement": learning_set.agreement})
    if request.method == "POST" and form.is_valid():
        services.agreement_update(learning_set=learning_set, text=form.cleaned_data["agreement"])
        messages.success(request, "Ground rules updated. Members will be asked to accept them.")
        return redirect(learning_set)
    return render(request, "cohorts/agreement_form.html", {"set": learning_set, "form": form})


# ---------------------------------------------------------------------------
# Joining a set: a cohort member asks, the set's facilitator decides
# ---------------------------------------------------------------------------
@login_required
@require_POST
def set_join(request: HttpRequest, pk: int) -> HttpResponse:
    learning_set = selectors.set_open_to(request.user, pk=pk)
    try:
        services.set_request_join(learning_set=learning_set, person=request.user)
    except services.Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            f"You have asked to join {learning_set.name}. Its facilitator will decide and "
            "we will email you.",
        )
    return redirect("cohorts:detail", learning_set.cohort_id)


@facilitated_set
def set_requests(request: HttpRequest, learning_set: ActionLearningSet) -> HttpResponse:
    """Who joins: requests to decide, cohort members to add, and the one-set rule."""
    page = selectors.set_requests_page(learning_set=learning_set, person=request.user)
    posted = request.POST.get("form") if request.method == "POST" else None
    add_form = forms.SetAddForm(
        request.POST if posted == "add" else None, candidates=page.candidates, prefix="add"
    )
    policy_form = forms.SetPolicyForm(
        request.POST if posted == "policy" else None,
        initial={"takes_members_of_other_sets": learning_set.takes_members_of_other_sets},
        prefix="policy",
    )
    if posted == "decision":
        return decide(
            request,
            fetch=lambda request_pk: selectors.set_join_request_decidable_by(
                request.user, learning_set=learning_set, pk=request_pk
            ),
            service=services.set_join_request_decide,
            back=("cohorts:set_requests", learning_set.pk),
        )
    if posted == "add" and add_form.is_valid():
        person = add_form.cleaned_data["person"]
        try:
            services.set_member_add(learning_set=learning_set, person=person)
        except services.Refused as exc:
            add_form.add_error("person", exc.message)
        else:
            messages.success(request, f"You added {person.full_name} to {learning_set.name}.")
            return redirect("cohorts:set_requests", learning_set.pk)
    if posted == "policy" and policy_form.is_valid():
        services.set_policy_update(learning_set=learning_set, **policy_form.cleaned_data)
        messages.success(request, "Saved who may join this set.")
        return redirect("cohorts:set_requests", learning_set.pk)
    return render(
        request,
        "cohorts/set_requests.html",
        {
            "set": learning_set,
            "requests": page.requests,
            "add_form": add_form,
            "policy_form": policy_form,
            "form": add_form if add_form.is_bound else policy_form,
        },
    )
