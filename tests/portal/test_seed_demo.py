import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from django.apps import apps
from django.core.management import CommandError, call_command

from portal import demo
from portal.digest.services import reachable_people
from portal.models import HeldRole, Organisation, OrganisationKind, Person
from programmes.models import Offer

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _laptop(settings):
    # pytest-django turns DEBUG off; seed_demo is for a laptop, where it is on.
    settings.DEBUG = True
    # Seeding hashes six passwords and checks them again on every run.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def every_row() -> dict[str, list[tuple]]:
    """Every row of every table, M2M tables included, in primary-key order."""
    return {
        model._meta.db_table: list(model._base_manager.order_by("pk").values_list())
        for model in apps.get_models(include_auto_created=True)
    }


def test_it_creates_one_verified_account_per_persona():
    seed()

    for spec in demo.ACCOUNTS:
        person = Person.objects.get(email=spec.email)
        assert person.check_password(demo.DEMO_PASSWORD)
        assert person.profession.slug == spec.profession
        assert person.career_level.slug == spec.career_level
        assert EmailAddress.objects.filter(
            user=person, email=spec.email, verified=True, primary=True
        ).exists()


def test_it_makes_the_curator_training_hub_staff():
    seed()

    curator = demo.account("curator")
    assert curator.is_staff
    assert not curator.is_superuser
    assert curator.organisation.kind == OrganisationKind.TRAINING_HUB
    assert list(curator.groups.values_list("name", flat=True)) == ["Training-hub curators"]


def test_it_puts_the_facilitator_in_the_facilitators_group():
    seed()

    facilitator = demo.account("facilitator")
    assert list(facilitator.groups.values_list("name", flat=True)) == ["Facilitators"]
    assert not facilitator.is_staff


def test_it_creates_practices_in_pcns_across_several_icbs():
    seed()

    practices = Organisation.objects.filter(kind=OrganisationKind.PRACTICE)
    assert practices.exists()
    assert not practices.filter(pcn=None).exists()
    assert practices.values("icb").distinct().count() >= 3
    assert Organisation.objects.filter(kind=OrganisationKind.PCN, ods_code="").count() == 0


def test_it_creates_training_hubs_that_serve_icbs():
    seed()

    hubs = Organisation.objects.training_hubs()
    assert hubs.count() == 2
    for hub in hubs:
        assert hub.serves_icbs.exists()


def test_it_marks_every_demo_organisation_as_sample_data():
    seed()

    codes = Organisation.objects.values_list("ods_code", flat=True)
    assert all(code.startswith("DEMO") for code in codes)


def test_it_changes_nothing_on_a_second_run():
    seed()
    before = every_row()

    output = seed()

    assert every_row() == before
    assert "nothing changed" in output
    assert " 0 created" in output
    assert "updated, 0 already there" not in output


def test_it_puts_back_a_demo_password_that_was_changed():
    seed()
    nurse = demo.account("nurse")
    nurse.set_password("something-else-entirely")
    nurse.save()

    seed()

    nurse.refresh_from_db()
    assert nurse.check_password(demo.DEMO_PASSWORD)


def test_it_prints_the_demo_sign_ins():
    output = seed()

    for spec in demo.ACCOUNTS:
        assert spec.email in output
    assert demo.DEMO_PASSWORD in output


def test_it_refuses_to_run_with_debug_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--force"):
        seed()

    assert not Person.objects.exists()


def test_it_runs_with_debug_off_when_forced(settings):
    settings.DEBUG = False

    seed("--force")

    assert Person.objects.filter(email__in=[a.email for a in demo.ACCOUNTS]).count() == len(
        demo.ACCOUNTS
    )


def test_it_runs_seeders_that_apps_register(monkeypatch):
    monkeypatch.setattr(demo, "_seeders", dict(demo._seeders))
    calls: list[str] = []

    @demo.seeder("an-app")
    def seed_an_app(report: demo.Report) -> None:
        calls.append(demo.account("mentor").full_name)
        report.note("things")

    output = seed()

    assert calls == ["Mariam Hussain"]
    assert "things: 0 created, 0 updated, 1 already there" in output


def test_it_invents_enough_members_for_insights_to_show_figures_but_none_can_sign_in():
    seed()

    crowd = Person.objects.filter(email__startswith="member-")
    assert crowd.count() == 420
    assert not any(person.has_usable_password() for person in crowd)
    # Confirmed, so that insights count them (they count only confirmed people), but
    # never sent a digest.
    assert EmailAddress.objects.filter(user__in=crowd, verified=True, primary=True).count() == 420
    assert not reachable_people().filter(pk__in=crowd).exists()
    gp_leaders = HeldRole.objects.current().filter(person__profession__slug="gp")
    assert gp_leaders.values("person").distinct().count() >= 5


def test_no_web_or_worker_process_imports_demo_content_at_start_up():
    # A fresh interpreter, as gunicorn or Celery starts: settings, apps, URLs, the
    # Celery app. Only seed_demo, when it runs, finds the apps' demo loaders.
    code = (
        "import sys, django; django.setup(); import portal.urls, portal.celery; "
        "print(*sorted(m for m in sys.modules if any(p.startswith('demo') "
        "for p in m.split('.')[1:])), sep='\\n')"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings"}
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True
    )

    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == []


def test_it_finds_each_apps_demo_loader_when_it_runs():
    seed()

    assert {"portal", "careers", "programmes", "cohorts"} <= set(demo.seeders())
    assert Offer.objects.published().count() >= 60
