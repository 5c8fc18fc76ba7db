"""What this app holds about a person, for their data export (portal.personal_data).

Cohorts and action learning sets the person belongs to or facilitates, their requests to
join either, their private calendar addresses (when made, not the address), their
attendance, the topics they proposed and their votes, and in sets only their own
presentations and actions. What other members said in a set stays in the set: no
other member's name, issue or action is included. A fixed number of queries (thirteen),
whatever the rows.
"""

from cohorts.models import (
    Action,
    ActionLearningSet,
    Attendance,
    CalendarFeed,
    Cohort,
    JoinRequest,
    MeetingAttendance,
    Membership,
    Presentation,
    SetJoinRequest,
    SetMembership,
    Topic,
    Vote,
)
from portal.personal_data.registry import exporter


@exporter(
    "cohorts",
    "Cohorts and action learning sets: membership, attendance, your presentations and actions",
)
def export_cohorts(person) -> dict[str, list[dict]]:
    return {
        "cohorts": _cohorts(person),
        "cohort_join_requests": [
            {
                "cohort": request.cohort.name,
                "message": request.message,
                "status": request.get_status_display(),
                "asked": request.created_at,
                "decided": request.decided_at,
            }
            for request in JoinRequest.objects.filter(person=person)
            .select_related("cohort")
            .order_by("created_at", "pk")
        ],
        "set_join_requests": [
            {
                "set": request.set.name,
                "status": request.get_status_display(),
                "asked": request.created_at,
                "decided": request.decided_at,
            }
            for request in SetJoinRequest.objects.filter(person=person)
            .select_related("set")
            .order_by("created_at", "pk")
        ],
        "cohort_calendar_addresses": [
            {"cohort": feed.cohort.name, "made": feed.created_at}
            for feed in CalendarFeed.objects.filter(person=person)
            .select_related("cohort")
            .order_by("created_at", "pk")
        ],
        "cohort_attendance": [
            {
                "cohort": row.session.cohort.name,
                "session_starts": row.session.starts_at,
                "session_topic": row.session.topic,
                "attendance": row.get_status_display(),
            }
            for row in Attendance.objects.filter(person=person)
            .select_related("session__cohort")
            .order_by("session__starts_at", "pk")
        ],
        "cohort_topics_you_proposed": [
            {
                "cohort": topic.cohort.name,
                "topic": topic.title,
                "why_it_matters": topic.why,
                "proposed": topic.created_at,
            }
            for topic in Topic.objects.filter(proposed_by=person)
            .select_related("cohort")
            .order_by("created_at", "pk")
        ],
        "cohort_topic_votes": [
            {
                "cohort": vote.topic.cohort.name,
                "topic": vote.topic.title,
                "your_vote": vote.get_value_display(),
                "last_changed": vote.updated_at,
            }
            for vote in Vote.objects.filter(person=person)
            .select_related("topic__cohort")
            .order_by("topic__cohort_id", "topic__title", "pk")
        ],
        "sets": _sets(person),
        "set_meeting_attendance": [
            {
                "set": row.meeting.set.name,
                "meeting_starts": row.meeting.starts_at,
                "attendance": row.get_status_display(),
            }
            for row in MeetingAttendance.objects.filter(person=person)
            .select_related("meeting__set")
            .order_by("meeting__starts_at", "pk")
        ],
        "set_presentations": [
            {
                "presentation": presentation.pk,
                "set": presentation.meeting.set.name,
                "meeting_starts": presentation.meeting.starts_at,
                "your_issue": presentation.issue,
            }
            for presentation in Presentation.objects.filter(presenter=person)
            .select_related("meeting__set")
            .order_by("meeting__starts_at", "pk")
        ],
        "set_actions": [
            {
                "presentation": action.presentation_id,
                "set": action.presentation.meeting.set.name,
                "what_you_will_do": action.description,
                "by_when": action.due_date,
                "status": action.get_status_display(),
                "note": action.note,
                "reported": action.reported_at,
                "added_to_leadership_log": action.logged_at,
            }
            for action in Action.objects.filter(presentation__presenter=person)
            .select_related("presentation__meeting__set")
            .order_by("due_date", "pk")
        ],
    }


def _cohorts(person) -> list[dict]:
    member = [
        {
            "cohort": membership.cohort.name,
            "your_part": "member",
            "starts": membership.cohort.start_date,
            "ends": membership.cohort.end_date,
            "joined": membership.joined_at,
        }
        for membership in Membership.objects.filter(person=person)
        .select_related("cohort")
        .order_by("joined_at", "pk")
    ]
    facilitating = [
        {
            "cohort": cohort.name,
            "your_part": "facilitator",
            "starts": cohort.start_date,
            "ends": cohort.end_date,
            "joined": None,
        }
        for cohort in Cohort.objects.filter(facilitators=person).order_by("start_date", "pk")
    ]
    return member + facilitating


def _sets(person) -> list[dict]:
    member = [
        {
            "set": membership.set.name,
            "cohort": membership.set.cohort.name if membership.set.cohort else None,
            "your_part": "member",
            "joined": membership.joined_at,
            "accepted_ground_rules": membership.agreed_at,
        }
        for membership in SetMembership.objects.filter(person=person)
        .select_related("set__cohort")
        .order_by("joined_at", "pk")
    ]
    facilitating = [
        {
            "set": learning_set.name,
            "cohort": learning_set.cohort.name if learning_set.cohort else None,
            "your_part": "facilitator",
            "joined": learning_set.created_at,
            "accepted_ground_rules": None,
        }
        for learning_set in ActionLearningSet.objects.filter(facilitator=person)
        .select_related("cohort")
        .order_by("created_at", "pk")
    ]
    return member + facilitating


# Communities of practice register their own export and erasure steps.
from cohorts.communities import personal_data as communities_personal_data  # noqa: E402, F401
