"""Offers, requests, rounds and relationships, told through the personas."""

import datetime
import threading

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.utils import timezone

from careers.mentoring import matching, services
from careers.mentoring.models import (
    COORDINATORS,
    Match,
    MatchingRound,
    MatchStatus,
    Relationship,
    RequestStatus,
    RoundStatus,
    SupportOffer,
    SupportRequest,
)
from careers.models import Activity, ActivityKind
from careers.services import Refused
from portal import services as portal_services
from portal.models import HeldRoleKind, Organisation, OrganisationKind
from tests.careers.factories import dimension
from tests.factories import PersonFactory, icb, profession
from tests.helpers import assert_queries_constant


def hub(name: str = "Devon Training Hub") -> Organisation:
    return Organisation.objects.create(kind=OrganisationKind.TRAINING_HUB, name=name, icb=icb())


def coordinator(for_hub: Organisation, name: str = "Cora Ward"):
    person = PersonFactory(full_name=name, organisation=for_hub)
    person.groups.add(Group.objects.get(name=COORDINATORS))
    return person


@pytest.fixture
def devon_hub(db) -> Organisation:
    return hub()


@pytest.fixture
def cora(devon_hub):
    """Cora co-ordinates mentoring for the Devon training hub."""
    return coordinator(devon_hub)


@pytest.fixture
def standing_round(devon_hub) -> MatchingRound:
    return MatchingRound.objects.create(name="Devon all year", hub=devon_hub, standing=True)


@pytest.fixture
def sponsor(db):
    """Sam, a GP partner who sponsors people from any profession."""
    sam = PersonFactory(full_name="Sam Reid", profession=profession("gp"))
    services.offer_save(
        person=sam,
        kind="sponsor",
        capacity=1,
        dimensions=[dimension("influencing-for-results")],
        icbs=[icb()],
    )
    return sam


def ask(seeker, matching_round, kind="sponsor", **fields):
    fields.setdefault("goals", "Lead the network's medicines optimisation work.")
    return services.request_create(
        seeker=seeker, matching_round=matching_round, kind=kind, **fields
    )


def run_and_confirm(matching_round, by) -> Match:
    services.round_run(matching_round=matching_round, by=by)
    services.round_confirm(matching_round=matching_round, by=by)
    return Match.objects.get(round=matching_round, status=MatchStatus.CONFIRMED)


@pytest.mark.parametrize("capacity", [0, -2])
def test_it_refuses_an_offer_with_no_capacity_and_suggests_pausing(nurse, capacity):
    with pytest.raises(Refused, match=r"at least 1.*pause"):
        services.offer_save(person=nurse, kind="mentor", capacity=capacity)
    assert not SupportOffer.objects.exists()


def test_it_asks_a_coach_for_their_accreditation(nurse):
    with pytest.raises(Refused, match="accreditation"):
        services.offer_save(person=nurse, kind="coach", capacity=2)
    offer = services.offer_save(
        person=nurse, kind="coach", capacity=2, accreditation="EMCC Practitioner"
    )
    assert offer.accreditation == "EMCC Practitioner"


def test_it_keeps_one_offer_for_each_kind_and_lets_it_be_paused(nurse):
    services.offer_save(person=nurse, kind="mentor", capacity=1)
    offer = services.offer_save(person=nurse, kind="mentor", capacity=3)
    assert SupportOffer.objects.get().capacity == 3
    services.offer_pause(offer=offer)
    assert not SupportOffer.objects.available().exists()


@pytest.mark.parametrize("kind", [None, "", "guru"])
def test_it_refuses_a_request_with_no_kind(pharmacist, standing_round, kind):
    with pytest.raises(Refused, match="mentor, a sponsor or a coach"):
        ask(pharmacist, standing_round, kind=kind)


def test_it_matches_a_pharmacist_with_a_sponsor_and_explains_why(
    pharmacist, sponsor, standing_round, cora
):
    ask(pharmacist, standing_round, dimensions=[dimension("influencing-for-results")])
    result = services.round_run(matching_round=standing_round, by=cora)
    match = Match.objects.get()
    assert match.offer.person == sponsor and match.status == MatchStatus.PROPOSED
    assert match.score == result.total
    words = [w for w, _ in match.reasons]
    assert "Can help with 1 of the leadership dimension asked for" in words


