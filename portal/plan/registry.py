"""Parts of a member's plan (the signed-in home page), contributed by the apps that own them.

An app registers a part from its ``AppConfig.ready()``, as it does a digest section::

    from portal.plan import registry


    @registry.part(key="cohorts", order=30)
    def collect(context: registry.PlanContext) -> registry.Contribution: ...

``collect`` receives one person (profession, career stage and workplace loaded) and
today's date in Europe/London, and returns what that app has for her plan. It must make
a **fixed number of queries**, whatever she has: the page's count is pinned by a test.

A part contributes to four places on the page:
- ``tasks``: what needs her now (a match to answer, ground rules to accept…);
- ``dated``: what is coming up; the same items fill her private calendar feed;
- ``panels``: a block of the app's own template under "Where you are heading" or
  "What you have done this year";
- ``first_steps``: what to do first, shown while she has not done it yet.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from django.utils import timezone

# "Where you are heading" and "What you have done this year".
Area = Literal["heading", "done"]


@dataclass(frozen=True)
class PlanContext:
    person: object  # Person with profession, career_level and organisation__icb loaded
    today: datetime.date  # in Europe/London
    now: datetime.datetime
    # Only ``dated`` is wanted (her calendar feed): a part may skip everything else.
    calendar_only: bool = False


@dataclass(frozen=True)
class Task:
    """Something waiting for her to act on it."""

    title: str
    url: str
    detail: str = ""
    tag: str = ""  # the area it belongs to, shown as an NHS.UK tag ("Mentoring")
    due: datetime.date | None = None  # the soonest due comes first
    since: datetime.datetime | None = None  # then the newest
    urgent: bool = False  # overdue or due within days: shown with a red tag


@dataclass(frozen=True)
class Dated:
    """Something on a date: on the page under "Coming up" and in her calendar feed.

    ``uid`` is stable for the thing (``cohort-session-12``) so a calendar app updates an
    event rather than adding a copy. A date without a time is an all-day event.
    """

    uid: str
    title: str
    url: str
    starts: datetime.datetime | datetime.date
    kind: str  # "Application deadline", "Cohort session"…
    ends: datetime.datetime | datetime.date | None = None
    detail: str = ""
    location: str = ""

    @property
    def timed(self) -> bool:
        return isinstance(self.starts, datetime.datetime)

    @property
    def day(self) -> datetime.date:
        if isinstance(self.starts, datetime.datetime):
            return timezone.localtime(self.starts).date()
        return self.starts


@dataclass(frozen=True)
class Panel:
    area: Area
    template: str
    context: dict = field(default_factory=dict)
    order: int = 100


@dataclass(frozen=True)
class Contribution:
    tasks: list[Task] = field(default_factory=list)
    dated: list[Dated] = field(default_factory=list)
    panels: list[Panel] = field(default_factory=list)
    first_steps: list[Task] = field(default_factory=list)


Collect = Callable[[PlanContext], Contribution]


@dataclass(frozen=True)
class Part:
    key: str
    order: int
    collect: Collect


_parts: dict[str, Part] = {}


def part(*, key: str, order: int = 100):
    """Register a part; registering the same key again replaces it (safe on reload)."""

    def register(collect: Collect) -> Collect:
        _parts[key] = Part(key, order, collect)
        return collect

    return register


def parts() -> list[Part]:
    return sorted(_parts.values(), key=lambda p: (p.order, p.key))
