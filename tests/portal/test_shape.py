"""The shape of the code: views fetch through selectors, so a page's queries (and the
rule querysets that decide who sees what) are read in one place per app."""

import re
from pathlib import Path

from django.conf import settings

APPS = ("portal", "careers", "programmes", "cohorts")

# A manager call, or the ORM's query-building toolkit (aggregates, Prefetch, Q, QuerySet).
FORBIDDEN = re.compile(
    r"\.objects\b"
    r"|^\s*from django\.db\.models[\s.]"
    r"|^\s*import django\.db\.models\b"
    r"|^\s*from django\.db import (.*\b)?models\b"
)


def views_modules() -> list[Path]:
    base = Path(settings.BASE_DIR)
    found = []
    for app in APPS:
        for path in sorted((base / app).rglob("*.py")):
            relative = path.relative_to(base)
            if any(part.startswith("views") for part in relative.parts):
                found.append(relative)
    return found


def offences(text: str, name: str) -> list[str]:
    return [
        f"{name}:{number}: {line.strip()}"
        for number, line in enumerate(text.splitlines(), start=1)
        if FORBIDDEN.search(line)
    ]


def test_the_search_finds_every_kind_of_views_module():
    names = {str(path) for path in views_modules()}

    assert {
        "careers/views/activities.py",
        "cohorts/views/sets.py",
        "portal/personal_data/views_export.py",
    } <= names


def test_no_views_module_calls_a_manager_or_imports_the_query_toolkit():
    base = Path(settings.BASE_DIR)
    found = [
        offence
        for path in views_modules()
        for offence in offences((base / path).read_text(), str(path))
    ]

    assert not found, "Fetch through the app's selectors.py instead:\n" + "\n".join(found)


def test_the_check_names_the_file_and_line_of_a_manager_call_or_an_aggregate_import():
    source = (
        '"""A view."""\n'
        "from django.db.models import Count\n"
        "from django.db import models\n"
        "offers = Offer.objects.all()\n"
        "import django.db.models\n"
        "from programmes import selectors  # the objects here are fine\n"
    )

    assert offences(source, "programmes/views.py") == [
        "programmes/views.py:2: from django.db.models import Count",
        "programmes/views.py:3: from django.db import models",
        "programmes/views.py:4: offers = Offer.objects.all()",
        "programmes/views.py:5: import django.db.models",
    ]
