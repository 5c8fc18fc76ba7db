"""Demo content: one cohort run by the demo facilitator, with a set and a session."""

import datetime

from django.utils import timezone

from cohorts.models import (
    SUGGESTED_TOPICS,
    ActionLearningSet,
    Cohort,
    JoinMode,
    Membership,
    Session,
    SetMembership,
    Topic,
)
from portal import demo

COHORT_NAME = "Leading across the PCN, spring cohort"


@demo.seeder("cohorts")
def seed(report: demo.Report) -> None:
    facilitator = demo.account("facilitator")
    today = timezone.localdate()
    cohort = demo.ensure(
        Cohort,
        {"name": COHORT_NAME},
        {
            "description": (
                "Eight monthly half-day sessions for people starting to lead in their PCN, "
                "with an action learning set for working on real problems between sessions."
            ),
            "start_date": datetime.date(today.year, 1, 15),
            "end_date": datetime.date(today.year, 12, 15),
            "join_mode": JoinMode.REQUEST,
        },
        report,
    )
    if not cohort.facilitators.filter(pk=facilitator.pk).exists():
        cohort.facilitators.add(facilitator)
        report.note("cohort facilitators", created=True)
    for title, why in SUGGESTED_TOPICS:
        demo.ensure(Topic, {"cohort": cohort, "title": title}, {"why": why}, report)
    members = [demo.account(key) for key in ("nurse", "gp-trainee", "pharmacist", "mentor")]
    for person in members:
        demo.ensure(Membership, {"cohort": cohort, "person": person}, {}, report)
    first = timezone.make_aware(datetime.datetime(today.year + 1, 2, 3, 13, 30))
    demo.ensure(
        Session,
        {"cohort": cohort, "starts_at": first},
        {"duration_minutes": 180, "place": "Soar Valley PCN hub", "topic": "Dealing with conflict"},
        report,
    )
    learning_set = demo.ensure(
        ActionLearningSet,
        {"name": f"{COHORT_NAME}: set 1"},
        {"cohort": cohort, "facilitator": facilitator},
        report,
    )
    for seat, person in enumerate(members, start=1):
        demo.ensure(SetMembership, {"set": learning_set, "person": person}, {"seat": seat}, report)
