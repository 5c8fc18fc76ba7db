"""Demo content for `manage.py seed_demo`: the toolkit every app's loader uses.

Demo content is data, not code: each app keeps it in files beside its loader, in
``<app>/demo/`` (offers in the curators' import CSV, the rest in small TOML files), and
its loader ``<app>/demo/__init__.py`` writes it through the app's services and
importers. seed_demo finds the loaders with ``autodiscover_modules("demo")`` when it
runs; no web or worker process ever imports them. A loader registers itself::

    from portal import demo

    @demo.seeder("communities")
    def seed(report: demo.Report) -> None:
        data = demo.read_toml(__file__, "communities.toml")
        host = demo.account("facilitator")
        for item in data["community"]:
            demo.ensure(Community, {"name": item["name"]}, {"host": host}, report)

Seeders run in registration order (portal's own first, then the apps in INSTALLED_APPS
order) inside one transaction. Each must be idempotent: a second run changes nothing,
which ``ensure`` gives for free. Everything is invented sample data: organisations
carry an ODS code starting with ``DEMO`` and accounts use addresses at example.org.
"""

import tomllib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from django.db import models

from portal import selectors, services
from portal.models import Person

# One shared password keeps the demo easy to try; it is never used outside DEBUG
# (seed_demo refuses to run with DEBUG off unless forced).
DEMO_PASSWORD = "primary-care-demo"  # noqa: S105

ModelT = TypeVar("ModelT", bound=models.Model)


def data_file(module_file: str, name: str) -> Path:
    """A data file beside a loader: ``data_file(__file__, "offers.csv")``."""
    return Path(module_file).with_name(name)


def read_toml(module_file: str, name: str) -> dict[str, Any]:
    with data_file(module_file, name).open("rb") as handle:
        return tomllib.load(handle)


@dataclass
class Report:
    """What a seeding run made and what it found already there, by kind of thing."""

    created: Counter = field(default_factory=Counter)
    found: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)

    def note(self, kind: str, *, created: bool = False, updated: bool = False) -> None:
        if created:
            self.created[kind] += 1
        elif updated:
            self.updated[kind] += 1
        else:
            self.found[kind] += 1

    def add(self, kind: str, *, created: int = 0, updated: int = 0, found: int = 0) -> None:
        """Several at once, for loaders that write in bulk."""
        self.created[kind] += created
        self.updated[kind] += updated
        self.found[kind] += found

    @property
    def changed_anything(self) -> bool:
        return bool(+self.created or +self.updated)

    def lines(self) -> list[str]:
        kinds = list(dict.fromkeys([*self.created, *self.updated, *self.found]))
        return [
            f"{kind}: {self.created[kind]} created, {self.updated[kind]} updated, "
            f"{self.found[kind]} already there"
            for kind in kinds
        ]


def ensure(
    model: type[ModelT], lookup: dict[str, Any], values: dict[str, Any], report: Report
) -> ModelT:
    """Get or create a reference row by its natural key and bring its fields to
    ``values``, through the service for rows loaded from files, noting what it did.
    Rows with rules of their own go through their app's services instead."""
    obj, created, updated = services.record_by_natural_key(model, lookup, values)
    report.note(model._meta.verbose_name_plural, created=created, updated=updated)
    return obj


# ---------------------------------------------------------------------------
# Registry of seeders
# ---------------------------------------------------------------------------
Seeder = Callable[[Report], None]
_seeders: dict[str, Seeder] = {}


def seeder(name: str) -> Callable[[Seeder], Seeder]:
    """Register ``function`` to run on seed_demo; registering a name again replaces it."""

    def register(function: Seeder) -> Seeder:
        _seeders[name] = function
        return function

    return register


def seeders() -> dict[str, Seeder]:
    return dict(_seeders)


# ---------------------------------------------------------------------------
# Persona accounts (accounts.toml)
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class DemoAccount:
    key: str
    persona: str
    full_name: str
    email: str
    profession: str  # Profession slug
    career_level: str  # CareerLevel slug
    organisation: str  # Organisation name (unique among the demo organisations)
    groups: tuple[str, ...] = ()
    is_staff: bool = False


ACCOUNTS: list[DemoAccount] = [
    DemoAccount(**{**row, "groups": tuple(row.get("groups", ()))})
    for row in read_toml(__file__, "accounts.toml")["account"]
]


def account(key: str) -> Person:
    """The demo person for a persona key, for app seeders that need an owner or member."""
    email = next(a.email for a in ACCOUNTS if a.key == key)
    return selectors.person_by_email(email)


# Portal's own loader registers first, so the apps' find its people and places.
from portal.demo import people  # noqa: E402, F401
