"""What this app holds about a person, for their data export (portal.personal_data).

The leadership log, self-assessments, 360 feedback as the person sees it, the 360
answers she gave as a rater, and interest in leadership roles; mentoring's tables
register from careers/mentoring/personal_data.py.
Each exporter runs a fixed number of queries, whatever the rows.
"""

from django.db.models import Count, Prefetch, Q, Sum
from django.utils import timezone

from careers.models import (
    Activity,
    FeedbackRating,
    FeedbackRound,
    Invitation,
    InvitationStatus,
    Rating,
    Role,
    RoleInterest,
)
from careers.selectors import level_name, rounded_level
from careers.services import MIN_RATERS
from portal.personal_data.registry import exporter

ANSWERED = Q(invitations__status=InvitationStatus.ANSWERED)


@exporter("activities", "Your leadership activity log")
def export_activities(person) -> dict[str, list[dict]]:
    """Two queries: the activities (with what logged them), their dimensions."""
    activities = (
        Activity.objects.filter(person=person)
        .select_related("source_type")
        .prefetch_related("dimensions")
        .order_by("occurred_on", "pk")
    )
    return {
        "leadership_activities": [
            {
                "date": activity.occurred_on,
                "title": activity.title,
                "kind": activity.get_kind_display(),
                "hours": activity.hours,
                "dimensions": [dimension.name for dimension in activity.dimensions.all()],
                "reflection": activity.reflection,
                "evidence_link": activity.evidence_url,
                "logged_from": activity.source_type.name if activity.source_type else "",
                "created": activity.created_at,
                "last_changed": activity.updated_at,
            }
            for activity in activities
        ]
    }


@exporter("assessment", "Your self-assessments and 360 feedback")
def export_assessment(person) -> dict[str, list[dict]]:
    """Three queries: self-assessment ratings, 360 rounds with their counts, raters'
    levels. 360 results are what the person sees on their results page: once a round
    has closed with enough answers, each dimension's average rounded to a level.
    Raters' names, email addresses and single answers are never included."""
    ratings = (
        Rating.objects.filter(assessment__person=person)
        .select_related("assessment", "dimension")
        .order_by("assessment__created_at", "assessment_id", "dimension__order")
    )
    assessments = [
        {
            "assessment_date": rating.assessment.created_at,
            "dimension": rating.dimension.name,
            "level": rating.get_level_display(),
            "target": rating.get_target_display() if rating.target else None,
            "importance": rating.get_importance_display() if rating.importance else None,
        }
        for rating in ratings
    ]
    today = timezone.localdate()
    rounds = list(
        FeedbackRound.objects.requested_by(person)
        .annotate(answered=Count("invitations", filter=ANSWERED), invited=Count("invitations"))
        .order_by("created_at", "pk")
    )
    visible = {
        each.pk: each for each in rounds if each.is_closed(today) and each.answered >= MIN_RATERS
    }
    levels = (
        FeedbackRating.objects.filter(
            invitation__round_id__in=list(visible),
            invitation__status=InvitationStatus.ANSWERED,
        )
        .values("invitation__round_id", "dimension__name", "dimension__order")
        .annotate(total=Sum("level"), count=Count("pk"))
        .order_by("invitation__round_id", "dimension__order")
        if visible
        else []
    )
    return {
        "self_assessments": assessments,
        # While a round is open its export says no more than its page: no counts.
        "feedback_360_requests": [
            {
                "requested": each.created_at,
                "closes": each.closes_on,
                "people_asked": each.invited,
                "people_answered": each.answered if each.is_closed(today) else None,
                "results_shown": each.pk in visible,
            }
            for each in rounds
        ],
        "feedback_360_results": [
            {
                "requested": visible[row["invitation__round_id"]].created_at,
                "dimension": row["dimension__name"],
                "raters_level": level_name(rounded_level(row["total"], row["count"])),
            }
            for row in levels
        ],
    }


@exporter("feedback_given", "360 feedback you gave as a rater")
def export_feedback_given(person) -> dict[str, list[dict]]:
    """Three queries: her verified addresses, the invitations to them she answered, and
    her answers. Whom she rated is left out: that is the other person's request."""
    answered = (
        Invitation.objects.addressed_to(person)
        .filter(status=InvitationStatus.ANSWERED)
        .order_by("responded_at", "pk")
        .prefetch_related(
            Prefetch(
                "ratings",
                queryset=FeedbackRating.objects.select_related("dimension").order_by(
                    "dimension__order"
                ),
            )
        )
    )
    return {
        "feedback_360_given": [
            {
                "answered": invitation.responded_at,
                "relationship": invitation.get_relationship_display(),
                "dimension": rating.dimension.name,
                "level": rating.get_level_display(),
            }
            for invitation in answered
            for rating in invitation.ratings.all()
        ]
    }


@exporter("roles", "Leadership roles you showed interest in or posted")
def export_roles(person) -> dict[str, list[dict]]:
    """Two queries: interests registered, roles posted."""
    interests = [
        {
            "role": interest.role.title,
            "host": interest.role.host.name,
            "message": interest.message,
            "registered": interest.created_at,
        }
        for interest in RoleInterest.objects.filter(person=person)
        .select_related("role__host")
        .order_by("created_at", "pk")
    ]
    posted = [
        {
            "role": role.title,
            "host": role.host.name,
            "published": role.published,
            "posted": role.created_at,
        }
        for role in Role.objects.filter(posted_by=person)
        .select_related("host")
        .order_by("created_at", "pk")
    ]
    return {"role_interests": interests, "roles_posted": posted}
