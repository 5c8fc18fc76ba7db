"""Sections of the digest, contributed by the apps that own the content.

An app registers a section from its ``AppConfig.ready()``::

    from portal.digest import registry

    registry.section(key="offers", title="New offers for you", order=10)(collect_offers)

``collect`` receives a whole batch (`Batch`) and returns the content for each person
who has any, keyed by person id. It must make a fixed number of queries for the batch,
whatever its size: the digest of 100 people costs the same queries as the digest of 1.
"""

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Item:
    title: str
    url: str  # absolute path on the site ("/offers/x/"); made a full address when sent
    detail: str = ""


@dataclass(frozen=True)
class Group:
    """Items under a sub-heading (the team edition groups offers by profession)."""

    heading: str
    items: list[Item]


@dataclass(frozen=True)
class Content:
    """One section of one person's digest."""

    items: list[Item] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    total: int = 0  # how many there are; more than the items shown means "see all"
    see_all_url: str = ""
    # What goes in the subject line: "4 new offers for nurses in your ICB".
    summary: str = ""

    def __bool__(self) -> bool:
        return bool(self.items or self.groups)


@dataclass(frozen=True)
class Batch:
    """The people whose digests are built together, each with the start of their window."""

    people: Sequence  # Person rows with profession, career_level, organisation__icb loaded
    since: dict[int, datetime.datetime]  # person id → count new things from here
    today: datetime.date
    now: datetime.datetime
    team_edition: frozenset[int] = frozenset()  # ids of people who opted in

    @property
    def earliest(self) -> datetime.datetime:
        return min(self.since.values())


Collect = Callable[[Batch], dict[int, Content]]


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    order: int
    collect: Collect
    description: str = ""


_sections: dict[str, Section] = {}


def section(*, key: str, title: str, order: int = 100, description: str = ""):
    """Register a section; registering the same key again replaces it (safe on reload)."""

    def register(collect: Collect) -> Collect:
        _sections[key] = Section(key, title, order, collect, description)
        return collect

    return register


def sections() -> list[Section]:
    return sorted(_sections.values(), key=lambda s: (s.order, s.key))
