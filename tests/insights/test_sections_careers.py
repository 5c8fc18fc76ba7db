"""Careers on the insights pages: who offers and receives support, and development needs.

Devon is QJK, with the Moor PCN and its practices; London (QMJ) is another hub's.
"""

import datetime

import pytest
from django.utils import timezone

from careers import insights
from careers.mentoring.models import (
    Match,
    MatchingRound,
    MatchStatus,
    Relationship,
    SupportKind,
    SupportOffer,
    SupportRequest,
)
from careers.models import Assessment, Rating
from portal.insights.scope import ENGLAND, Scope
from portal.models import LeadershipDimension, OrganisationKind
from tests.factories import OrganisationFactory, PersonFactory, icb, profession


def devon() -> Scope:
    return Scope(label="Devon", icb_ids=frozenset({icb("QJK").pk}), slug="devon")


@pytest.fixture
def moor_pcn(db):
    return OrganisationFactory(kind=OrganisationKind.PCN, name="Moor PCN")


def practice_in(pcn=None, ods_code="QJK"):
    return OrganisationFactory(pcn=pcn, icb=icb(ods_code))


def assess(person, gap: int = 1, *, level: int = 1, days_ago: int = 0, target=True) -> None:
    """A self-assessment rating every dimension at `level`, aiming `gap` levels higher."""
    assessment = Assessment.objects.create(
        person=person, created_at=timezone.now() - datetime.timedelta(days=days_ago)
    )
    Rating.objects.bulk_create(
        Rating(
            assessment=assessment,
            dimension=dimension,
            level=level,
            target=level + gap if target else None,
        )
        for dimension in LeadershipDimension.objects.all()
    )


def people(n, organisation, gap=1):
    crowd = [PersonFactory(organisation=organisation) for _ in range(n)]
    for person in crowd:
        assess(person, gap)
    return crowd


def table(tables, key):
    return next(t for t in tables if t.key == key)


def gaps(row) -> list:
    return [value for key, value in row.items() if key.startswith("gap_")]


# ---------------------------------------------------------------------------
# Participation
# ---------------------------------------------------------------------------
def offer(person, kind, **fields):
    return SupportOffer.objects.create(person=person, kind=kind, capacity=2, **fields)


def test_nia_offering_mentoring_counts_for_devon_and_a_londoners_offer_does_not(nurse):
    offer(nurse, SupportKind.MENTOR)
    offer(PersonFactory(organisation=practice_in(ods_code="QMJ")), SupportKind.MENTOR)

    measure = insights.offering(SupportKind.MENTOR)(devon())

    assert list(measure.values_list("who", "who_profession")) == [(nurse.pk, nurse.profession_id)]


def test_each_kind_of_support_is_its_own_measure_and_a_paused_offer_is_not_counted(
    nurse, pharmacist
):
    offer(nurse, SupportKind.SPONSOR)
    offer(pharmacist, SupportKind.COACH, accreditation="EMCC senior practitioner", paused=True)

    assert insights.offering(SupportKind.SPONSOR)(ENGLAND).count() == 1
    assert insights.offering(SupportKind.MENTOR)(ENGLAND).count() == 0
    assert insights.offering(SupportKind.COACH)(ENGLAND).count() == 0


def relationship(seeker, supporter, started_on):
    devon_round = MatchingRound.objects.create(name="Devon all year", icb=icb(), standing=True)
    request = SupportRequest.objects.create(
        round=devon_round, seeker=seeker, kind=SupportKind.MENTOR, goals="Lead the PCN's QI."
    )
    match = Match.objects.create(
        round=devon_round,
        request=request,
        offer=SupportOffer.objects.get_or_create(
            person=supporter, kind=SupportKind.MENTOR, defaults={"capacity": 2}
        )[0],
        status=MatchStatus.ACCEPTED,
    )
    return Relationship.objects.create(match=match, started_on=started_on)


def test_the_person_supported_is_counted_from_the_day_the_relationship_started(nurse, pharmacist):
    relationship(seeker=pharmacist, supporter=nurse, started_on=datetime.date(2026, 5, 4))

    [row] = insights.supported(ENGLAND).values("who", "who_profession", "at")

    assert (row["who"], row["who_profession"]) == (
        pharmacist.pk,
        profession("clinical-pharmacist").pk,
    )
    assert row["at"].date() == datetime.date(2026, 5, 4)