def test_it_records_why_a_seeker_was_left_unmatched(pharmacist, nurse, standing_round, cora):
    ask(pharmacist, standing_round, kind="coach")
    services.round_run(matching_round=standing_round, by=cora)
    assert services.round_summary(standing_round) == {
        "requests": 1,
        "matched": 0,
        "matched_share": 0,
        "unmatched": {matching.UNMATCHED_REASONS[matching.NO_SUPPORTER]: 1},
    }


def test_it_never_proposes_someone_the_seeker_excluded(pharmacist, sponsor, standing_round, cora):
    ask(pharmacist, standing_round, exclusions=[sponsor])
    services.round_run(matching_round=standing_round, by=cora)
    assert not Match.objects.exists()
    request = pharmacist.support_requests.get()
    assert request.unmatched_reason == matching.RULES_EXCLUDED_ALL


def test_it_lets_only_the_hubs_co_ordinators_run_and_confirm(
    pharmacist, sponsor, standing_round, outsider
):
    other = coordinator(hub("Kent Training Hub"), "Kit Other")
    ask(pharmacist, standing_round)
    for person in (outsider, other, pharmacist, sponsor):
        with pytest.raises(Refused):
            services.round_run(matching_round=standing_round, by=person)
    assert not Match.objects.exists()


def test_it_lets_a_co_ordinator_drop_or_swap_a_proposed_match(
    pharmacist, sponsor, standing_round, cora
):
    second = PersonFactory(full_name="Ama Boateng", profession=profession("gp"))
    other_offer = services.offer_save(person=second, kind="sponsor", capacity=1)
    ask(pharmacist, standing_round)
    services.round_run(matching_round=standing_round, by=cora)
    match = Match.objects.get()
    swapped = services.match_swap(match=match, offer=other_offer, by=cora)
    assert swapped.offer == other_offer
    services.match_drop(match=swapped, by=cora)
    assert not Match.objects.exists()


def test_it_confirms_a_round_only_once(pharmacist, sponsor, standing_round, cora):
    ask(pharmacist, standing_round)
    services.round_run(matching_round=MatchingRound.objects.get(), by=cora)
    assert services.round_confirm(matching_round=standing_round, by=cora) == 1
    with pytest.raises(Refused, match="already be confirmed"):
        services.round_confirm(matching_round=standing_round, by=cora)
    assert Match.objects.filter(status=MatchStatus.CONFIRMED).count() == 1


@pytest.mark.postgresql(reason="row locks between threads; SQLite serialises every write")
@pytest.mark.django_db(transaction=True)
def test_two_co_ordinators_confirming_at_once_make_one_match(
    pharmacist, sponsor, standing_round, cora, devon_hub
):
    colleague = coordinator(devon_hub, "Cal Jones")
    ask(pharmacist, standing_round)
    services.round_run(matching_round=standing_round, by=cora)
    outcomes: list[str] = []

    def confirm(person) -> None:
        try:
            services.round_confirm(matching_round=standing_round, by=person)
            outcomes.append("confirmed")
        except Refused:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm, args=(p,)) for p in (cora, colleague)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["confirmed", "refused"]
    assert Match.objects.filter(status=MatchStatus.CONFIRMED).count() == 1


def test_both_accepting_starts_a_relationship(pharmacist, sponsor, standing_round, cora):
    ask(pharmacist, standing_round)
    match = run_and_confirm(standing_round, cora)
    services.match_answer(match=match, person=pharmacist, accept=True)
    assert not Relationship.objects.exists()
    match = services.match_answer(match=match, person=sponsor, accept=True)
    assert match.status == MatchStatus.ACCEPTED
    assert Relationship.objects.get().match == match


