"""The role-design check: which of the five features of a good leadership role a
description lacks, in words its author can act on."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from careers.models import Role

FEATURES = ("Purpose", "Influence", "Clarity", "Autonomy", "Fairness")

# A milestone is measurable when it names a number, a date or a percentage.
MEASURABLE = re.compile(r"\d|%|\b(by|before|within)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Gap:
    feature: str
    message: str


def design_gaps(role: Role) -> list[Gap]:
    gaps: list[Gap] = []
    if not role.purpose.strip():
        gaps.append(Gap("Purpose", "No purpose: say why the role exists and what it changes."))
    if not role.accountable_to.strip():
        gaps.append(Gap("Influence", "No accountability line: say who the role answers to."))
    if not role.decision_rights.strip():
        gaps.append(Gap("Influence", "No decision rights: say what the post holder may decide."))
    if "director" in role.title.lower() and not (
        role.holds_budget and role.decision_rights.strip()
    ):
        gaps.append(
            Gap(
                "Influence",
                "A “Director” title without a budget and decision authority: give both, "
                "or call it a lead.",
            )
        )
    if not role.aims.strip():
        gaps.append(Gap("Clarity", "No aims: say what the role should achieve."))
    milestones = [line for line in role.milestones.splitlines() if line.strip()]
    if not any(MEASURABLE.search(line) for line in milestones):
        gaps.append(Gap("Clarity", "No measurable milestone: add one with a date or a number."))
    if not role.autonomy.strip():
        gaps.append(
            Gap("Autonomy", "No scope stated: say how far the post holder plans and evaluates.")
        )
    if not role.sessions_per_week:
        gaps.append(Gap("Fairness", "No sessions a week: say how much time the role has."))
    if not role.remuneration.strip():
        gaps.append(Gap("Fairness", "No remuneration: say how the role is paid."))
    if not role.backfill.strip():
        gaps.append(Gap("Fairness", "No backfill: say who covers the post holder's usual work."))
    return gaps


def features_lacking(gaps: list[Gap]) -> list[str]:
    lacking = {gap.feature for gap in gaps}
    return [feature for feature in FEATURES if feature in lacking]
