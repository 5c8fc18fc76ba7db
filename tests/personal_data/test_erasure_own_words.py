"""Erasure and the words a person wrote: what others keep loses her name and addresses.

Zephyrine writes her name and both addresses into every text column she authored,
in rows erasure keeps (her topic's title, her cohort, sessions and set as a
facilitator…) and in rows it blanks or deletes; afterwards none of them holds either.
"""

import datetime

import pytest
from django.db import models
from django.utils import timezone

from careers.mentoring.models import Meeting, Relationship, RoleModel, SupportOffer, SupportRequest
from careers.models import Activity, RoleInterest
from cohorts import services as cohort_services
from cohorts.communities.models import Community, CommunityJoinRequest, Reply, Report, Thread
from cohorts.models import (
    Action,
    ActionLearningSet,
    Cohort,
    JoinRequest,
    Presentation,
    Session,
    Topic,
)
from portal.digest.models import DigestDelivery
from portal.models import Person
from portal.personal_data import erasure
from programmes.models import Application, TimeAgreement
from tests.factories import PersonFactory
from tests.personal_data.everywhere import EMAIL, NAME, OTHER_EMAIL
from tests.personal_data.test_erasure import STAFF_ONLY, columns_pointing_at_a_person

pytestmark = pytest.mark.django_db

# Every text column a member writes, and how to find her rows in it. A row reached
# through a facilitator's cohort may also hold a co-facilitator's words: her name goes
# from them all the same.
HER_WORDS: list[tuple[type[models.Model], str, list[str]]] = [
    (Topic, "proposed_by", ["title", "why"]),
    (Session, "chosen_topics__proposed_by", ["topic"]),
    (Cohort, "facilitators", ["name", "description"]),
    (Session, "cohort__facilitators", ["topic", "notes", "place"]),
    (ActionLearningSet, "facilitator", ["name", "agreement"]),
    (Presentation, "presenter", ["issue"]),
    (Action, "presentation__presenter", ["description", "note"]),
    (JoinRequest, "person", ["message"]),
    (Activity, "person", ["title", "reflection"]),
    (RoleInterest, "person", ["message"]),
    (SupportOffer, "person", ["accreditation", "topics", "profile"]),
    (SupportRequest, "seeker", ["goals", "topics", "unmatched_reason"]),
    (Relationship, "match__request__seeker", ["goals", "meeting_frequency", "seeker_feedback"]),
    (Relationship, "match__offer__person", ["goals", "meeting_frequency", "supporter_feedback"]),
    (Meeting, "logged_by", ["notes"]),
    (RoleModel, "person", ["title", "story"]),
    (DigestDelivery, "person", ["subject", "error"]),
    (Application.history.model, "history_user", ["history_change_reason"]),
    (Thread, "author", ["title", "body"]),
    (Reply, "author", ["body"]),
    (Thread, "hidden_by", ["hidden_reason"]),
    (Reply, "hidden_by", ["hidden_reason"]),
    (Community, "proposed_by", ["name", "purpose"]),
    (CommunityJoinRequest, "person", ["message"]),
    (Report, "reporter", ["reason"]),
    # A manager's note on protected time (who she is was typed by the colleague asking).
    (TimeAgreement, "manager", ["note"]),
]
# Text in these rows points at a person but is not hers to have written.
NOT_HERS = {
    "portal.Person_groups.person": "groups are given by administrators",
    "careers.Invitation": "a 360 requester types the rater's name and address (careers/erasure.py)",
    "cohorts.CalendarFeed": "a random calendar address, deleted on erasure (cohorts/erasure.py)",
    "portal.PlanCalendar": "a random calendar address, deleted on erasure (portal's erasure.py)",
}


def text_columns(model: type[models.Model]) -> list[str]:
    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField) and not field.choices
    ]


def her_rows(person: Person) -> dict[tuple[type[models.Model], str], list[int]]:
    return {
        (model, lookup): list(
            model._default_manager.filter(**{lookup: person}).values_list("pk", flat=True)
        )
        for model, lookup, _ in HER_WORDS
    }


def her_words_for(field: models.Field) -> str:
    """The longest of her sentences that fits the column."""
    sentences = [
        f"{NAME} wrote this ({EMAIL}, {OTHER_EMAIL.upper()}); ask Zephyrine",
        f"{NAME} <{EMAIL}>",
        NAME,
    ]
    return next(s for s in sentences if not field.max_length or len(s) <= field.max_length)


