"""Pages and participation measures, contributed by the apps that own the data.

An app registers from its ``AppConfig.ready()`` (importing ``<app>/insights.py``)::

    from portal.insights.registry import insights

    @insights.participation(key="applied", title="Applied for an offer", order=10)
    def applied(scope: Scope) -> QuerySet:
        ...

    @insights.page(key="catalogue", title="Catalogue health", order=30,
                   summary="One sentence for the insights index")
    def catalogue(scope: Scope) -> list[Table]:
        ...

A participation measure returns one row per participation event, annotated with
exactly ``who`` (person id), ``who_profession`` (profession id) and ``at`` (datetime),
already limited to the scope and to active, not erased people. The diversity page
groups them by profession and by quarter in the database.

A page returns its tables with raw values; it makes a fixed number of queries whatever
the data size. Registering the same key again replaces it (safe on reload).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet

from portal.insights.scope import Scope
from portal.insights.tables import Table

# Keys the core uses for its own pages; a registered page may not take them.
RESERVED_KEYS = frozenset({"diversity"})

Measure = Callable[[Scope], QuerySet]
Build = Callable[[Scope], list[Table]]


@dataclass(frozen=True)
class Participation:
    key: str
    title: str
    order: int
    queryset: Measure


@dataclass(frozen=True)
class Page:
    key: str
    title: str
    order: int
    build: Build
    summary: str = ""


class Registry:
    def __init__(self) -> None:
        self._participations: dict[str, Participation] = {}
        self._pages: dict[str, Page] = {}

    def participation(self, *, key: str, title: str, order: int = 100):
        def register(queryset: Measure) -> Measure:
            self._participations[key] = Participation(key, title, order, queryset)
            return queryset

        return register

    def page(self, *, key: str, title: str, order: int = 100, summary: str = ""):
        if key in RESERVED_KEYS:
            raise ValueError(f"The insights page key {key!r} is the core's own")

        def register(build: Build) -> Build:
            self._pages[key] = Page(key, title, order, build, summary)
            return build

        return register

    def participations(self) -> list[Participation]:
        return sorted(self._participations.values(), key=lambda p: (p.order, p.key))

    def pages(self) -> list[Page]:
        return sorted(self._pages.values(), key=lambda p: (p.order, p.key))

    def get_page(self, key: str) -> Page | None:
        return self._pages.get(key)


insights = Registry()
