from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from careers import hlm, selectors, services
from careers.charts import Series, radar
from careers.forms import (
    ActivityFilterForm,
    ActivityForm,
    AssessmentForm,
    BaseRaterFormSet,
    FeedbackAnswerForm,
    RaterForm,
    RoleInterestForm,
)
from careers.models import Activity, Assessment, Invitation
from careers.pathways import (
    CompareError,
    comparison,
    offers_by_stage,
    parse_professions,
    pathways_with_stages,
)
from careers.recommendations import recommend
from careers.roles import features_lacking
from careers.services import MIN_RATERS, Refused
from portal import selectors as reference
from portal.lib.csv import csv_response
from programmes import selectors as programmes_selectors

ACTIVITIES_PER_PAGE = 50
SELF_COLOUR, PREVIOUS_COLOUR, OTHERS_COLOUR = "#005eb8", "#768692", "#007f3b"
TARGET_COLOUR = "#330072"


# ---------------------------------------------------------------------------
# Pathways
# ---------------------------------------------------------------------------
def pathway_list(request: HttpRequest) -> HttpResponse:
    return render(request, "careers/pathway_list.html", {"groups": selectors.pathway_groups()})


def pathway_detail(request: HttpRequest, slug: str) -> HttpResponse:
    pathway = get_object_or_404(pathways_with_stages(), profession__slug=slug)
    stages = list(pathway.stages.all())
    user = request.user
    offers = offers_by_stage(pathway.profession, stages, icb=_workplace_icb(user))
    dimensions = reference.dimensions()
    timeline = []
    for stage in stages:
        expected = {e.dimension_id: e for e in stage.expectations.all()}
        timeline.append(
            {
                "stage": stage,
                "offers": offers[stage.pk],
                "expectations": [(d, expected.get(d.pk)) for d in dimensions],
            }
        )
    yours = user.is_authenticated and user.profession_id == pathway.profession_id
    return render(
        request,
        "careers/pathway_detail.html",
        {
            "pathway": pathway,
            "timeline": timeline,
            "your_level_id": user.career_level_id if yours else None,
        },
    )


def _workplace_icb(user):
    return user.icb if user.is_authenticated else None


def pathway_compare(request: HttpRequest) -> HttpResponse:
    slugs = parse_professions(request.GET.getlist("professions"))
    context: dict = {"chosen": slugs, "professions": reference.professions()}
    if slugs:
        try:
            context["pathways"], context["rows"] = comparison(slugs)
        except CompareError as exc:
            context["error"] = str(exc)
    return render(request, "careers/pathway_compare.html", context, status=200)


# ---------------------------------------------------------------------------
# Leadership activity log
# ---------------------------------------------------------------------------
def _filtered_activities(request: HttpRequest):
    form = ActivityFilterForm(request.GET or None)
    activities = selectors.activities_for_person(request.user)
    if form.is_valid():
        data = form.cleaned_data
        activities = activities.between(data.get("start"), data.get("end")).developing(
            data.get("dimension")
        )
    return form, activities


def _totals(activities) -> dict:
    dimensions = reference.dimensions()
    by_dimension = {row["leadershipdimension_id"]: row for row in activities.totals_by_dimension()}
    return {
        "by_dimension": [
            {
                "dimension": d,
                "activities": by_dimension.get(d.pk, {}).get("activities", 0),
                "hours": by_dimension.get(d.pk, {}).get("hours") or 0,
            }
            for d in dimensions
        ],
        "by_year": activities.totals_by_year(),
    }


@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    form, activities = _filtered_activities(request)
    page = Paginator(activities.with_dimensions(), ACTIVITIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "careers/activity_list.html",
        {
            "filter_form": form,
            "page": page,
            "totals": _totals(activities),
            "query": query.urlencode(),
        },
    )


