"""Cohort and set pages. Who may see what is decided here, in a few small helpers:

- a cohort's public description is for everyone; its members, sessions and topics are
  for members and facilitators; running it is for its facilitators;
- a set's content is for its members and its own facilitator only (404 for anyone else,
  curators and other facilitators included), and members see it only once they have
  accepted the set's ground rules.
"""

from __future__ import annotations

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from cohorts import forms, ics, services
from cohorts.models import (
    SET_CAPACITY,
    Action,
    ActionLearningSet,
    AttendanceStatus,
    Cohort,
    JoinMode,
    JoinRequest,
    Meeting,
    Membership,
    Presentation,
    RequestStatus,
    Session,
    SetMembership,
    SetProposal,
    Topic,
    Vote,
)
from portal.lib import ics as lib_ics
from portal.models import Person


# ---------------------------------------------------------------------------
# Access
# ---------------------------------------------------------------------------
def _roles(cohort: Cohort, user) -> tuple[bool, bool]:
    """(is facilitator, is member) of ``cohort``, in one query each at most."""
    if not user.is_authenticated:
        return False, False
    facilitator = cohort.facilitators.filter(pk=user.pk).exists()
    member = Membership.objects.filter(cohort=cohort, person=user).exists()
    return facilitator, member


def _cohort_for_facilitator(request: HttpRequest, pk: int) -> Cohort:
    cohort = get_object_or_404(Cohort, pk=pk)
    if not cohort.facilitators.filter(pk=request.user.pk).exists():
        raise PermissionDenied
    return cohort


def _cohort_for_insider(request: HttpRequest, pk: int) -> tuple[Cohort, bool]:
    """The cohort and whether the user facilitates it; members and facilitators only."""
    cohort = get_object_or_404(Cohort, pk=pk)
    facilitator, member = _roles(cohort, request.user)
    if not (facilitator or member):
        raise PermissionDenied
    return cohort, facilitator


class _Agreement(Exception):
    def __init__(self, learning_set: ActionLearningSet) -> None:
        self.learning_set = learning_set


def _set_for(request: HttpRequest, pk: int) -> tuple[ActionLearningSet, SetMembership | None]:
    """The set for its facilitator or a member; anyone else gets a 404, so that a
    set's existence says nothing to outsiders."""
    learning_set = get_object_or_404(ActionLearningSet.objects.select_related("cohort"), pk=pk)
    if learning_set.facilitator_id == request.user.pk:
        return learning_set, None
    membership = SetMembership.objects.filter(set=learning_set, person=request.user).first()
    if membership is None:
        raise Http404("No action learning set found")
    membership.set = learning_set
    if not membership.has_agreed:
        raise _Agreement(learning_set)
    return learning_set, membership


