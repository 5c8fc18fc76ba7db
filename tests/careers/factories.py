"""Factories for pathways, log entries and leadership roles."""

import datetime

import factory
from django.utils import timezone

from careers.models import Activity, ActivityKind, Pathway, Role, Stage, StageExpectation
from portal.models import CareerLevel, LeadershipDimension, Profession
from tests.factories import OrganisationFactory, PersonFactory


def level(slug: str) -> CareerLevel:
    return CareerLevel.objects.get(slug=slug)


def dimension(slug: str) -> LeadershipDimension:
    return LeadershipDimension.objects.get(slug=slug)


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)
    occurred_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=7))
    title = factory.Sequence(lambda n: f"Chaired practice meeting {n}")
    kind = ActivityKind.CHAIRED_MEETING
    hours = 1

    @factory.post_generation
    def dimensions(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.dimensions.set(extracted)


def pathway_for(
    profession: Profession,
    levels=("early-career", "established", "advanced-or-specialist", "senior-leader"),
) -> Pathway:
    """A pathway with a stage at each of ``levels``, each expecting levels on every dimension."""
    pathway = Pathway.objects.create(
        profession=profession, summary=f"How {profession.plural} grow."
    )
    for order, slug in enumerate(levels, start=1):
        stage = Stage.objects.create(
            pathway=pathway,
            career_level=level(slug),
            title=f"{profession.name} stage {order}",
            typical_roles=f"Role A at {order}\nRole B at {order}",
            entry_requirements="A qualification",
            pay_band=f"Band {order + 4}",
            next_steps="Keep going",
        )
        StageExpectation.objects.bulk_create(
            StageExpectation(stage=stage, dimension=d, level=min(order, 4))
            for d in LeadershipDimension.objects.all()
        )
    return pathway


class RoleFactory(factory.django.DjangoModelFactory):
    """A well-designed, published role that lacks none of the five features."""

    class Meta:
        model = Role
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"PCN clinical lead for diabetes {n}")
    host = factory.SubFactory(OrganisationFactory)
    purpose = "Bring diabetes care across the network up to the best practice's level."
    accountable_to = "The PCN clinical director"
    decision_rights = "Decides the diabetes clinic model and spends the diabetes budget."
    holds_budget = True
    aims = "Every person with diabetes gets all eight care processes."
    milestones = "Eight care processes for 75% of people by March"
    autonomy = "Plans, delivers and evaluates the programme."
    sessions_per_week = 2
    remuneration = "Sessional rate"
    backfill = "Clinical sessions backfilled"
    closing_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    all_professions = True
    published = True
    posted_by = factory.SubFactory(PersonFactory)