@login_required
def activity_create(request: HttpRequest) -> HttpResponse:
    form = ActivityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.activity_create(
            person=request.user,
            title=data["title"],
            kind=data["kind"],
            occurred_on=data["occurred_on"],
            hours=data["hours"],
            dimensions=data["dimensions"],
            reflection=data["reflection"],
            evidence_url=data["evidence_url"],
        )
        messages.success(request, f"“{data['title']}” is in your leadership log.")
        return redirect("careers:activities")
    return render(request, "careers/activity_form.html", {"form": form, "creating": True})


def _own_activity(request: HttpRequest, pk: int) -> Activity:
    # Another person's entry is "not found", never "forbidden": it does not say it exists.
    return selectors.activity_for_person(request.user, pk=pk)


@login_required
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _own_activity(request, pk)
    form = ActivityForm(request.POST or None, instance=activity)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        dimensions = data.pop("dimensions")
        services.activity_update(activity=activity, fields=data, dimensions=dimensions)
        messages.success(request, f"“{activity.title}” has been updated.")
        return redirect("careers:activities")
    return render(request, "careers/activity_form.html", {"form": form, "activity": activity})


@login_required
@require_POST
def activity_from_application(request: HttpRequest, pk: int) -> HttpResponse:
    application = programmes_selectors.application_for_person(request.user, pk=pk)
    try:
        activity = services.activity_from_application(application=application)
    except Refused as refusal:
        messages.error(request, str(refusal))
        return redirect("programmes:applications")
    messages.success(
        request,
        f"“{activity.title}” is in your leadership log. Add what you learned while it is fresh.",
    )
    return redirect("careers:activity_edit", pk=activity.pk)


