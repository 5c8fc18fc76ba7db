"""Writes for the plan: making and stopping a person's private calendar address."""

from __future__ import annotations

from django.db import transaction

from portal.lib.refused import Refused
from portal.plan.models import PlanCalendar


@transaction.atomic
def plan_calendar_renew(*, person) -> PlanCalendar:
    """A new private calendar address for this person; any old one stops working."""
    if not person.is_authenticated or not person.is_active:
        raise Refused("Sign in to get a calendar address.")
    PlanCalendar.objects.filter(person=person).delete()
    return PlanCalendar.objects.create(person=person)


@transaction.atomic
def plan_calendar_revoke(*, person) -> int:
    """Stop this person's calendar address; returns how many stopped (0 or 1)."""
    deleted, _ = PlanCalendar.objects.filter(person=person).delete()
    return deleted
