"""Cohort and set pages, by feature. Who may open each page is decided by the rule
querysets in ``cohorts/models.py``, applied through the selectors named after them
(``selectors.cohort_facilitated_by(person, pk=pk)``, 404 otherwise) and the decorators
in ``access.py``; what may be written, by ``cohorts/services.py``. Views call no
manager and build no query: pages read through the ``cohorts/selectors/`` package.

- a cohort's public description is for everyone; its members, sessions and topics are
  for members and facilitators; running it is for its facilitators;
- a set's content is for its members and its own facilitator only (404 for anyone else,
  curators and other facilitators included); members see it once they have accepted
  the set's ground rules, and only meetings held since they joined.
"""

from cohorts.views.cohorts import (
    calendar_link,
    cohort_create,
    cohort_detail,
    cohort_enrol,
    cohort_join,
    cohort_list,
    facilitator,
    join_requests,
)
from cohorts.views.meetings import (
    action_log,
    action_report,
    meeting_attendance,
    meeting_create,
    meeting_detail,
    meeting_ics,
    presentation_edit,
)
from cohorts.views.sessions import (
    attendance_summary,
    cohort_feed,
    session_attendance,
    session_create,
    session_ics,
    topic_schedule,
    topic_vote,
    topics,
)
from cohorts.views.sets import (
    agreement_edit,
    proposal,
    set_agreement,
    set_detail,
    set_join,
    set_requests,
    sets_form,
)

__all__ = [
    "action_log",
    "action_report",
    "agreement_edit",
    "attendance_summary",
    "calendar_link",
    "cohort_create",
    "cohort_detail",
    "cohort_enrol",
    "cohort_feed",
    "cohort_join",
    "cohort_list",
    "facilitator",
    "join_requests",
    "meeting_attendance",
    "meeting_create",
    "meeting_detail",
    "meeting_ics",
    "presentation_edit",
    "proposal",
    "session_attendance",
    "session_create",
    "session_ics",
    "set_agreement",
    "set_detail",
    "set_join",
    "set_requests",
    "sets_form",
    "topic_schedule",
    "topic_vote",
    "topics",
]
