"""Cohorts on the insights pages: who joins cohorts and sets, and the topics most wanted.

Femi facilitates two cohorts; the people voting work in Devon (QJK) unless they are
Londoners (QMJ), whose votes count for London only.
"""

import datetime

import pytest
from django.utils import timezone

from cohorts import insights, services
from cohorts.models import Topic, VoteValue
from portal.insights.scope import ENGLAND, Scope
from tests.factories import OrganisationFactory, PersonFactory, icb, profession


def devon() -> Scope:
    return Scope(label="Devon", icb_ids=frozenset({icb("QJK").pk}), slug="devon")


def londoner():
    return PersonFactory(organisation=OrganisationFactory(icb=icb("QMJ")))


def new_cohort(name: str):
    return services.cohort_create(
        name=name,
        description="A year of learning together.",
        facilitator=PersonFactory(full_name="Femi Adeyemi", profession=profession("gp")),
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 12, 31),
    )


@pytest.fixture
def cohort(db):
    return new_cohort("Leading in the PCN")


def vote(cohort, title, people, value=VoteValue.KEEN):
    topic = Topic.objects.get(cohort=cohort, title=title)
    # Only members vote.
    services.members_enrol(cohort=cohort, people=people)
    for person in people:
        services.vote_cast(topic=topic, person=person, value=value)


def test_joining_a_cohort_counts_from_the_day_nia_joined_and_not_for_a_londoner(cohort, nurse):
    services.members_enrol(cohort=cohort, people=[nurse, londoner()])

    [row] = insights.joined_cohort(devon()).values("who", "who_profession", "at")

    assert (row["who"], row["who_profession"]) == (nurse.pk, nurse.profession_id)
    assert row["at"] <= timezone.now()


def test_a_set_place_counts_for_active_people_only(cohort, nurse, pharmacist):
    learning_set = services.set_create(name="Set one", facilitator=nurse, cohort=cohort)
    services.members_enrol(cohort=cohort, people=[nurse, pharmacist])
    for person in (nurse, pharmacist):
        services.set_member_add(learning_set=learning_set, person=person)
    pharmacist.erased_at = timezone.now()
    pharmacist.save()

    assert list(insights.joined_set(ENGLAND).values_list("who", flat=True)) == [nurse.pk]


def test_the_most_wanted_topic_adds_up_people_across_cohorts_in_the_area(cohort):
    other = new_cohort("Practice managers together")
    vote(cohort, "Dealing with conflict", [PersonFactory() for _ in range(4)])
    vote(other, "Dealing with conflict", [PersonFactory()], VoteValue.INTERESTED)
    vote(other, "Dealing with conflict", [londoner() for _ in range(3)])
    vote(cohort, "Building a team", [PersonFactory() for _ in range(2)])
    vote(cohort, "Thinking about strategy", [PersonFactory() for _ in range(6)], VoteValue.NOT_NOW)

    [table] = insights.topics(devon())

    assert table.rows == [
        {"topic": "Dealing with conflict", "people": 5, "keen": 4, "cohorts": 2},
        {"topic": "Building a team", "people": 2, "keen": 2, "cohorts": 1},
    ]


def test_a_topic_is_the_same_whatever_its_case_and_deactivated_voters_do_not_count(cohort):
    other = new_cohort("Nurses leading")
    nia = PersonFactory()
    Topic.objects.filter(cohort=other, title="Dealing with conflict").delete()
    topic = Topic.objects.create(cohort=other, title="dealing WITH conflict ", proposed_by=nia)
    services.members_enrol(cohort=other, people=[nia])
    services.vote_cast(topic=topic, person=nia, value=VoteValue.KEEN)
    gone = PersonFactory(is_active=False)
    vote(cohort, "Dealing with conflict", [PersonFactory(), gone])

    [table] = insights.topics(ENGLAND)

    assert [(row["people"], row["cohorts"]) for row in table.rows] == [(2, 2)]


def test_the_topics_page_is_one_query_whatever_the_votes(cohort, django_assert_num_queries):
    vote(cohort, "Dealing with conflict", [PersonFactory()])
    scope = devon()
    with django_assert_num_queries(1):
        insights.topics(scope)
    for _ in range(3):
        other = new_cohort("Another cohort")
        vote(other, "Building a team", [PersonFactory() for _ in range(3)])
    with django_assert_num_queries(1):
        [table] = insights.topics(scope)
    assert table.rows[0]["people"] == 9
