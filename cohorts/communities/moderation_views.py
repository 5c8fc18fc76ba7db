"""What hosts and the training hub do: reports, join requests, members, and hiding,
pinning, locking and moving conversations. Each page fetches through a rule
(``moderated_by``: 404 for anyone else) and each change is a service that checks again."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cohorts.communities import forms, selectors, services
from portal.lib.refused import Refused


@login_required
def moderation(request: HttpRequest, pk: int) -> HttpResponse:
    community = selectors.community_moderated(person=request.user, pk=pk)
    if request.method == "POST":
        try:
            if "request" in request.POST:
                join_request = selectors.join_request_decidable(
                    person=request.user, pk=_number(request.POST["request"])
                )
                approve = request.POST.get("decision") == "approve"
                services.community_join_decide(
                    join_request=join_request, by=request.user, approve=approve
                )
                messages.success(request, "Approved." if approve else "Declined.")
            elif "remove" in request.POST:
                person = selectors.person_in(
                    community=community, pk=_number(request.POST["remove"])
                )
                services.member_remove(community=community, person=person, by=request.user)
                messages.success(request, f"{person} is no longer a member.")
            elif "dismiss" in request.POST:
                report = selectors.report_moderated(
                    person=request.user, pk=_number(request.POST["dismiss"])
                )
                services.report_dismiss(report=report, by=request.user)
                messages.success(request, "Report closed; the post stays.")
        except Refused as exc:
            messages.error(request, exc.message)
        return redirect("cohorts:community_moderation", community.pk)
    return render(
        request,
        "cohorts/communities/moderation.html",
        {"page": selectors.moderation_page(community=community), "community": community},
    )


def _number(value: str) -> int:
    return int(value) if value.isdigit() else 0


def _hide(request: HttpRequest, post, back: str) -> HttpResponse:
    form = forms.HideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_hide(post=post, by=request.user, reason=form.cleaned_data["reason"])
        except Refused as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "The post is hidden; its reason is shown in its place.")
            return redirect(back)
    return render(
        request, "cohorts/communities/hide.html", {"form": form, "post": post, "back": back}
    )


@login_required
def thread_hide(request: HttpRequest, pk: int) -> HttpResponse:
    thread = selectors.thread_moderated(person=request.user, pk=pk)
    return _hide(request, thread, thread.get_absolute_url())


@login_required
def reply_hide(request: HttpRequest, pk: int) -> HttpResponse:
    reply = selectors.reply_moderated(person=request.user, pk=pk)
    return _hide(request, reply, reply.thread.get_absolute_url())


@login_required
@require_POST
def thread_manage(request: HttpRequest, pk: int) -> HttpResponse:
    """Pin, unpin, lock, unlock, or show again a hidden conversation."""
    thread = selectors.thread_moderated(person=request.user, pk=pk)
    action = request.POST.get("action", "")
    try:
        if action in ("pin", "unpin"):
            services.thread_pin(thread=thread, by=request.user, pinned=action == "pin")
        elif action in ("lock", "unlock"):
            services.thread_lock(thread=thread, by=request.user, locked=action == "lock")
        elif action == "unhide":
            services.post_unhide(post=thread, by=request.user)
        else:
            raise Refused("Choose what to do with the conversation.")
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Done.")
    return redirect(thread)


@login_required
def thread_move(request: HttpRequest, pk: int) -> HttpResponse:
    thread = selectors.thread_moderated(person=request.user, pk=pk)
    targets = selectors.move_targets(person=request.user, thread=thread)
    form = forms.MoveForm(request.POST or None, targets=targets)
    if request.method == "POST" and form.is_valid():
        try:
            services.thread_move(
                thread=thread, to=form.targets[form.cleaned_data["to"]], by=request.user
            )
        except Refused as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "The conversation has moved.")
            return redirect(thread)
    return render(
        request,
        "cohorts/communities/move.html",
        {"form": form, "thread": thread, "targets": targets},
    )
