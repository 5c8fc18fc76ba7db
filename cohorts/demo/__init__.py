"""Demo content for cohorts (cohorts.toml): a cohort of persona accounts with a set and
a session, and a larger one of invented members who vote on its topics."""

from __future__ import annotations

import datetime

from django.utils import timezone

from cohorts import selectors, services
from cohorts.models import (
    ActionLearningSet,
    Cohort,
    Membership,
    Session,
    SetMembership,
    VoteValue,
)
from portal import demo
from portal import selectors as portal_selectors
from portal.demo.crowd import crowd, rng


def _cohort(spec: dict, report: demo.Report) -> Cohort:
    today = timezone.localdate()
    values = {
        "description": spec["description"],
        "start_date": datetime.date(today.year, *spec["starts"]),
        "end_date": datetime.date(today.year, *spec["ends"]),
        "hub": portal_selectors.training_hub_named(spec["hub"]) if "hub" in spec else None,
    }
    cohort = selectors.cohort_named(spec["name"])
    if cohort is not None:
        return demo.ensure(Cohort, {"pk": cohort.pk}, values, report)
    report.note("cohorts", created=True)
    # The service gives it the suggested topics every cohort starts with.
    return services.cohort_create(
        name=spec["name"], facilitator=demo.account(spec["facilitator"]), **values
    )


def _seed_personas(cohort: Cohort, spec: dict, report: demo.Report) -> None:
    members = [demo.account(key) for key in spec["members"]]
    for person in members:
        demo.ensure(Membership, {"cohort": cohort, "person": person}, {}, report)
    for session in spec.get("session", []):
        month, day, hour, minute = session["at_next_year"]
        year = timezone.localdate().year + 1
        demo.ensure(
            Session,
            {
                "cohort": cohort,
                "starts_at": timezone.make_aware(datetime.datetime(year, month, day, hour, minute)),
            },
            {
                "duration_minutes": session["minutes"],
                "place": session["place"],
                "topic": session["topic"],
            },
            report,
        )
    if "set" in spec:
        learning_set = demo.ensure(
            ActionLearningSet,
            {"name": spec["set"]["name"]},
            {"cohort": cohort, "facilitator": demo.account(spec["facilitator"])},
            report,
        )
        for seat, person in enumerate(members, start=1):
            demo.ensure(
                SetMembership, {"set": learning_set, "person": person}, {"seat": seat}, report
            )


def _seed_crowd(cohort: Cohort, spec: dict, report: demo.Report) -> None:
    """Invented members join over the weeks before it starts, propose topics and vote."""
    if selectors.any_members_among(cohort, crowd()):
        report.note("invented members' cohort places")
        return
    choose = rng(f"cohort {spec['name']}")
    area = crowd().filter(organisation__icb__ods_code__in=spec["crowd_icbs"]).order_by("email")
    members = choose.sample(list(area), spec["crowd_members"])
    start = timezone.make_aware(datetime.datetime.combine(cohort.start_date, datetime.time(9)))
    now = timezone.now()
    for person in members:
        joined = min(now, start - datetime.timedelta(days=choose.randint(1, 42)))
        demo.ensure(Membership, {"cohort": cohort, "person": person}, {"joined_at": joined}, report)
    for number, topic in enumerate(spec.get("proposed", [])):
        services.topic_propose(
            cohort=cohort, person=members[number], title=topic["title"], why=topic["why"]
        )
        report.note("topics", created=True)
    topics = selectors.topics_by_title(cohort)
    votes = 0
    for person in members:
        for title, (wants, keen) in spec["appetite"].items():
            if choose.random() < wants:
                value = VoteValue.KEEN if choose.random() < keen else VoteValue.INTERESTED
                services.vote_cast(topic=topics[title], person=person, value=value)
                votes += 1
    report.add("topic votes", created=votes)


@demo.seeder("cohorts")
def seed(report: demo.Report) -> None:
    for spec in demo.read_toml(__file__, "cohorts.toml")["cohort"]:
        cohort = _cohort(spec, report)
        if services.facilitator_add(cohort=cohort, person=demo.account(spec["facilitator"])):
            report.note("cohort facilitators", created=True)
        if "members" in spec:
            _seed_personas(cohort, spec, report)
        if "crowd_members" in spec:
            _seed_crowd(cohort, spec, report)
    # Communities of practice (cohorts/communities/demo.json): every cohort's own
    # community, then three communities with conversations, through the services.
    from cohorts.communities import demo as communities_demo

    communities_demo.load(report)