def test_a_decline_frees_the_place_and_returns_the_seeker_to_the_round(
    pharmacist, sponsor, gp_trainee, standing_round, cora
):
    ask(pharmacist, standing_round)
    match = run_and_confirm(standing_round, cora)
    services.match_answer(match=match, person=sponsor, accept=False)
    with pytest.raises(Refused, match="already declined"):
        services.match_answer(match=match, person=pharmacist, accept=True)
    assert pharmacist.support_requests.get().status == RequestStatus.OPEN
    # The place is free for someone else, and the declined pair is never proposed again.
    ask(gp_trainee, standing_round)
    services.round_run(matching_round=standing_round, by=cora)
    proposed = Match.objects.get(status=MatchStatus.PROPOSED)
    assert proposed.request.seeker == gp_trainee
    # Sam, the only sponsor, declined Priya: the rules now rule him out for her.
    assert pharmacist.support_requests.get().unmatched_reason == matching.RULES_EXCLUDED_ALL


def test_only_the_pair_can_answer_log_meetings_or_see_notes(
    pharmacist, sponsor, standing_round, cora, outsider
):
    ask(pharmacist, standing_round)
    match = run_and_confirm(standing_round, cora)
    with pytest.raises(Refused):
        services.match_answer(match=match, person=outsider, accept=True)
    services.match_answer(match=match, person=pharmacist, accept=True)
    services.match_answer(match=match, person=sponsor, accept=True)
    relationship = Relationship.objects.get()
    services.meeting_log(
        relationship=relationship, person=sponsor, met_on=timezone.localdate(), notes="Private"
    )
    for person in (outsider, cora):
        assert not Relationship.objects.visible_to(person).filter(pk=relationship.pk).exists()
        with pytest.raises(Refused):
            services.meeting_log(
                relationship=relationship, person=person, met_on=timezone.localdate()
            )
    assert Relationship.objects.visible_to(pharmacist).filter(pk=relationship.pk).exists()
    with pytest.raises(Refused, match="future"):
        services.meeting_log(
            relationship=relationship,
            person=pharmacist,
            met_on=timezone.localdate() + datetime.timedelta(days=1),
        )


def test_closing_badly_ends_it_and_both_can_log_it_once(pharmacist, sponsor, standing_round, cora):
    request = ask(pharmacist, standing_round)
    match = run_and_confirm(standing_round, cora)
    services.match_answer(match=match, person=pharmacist, accept=True)
    services.match_answer(match=match, person=sponsor, accept=True)
    relationship = Relationship.objects.get()
    services.relationship_close(
        relationship=relationship, person=pharmacist, feedback="Useful", went_well=True
    )
    relationship = services.relationship_close(
        relationship=relationship, person=sponsor, feedback="We never gelled", went_well=False
    )
    assert relationship.ended_on == timezone.localdate() and relationship.went_well is False
    assert Match.objects.get().status == MatchStatus.ENDED
    for _ in range(2):
        services.relationship_log(relationship=relationship, person=pharmacist)
        services.relationship_log(relationship=relationship, person=sponsor)
    kinds = dict(Activity.objects.values_list("person__email", "kind"))
    assert kinds == {
        pharmacist.email: ActivityKind.COACHING_RECEIVED,
        sponsor.email: ActivityKind.COACHING_GIVEN,
    }
    # Ended badly: never matched again, even when asking afresh.
    request.status = RequestStatus.WITHDRAWN
    request.save()
    ask(pharmacist, standing_round)
    services.round_run(matching_round=standing_round, by=cora)
    assert pharmacist.support_requests.get(status=RequestStatus.OPEN).unmatched_reason == (
        matching.RULES_EXCLUDED_ALL
    )


def test_a_standing_round_stays_open_after_confirming(pharmacist, sponsor, standing_round, cora):
    ask(pharmacist, standing_round)
    run_and_confirm(standing_round, cora)
    standing_round.refresh_from_db()
    assert standing_round.status == RoundStatus.OPEN


def test_professions_holding_few_leadership_roles_count_as_under_represented(db):
    gps = [PersonFactory(profession=profession("gp")) for _ in range(4)]
    nurses = [PersonFactory(profession=profession("general-practice-nurse")) for _ in range(6)]
    for gp in gps[:3]:
        portal_services.held_roles_update(gp, [HeldRoleKind.PRACTICE_PARTNER])
    portal_services.held_roles_update(nurses[0], [HeldRoleKind.CLINICAL_LEAD])
    # A nurse who gave her role up no longer counts as a leader.
    portal_services.held_roles_update(nurses[1], [HeldRoleKind.CLINICAL_LEAD])
    portal_services.held_roles_update(nurses[1], [])

    under = services.under_represented_professions()

    assert profession("general-practice-nurse").pk in under
    assert profession("gp").pk not in under