def test_an_erased_or_deactivated_seeker_is_not_counted(nurse, pharmacist, gp_trainee):
    relationship(seeker=pharmacist, supporter=nurse, started_on=datetime.date(2026, 5, 4))
    relationship(seeker=gp_trainee, supporter=nurse, started_on=datetime.date(2026, 5, 4))
    pharmacist.erased_at = timezone.now()
    pharmacist.save()
    gp_trainee.is_active = False
    gp_trainee.save()

    assert not insights.supported(ENGLAND).exists()


# ---------------------------------------------------------------------------
# Development needs
# ---------------------------------------------------------------------------
def test_five_nurses_in_the_moor_pcn_show_their_average_gap_by_icb_and_pcn(moor_pcn):
    crowd = people(4, practice_in(moor_pcn), gap=1)
    # Someone working for the PCN itself belongs to it too.
    crowd += people(1, moor_pcn, gap=2)
    people(5, practice_in(ods_code="QMJ"), gap=3)  # London: never in Devon's figures

    tables = insights.needs(devon())
    [icb_row] = table(tables, "needs-by-icb").rows
    [pcn_row] = table(tables, "needs-by-pcn").rows

    assert (icb_row["icb"], icb_row["people"]) == (icb("QJK").name, 5)
    assert gaps(icb_row) == pytest.approx([1.2] * 9)
    assert (pcn_row["pcn"], pcn_row["people"], gaps(pcn_row)) == ("Moor PCN", 5, gaps(icb_row))
    overall = table(tables, "needs-overall")
    assert {row["people"] for row in overall.rows} == {5}
    assert [row["gap"] for row in overall.rows] == pytest.approx([1.2] * 9)


def test_only_each_persons_latest_self_assessment_counts(nurse):
    assess(nurse, gap=3, days_ago=90)
    assess(nurse, gap=1)

    ratings = insights.latest_ratings(devon())

    assert ratings.count() == LeadershipDimension.objects.count()
    assert {r.target - r.level for r in ratings} == {1}


def test_no_target_or_a_target_below_today_counts_as_no_gap(nurse, pharmacist):
    assess(nurse, target=False)
    assess(pharmacist, gap=-1, level=3)
    people(3, nurse.organisation, gap=2)

    overall = table(insights.needs(devon()), "needs-overall")

    assert [row["gap"] for row in overall.rows] == pytest.approx([6 / 5] * 9)


def test_a_pcn_under_five_people_is_left_out_and_so_is_one_that_would_reveal_it(moor_pcn):
    people(5, practice_in(moor_pcn))
    people(1, OrganisationFactory(kind=OrganisationKind.PCN, name="Tor PCN"))

    tables = insights.needs(devon())

    # Devon (6) minus Moor (5) would give the one person in Tor PCN away.
    assert [row["people"] for row in table(tables, "needs-by-icb").rows] == [6]
    assert table(tables, "needs-by-pcn").rows == []


def test_deactivated_and_erased_people_are_not_in_the_averages(moor_pcn):
    crowd = people(7, practice_in(moor_pcn))
    crowd[0].is_active = False
    crowd[0].save()
    crowd[1].erased_at = timezone.now()
    crowd[1].save()

    [row] = table(insights.needs(devon()), "needs-by-icb").rows

    assert row["people"] == 5


def test_the_needs_page_takes_the_same_queries_for_few_people_or_many(
    moor_pcn, django_assert_num_queries
):
    people(5, practice_in(moor_pcn))
    scope = devon()
    with django_assert_num_queries(3):
        insights.needs(scope)
    people(30, practice_in(moor_pcn))
    people(10, practice_in(ods_code="QMJ"))
    with django_assert_num_queries(3):
        tables = insights.needs(ENGLAND)
    by_icb = {row["icb"]: row["people"] for row in table(tables, "needs-by-icb").rows}
    assert by_icb == {icb("QJK").name: 35, icb("QMJ").name: 10}
