"""Factories for cohorts and the requests to join them."""

import datetime

import factory
from django.utils import timezone

from cohorts.models import Cohort, JoinRequest
from tests.factories import PersonFactory


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    name = factory.Sequence(lambda n: f"Leading across the PCN, cohort {n}")
    description = "Twelve months of workshops and action learning."
    start_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    end_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=365))


class JoinRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JoinRequest

    cohort = factory.SubFactory(CohortFactory)
    person = factory.SubFactory(PersonFactory)
    message = "I lead our practice's nursing team and would like to join."