@login_required
def activity_delete(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _own_activity(request, pk)
    if request.method == "POST":
        title = activity.title
        services.activity_delete(activity=activity)
        messages.success(request, f"“{title}” has been deleted from your leadership log.")
        return redirect("careers:activities")
    return render(request, "careers/activity_delete.html", {"activity": activity})


@login_required
def activity_export(request: HttpRequest) -> HttpResponse:
    _, activities = _filtered_activities(request)
    rows = (
        [
            activity.occurred_on.isoformat(),
            activity.title,
            activity.get_kind_display(),
            activity.hours,
            [d.name for d in activity.dimensions.all()],
            activity.reflection,
            activity.evidence_url,
        ]
        for activity in activities.with_dimensions()
    )
    return csv_response(
        f"leadership-log-{timezone.localdate():%Y-%m-%d}.csv",
        ["Date", "Title", "Kind", "Hours", "Dimensions", "Reflection", "Evidence link"],
        rows,
    )


@login_required
def activity_print(request: HttpRequest) -> HttpResponse:
    form, activities = _filtered_activities(request)
    return render(
        request,
        "careers/activity_print.html",
        {
            "filter_form": form,
            "activities": activities.with_dimensions(),
            "totals": _totals(activities),
            "today": timezone.localdate(),
        },
    )


# ---------------------------------------------------------------------------
# Self-assessment
# ---------------------------------------------------------------------------
def _chart_rows(dimensions, columns: list[tuple[str, dict[int, float | None]]]) -> list[dict]:
    return [
        {"dimension": d, "values": [values.get(d.pk) for _, values in columns]} for d in dimensions
    ]


@login_required
def assessment_overview(request: HttpRequest) -> HttpResponse:
    assessments = selectors.assessments_for_person(request.user)
    dimensions = reference.dimensions()
    context: dict = {"assessments": assessments}
    if assessments:
        latest, previous = assessments[0], (assessments[1] if len(assessments) > 1 else None)
        ratings = selectors.ratings_of([a for a in (latest, previous) if a])
        context |= _comparison_context(dimensions, latest, previous, ratings)
        context["recommendations"] = recommend(request.user, list(ratings[latest.pk].values()))
        context["latest"] = latest
        context["has_career_level"] = bool(request.user.career_level_id)
    return render(request, "careers/assessment_overview.html", context)


def _label(assessment: Assessment) -> str:
    return f"{timezone.localtime(assessment.created_at):%-d %B %Y, %H:%M}"


def _comparison_context(dimensions, first, second, ratings) -> dict:
    columns = [
        (f"Self-assessment, {_label(first)}", {k: r.level for k, r in ratings[first.pk].items()})
    ]
    series = [Series(columns[0][0], [columns[0][1].get(d.pk) for d in dimensions], SELF_COLOUR)]
    if second:
        values = {k: r.level for k, r in ratings[second.pk].items()}
        columns.append((f"Self-assessment, {_label(second)}", values))
        series.append(
            Series(columns[1][0], [values.get(d.pk) for d in dimensions], PREVIOUS_COLOUR, "8 6")
        )
    if any(r.target for r in ratings[first.pk].values()):
        # Where she set no target she aims to stay where she is, so the shape stays whole.
        targets = {k: r.target or r.level for k, r in ratings[first.pk].items()}
        columns.append(("Your targets (your level now where you set none)", targets))
        series.append(
            Series(columns[-1][0], [targets.get(d.pk) for d in dimensions], TARGET_COLOUR, "2 5")
        )
    return {
        "chart": radar(
            [d.name for d in dimensions], series, title="Your levels on the nine dimensions"
        ),
        "columns": [name for name, _ in columns],
        "series": series,
        "rows": _chart_rows(dimensions, columns),
    }


@login_required
def assessment_create(request: HttpRequest) -> HttpResponse:
    dimensions = reference.dimensions()
    form = AssessmentForm(request.POST or None, dimensions=dimensions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.assessment_create(
            person=request.user,
            ratings=[
                services.RatingInput(
                    dimension=d,
                    level=data[f"level_{d.slug}"],
                    target=data[f"target_{d.slug}"],
                    importance=data[f"importance_{d.slug}"],
                )
                for d in dimensions
            ],
        )
        messages.success(request, "Your self-assessment is saved.")
        return redirect("careers:assessment")
    return render(
        request,
        "careers/assessment_form.html",
        {"form": form, "descriptions": hlm.DESCRIPTIONS, "levels": hlm.LEVELS},
    )


@login_required
def assessment_compare(request: HttpRequest) -> HttpResponse:
    first_pk, second_pk = request.GET.get("first", ""), request.GET.get("second", "")
    if not (first_pk.isdigit() and second_pk.isdigit()):
        messages.error(request, "Choose two of your self-assessments to compare.")
        return redirect("careers:assessment")
    # Another person's assessment is "not found", as for an address that never existed.
    first = selectors.assessment_for_person(request.user, pk=int(first_pk))
    second = selectors.assessment_for_person(request.user, pk=int(second_pk))
    if first.pk == second.pk:
        messages.error(request, "Choose two different self-assessments to compare.")
        return redirect("careers:assessment")
    dimensions = reference.dimensions()
    context = _comparison_context(dimensions, first, second, selectors.ratings_of([first, second]))
    return render(request, "careers/assessment_compare.html", context)


# ---------------------------------------------------------------------------
# 360 feedback
# ---------------------------------------------------------------------------
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


# ---------------------------------------------------------------------------
# Leadership roles
# ---------------------------------------------------------------------------
def role_list(request: HttpRequest) -> HttpResponse:
    roles, profession = selectors.open_roles(request.GET.get("profession", ""))
    return render(request, "careers/role_list.html", {"roles": roles, "profession": profession})


def role_detail(request: HttpRequest, pk: int) -> HttpResponse:
    role = selectors.role_published(pk=pk)
    form = RoleInterestForm(request.POST or None)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        if form.is_valid():
            try:
                services.role_interest_register(
                    role=role, person=request.user, message=form.cleaned_data["message"]
                )
            except Refused as refusal:
                messages.error(request, refusal.message)
            else:
                messages.success(
                    request, f"{role.posted_by.full_name} can now see that you are interested."
                )
            return redirect(role)
    page = selectors.role_page(role, request.user)
    gaps = role.design_gaps
    return render(
        request,
        "careers/role_detail.html",
        {
            "role": role,
            "gaps": gaps,
            "lacking": features_lacking(gaps),
            "form": form,
            "interest": page.interest,
            "is_poster": page.is_poster,
            "interests": page.interests,
            "closed": page.closed,
        },
    )
