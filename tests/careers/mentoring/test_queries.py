"""Mentoring's pages run the same number of queries however many rows they show."""

from django.urls import reverse
from django.utils import timezone

from careers.mentoring import services
from careers.mentoring.models import Match, MatchingRound, MatchStatus, RoleModel
from tests.careers.mentoring.test_services import ask, coordinator, hub, run_and_confirm
from tests.factories import PersonFactory, icb, profession
from tests.helpers import assert_queries_constant


def supporter(n: int, kind: str = "mentor"):
    """A GP who will meet anyone in the round's ICB."""
    person = PersonFactory(full_name=f"Supporter {n}", profession=profession("gp"))
    services.offer_save(person=person, kind=kind, capacity=2, dimensions=[], icbs=[icb()])
    return person


def test_the_overview_runs_the_same_queries_however_many_offers_requests_and_matches(
    client, accepted, pharmacist
):
    client.force_login(pharmacist)

    def more():
        mentoring = MatchingRound.objects.create(name="Mentors", hub=accepted["round"].hub)
        supporter(1)
        ask(pharmacist, mentoring, kind="mentor")
        run_and_confirm(mentoring, accepted["cora"])
        ask(pharmacist, mentoring, kind="coach")
        services.offer_save(person=pharmacist, kind="mentor", capacity=1, dimensions=[])

    response = assert_queries_constant(more, lambda: client.get(reverse("careers:mentoring")))

    assert len(response.context["matches"]) == 2
    assert len(response.context["requests"]) == 3


def test_the_overview_runs_the_same_queries_however_many_rounds_she_co_ordinates(client, accepted):
    cora = accepted["cora"]
    client.force_login(cora)

    def more():
        for n in range(3):
            MatchingRound.objects.create(name=f"Round {n}", hub=cora.organisation)

    response = assert_queries_constant(more, lambda: client.get(reverse("careers:mentoring")))

    assert len(response.context["rounds"]) == 4


def test_the_round_page_runs_the_same_queries_however_many_matches_it_proposes(db, client):
    devon = hub()
    cora = coordinator(devon)
    matching_round = MatchingRound.objects.create(name="Devon", hub=devon, standing=True)
    supporter(0)
    ask(PersonFactory(full_name="Seeker 0"), matching_round, kind="mentor")
    services.round_run(matching_round=matching_round, by=cora)
    client.force_login(cora)
    url = reverse("careers:mentoring_round", args=[matching_round.pk])

    def more():
        for n in range(1, 6):
            supporter(n)
            ask(PersonFactory(full_name=f"Seeker {n}"), matching_round, kind="mentor")
        services.round_run(matching_round=matching_round, by=cora)

    response = assert_queries_constant(more, lambda: client.get(url), warm=True)

    proposed = Match.objects.filter(round=matching_round, status=MatchStatus.PROPOSED)
    assert len(response.context["matches"]) == proposed.count() == 6


def test_the_relationship_page_runs_the_same_queries_however_many_meetings(
    client, accepted, pharmacist, nurse
):
    pair = accepted["pair"]
    client.force_login(pharmacist)
    url = reverse("careers:mentoring_relationship", args=[pair.pk])

    def more():
        for n in range(5):
            services.meeting_log(
                relationship=pair, person=nurse, met_on=timezone.localdate(), notes=f"Talk {n}"
            )

    response = assert_queries_constant(more, lambda: client.get(url))

    assert "Talk 4" in response.content.decode()


def test_the_role_model_directory_runs_the_same_queries_however_many_are_listed(client, db):
    RoleModel.objects.create(person=PersonFactory(), title="Lead 0", story="A story", listed=True)

    def more():
        for n in range(1, 6):
            RoleModel.objects.create(
                person=PersonFactory(), title=f"Lead {n}", story="A story", listed=True
            )

    response = assert_queries_constant(
        more, lambda: client.get(reverse("careers:mentoring_role_models"))
    )

    assert "Lead 5" in response.content.decode()
