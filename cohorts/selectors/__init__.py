"""Reads for cohort and set pages, one module per feature:

- ``fetch``: the object a page is about, each function named for the rule queryset it
  applies (``cohorts/models.py``) and answering 404 to anyone the rule leaves out;
- ``cohort_pages``, ``set_pages`` and ``facilitator``: what a page shows, each page from
  one function returning a small dataclass, in a fixed number of queries whatever the
  rows, never widening what the person may see.

Callers use ``from cohorts import selectors`` and ``selectors.<name>``: every name is
re-exported here, so which module holds a function is this package's own business."""

from cohorts.selectors.cohort_pages import (
    AttendanceSummary,
    CohortList,
    CohortPage,
    TopicsPage,
    attendance_summary,
    cohort_list,
    cohort_members,
    cohort_page,
    cohort_requests,
    feed_sessions,
    recorded_attendance,
    topics_page,
)
from cohorts.selectors.facilitator import FacilitatorPage, facilitates_anything, facilitator_page
from cohorts.selectors.fetch import (
    action_reportable_by,
    calendar_feed_current,
    cohort_facilitated_by,
    cohort_involving,
    cohort_public,
    cohort_with_role_of,
    join_request_decidable_by,
    meeting_facilitated_by,
    meeting_visible_to,
    presentation_editable_by,
    session_facilitated_by,
    session_visible_to,
    set_facilitated_by,
    set_join_request_decidable_by,
    set_open_to,
    set_readable_by,
    set_visible_to,
    topic_facilitated_by,
    topic_visible_to,
)
from cohorts.selectors.seeding import any_members_among, cohort_named, topics_by_title
from cohorts.selectors.set_pages import (
    MeetingPage,
    SetPage,
    SetRequestsPage,
    meeting_page,
    membership_of,
    proposal_for,
    proposal_groups,
    recorded_meeting_attendance,
    set_members,
    set_page,
    set_requests_page,
)

__all__ = [
    "AttendanceSummary",
    "CohortList",
    "CohortPage",
    "FacilitatorPage",
    "MeetingPage",
    "SetPage",
    "SetRequestsPage",
    "TopicsPage",
    "action_reportable_by",
    "any_members_among",
    "attendance_summary",
    "calendar_feed_current",
    "cohort_facilitated_by",
    "cohort_involving",
    "cohort_list",
    "cohort_members",
    "cohort_named",
    "cohort_page",
    "cohort_public",
    "cohort_requests",
    "cohort_with_role_of",
    "facilitates_anything",
    "facilitator_page",
    "feed_sessions",
    "join_request_decidable_by",
    "meeting_facilitated_by",
    "meeting_page",
    "meeting_visible_to",
    "membership_of",
    "presentation_editable_by",
    "proposal_for",
    "proposal_groups",
    "recorded_attendance",
    "recorded_meeting_attendance",
    "session_facilitated_by",
    "session_visible_to",
    "set_facilitated_by",
    "set_join_request_decidable_by",
    "set_members",
    "set_open_to",
    "set_page",
    "set_readable_by",
    "set_requests_page",
    "set_visible_to",
    "topic_facilitated_by",
    "topic_visible_to",
    "topics_by_title",
    "topics_page",
]