def test_every_column_a_member_writes_is_in_the_list():
    listed = {model for model, _, _ in HER_WORDS}
    historical = set(erasure.historical_models())
    missing = []
    for model, name in columns_pointing_at_a_person():
        label = f"{model._meta.label}.{name}"
        if model._meta.app_label not in {"portal", "careers", "programmes", "cohorts"}:
            continue
        if label in STAFF_ONLY or label in NOT_HERS or model._meta.label in NOT_HERS:
            continue
        if model in historical and model is not Application.history.model:
            continue  # the catalogue's and pathways' history is written by staff
        if model is Person:
            continue
        if model._meta.auto_created:  # a many-to-many: the words are on the other side
            other = next(
                f.related_model
                for f in model._meta.concrete_fields
                if f.is_relation and f.name != name
            )
            model, label = other, f"{other._meta.label} (through {label})"
        if text_columns(model) and model not in listed:
            missing.append(label)
    assert missing == [], "Add these to HER_WORDS and decide what erasure does with them"


def test_no_column_she_wrote_keeps_her_name_or_addresses(zephyrine):
    person = zephyrine.person
    # Her own cohort gets a session, and her topic is chosen for one of Femi's.
    her_cohort = Cohort.objects.get(facilitators=person)
    soon = timezone.now() + datetime.timedelta(days=3)
    cohort_services.session_create(cohort=her_cohort, starts_at=soon)
    topic = Topic.objects.get(proposed_by=person)
    femis_session = Session.objects.exclude(cohort=her_cohort).first()
    cohort_services.topic_schedule(topic=topic, session=femis_session)

    rows = her_rows(person)
    for (model, lookup, fields), pks in zip(HER_WORDS, rows.values(), strict=True):
        assert pks, f"Zephyrine has no {model._meta.label} through {lookup}"
        values = {name: her_words_for(model._meta.get_field(name)) for name in fields}
        model._default_manager.filter(pk__in=pks).update(**values)

    assert erasure.person_erase(person) is True

    needles = [*NAME.split(), EMAIL, OTHER_EMAIL]
    kept = {}
    for (model, lookup, fields), pks in zip(HER_WORDS, rows.values(), strict=True):
        for row in model._default_manager.filter(pk__in=pks).values("pk", *fields):
            for name in fields:
                text = (row[name] or "").lower()
                found = [needle for needle in needles if needle.lower() in text]
                assert found == [], f"{model._meta.label}.{name} (through {lookup}): {row[name]}"
                if text:
                    kept[f"{model._meta.label}.{name}"] = row[name]
    # What others keep still reads as a sentence about someone.
    assert kept["cohorts.Topic.title"] == (
        "a former member wrote this (a former member, a former member); ask a former member"
    )
    assert kept["cohorts.Session.topic"] == kept["cohorts.Topic.title"]
    assert "a former member" in kept["cohorts.ActionLearningSet.agreement"]
    assert "a former member" in kept["cohorts.Cohort.description"]


def test_toms_topic_keeps_its_title_without_his_name(db, gp_trainee, nurse):
    cohort = cohort_services.cohort_create(
        name="Leading in the PCN",
        description="A year together.",
        facilitator=PersonFactory(),
        start_date=timezone.localdate(),
        end_date=timezone.localdate() + datetime.timedelta(days=300),
    )
    cohort_services.members_enrol(cohort=cohort, people=[gp_trainee, nurse])
    tom = gp_trainee
    cohort_services.topic_propose(cohort=cohort, person=tom, title="Tom Okafor proposes: rota")
    cohort_services.topic_propose(
        cohort=cohort, person=tom, title="Tom's second idea: tom@example.nhs.uk"
    )
    cohort_services.topic_propose(
        cohort=cohort, person=nurse, title="a former member proposes: rota"
    )

    erasure.person_erase(tom)

    titles = Topic.objects.filter(cohort=cohort, title__contains="a former member")
    assert sorted(titles.values_list("title", flat=True)) == [
        "a former member proposes: rota",
        "a former member proposes: rota (2)",
        "a former member's second idea: a former member",
    ]
    # Only her own words change: Nia's topic keeps its title.
    assert Topic.objects.get(proposed_by=nurse).title == "a former member proposes: rota"
