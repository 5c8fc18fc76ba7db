"""Careers pages, by feature. Each page fetches what it is about through a selector named
for the rule queryset it applies (``selectors.activity_for_person``: another person's
row is "not found"), and writes through ``careers/services.py``. Mentoring's pages are
in ``careers/mentoring/views.py``."""

from careers.views.activities import (
    activity_create,
    activity_delete,
    activity_edit,
    activity_export,
    activity_from_application,
    activity_list,
    activity_print,
)
from careers.views.assessment import assessment_compare, assessment_create, assessment_overview
from careers.views.feedback import (
    feedback_answer,
    feedback_asked,
    feedback_overview,
    feedback_remind,
    feedback_results,
)
from careers.views.pathways import pathway_compare, pathway_detail, pathway_list
from careers.views.roles import role_detail, role_list

__all__ = [
    "activity_create",
    "activity_delete",
    "activity_edit",
    "activity_export",
    "activity_from_application",
    "activity_list",
    "activity_print",
    "assessment_compare",
    "assessment_create",
    "assessment_overview",
    "feedback_answer",
    "feedback_asked",
    "feedback_overview",
    "feedback_remind",
    "feedback_results",
    "pathway_compare",
    "pathway_detail",
    "pathway_list",
    "role_detail",
    "role_list",
]