def set_content(view):
    """Login, set access and the ground rules before any set content."""

    @login_required
    def wrapped(request: HttpRequest, pk: int, *args, **kwargs) -> HttpResponse:
        try:
            learning_set, membership = _set_for(request, pk)
        except _Agreement as pending:
            messages.info(request, "Accept the set's ground rules before you see its content.")
            return redirect("cohorts:agreement", pending.learning_set.pk)
        return view(request, learning_set, membership, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def _set_facilitator_only(learning_set: ActionLearningSet, request: HttpRequest) -> None:
    if learning_set.facilitator_id != request.user.pk:
        raise PermissionDenied


# ---------------------------------------------------------------------------
# Cohorts
# ---------------------------------------------------------------------------
def cohort_list(request: HttpRequest) -> HttpResponse:
    cohorts = Cohort.objects.select_related("hub").annotate(
        member_count=Count("memberships", distinct=True)
    )
    mine: set[int] = set()
    if request.user.is_authenticated:
        mine = set(Cohort.objects.involving(request.user).values_list("pk", flat=True))
    return render(
        request,
        "cohorts/cohort_list.html",
        {
            "yours": [c for c in cohorts if c.pk in mine],
            "others": [c for c in cohorts if c.pk not in mine],
            "can_create": request.user.has_perm("cohorts.add_cohort"),
        },
    )


@login_required
def cohort_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("cohorts.add_cohort"):
        raise PermissionDenied
    form = forms.CohortForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        cohort = services.cohort_create(facilitator=request.user, **form.cleaned_data)
        messages.success(request, f"{cohort.name} is ready: enrol people or share its page.")
        return redirect(cohort)
    return render(request, "cohorts/cohort_form.html", {"form": form})


def cohort_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = get_object_or_404(Cohort.objects.select_related("hub", "offer"), pk=pk)
    facilitator, member = _roles(cohort, request.user)
    context = {"cohort": cohort, "is_facilitator": facilitator, "is_member": member}
    if facilitator or member:
        context |= {
            "facilitators": list(cohort.facilitators.all()),
            "members": list(
                Person.objects.filter(cohort_memberships__cohort=cohort)
                .select_related("profession", "organisation")
                .order_by("full_name")
            ),
            "sessions": list(cohort.sessions.all()),
            "sets": list(
                cohort.sets.with_member_count().filter(
                    Q(facilitator=request.user) | Q(memberships__person=request.user)
                )
                if not facilitator
                else cohort.sets.with_member_count().select_related("facilitator")
            ),
            "open_sets": (
                list(
                    cohort.sets.with_member_count()
                    .filter(member_count__lt=SET_CAPACITY)
                    .exclude(memberships__person=request.user)
                )
                if member
                else []
            ),
            "pending_requests": (
                cohort.join_requests.filter(status=RequestStatus.PENDING).count()
                if facilitator
                else 0
            ),
            "feed_url": request.build_absolute_uri(
                reverse("cohorts:feed", args=[cohort.pk, cohort.calendar_token])
            ),
        }
    elif request.user.is_authenticated:
        context["pending"] = JoinRequest.objects.filter(
            cohort=cohort, person=request.user, status=RequestStatus.PENDING
        ).exists()
    return render(request, "cohorts/cohort_detail.html", context)


@login_required
def cohort_join(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = get_object_or_404(Cohort, pk=pk)
    form = forms.JoinRequestForm(request.POST or None)
    if cohort.join_mode != JoinMode.REQUEST:
        messages.info(request, "The facilitators enrol people in this cohort: ask them to add you.")
        return redirect(cohort)
    if request.method == "POST" and form.is_valid():
        try:
            services.cohort_request_join(
                cohort=cohort, person=request.user, message=form.cleaned_data["message"]
            )
        except services.Refused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "You have asked to join. The facilitators will reply.")
        return redirect(cohort)
    return render(request, "cohorts/cohort_join.html", {"cohort": cohort, "form": form})


@login_required
def join_requests(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _cohort_for_facilitator(request, pk)
    if request.method == "POST":
        join_request = get_object_or_404(
            JoinRequest, pk=request.POST.get("request", 0), cohort=cohort
        )
        decision = request.POST.get("decision")
        if decision not in ("approve", "decline"):
            messages.error(request, "Choose approve or decline.")
            return redirect("cohorts:requests", cohort.pk)
        try:
            services.join_request_decide(join_request=join_request, approve=decision == "approve")
        except services.Refused as exc:
            messages.error(request, str(exc))
        else:
            verb = "approved" if decision == "approve" else "declined"
            messages.success(request, f"You {verb} {join_request.person.full_name}'s request.")
        return redirect("cohorts:requests", cohort.pk)
    pending = cohort.join_requests.filter(status=RequestStatus.PENDING).select_related(
        "person__profession", "person__organisation"
    )
    return render(request, "cohorts/join_requests.html", {"cohort": cohort, "requests": pending})


@login_required
def cohort_enrol(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _cohort_for_facilitator(request, pk)
    form = forms.EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        added = services.members_enrol(cohort=cohort, people=form.cleaned_data["emails"])
        messages.success(request, f"You enrolled {len(added)} people in {cohort.name}.")
        return redirect(cohort)
    return render(request, "cohorts/enrol.html", {"cohort": cohort, "form": form})


@login_required
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _cohort_for_facilitator(request, pk)
    form = forms.SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.session_create(
                cohort=cohort,
                starts_at=form.starts_at(),
                duration_minutes=data["duration_minutes"],
                place=data["place"],
                online_link=data["online_link"],
                topic=data["topic"],
                notes=data["notes"],
            )
        except services.Refused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "The session is on the cohort's calendar.")
            return redirect(cohort)
    return render(request, "cohorts/session_form.html", {"cohort": cohort, "form": form})


@login_required
def session_ics(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    cohort, _ = _cohort_for_insider(request, pk)
    session = get_object_or_404(Session, pk=session_pk, cohort=cohort)
    response = HttpResponse(
        ics.calendar(cohort, [session], request), content_type=lib_ics.CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="session-{session.pk}.ics"'
    return response


def cohort_feed(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    """The cohort's sessions for calendar apps, which cannot sign in: the token is the key."""
    cohort = get_object_or_404(Cohort, pk=pk)
    if not cohort.calendar_token_is_valid(token):
        raise Http404("No calendar found")
    body = ics.calendar(cohort, list(cohort.sessions.all()), request)
    return HttpResponse(body, content_type=lib_ics.CONTENT_TYPE)


@login_required
def session_attendance(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    cohort = _cohort_for_facilitator(request, pk)
    session = get_object_or_404(Session, pk=session_pk, cohort=cohort)
    people = list(Person.objects.filter(cohort_memberships__cohort=cohort).order_by("full_name"))
    recorded = dict(session.attendance.values_list("person_id", "status"))
    form = forms.AttendanceForm(request.POST or None, people=people, initial_statuses=recorded)
    if request.method == "POST" and form.is_valid():
        services.attendance_record(session=session, statuses=form.statuses())
        messages.success(request, "Attendance saved.")
        return redirect("cohorts:attendance_summary", cohort.pk)
    return render(
        request,
        "cohorts/session_attendance.html",
        {"cohort": cohort, "session": session, "form": form},
    )


@login_required
def attendance_summary(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _cohort_for_facilitator(request, pk)
    sessions = list(cohort.sessions.annotate(**_status_counts("attendance")))
    people = list(
        Person.objects.filter(cohort_memberships__cohort=cohort)
        .annotate(
            **{
                status: Count(
                    "session_attendance",
                    filter=Q(
                        session_attendance__session__cohort=cohort,
                        session_attendance__status=status,
                    ),
                )
                for status in AttendanceStatus.values
            }
        )
        .order_by("full_name")
    )
    return render(
        request,
        "cohorts/attendance_summary.html",
        {"cohort": cohort, "sessions": sessions, "people": people},
    )


def _status_counts(relation: str) -> dict:
    return {
        status: Count(relation, filter=Q(**{f"{relation}__status": status}))
        for status in AttendanceStatus.values
    }


@login_required
def topics(request: HttpRequest, pk: int) -> HttpResponse:
    cohort, facilitator = _cohort_for_insider(request, pk)
    form = forms.TopicForm(request.POST or None)
    if request.method == "POST":
        if facilitator and not cohort.memberships.filter(person=request.user).exists():
            raise PermissionDenied
        if form.is_valid():
            try:
                services.topic_propose(cohort=cohort, person=request.user, **form.cleaned_data)
            except services.Refused as exc:
                form.add_error("title", str(exc))
            else:
                messages.success(request, "Your topic is on the list for everyone to vote on.")
                return redirect("cohorts:topics", cohort.pk)
    ranked = list(cohort.topics.ranked().select_related("session"))
    my_votes = dict(
        Vote.objects.filter(topic__cohort=cohort, person=request.user).values_list(
            "topic_id", "value"
        )
    )
    for topic in ranked:
        topic.my_vote = my_votes.get(topic.pk)
    session_choices = []
    if facilitator:
        session_choices = [
            (session.pk, f"{timezone.localtime(session.starts_at):%-d %B %Y, %H:%M}")
            for session in cohort.sessions.upcoming()
        ]
    return render(
        request,
        "cohorts/topics.html",
        {
            "cohort": cohort,
            "topics": ranked,
            "form": form,
            "is_facilitator": facilitator,
            "vote_choices": forms.VoteForm.base_fields["value"].choices,
            "session_choices": session_choices,
        },
    )


@login_required
@require_POST
def topic_vote(request: HttpRequest, pk: int, topic_pk: int) -> HttpResponse:
    cohort = get_object_or_404(Cohort, pk=pk)
    if not Membership.objects.filter(cohort=cohort, person=request.user).exists():
        raise PermissionDenied
    topic = get_object_or_404(Topic, pk=topic_pk, cohort=cohort)
    form = forms.VoteForm(request.POST)
    if form.is_valid():
        services.vote_cast(topic=topic, person=request.user, value=form.cleaned_data["value"])
        messages.success(request, f"Your vote on “{topic.title}” is saved.")
    else:
        messages.error(request, "Select how much you want this topic.")
    return redirect(f"{reverse('cohorts:topics', args=[cohort.pk])}#topic-{topic.pk}")


@login_required
@require_POST
def topic_schedule(request: HttpRequest, pk: int, topic_pk: int) -> HttpResponse:
    cohort = _cohort_for_facilitator(request, pk)
    topic = get_object_or_404(Topic, pk=topic_pk, cohort=cohort)
    form = forms.ScheduleTopicForm(request.POST, sessions=cohort.sessions.all())
    if form.is_valid():
        services.topic_schedule(topic=topic, session=form.cleaned_data["session"])
        messages.success(request, f"“{topic.title}” is now a session's topic.")
    else:
        messages.error(request, "Select one of this cohort's sessions.")
    return redirect("cohorts:topics", cohort.pk)


# ---------------------------------------------------------------------------
# Forming sets
# ---------------------------------------------------------------------------
@login_required
def sets_form(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _cohort_for_facilitator(request, pk)
    form = forms.SetSizesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_make(cohort=cohort, **form.cleaned_data)
        except services.Refused as exc:
            form.add_error(None, str(exc))
        else:
            return redirect("cohorts:proposal", cohort.pk)
    count = cohort.memberships.count()
    return render(
        request, "cohorts/sets_form.html", {"cohort": cohort, "form": form, "count": count}
    )


@login_required
def proposal(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _cohort_for_facilitator(request, pk)
    proposal = SetProposal.objects.filter(cohort=cohort).first()
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
            problem = str(exc) if isinstance(exc, services.Refused) else None
            messages.error(request, problem or "Choose a person and a set.")
        return redirect("cohorts:proposal", cohort.pk)
    ids = [pk for group in proposal.groups for pk in group]
    people = (
        Person.objects.filter(pk__in=ids)
        .select_related("profession", "organisation__pcn")
        .in_bulk()
    )
    groups = []
    for number, group in enumerate(proposal.groups, start=1):
        members = [people[pk] for pk in group if pk in people]
        # A list, not the Counter: templates look names up as keys first, and a
        # Counter answers 0 for any key, so "mix.items" would not be the method.
        mix = Counter(
            p.profession.name if p.profession else "Not given" for p in members
        ).most_common()
        groups.append({"number": number, "index": number - 1, "members": members, "mix": mix})
    return render(
        request,
        "cohorts/proposal.html",
        {"cohort": cohort, "proposal": proposal, "groups": groups},
    )


# ---------------------------------------------------------------------------
# Sets
# ---------------------------------------------------------------------------
@set_content
def set_detail(request, learning_set, membership) -> HttpResponse:
    members = list(
        learning_set.memberships.select_related("person__profession", "person__organisation")
    )
    meetings = list(
        learning_set.meetings.prefetch_related(
            Prefetch("presentations", queryset=Presentation.objects.select_related("presenter"))
        )
    )
    outstanding = list(
        Action.objects.outstanding()
        .filter(presentation__meeting__set=learning_set)
        .select_related("presentation__presenter")
    )
    return render(
        request,
        "cohorts/set_detail.html",
        {
            "set": learning_set,
            "membership": membership,
            "members": members,
            "meetings": meetings,
            "outstanding": outstanding,
            "is_facilitator": membership is None,
            "below_minimum": len(members) < learning_set.minimum,
        },
    )


@login_required
def set_agreement(request: HttpRequest, pk: int) -> HttpResponse:
    learning_set = get_object_or_404(ActionLearningSet, pk=pk)
    membership = SetMembership.objects.filter(set=learning_set, person=request.user).first()
    if membership is None and learning_set.facilitator_id != request.user.pk:
        raise Http404("No action learning set found")
    if request.method == "POST" and membership is not None:
        if request.POST.get("accept") != "yes":
            messages.error(request, "Tick the box to accept the ground rules.")
            return redirect("cohorts:agreement", pk)
        services.agreement_accept(membership=membership)
        messages.success(request, "Thank you. Welcome to the set.")
        return redirect(learning_set)
    if membership is not None:
        membership.set = learning_set
    return render(
        request,
        "cohorts/agreement.html",
        {"set": learning_set, "membership": membership},
    )


@set_content
def agreement_edit(request, learning_set, membership) -> HttpResponse:
    _set_facilitator_only(learning_set, request)
    form = forms.AgreementForm(request.POST or None, initial={"agreement": learning_set.agreement})
    if request.method == "POST" and form.is_valid():
        services.agreement_update(learning_set=learning_set, text=form.cleaned_data["agreement"])
        messages.success(request, "Ground rules updated. Members will be asked to accept them.")
        return redirect(learning_set)
    return render(request, "cohorts/agreement_form.html", {"set": learning_set, "form": form})


@login_required
@require_POST
def set_join(request: HttpRequest, pk: int) -> HttpResponse:
    learning_set = get_object_or_404(ActionLearningSet, pk=pk)
    if not (
        learning_set.cohort_id
        and Membership.objects.filter(
            cohort_id=learning_set.cohort_id, person=request.user
        ).exists()
    ):
        raise Http404("No action learning set found")
    try:
        services.set_join(learning_set=learning_set, person=request.user)
    except services.Refused as exc:
        messages.error(request, str(exc))
        return redirect("cohorts:detail", learning_set.cohort_id)
    return redirect("cohorts:agreement", learning_set.pk)


@set_content
def meeting_create(request, learning_set, membership) -> HttpResponse:
    _set_facilitator_only(learning_set, request)
    members = [m.person for m in learning_set.memberships.select_related("person")]
    proposed = services.presenters_propose(learning_set=learning_set, count=2)
    form = forms.MeetingForm(
        request.POST or None, members=members, initial={"presenters": [p.pk for p in proposed]}
    )
    if request.method == "POST" and form.is_valid():
        meeting = services.meeting_create(
            learning_set=learning_set,
            starts_at=form.starts_at(),
            presenters=form.cleaned_data["presenters"],
            place=form.cleaned_data["place"],
            online_link=form.cleaned_data["online_link"],
        )
        messages.success(request, "Meeting arranged.")
        return redirect(meeting)
    return render(
        request,
        "cohorts/meeting_form.html",
        {"set": learning_set, "form": form, "proposed": proposed},
    )


@set_content
def meeting_ics(request, learning_set, membership, meeting_pk: int) -> HttpResponse:
    meeting = get_object_or_404(
        Meeting.objects.select_related("set"), pk=meeting_pk, set=learning_set
    )
    response = HttpResponse(
        ics.meeting_calendar(meeting, request), content_type=lib_ics.CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="set-meeting-{meeting.pk}.ics"'
    return response


@set_content
def meeting_detail(request, learning_set, membership, meeting_pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=meeting_pk, set=learning_set)
    presentations = list(
        meeting.presentations.select_related("presenter").prefetch_related("actions")
    )
    report_back = list(
        Action.objects.outstanding()
        .filter(
            presentation__meeting__set=learning_set,
            presentation__meeting__starts_at__lt=meeting.starts_at,
        )
        .select_related("presentation__presenter", "presentation__meeting")
    )
    return render(
        request,
        "cohorts/meeting_detail.html",
        {
            "set": learning_set,
            "meeting": meeting,
            "presentations": presentations,
            "report_back": report_back,
            "is_facilitator": membership is None,
            "log_available": services.leadership_log_available(),
        },
    )


@set_content
def meeting_attendance(request, learning_set, membership, meeting_pk: int) -> HttpResponse:
    _set_facilitator_only(learning_set, request)
    meeting = get_object_or_404(Meeting, pk=meeting_pk, set=learning_set)
    people = [m.person for m in learning_set.memberships.select_related("person")]
    recorded = dict(meeting.attendance.values_list("person_id", "status"))
    form = forms.AttendanceForm(request.POST or None, people=people, initial_statuses=recorded)
    if request.method == "POST" and form.is_valid():
        services.meeting_attendance_record(meeting=meeting, statuses=form.statuses())
        messages.success(request, "Attendance saved.")
        return redirect(meeting)
    return render(
        request,
        "cohorts/meeting_attendance.html",
        {"set": learning_set, "meeting": meeting, "form": form},
    )


def _own_presentation(request, learning_set, pk: int) -> Presentation:
    presentation = get_object_or_404(
        Presentation.objects.select_related("meeting", "presenter"),
        pk=pk,
        meeting__set=learning_set,
    )
    if request.user.pk not in (presentation.presenter_id, learning_set.facilitator_id):
        raise PermissionDenied
    return presentation


@set_content
def presentation_edit(request, learning_set, membership, presentation_pk: int) -> HttpResponse:
    presentation = _own_presentation(request, learning_set, presentation_pk)
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


def _own_action(request, learning_set, pk: int) -> Action:
    action = get_object_or_404(
        Action.objects.select_related("presentation__meeting"),
        pk=pk,
        presentation__meeting__set=learning_set,
    )
    if action.presentation.presenter_id != request.user.pk:
        raise PermissionDenied
    return action


@set_content
def action_report(request, learning_set, membership, action_pk: int) -> HttpResponse:
    action = _own_action(request, learning_set, action_pk)
    form = forms.ReportForm(request.POST or None, initial={"note": action.note})
    if request.method == "POST" and form.is_valid():
        services.action_report(action=action, **form.cleaned_data)
        messages.success(request, "Thank you for reporting back.")
        return redirect(learning_set)
    return render(
        request,
        "cohorts/action_report.html",
        {"set": learning_set, "action": action, "form": form},
    )


@set_content
@require_POST
def action_log(request, learning_set, membership, action_pk: int) -> HttpResponse:
    action = _own_action(request, learning_set, action_pk)
    if not services.leadership_log_available():
        raise Http404("The leadership log is not available")
    try:
        services.action_log(action=action, person=request.user)
    except services.Refused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Added to your leadership log.")
    return redirect(learning_set)


# ---------------------------------------------------------------------------
# Facilitator's view
# ---------------------------------------------------------------------------
@login_required
def facilitator(request: HttpRequest) -> HttpResponse:
    """Counts only: set content stays on the set's own pages."""
    user = request.user
    cohorts = list(
        Cohort.objects.facilitated_by(user).annotate(
            member_count=Count("memberships", distinct=True),
            pending=Count(
                "join_requests",
                filter=Q(join_requests__status=RequestStatus.PENDING),
                distinct=True,
            ),
        )
    )
    sets = list(
        ActionLearningSet.objects.filter(facilitator=user)
        .select_related("cohort")
        .annotate(
            member_count=Count("memberships", distinct=True),
            outstanding=Count(
                "meetings__presentations__actions",
                filter=Q(meetings__presentations__actions__status="open"),
                distinct=True,
            ),
        )
    )
    if not cohorts and not sets and not user.has_perm("cohorts.add_cohort"):
        raise PermissionDenied
    now = timezone.now()
    next_sessions = list(
        Session.objects.filter(
            cohort__in=[c.pk for c in cohorts], starts_at__gte=now
        ).select_related("cohort")[:5]
    )
    next_meetings = list(
        Meeting.objects.filter(set__in=[s.pk for s in sets], starts_at__gte=now).select_related(
            "set"
        )[:5]
    )
    # Attendance gaps: past sessions with members not yet marked.
    gaps = list(
        Session.objects.filter(cohort__in=[c.pk for c in cohorts], starts_at__lt=now)
        .select_related("cohort")
        .annotate(
            marked=Count("attendance", distinct=True),
            members=Count("cohort__memberships", distinct=True),
        )
        .filter(marked__lt=F("members"))
    )
    return render(
        request,
        "cohorts/facilitator.html",
        {
            "cohorts": cohorts,
            "sets": sets,
            "next_sessions": next_sessions,
            "next_meetings": next_meetings,
            "gaps": gaps,
            "below_minimum": [s for s in sets if s.member_count < s.minimum],
            "can_create": user.has_perm("cohorts.add_cohort"),
        },
    )
