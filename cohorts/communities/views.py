"""Community pages: finding, joining and talking. Thin: every page fetches through
``selectors`` (a community she cannot see, or a thread she cannot read, is a 404) and
every change goes through ``services``, which refuses what the rules do not allow."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cohorts.communities import forms, selectors, services
from portal.lib.refused import Refused


@login_required
def community_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "cohorts/communities/list.html",
        {"page": selectors.community_list(person=request.user), "search": forms.SearchForm()},
    )


@login_required
def community_search(request: HttpRequest) -> HttpResponse:
    form = forms.SearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"].strip():
        results = selectors.search_posts(person=request.user, text=form.cleaned_data["q"])
    return render(request, "cohorts/communities/search.html", {"form": form, "results": results})


@login_required
def community_propose(request: HttpRequest) -> HttpResponse:
    form = forms.ProposeForm(request.POST or None, hubs=selectors.hubs_for_proposals())
    if request.method == "POST" and form.is_valid():
        try:
            community = services.community_start(by=request.user, **form.cleaned_data)
        except Refused as exc:
            form.add_error(None, exc.message)
        else:
            if community.status == "active":
                messages.success(request, "Your community is open. You are its host.")
                return redirect(community)
            messages.success(
                request, "Thank you: the training hub will look at your proposal and reply."
            )
            return redirect("cohorts:communities")
    return render(request, "cohorts/communities/propose.html", {"form": form})


@login_required
def community_detail(request: HttpRequest, pk: int) -> HttpResponse:
    community = selectors.community_visible(person=request.user, pk=pk)
    page = selectors.community_page(
        community=community, person=request.user, page_number=request.GET.get("page")
    )
    return render(
        request,
        "cohorts/communities/community.html",
        {"page": page, "community": community, "join_form": forms.JoinForm()},
    )


@login_required
@require_POST
def community_join(request: HttpRequest, pk: int) -> HttpResponse:
    community = selectors.community_visible(person=request.user, pk=pk)
    form = forms.JoinForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    try:
        joined = services.community_join(community=community, person=request.user, message=message)
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        if hasattr(joined, "role"):
            messages.success(request, f"You have joined {community.name}.")
        else:
            messages.success(request, "You have asked to join. A host will decide.")
    return redirect(community)


@login_required
@require_POST
def community_leave(request: HttpRequest, pk: int) -> HttpResponse:
    community = selectors.community_visible(person=request.user, pk=pk)
    try:
        services.community_leave(community=community, person=request.user)
    except Refused as exc:
        messages.error(request, exc.message)
        return redirect(community)
    messages.success(request, f"You have left {community.name}.")
    return redirect("cohorts:communities")


@login_required
@require_POST
def community_follow(request: HttpRequest, pk: int) -> HttpResponse:
    community = selectors.community_visible(person=request.user, pk=pk)
    on = request.POST.get("follow") != "off"
    try:
        services.follow(person=request.user, community=community, on=on)
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, "You are following this community." if on else "You have stopped following."
        )
    return redirect(community)


@login_required
def thread_create(request: HttpRequest, pk: int) -> HttpResponse:
    community = selectors.community_visible(person=request.user, pk=pk)
    form = forms.ThreadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.thread_create(
                community=community, person=request.user, **form.cleaned_data
            )
        except Refused as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request, "Your conversation has started. Follow it to hear about replies."
            )
            return redirect(thread)
    return render(
        request, "cohorts/communities/thread_form.html", {"form": form, "community": community}
    )


@login_required
def thread_detail(request: HttpRequest, pk: int) -> HttpResponse:
    thread = selectors.thread_readable(person=request.user, pk=pk)
    form = forms.ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reply_create(
                thread=thread, person=request.user, body=form.cleaned_data["body"]
            )
        except Refused as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Your reply has been posted.")
            return redirect(thread)
    page = selectors.thread_page(
        thread=thread, person=request.user, page_number=request.GET.get("page")
    )
    return render(
        request,
        "cohorts/communities/thread.html",
        {"page": page, "thread": page.thread, "community": thread.community, "form": form},
    )


@login_required
@require_POST
def thread_follow(request: HttpRequest, pk: int) -> HttpResponse:
    thread = selectors.thread_readable(person=request.user, pk=pk)
    on = request.POST.get("follow") != "off"
    try:
        services.follow(person=request.user, thread=thread, on=on)
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            "You are following this conversation." if on else "You have stopped following it.",
        )
    return redirect(thread)


@login_required
@require_POST
def reply_helpful(request: HttpRequest, pk: int) -> HttpResponse:
    reply = selectors.reply_readable(person=request.user, pk=pk)
    helpful = request.POST.get("helpful") != "off"
    try:
        services.helpful_mark(reply=reply, person=request.user, helpful=helpful)
    except Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, "Thank you: you said this helped you." if helpful else "Your mark is removed."
        )
    return redirect(f"{reply.thread.get_absolute_url()}#reply-{reply.pk}")


def _report(request: HttpRequest, post, back: str, **target) -> HttpResponse:
    form = forms.ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_create(
                person=request.user, reason=form.cleaned_data["reason"], **target
            )
        except Refused as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Thank you. The hosts will look at your report.")
            return redirect(back)
    return render(
        request, "cohorts/communities/report.html", {"form": form, "post": post, "back": back}
    )


@login_required
def thread_report(request: HttpRequest, pk: int) -> HttpResponse:
    thread = selectors.thread_readable(person=request.user, pk=pk)
    return _report(request, thread, thread.get_absolute_url(), thread=thread)


@login_required
def reply_report(request: HttpRequest, pk: int) -> HttpResponse:
    reply = selectors.reply_readable(person=request.user, pk=pk)
    return _report(request, reply, reply.thread.get_absolute_url(), reply=reply)
