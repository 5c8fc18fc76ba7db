"""Mentoring pages: who may see what, and bad input answered with clear messages."""

import pytest
from django.urls import reverse

from careers.mentoring import services
from careers.mentoring.models import Match, MatchingRound, Relationship, RoleModel, SupportOffer
from tests.careers.mentoring.test_services import ask, coordinator, hub, run_and_confirm


def test_it_shows_meeting_notes_to_the_pair_only(client, accepted, pharmacist, nurse, outsider):
    url = reverse("careers:mentoring_relationship", args=[accepted["pair"].pk])
    for person in (pharmacist, nurse):
        client.force_login(person)
        assert b"Talked about boards" in client.get(url).content
    for person in (outsider, accepted["cora"]):
        client.force_login(person)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_it_shows_the_round_to_its_own_co_ordinators_only(
    client, accepted, pharmacist, nurse, outsider
):
    url = reverse("careers:mentoring_round", args=[accepted["round"].pk])
    client.force_login(accepted["cora"])
    page = client.get(url)
    assert page.status_code == 200 and b"1 of 1 request (100%)" in page.content
    for person in (pharmacist, nurse, outsider, coordinator(hub("Kent Hub"), "Kit Other")):
        client.force_login(person)
        assert client.get(url).status_code == 404
        assert client.post(url, {"action": "run"}).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_it_refuses_a_capacity_of_zero_with_a_clear_message(client, nurse):
    client.force_login(nurse)
    page = client.post(reverse("careers:mentoring_offer"), {"kind": "mentor", "capacity": "0"})
    assert page.status_code == 200
    assert "Capacity must be at least 1" in page.content.decode()
    assert not SupportOffer.objects.exists()


def test_it_refuses_a_request_with_no_kind_with_a_clear_message(client, pharmacist, accepted):
    client.force_login(pharmacist)
    page = client.post(
        reverse("careers:mentoring_ask"), {"round": accepted["round"].pk, "goals": "Grow"}
    )
    assert "Select mentor, sponsor or coach" in page.content.decode()


def test_accepting_a_declined_match_says_so(client, pharmacist, nurse):
    devon = hub()
    cora = coordinator(devon)
    matching_round = MatchingRound.objects.create(name="Devon", hub=devon)
    services.offer_save(person=nurse, kind="mentor", capacity=1)
    ask(pharmacist, matching_round, kind="mentor")
    match = run_and_confirm(matching_round, cora)
    client.force_login(nurse)
    client.post(reverse("careers:mentoring_answer", args=[match.pk]), {"answer": "decline"})
    client.force_login(pharmacist)
    page = client.post(
        reverse("careers:mentoring_answer", args=[match.pk]), {"answer": "accept"}, follow=True
    )
    assert "already declined" in page.content.decode()
    assert Match.objects.get().status == "declined"


def test_the_directory_filters_role_models_by_profession(client, pharmacist, nurse):
    RoleModel.objects.create(person=pharmacist, title="PCN clinical director", story="From wards")
    RoleModel.objects.create(person=nurse, title="Nurse lead", story="From practice")
    page = client.get(
        reverse("careers:mentoring_role_models"), {"profession": "clinical-pharmacist"}
    )
    assert "Priya Shah" in page.content.decode() and "Nia Evans" not in page.content.decode()


def test_it_shows_a_person_their_overview(client, accepted, pharmacist):
    client.force_login(pharmacist)
    page = client.get(reverse("careers:mentoring"))
    assert "Nia Evans as your sponsor" in page.content.decode()


def test_a_person_may_pause_only_their_own_offer(client, nurse, outsider):
    offer = services.offer_save(person=nurse, kind="mentor", capacity=1)
    client.force_login(outsider)
    assert client.post(reverse("careers:mentoring_pause", args=[offer.pk])).status_code == 404
    client.force_login(nurse)
    client.post(reverse("careers:mentoring_pause", args=[offer.pk]))
    assert SupportOffer.objects.get().paused


def test_a_co_ordinator_can_swap_a_proposed_supporter_on_the_round_page(
    client, pharmacist, nurse, gp_trainee
):
    devon = hub()
    cora = coordinator(devon)
    matching_round = MatchingRound.objects.create(name="Devon", hub=devon)
    services.offer_save(person=nurse, kind="mentor", capacity=1)
    other = services.offer_save(person=gp_trainee, kind="mentor", capacity=1)
    ask(pharmacist, matching_round, kind="mentor")
    client.force_login(cora)
    url = reverse("careers:mentoring_round", args=[matching_round.pk])
    client.post(url, {"action": "run"})
    match = Match.objects.get()
    alternative = other if match.offer != other else SupportOffer.objects.exclude(pk=other.pk).get()
    assert f'value="{alternative.pk}"' in client.get(url).content.decode()
    client.post(url, {"action": "swap", "match": match.pk, "offer": alternative.pk})
    assert Match.objects.get().offer == alternative


