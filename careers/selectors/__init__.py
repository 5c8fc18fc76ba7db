"""Reads that shape careers pages, one module per feature: ``fetch`` (one's own rows
through the rule that says whose they are), ``assessments``, ``feedback`` (360),
``pathways`` and ``roles``; each page comes from one function returning a small
dataclass. Callers write ``from careers import selectors`` and ``selectors.<name>``:
every name is re-exported here."""

from careers.selectors.assessments import (
    AssessmentPage,
    LevelsChart,
    assessment_comparison,
    assessment_page,
    dimensions,
    latest_self_levels,
    ratings_of,
)
from careers.selectors.feedback import (
    FeedbackResults,
    RoundSummary,
    feedback_round_summary,
    feedback_rounds,
    feedback_summary,
    level_name,
    rounded_level,
)
from careers.selectors.fetch import (
    ANSWERED,
    RATERS,
    activities_for_person,
    activity_for_person,
    assessment_for_person,
    assessments_for_person,
    feedback_round_requested_by,
    feedback_round_summarised_for,
    invitation_answerable_by,
    role_published,
    summary_queryset,
)
from careers.selectors.pathways import (
    PathwayPage,
    pathway_groups,
    pathway_page,
)
from careers.selectors.roles import (
    RolePage,
    open_roles,
    role_page,
)
from careers.selectors.seeding import activity_titled, assessed_among

__all__ = [
    "ANSWERED",
    "RATERS",
    "AssessmentPage",
    "FeedbackResults",
    "LevelsChart",
    "PathwayPage",
    "RolePage",
    "RoundSummary",
    "activities_for_person",
    "activity_for_person",
    "activity_titled",
    "assessed_among",
    "assessment_comparison",
    "assessment_for_person",
    "assessment_page",
    "assessments_for_person",
    "dimensions",
    "feedback_round_requested_by",
    "feedback_round_summarised_for",
    "feedback_round_summary",
    "feedback_rounds",
    "feedback_summary",
    "invitation_answerable_by",
    "latest_self_levels",
    "level_name",
    "open_roles",
    "pathway_groups",
    "pathway_page",
    "ratings_of",
    "role_page",
    "role_published",
    "rounded_level",
    "summary_queryset",
]
