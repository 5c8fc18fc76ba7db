"""Fixtures shared by mentoring's tests."""

import pytest
from django.utils import timezone

from careers.mentoring import services
from careers.mentoring.models import MatchingRound, Relationship
from tests.careers.mentoring.test_services import ask, coordinator, hub, run_and_confirm


@pytest.fixture
def accepted(pharmacist, nurse):
    """Priya is sponsored by Nia; Cora co-ordinates the Devon round."""
    devon = hub()
    cora = coordinator(devon)
    matching_round = MatchingRound.objects.create(name="Devon", hub=devon, standing=True)
    services.offer_save(person=nurse, kind="sponsor", capacity=1)
    ask(pharmacist, matching_round)
    match = run_and_confirm(matching_round, cora)
    services.match_answer(match=match, person=pharmacist, accept=True)
    services.match_answer(match=match, person=nurse, accept=True)
    pair = Relationship.objects.get()
    services.meeting_log(
        relationship=pair, person=nurse, met_on=timezone.localdate(), notes="Talked about boards"
    )
    return {"round": matching_round, "pair": pair, "cora": cora}