def test_the_relationship_page_opens_with_no_problem_to_show(client, accepted, pharmacist):
    url = reverse("careers:mentoring_relationship", args=[accepted["pair"].pk])
    client.force_login(pharmacist)
    assert "There is a problem" not in client.get(url).content.decode()
    sent = client.post(url, {"action": "close", "feedback": "Thanks"}).content.decode()
    # Only the form that was sent shows its summary (and takes focus).
    assert sent.count("There is a problem") == 1


def test_the_pair_agree_terms_and_close_with_feedback(client, accepted, pharmacist, nurse):
    url = reverse("careers:mentoring_relationship", args=[accepted["pair"].pk])
    client.force_login(pharmacist)
    page = client.post(url, {"action": "close", "feedback": "Thanks"})
    assert "Select yes or no" in page.content.decode()
    client.post(url, {"action": "agree", "goals": "Board role", "meeting_frequency": "Monthly"})
    client.post(url, {"action": "close", "went_well": "yes", "feedback": "Thanks"})
    client.force_login(nurse)
    client.post(url, {"action": "close", "went_well": "yes", "feedback": "A pleasure"})
    pair = Relationship.objects.get()
    assert pair.meeting_frequency == "Monthly" and pair.ended_on and pair.went_well
    client.post(reverse("careers:mentoring_relationship_log", args=[pair.pk]))
    assert nurse.activities.get().kind == "coaching_given"


def test_a_leader_can_opt_in_to_the_directory_with_their_story(client, pharmacist):
    client.force_login(pharmacist)
    url = reverse("careers:mentoring_role_model_edit")
    assert "Enter the story" in client.post(url, {"title": "Lead"}).content.decode()
    client.post(url, {"title": "PCN lead", "story": "Began in community pharmacy.", "listed": "on"})
    page = client.get(reverse("careers:mentoring_role_models"))
    assert "Began in community pharmacy." in page.content.decode()


def test_a_seeker_names_people_she_must_not_be_matched_with(client, gp_trainee, outsider):
    matching_round = MatchingRound.objects.create(name="Devon", hub=hub(), standing=True)
    client.force_login(gp_trainee)

    response = client.post(
        reverse("careers:mentoring_ask"),
        {
            "round": matching_round.pk,
            "kind": "mentor",
            "goals": "Chair the practice meeting",
            "profession_preference": "either",
            "remote": "on",
            "exclusions": "OLLY@example.nhs.uk\nnobody-here@example.nhs.uk\n",
        },
    )

    assert response.status_code == 302
    request = gp_trainee.support_requests.get()
    assert list(request.exclusions.all()) == [outsider]


def test_a_mistyped_exclusion_is_refused_and_nothing_is_saved(client, gp_trainee):
    matching_round = MatchingRound.objects.create(name="Devon", hub=hub(), standing=True)
    client.force_login(gp_trainee)

    page = client.post(
        reverse("careers:mentoring_ask"),
        {
            "round": matching_round.pk,
            "kind": "mentor",
            "goals": "Chair the practice meeting",
            "profession_preference": "either",
            "remote": "on",
            "exclusions": "olly at example",
        },
    )

    assert page.status_code == 200
    assert "is not an email address" in page.content.decode()
    assert not gp_trainee.support_requests.exists()


def test_someone_outside_a_match_is_told_it_does_not_exist(client, pharmacist, nurse, outsider):
    devon = hub()
    matching_round = MatchingRound.objects.create(name="Devon", hub=devon)
    services.offer_save(person=nurse, kind="mentor", capacity=1)
    ask(pharmacist, matching_round, kind="mentor")
    match = run_and_confirm(matching_round, coordinator(devon))
    url = reverse("careers:mentoring_answer", args=[match.pk])
    client.force_login(outsider)
    assert client.post(url, {"answer": "decline"}).status_code == 404
    match.refresh_from_db()
    assert match.status == "confirmed"
    client.force_login(pharmacist)
    assert client.post(url, {"answer": "accept"}).status_code == 302


def test_a_mistyped_match_on_the_round_page_is_not_found_rather_than_an_error(client, accepted):
    client.force_login(accepted["cora"])
    url = reverse("careers:mentoring_round", args=[accepted["round"].pk])
    for action in ("swap", "drop"):
        response = client.post(url, {"action": action, "match": "abc", "offer": "x"})
        assert response.status_code == 404


def test_the_overview_lists_only_the_rounds_a_co_ordinator_runs(client, accepted):
    MatchingRound.objects.create(name="Kent all year", hub=hub("Kent Hub"), standing=True)
    client.force_login(accepted["cora"])
    page = client.get(reverse("careers:mentoring")).content.decode()
    assert "Devon" in page
    assert "Kent all year" not in page


