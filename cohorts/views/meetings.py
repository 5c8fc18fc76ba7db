"""A set's meetings, the issues presented there and the actions that follow."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cohorts import forms, ics, selectors, services
from cohorts.models import ActionLearningSet
from cohorts.views.access import facilitated_set, set_content
from portal.lib.ics import ics_response


@facilitated_set
def meeting_create(request: HttpRequest, learning_set: ActionLearningSet) -> HttpResponse:
    members = selectors.set_members(learning_set=learning_set)
    proposed = services.presenters_propose(learning_set=learning_set, count=2)
    form = forms.MeetingForm(
        request.POST or None, members=members, initial={"presenters": [p.pk for p in proposed]}
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(
                learning_set=learning_set,
                starts_at=form.starts_at(),
                presenters=form.cleaned_data["presenters"],
                place=form.cleaned_data["place"],
                online_link=form.cleaned_data["online_link"],
            )
        except services.Refused as exc:
            form.add_error(None, exc.message)
        else:
            if meeting.has_started:
                messages.success(request, "The meeting is recorded. Now record who came.")
                return redirect("cohorts:meeting_attendance", learning_set.pk, meeting.pk)
            messages.success(request, "Meeting arranged.")
            return redirect(meeting)
    return render(
        request,
        "cohorts/meeting_form.html",
        {"set": learning_set, "form": form, "proposed": proposed},
    )


@set_content
def meeting_ics(request: HttpRequest, learning_set: ActionLearningSet, meeting_pk: int):
    meeting = selectors.meeting_visible_to(request.user, learning_set=learning_set, pk=meeting_pk)
    return ics_response(ics.meeting_calendar(meeting, request), f"set-meeting-{meeting.pk}.ics")


@set_content
def meeting_detail(request: HttpRequest, learning_set: ActionLearningSet, meeting_pk: int):
    meeting = selectors.meeting_visible_to(request.user, learning_set=learning_set, pk=meeting_pk)
    page = selectors.meeting_page(meeting=meeting, person=request.user)
    return render(
        request,
        "cohorts/meeting_detail.html",
        {
            "set": learning_set,
            "meeting": meeting,
            "presentations": page.presentations,
            "report_back": page.report_back,
            "is_facilitator": learning_set.is_facilitator,
            "log_available": services.leadership_log_available(),
        },
    )


@facilitated_set
def meeting_attendance(request: HttpRequest, learning_set: ActionLearningSet, meeting_pk: int):
    meeting = selectors.meeting_facilitated_by(
        request.user, learning_set=learning_set, pk=meeting_pk
    )
    form = forms.AttendanceForm(
        request.POST or None,
        people=selectors.set_members(learning_set=learning_set),
        initial_statuses=selectors.recorded_meeting_attendance(meeting=meeting),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_attendance_record(meeting=meeting, statuses=form.statuses())
        except services.Refused as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Attendance saved.")
            return redirect(meeting)
    return render(
        request,
        "cohorts/meeting_attendance.html",
        {"set": learning_set, "meeting": meeting, "form": form},
    )


@set_content
def presentation_edit(
    request: HttpRequest, learning_set: ActionLearningSet, presentation_pk: int
) -> HttpResponse:
    presentation = selectors.presentation_editable_by(
        request.user, learning_set=learning_set, pk=presentation_pk
    )
    issue_form = forms.IssueForm(
        request.POST if request.POST.get("form") == "issue" else None,
        initial={"issue": presentation.issue},
        prefix="issue",
    )
    action_form = forms.ActionForm(
        request.POST if request.POST.get("form") == "action" else None, prefix="action"
    )
    if request.method == "POST":
        if issue_form.is_bound and issue_form.is_valid():
            services.presentation_update(
                presentation=presentation, issue=issue_form.cleaned_data["issue"]
            )
            messages.success(request, "Issue saved.")
            return redirect("cohorts:presentation", learning_set.pk, presentation.pk)
        if action_form.is_bound and action_form.is_valid():
            services.action_add(presentation=presentation, **action_form.cleaned_data)
            messages.success(request, "Action added.")
            return redirect("cohorts:presentation", learning_set.pk, presentation.pk)
    return render(
        request,
        "cohorts/presentation_form.html",
        {
            "set": learning_set,
            "presentation": presentation,
            "actions": list(presentation.actions.all()),
            "issue_form": issue_form,
            "action_form": action_form,
            "form": issue_form if issue_form.is_bound else action_form,
        },
    )


@set_content
def action_report(
    request: HttpRequest, learning_set: ActionLearningSet, action_pk: int
) -> HttpResponse:
    action = selectors.action_reportable_by(request.user, learning_set=learning_set, pk=action_pk)
    form = forms.ReportForm(request.POST or None, initial={"note": action.note})
    if request.method == "POST" and form.is_valid():
        try:
            services.action_report(action=action, person=request.user, **form.cleaned_data)
        except services.Refused as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Thank you for reporting back.")
            return redirect(learning_set)
    return render(
        request,
        "cohorts/action_report.html",
        {"set": learning_set, "action": action, "form": form},
    )


@set_content
@require_POST
def action_log(
    request: HttpRequest, learning_set: ActionLearningSet, action_pk: int
) -> HttpResponse:
    action = selectors.action_reportable_by(request.user, learning_set=learning_set, pk=action_pk)
    try:
        services.action_log(action=action, person=request.user)
    except services.Refused as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "Added to your leadership log.")
    return redirect(learning_set)
