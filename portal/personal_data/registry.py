"""What each app holds about a person, contributed by the app that holds it.

Apps register from ``AppConfig.ready()`` (portal imports no feature app)::

    from portal.personal_data.registry import eraser, exporter

    @exporter("activities", "Leadership activity log")
    def export_activities(person) -> dict[str, list[dict]]:
        return {"activities": [...]}        # file stem -> rows

    @eraser("activities", order=100)
    def erase_activities(person) -> None:
        ...                                 # runs inside the erasure's transaction

An exporter returns only the person's own data: never another person's name, email
or words. An eraser deletes what is only the person's and strips personal fields from
what others rely on.
"""

from collections.abc import Callable
from dataclasses import dataclass

Rows = list[dict]
ExportFunction = Callable[..., dict[str, Rows]]
EraseFunction = Callable[..., None]


@dataclass(frozen=True)
class Exporter:
    key: str
    title: str
    collect: ExportFunction


@dataclass(frozen=True)
class Eraser:
    key: str
    order: int
    erase: EraseFunction


_exporters: dict[str, Exporter] = {}
_erasers: dict[str, Eraser] = {}


def exporter(key: str, title: str) -> Callable[[ExportFunction], ExportFunction]:
    def register(collect: ExportFunction) -> ExportFunction:
        _exporters[key] = Exporter(key=key, title=title, collect=collect)
        return collect

    return register


def eraser(key: str, order: int = 100) -> Callable[[EraseFunction], EraseFunction]:
    def register(erase: EraseFunction) -> EraseFunction:
        _erasers[key] = Eraser(key=key, order=order, erase=erase)
        return erase

    return register


def exporters() -> list[Exporter]:
    return list(_exporters.values())


def erasers() -> list[Eraser]:
    return sorted(_erasers.values(), key=lambda e: (e.order, e.key))
