from io import StringIO

import pytest
from django.core.management import call_command

from careers.models import Activity, Pathway, Role, Stage
from portal.models import Profession

pytestmark = pytest.mark.django_db


def seed(settings) -> str:
    settings.DEBUG = True
    out = StringIO()
    call_command("seed_demo", "--no-sign-ins", stdout=out)
    return out.getvalue()


def test_the_demo_has_a_pathway_of_at_least_four_stages_for_every_profession(settings):
    seed(settings)
    for profession in Profession.objects.all():
        pathway = Pathway.objects.get(profession=profession)
        stages = Stage.objects.filter(pathway=pathway)
        assert stages.count() >= 4, profession.name
        assert all(stage.expectations.exists() for stage in stages), profession.name


def test_the_demo_has_roles_with_and_without_design_gaps_and_a_nurses_log(settings):
    seed(settings)
    gaps = {role.title: bool(role.design_gaps) for role in Role.objects.all()}
    assert set(gaps.values()) == {True, False}
    assert Activity.objects.filter(person__email="nurse@example.org").count() == 3


def test_seeding_the_careers_demo_twice_changes_nothing(settings):
    seed(settings)
    counts = (Pathway.objects.count(), Stage.objects.count(), Activity.objects.count())
    second = seed(settings)
    assert (Pathway.objects.count(), Stage.objects.count(), Activity.objects.count()) == counts
    careers_lines = [line for line in second.splitlines() if "stage" in line or "pathway" in line]
    assert careers_lines and all(" 0 created, 0 updated" in line for line in careers_lines)
