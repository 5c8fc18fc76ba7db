"""A cohort's sessions, attendance, calendar and topics."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cohorts import forms, ics, selectors, services
from portal.lib.ics import ics_response


@login_required
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.cohort_facilitated_by(request.user, pk=pk)
    form = forms.SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.session_create(
                cohort=cohort,
                starts_at=form.starts_at(),
                duration_minutes=data["duration_minutes"],
                place=data["place"],
                online_link=data["online_link"],
                topic=data["topic"],
                notes=data["notes"],
            )
        except services.Refused as exc:
            form.add_error(None, exc.message)
        else:
            if session.has_started:
                messages.success(request, "The session is recorded. Now record who came.")
                return redirect("cohorts:attendance", cohort.pk, session.pk)
            messages.success(request, "The session is on the cohort's calendar.")
            return redirect(cohort)
    return render(request, "cohorts/session_form.html", {"cohort": cohort, "form": form})


@login_required
def session_ics(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    session = selectors.session_visible_to(request.user, cohort_pk=pk, pk=session_pk)
    return ics_response(
        ics.calendar(session.cohort, [session], request), f"session-{session.pk}.ics"
    )


def cohort_feed(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """A member's private feed of the cohort's sessions, for calendar apps (which cannot
    sign in): the token is the key, and it opens only while she is still in the cohort."""
    feed = selectors.calendar_feed_current(cohort_pk=pk, token=token)
    body = ics.calendar(feed.cohort, selectors.feed_sessions(feed=feed), request)
    return ics_response(body)


@login_required
def session_attendance(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    session = selectors.session_facilitated_by(request.user, cohort_pk=pk, pk=session_pk)
    cohort = session.cohort
    form = forms.AttendanceForm(
        request.POST or None,
        people=selectors.cohort_members(cohort=cohort),
        initial_statuses=selectors.recorded_attendance(session=session),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(session=session, statuses=form.statuses())
        except services.Refused as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Attendance saved.")
            return redirect("cohorts:attendance_summary", cohort.pk)
    return render(
        request,
        "cohorts/session_attendance.html",
        {"cohort": cohort, "session": session, "form": form},
    )


@login_required
def attendance_summary(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.cohort_facilitated_by(request.user, pk=pk)
    summary = selectors.attendance_summary(cohort=cohort)
    return render(
        request,
        "cohorts/attendance_summary.html",
        {"cohort": cohort, "sessions": summary.sessions, "people": summary.people},
    )


@login_required
def topics(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.cohort_involving(request.user, pk=pk)
    form = forms.TopicForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.topic_propose(cohort=cohort, person=request.user, **form.cleaned_data)
        except services.Refused as exc:
            form.add_error("title", exc.message)
        else:
            messages.success(request, "Your topic is on the list for everyone to vote on.")
            return redirect("cohorts:topics", cohort.pk)
    page = selectors.topics_page(cohort=cohort, person=request.user)
    return render(
        request,
        "cohorts/topics.html",
        {
            "cohort": cohort,
            "topics": page.topics,
            "form": form,
            "is_facilitator": cohort.is_facilitator,
            "is_member": cohort.is_member,
            "vote_choices": forms.VoteForm.base_fields["value"].choices,
            "session_choices": page.session_choices,
        },
    )


@login_required
@require_POST
def topic_vote(request: HttpRequest, pk: int, topic_pk: int) -> HttpResponse:
    topic = selectors.topic_visible_to(request.user, cohort_pk=pk, pk=topic_pk)
    form = forms.VoteForm(request.POST)
    if form.is_valid():
        try:
            services.vote_cast(topic=topic, person=request.user, value=form.cleaned_data["value"])
        except services.Refused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"Your vote on “{topic.title}” is saved.")
    else:
        messages.error(request, "Select how much you want this topic.")
    return redirect(f"{reverse('cohorts:topics', args=[pk])}#topic-{topic.pk}")


@login_required
@require_POST
def topic_schedule(request: HttpRequest, pk: int, topic_pk: int) -> HttpResponse:
    topic = selectors.topic_facilitated_by(request.user, cohort_pk=pk, pk=topic_pk)
    form = forms.ScheduleTopicForm(request.POST, sessions=topic.cohort.sessions.all())
    if form.is_valid():
        try:
            services.topic_schedule(topic=topic, session=form.cleaned_data["session"])
        except services.Refused as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"“{topic.title}” is now a session's topic.")
    else:
        messages.error(request, "Select one of this cohort's sessions.")
    return redirect("cohorts:topics", pk)
