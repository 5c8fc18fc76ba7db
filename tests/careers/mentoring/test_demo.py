from io import StringIO

import pytest
from django.core.management import call_command

from careers.mentoring.models import MatchingRound, RoleModel, SupportOffer

pytestmark = pytest.mark.django_db


def seed(settings) -> None:
    settings.DEBUG = True
    call_command("seed_demo", "--no-sign-ins", stdout=StringIO())


def test_the_demo_has_supporters_a_pharmacist_role_model_and_a_standing_round(settings):
    seed(settings)
    seed(settings)
    assert SupportOffer.objects.count() == 3
    assert RoleModel.objects.get().person.profession.slug == "clinical-pharmacist"
    assert MatchingRound.objects.get().standing