def test_sponsors_stand_in_for_leaders_until_anyone_records_a_role(sponsor, pharmacist):
    under = services.under_represented_professions()

    assert pharmacist.profession_id in under
    assert sponsor.profession_id not in under


def test_confirming_a_match_emails_both_people_to_answer(
    pharmacist, sponsor, standing_round, cora, mailoutbox, django_capture_on_commit_callbacks
):
    ask(pharmacist, standing_round)
    services.round_run(matching_round=standing_round, by=cora)

    with django_capture_on_commit_callbacks(execute=True):
        services.round_confirm(matching_round=standing_round, by=cora)

    assert sorted(m.to[0] for m in mailoutbox) == sorted([pharmacist.email, sponsor.email])
    to_priya = next(m for m in mailoutbox if m.to == [pharmacist.email])
    assert to_priya.subject == "Your sponsor match is ready for your answer"
    assert "/mentoring/" in to_priya.body
    # The email only says a match waits: who it is shows once she signs in.
    assert sponsor.full_name not in to_priya.body


def test_confirming_twice_emails_nobody_the_second_time(
    pharmacist, sponsor, standing_round, cora, mailoutbox, django_capture_on_commit_callbacks
):
    ask(pharmacist, standing_round)
    run_and_confirm(standing_round, by=cora)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Refused):
        services.round_confirm(matching_round=standing_round, by=cora)

    assert mailoutbox == []


def test_co_ordinators_coordinate_their_own_hubs_and_icbs_rounds_only(devon_hub, cora, outsider):
    own = MatchingRound.objects.create(name="Devon", hub=devon_hub)
    by_icb = MatchingRound.objects.create(name="Devon ICB", icb=devon_hub.icb)
    other = MatchingRound.objects.create(name="Kent", hub=hub("Kent Hub"))
    elsewhere = MatchingRound.objects.create(name="London ICB", icb=icb("QMF"))
    assert set(MatchingRound.objects.coordinated_by(cora)) == {own, by_icb}
    # Working for the hub is not enough: co-ordinating needs the group too.
    colleague = PersonFactory(organisation=devon_hub)
    assert not MatchingRound.objects.coordinated_by(colleague).exists()
    assert not MatchingRound.objects.coordinated_by(outsider).exists()
    with pytest.raises(Refused):
        services.round_run(matching_round=other, by=cora)
    with pytest.raises(Refused):
        services.round_run(matching_round=elsewhere, by=cora)


def test_a_co_ordinator_sees_requests_in_her_own_rounds_only(devon_hub, cora, pharmacist, nurse):
    own = MatchingRound.objects.create(name="Devon", hub=devon_hub)
    other = MatchingRound.objects.create(name="Kent", hub=hub("Kent Hub"))
    mine = ask(pharmacist, own)
    ask(nurse, other)
    assert list(SupportRequest.objects.coordinated_by(cora)) == [mine]
    assert not SupportRequest.objects.coordinated_by(pharmacist).exists()


def test_running_a_round_reads_each_table_once_however_many_people_ask(
    pharmacist, sponsor, standing_round, cora
):
    def newcomer(n: int):
        """Someone asking for a coach (nobody offers coaching) who mentors others."""
        person = PersonFactory(full_name=f"Newcomer {n}", profession=profession("gp"))
        ask(person, standing_round, kind="coach", topics="Clinical leadership\nBudgets")
        services.offer_save(person=person, kind="mentor", capacity=2, dimensions=[])

    ask(pharmacist, standing_round, dimensions=[dimension("influencing-for-results")])
    newcomer(0)

    # Reading, solving and saving: one UPDATE per reason, not per request.
    result = assert_queries_constant(
        lambda: [newcomer(n) for n in range(1, 20)],
        lambda: services.round_run(matching_round=standing_round, by=cora),
        warm=True,
    )

    assert len(result.matches) == 1 and len(result.unmatched) == 20
