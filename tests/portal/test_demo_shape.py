"""The demo seeder writes the way everyone else does: through the apps' services (and
reads through their selectors), so demo data keeps the rules real data keeps."""

import re
from pathlib import Path

from django.conf import settings

APPS = ("portal", "careers", "programmes", "cohorts")

# A manager call, or a model instance or queryset writing itself.
FORBIDDEN = re.compile(
    r"\.objects\b|\.bulk_create\(|\.bulk_update\(|\.save\(|\.update\(|\.set_password\("
    # A related manager's writes (offer.icbs.set, cohort.facilitators.add), not report.add.
    r"|\w\.\w+\.(set|add|remove|clear)\("
)


def demo_modules() -> list[Path]:
    base = Path(settings.BASE_DIR)
    found = []
    for app in APPS:
        found += [path.relative_to(base) for path in sorted((base / app / "demo").glob("*.py"))]
    return found


def offences(text: str, name: str) -> list[str]:
    return [
        f"{name}:{number}: {line.strip()}"
        for number, line in enumerate(text.splitlines(), start=1)
        if FORBIDDEN.search(line)
    ]


def test_the_search_finds_every_apps_demo_loader():
    names = {str(path) for path in demo_modules()}

    assert {
        "portal/demo/crowd.py",
        "portal/demo/digests.py",
        "careers/demo/mentoring.py",
        "programmes/demo/__init__.py",
        "cohorts/demo/__init__.py",
    } <= names


def test_no_demo_loader_calls_a_manager_or_saves_a_row_itself():
    base = Path(settings.BASE_DIR)
    found = []
    for path in demo_modules():
        found += offences((base / path).read_text(), str(path))

    assert not found, "Write through the app's services.py instead:\n" + "\n".join(found)


def test_the_check_names_the_file_and_line_of_a_bulk_write_or_a_save():
    text = (
        "people = crowd()\n"
        "Person.objects.bulk_create(rows)\n"
        "services.members_bulk_create(rows)\n"
        "person.save(update_fields=['password'])\n"
        "Application.objects.filter(pk=1).update(created_at=now)\n"
        "report.add('offers', created=1)\n"
        "cohort.facilitators.add(person)\n"
    )

    assert offences(text, "portal/demo/crowd.py") == [
        "portal/demo/crowd.py:2: Person.objects.bulk_create(rows)",
        "portal/demo/crowd.py:4: person.save(update_fields=['password'])",
        "portal/demo/crowd.py:5: Application.objects.filter(pk=1).update(created_at=now)",
        "portal/demo/crowd.py:7: cohort.facilitators.add(person)",
    ]
