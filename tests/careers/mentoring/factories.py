"""Factories for matching rounds and the requests for support in them."""

import factory

from careers.mentoring.models import MatchingRound, SupportKind, SupportRequest
from tests.factories import PersonFactory
from tests.programmes.factories import HubFactory


class MatchingRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MatchingRound

    name = factory.Sequence(lambda n: f"Standing mentoring round {n}")
    hub = factory.SubFactory(HubFactory)
    standing = True


class SupportRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportRequest

    round = factory.SubFactory(MatchingRoundFactory)
    seeker = factory.SubFactory(PersonFactory)
    kind = SupportKind.MENTOR
    goals = "To lead our practice's move to a new care model."
