"""Self-assessment pages: her levels as a radar chart with the same figures as a table
(which series, in which colour, with what name, is decided here) and recommendations."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.safestring import SafeString

from careers.charts import (
    PREVIOUS_COLOUR,
    SELF_COLOUR,
    TARGET_COLOUR,
    Series,
    radar,
)
from careers.models import (
    Assessment,
    Rating,
)
from careers.recommendations import Recommendation, recommend
from careers.selectors.fetch import assessments_for_person
from portal.models import LeadershipDimension


def dimensions() -> list[LeadershipDimension]:
    """The nine dimensions, in the model's order, for a form or a chart."""
    return list(LeadershipDimension.objects.all())


def latest_self_levels(person) -> dict[int, int]:
    latest = Assessment.objects.for_person(person).first()
    if latest is None:
        return {}
    return dict(Rating.objects.filter(assessment=latest).values_list("dimension_id", "level"))


def ratings_of(assessments: list[Assessment]) -> dict[int, dict[int, Rating]]:
    ratings = Rating.objects.filter(assessment__in=assessments).select_related("dimension")
    by_assessment: dict[int, dict[int, Rating]] = defaultdict(dict)
    for rating in ratings:
        by_assessment[rating.assessment_id][rating.dimension_id] = rating
    return by_assessment


@dataclass(frozen=True)
class LevelsChart:
    """A radar chart with the same figures as a table (``careers/includes/chart.html``)."""

    svg: SafeString
    columns: list[str]
    series: list[Series]
    rows: list[dict]  # {"dimension", "values"}, the values in column order


@dataclass(frozen=True)
class AssessmentPage:
    """Her self-assessment page; the chart and recommendations once she has taken one."""

    assessments: list[Assessment]  # newest first
    latest: Assessment | None = None
    chart: LevelsChart | None = None
    recommendations: list[Recommendation] = field(default_factory=list)
    has_career_level: bool = False


def assessment_page(person) -> AssessmentPage:
    """Her latest levels with the one before, and offers for the widest gaps."""
    assessments = assessments_for_person(person)
    if not assessments:
        return AssessmentPage(assessments)
    all_dimensions = dimensions()
    latest, previous = assessments[0], (assessments[1] if len(assessments) > 1 else None)
    ratings = ratings_of([a for a in (latest, previous) if a])
    return AssessmentPage(
        assessments,
        latest=latest,
        chart=_levels_chart(all_dimensions, latest, previous, ratings),
        recommendations=recommend(person, list(ratings[latest.pk].values())),
        has_career_level=bool(person.career_level_id),
    )


def assessment_comparison(first: Assessment, second: Assessment) -> LevelsChart:
    """Two of her assessments, fetched through ``assessment_for_person``."""
    return _levels_chart(dimensions(), first, second, ratings_of([first, second]))


def _label(assessment: Assessment) -> str:
    return f"Self-assessment, {timezone.localtime(assessment.created_at):%-d %B %Y, %H:%M}"


def _levels_chart(all_dimensions, first, second, ratings) -> LevelsChart:
    columns = [(_label(first), {k: r.level for k, r in ratings[first.pk].items()})]
    colours = [(SELF_COLOUR, "")]
    if second:
        columns.append((_label(second), {k: r.level for k, r in ratings[second.pk].items()}))
        colours.append((PREVIOUS_COLOUR, "8 6"))
    if any(r.target for r in ratings[first.pk].values()):
        # Where she set no target she aims to stay where she is, so the shape stays whole.
        targets = {k: r.target or r.level for k, r in ratings[first.pk].items()}
        columns.append(("Your targets (your level now where you set none)", targets))
        colours.append((TARGET_COLOUR, "2 5"))
    series = [
        Series(name, [values.get(d.pk) for d in all_dimensions], colour, dashes)
        for (name, values), (colour, dashes) in zip(columns, colours, strict=True)
    ]
    return LevelsChart(
        svg=radar(
            [d.name for d in all_dimensions], series, title="Your levels on the nine dimensions"
        ),
        columns=[name for name, _ in columns],
        series=series,
        rows=[
            {"dimension": d, "values": [values.get(d.pk) for _, values in columns]}
            for d in all_dimensions
        ],
    )