def test_a_role_model_entry_is_saved_through_the_service_and_edited_in_place(pharmacist):
    services.role_model_save(person=pharmacist, title="PCN lead", story="Began", listed=True)
    services.role_model_save(
        person=pharmacist, title="Clinical director", story="Then", listed=False
    )
    entry = RoleModel.objects.owned_by(pharmacist).get()
    assert (entry.title, entry.listed) == ("Clinical director", False)
    assert not RoleModel.objects.listed().exists()


# ---------------------------------------------------------------------------
# The co-ordinator's swap list (issue 21, item 11)
# ---------------------------------------------------------------------------
@pytest.fixture
def round_with_an_exclusion(pharmacist, nurse, gp_trainee):
    """Priya asks for a mentor in Devon's round and excluded Ezra, her old trainer.

    Nia and Tom (Devon) offer mentoring; so do Ezra (Devon) and Lola, who works in
    London and meets only there.
    """
    from tests.factories import OrganisationFactory, PersonFactory, icb

    devon = hub()
    cora = coordinator(devon)
    matching_round = MatchingRound.objects.create(name="Devon", hub=devon)
    services.offer_save(person=nurse, kind="mentor", capacity=1)
    services.offer_save(person=gp_trainee, kind="mentor", capacity=1)
    ezra = PersonFactory(full_name="Ezra Excluded", profession=pharmacist.profession)
    ezras = services.offer_save(person=ezra, kind="mentor", capacity=1)
    lola = PersonFactory(
        full_name="Lola Londoner",
        profession=pharmacist.profession,
        organisation=OrganisationFactory(icb=icb("QMF")),
    )
    lolas = services.offer_save(person=lola, kind="mentor", capacity=1, remote=False)
    ask(pharmacist, matching_round, kind="mentor", exclusions=[ezra])
    services.round_run(matching_round=matching_round, by=cora)
    return {"round": matching_round, "cora": cora, "ezra": ezras, "lola": lolas}


def test_the_swap_list_offers_only_pairs_the_rules_allow_within_the_rounds_area(
    client, round_with_an_exclusion
):
    client.force_login(round_with_an_exclusion["cora"])
    url = reverse("careers:mentoring_round", args=[round_with_an_exclusion["round"].pk])

    page = client.get(url).content.decode()

    assert 'name="offer"' in page
    assert "Ezra Excluded" not in page
    assert "Lola Londoner" not in page


@pytest.mark.parametrize("who", ["ezra", "lola"])
def test_a_swap_outside_the_rules_is_refused_without_saying_why(
    client, round_with_an_exclusion, who
):
    client.force_login(round_with_an_exclusion["cora"])
    url = reverse("careers:mentoring_round", args=[round_with_an_exclusion["round"].pk])
    match = Match.objects.get()
    before = match.offer_id

    page = client.post(
        url,
        {"action": "swap", "match": match.pk, "offer": round_with_an_exclusion[who].pk},
        follow=True,
    ).content.decode()

    assert "This pair cannot be matched." in page
    assert "rules" not in page.lower() and "exclu" not in page.lower()
    assert Match.objects.get().offer_id == before


# ---------------------------------------------------------------------------
# A supporter sees who asked only once both accepted (issue 21, item 13)
# ---------------------------------------------------------------------------
def test_a_supporter_sees_who_asked_only_once_both_have_accepted(client, pharmacist, nurse):
    """Priya asked for a sponsor; Nia was proposed. Nia learns it is Priya only at the end."""
    devon = hub()
    matching_round = MatchingRound.objects.create(name="Devon", hub=devon, standing=True)
    services.offer_save(person=nurse, kind="sponsor", capacity=1)
    ask(pharmacist, matching_round, goals="Recover from a grievance with my partners")
    match = run_and_confirm(matching_round, coordinator(devon))
    client.force_login(nurse)
    url = reverse("careers:mentoring")

    waiting = client.get(url).content.decode()
    assert "You as a sponsor to someone who asked for one" in waiting
    assert "Priya" not in waiting and "Shah" not in waiting and "grievance" not in waiting

    services.match_answer(match=match, person=nurse, accept=True)
    assert "Priya" not in client.get(url).content.decode()

    services.match_answer(match=match, person=pharmacist, accept=True)
    assert "You as Priya Shah’s sponsor" in client.get(url).content.decode()


def test_the_supporters_email_says_who_it_is_comes_after_both_accept(pharmacist, nurse):
    devon = hub()
    matching_round = MatchingRound.objects.create(name="Devon", hub=devon, standing=True)
    services.offer_save(person=nurse, kind="sponsor", capacity=1)
    ask(pharmacist, matching_round)
    match = run_and_confirm(matching_round, coordinator(devon))

    to_nia = services.match_ready_message(match, person=nurse, as_seeker=False)["body"]

    assert "See who it is" not in to_nia
    assert "once you have both accepted" in to_nia
    assert "Priya" not in to_nia
