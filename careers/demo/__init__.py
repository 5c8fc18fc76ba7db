"""Demo content for careers, from the TOML files beside this loader:

- ``pathways.toml``: a pathway for every profession, its stages and what each expects;
- ``roles.toml``: two leadership roles, one well designed and one with gaps;
- ``nurse.toml``: the demo nurse's leadership log and self-assessment;
- ``needs.toml``: self-assessments by the invented crowd, for "Development needs";
- ``mentoring.toml``: supporters, a role model and a standing matching round.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from careers import selectors, services
from careers.demo import mentoring
from careers.models import Pathway, Role, Stage, StageExpectation
from portal import demo
from portal import selectors as portal_selectors
from portal.demo.crowd import crowd, rng


def _next_steps(stages: list[dict], index: int) -> str:
    if index + 1 < len(stages):
        following = stages[index + 1]
        return "\n".join(
            [
                f"Work towards: {following['title'].lower()}",
                f"Typical requirements: {following['requirements'][0]}",
                "Find a mentor who holds the next role, and log what you lead along the way",
            ]
        )
    return "\n".join(
        [
            "Mentor or sponsor someone from a profession that rarely leads",
            "Take a system role: an ICB clinical or professional lead",
        ]
    )


def _seed_pathways(report: demo.Report, dimensions: dict) -> None:
    data = demo.read_toml(__file__, "pathways.toml")
    levels = portal_selectors.career_levels_by_slug()
    professions = portal_selectors.professions_by_slug()
    for spec in data["pathway"]:
        pathway = demo.ensure(
            Pathway,
            {"profession": professions[spec["profession"]]},
            {"summary": spec["summary"]},
            report,
        )
        for index, step in enumerate(spec["stage"]):
            stage = demo.ensure(
                Stage,
                {"pathway": pathway, "career_level": levels[step["level"]]},
                {
                    "title": step["title"],
                    "summary": data["stage_summaries"][step["level"]],
                    "typical_roles": "\n".join(step["roles"]),
                    "entry_requirements": "\n".join(step["requirements"]),
                    "pay_band": step["pay"],
                    "next_steps": _next_steps(spec["stage"], index),
                },
                report,
            )
            for slug, expected in data["expectations"][step["level"]].items():
                demo.ensure(
                    StageExpectation,
                    {"stage": stage, "dimension": dimensions[slug]},
                    {"level": expected},
                    report,
                )


def _seed_roles(report: demo.Report) -> None:
    curator = demo.account("curator")
    pcn = portal_selectors.first_pcn()
    if pcn is None:
        return
    for spec in demo.read_toml(__file__, "roles.toml")["role"]:
        values = {
            key: spec.get(key, "")
            for key in ("purpose", "accountable_to", "decision_rights", "aims", "autonomy")
        }
        values |= {key: spec[key] for key in ("remuneration", "backfill") if key in spec}
        if "holds_budget" in spec:
            values["holds_budget"] = spec["holds_budget"]
        if "sessions_per_week" in spec:
            values["sessions_per_week"] = Decimal(spec["sessions_per_week"])
        demo.ensure(
            Role,
            {"title": spec["title"]},
            {
                **values,
                "host": pcn,
                "milestones": "\n".join(spec["milestones"]),
                "closing_date": timezone.localdate()
                + datetime.timedelta(days=spec["closes_in_days"]),
                "all_professions": True,
                "published": True,
                "posted_by": curator,
            },
            report,
        )


def _seed_nurse(report: demo.Report, dimensions: dict) -> None:
    data = demo.read_toml(__file__, "nurse.toml")
    nurse = demo.account("nurse")
    today = timezone.localdate()
    for entry in data["activity"]:
        if selectors.activity_titled(nurse, entry["title"]):
            report.note("activities")
            continue
        services.activity_create(
            person=nurse,
            title=entry["title"],
            kind=entry["kind"],
            occurred_on=today - datetime.timedelta(days=entry["days_ago"]),
            hours=Decimal(entry["hours"]),
            dimensions=[dimensions[s] for s in entry["dimensions"]],
            reflection=data["reflection"],
        )
        report.note("activities", created=True)
    if selectors.assessed_among([nurse]):
        report.note("self-assessments")
        return
    services.assessment_create(
        person=nurse,
        ratings=[
            services.RatingInput(dimension=d, level=level, target=level + 1 if level == 1 else None)
            for d, level in zip(dimensions.values(), data["assessment"]["levels"], strict=True)
        ],
    )
    report.note("self-assessments", created=True)


def _seed_needs(report: demo.Report, dimensions: dict) -> None:
    """Crowd members assess themselves through the same service as anyone."""
    data = demo.read_toml(__file__, "needs.toml")
    choose = rng("self-assessments")
    people = list(crowd().select_related("profession", "career_level", "organisation__icb"))
    people.sort(key=lambda person: person.email)
    chosen = [person for person in people if choose.random() < data["share"]]
    done = selectors.assessed_among(chosen)
    growth = data["growth"]
    for person in chosen:
        # Drawn for everyone, in order, so each person's ratings are the same every run.
        shifts = [choose.choice((-1, 0, 0, 1)) for _ in dimensions]
        extras = [choose.choice((0, 0, 1)) for _ in dimensions]
        if person.pk in done:
            continue
        usual = data["usual_level"].get(getattr(person.career_level, "slug", ""), 2)
        wants = growth.get(person.profession.slug, growth["default"])
        local = data["growth_by_icb"].get(person.organisation.icb.ods_code, {})
        ratings = []
        for (slug, dimension), shift, extra in zip(dimensions.items(), shifts, extras, strict=True):
            level = min(4, max(1, usual + shift))
            gap = wants.get(slug, 0) + local.get(slug, 0) + extra
            ratings.append(
                services.RatingInput(dimension=dimension, level=level, target=min(4, level + gap))
            )
        services.assessment_create(person=person, ratings=ratings)
    kind = "invented members' self-assessments"
    report.add(kind, created=len(chosen) - len(done), found=len(done))


@demo.seeder("careers")
def seed(report: demo.Report) -> None:
    dimensions = portal_selectors.dimensions_by_slug()
    _seed_pathways(report, dimensions)
    _seed_roles(report)
    _seed_nurse(report, dimensions)
    _seed_needs(report, dimensions)
    mentoring.seed(report)
