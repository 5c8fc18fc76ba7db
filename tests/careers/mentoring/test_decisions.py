"""Issue 16, 3.3: both sides of a match can decide on something more than a name."""

import pytest
from django.urls import reverse

from careers.mentoring import services
from careers.mentoring.models import MatchingRound
from portal.models import CareerLevel
from tests.careers.factories import dimension
from tests.careers.mentoring.test_services import ask, coordinator, hub, run_and_confirm


@pytest.fixture
def proposed(pharmacist, nurse):
    """Priya (an experienced pharmacist in Devon) asked for a sponsor; Nia was proposed."""
    pharmacist.career_level = CareerLevel.objects.order_by("order")[2]
    pharmacist.save()
    devon = hub()
    cora = coordinator(devon)
    matching_round = MatchingRound.objects.create(name="Devon", hub=devon, standing=True)
    services.offer_save(
        person=nurse, kind="sponsor", capacity=1, dimensions=[dimension("engaging-the-team")]
    )
    ask(
        pharmacist,
        matching_round,
        goals="Recover from a grievance with my partners",
        dimensions=[dimension("engaging-the-team")],
    )
    return {"round": matching_round, "cora": cora}


def test_the_supporter_sees_profession_stage_area_and_dimensions_but_not_name_or_practice(
    client, proposed, pharmacist, nurse
):
    match = run_and_confirm(proposed["round"], proposed["cora"])
    client.force_login(nurse)

    page = client.get(reverse("careers:mentoring")).content.decode()

    assert "Clinical pharmacist" in page
    assert pharmacist.career_level.name in page
    assert str(pharmacist.organisation.icb) in page
    assert str(pharmacist.organisation.icb.region) in page
    assert "Engaging the team" in page
    # Not her name, her practice, nor her own words before both accept.
    assert "Priya" not in page
    assert pharmacist.organisation.name not in page
    assert "grievance" not in page

    services.match_answer(match=match, person=nurse, accept=True)
    services.match_answer(match=match, person=pharmacist, accept=True)
    accepted = client.get(reverse("careers:mentoring")).content.decode()
    assert "Recover from a grievance with my partners" in accepted


def test_the_co_ordinator_reads_reasons_in_words_without_weights(client, proposed):
    client.force_login(proposed["cora"])
    url = reverse("careers:mentoring_round", args=[proposed["round"].pk])

    page = client.post(url, {"action": "run"}, follow=True).content.decode()

    assert "1 match proposed." in page
    assert "1 matches" not in page
    assert "Offers the kind of support asked for" in page
    assert "(1)" not in page and "(20)" not in page and "(10)" not in page
    assert "1 of 1 request (100%)" in page


def test_confirming_one_match_says_so_in_the_singular(client, proposed):
    client.force_login(proposed["cora"])
    url = reverse("careers:mentoring_round", args=[proposed["round"].pk])
    client.post(url, {"action": "run"})

    page = client.post(url, {"action": "confirm"}, follow=True).content.decode()

    assert "1 match confirmed." in page


def test_the_ask_form_says_in_one_sentence_each_what_a_mentor_sponsor_and_coach_do(client, nurse):
    client.force_login(nurse)

    page = client.get(reverse("careers:mentoring_ask")).content.decode()

    for kind, words in (
        ("mentor", "shares what they have learned and advises you"),
        ("sponsor", "uses their influence to open doors for you"),
        ("coach", "help you reach your own goals by asking questions"),
    ):
        assert words in page
        # Each sentence sits under its own choice and is read out with it.
        assert f'value="{kind}" aria-describedby="id_kind_' in page
    assert page.count('class="nhsuk-hint nhsuk-radios__hint"') == 3
