"""Nia with everything in her plan, built through the apps' own services.

Shared by the plan's tests, its browser test and its benchmark (tests/bench/plan.py):
every part of the plan has something for her, so every query a part can make runs.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.utils import timezone

from careers import services as careers_services
from careers.mentoring import services as mentoring_services
from careers.mentoring.models import COORDINATORS, Match, MatchingRound, MatchStatus, Relationship
from cohorts import services as cohort_services
from cohorts.models import JoinMode
from portal.models import LeadershipDimension, Organisation, OrganisationKind, Person
from portal.plan import services as plan_services
from programmes import services as programme_services
from programmes.models import ApplicationStatus
from tests.careers.factories import ActivityFactory, level, pathway_for
from tests.factories import PersonFactory, icb, profession
from tests.programmes.factories import IntakeFactory, OfferFactory, days_from_today


@dataclass
class World:
    nia: Person
    colleague: Person
    facilitator: Person


def ratings(level_: int, target: int) -> list:
    return [
        careers_services.RatingInput(dimension=d, level=level_, target=target)
        for d in LeadershipDimension.objects.all()
    ]


def _offers(nia: Person, colleague: Person, copies: int) -> None:
    """Saved, interested and applied offers (her time waiting for her manager), offers
    that close her widest gaps, and a colleague's time waiting for her to agree it."""
    for _ in range(copies):
        saved = IntakeFactory(application_deadline=days_from_today(10))
        programme_services.saved_offer_add(person=nia, offer=saved.offer)
        interested = IntakeFactory(application_deadline=days_from_today(5))
        programme_services.application_create(
            person=nia, offer=interested.offer, status=ApplicationStatus.INTERESTED
        )
        applied = IntakeFactory(start_date=days_from_today(30 + _), application_deadline=None)
        application = programme_services.application_create(
            person=nia, offer=applied.offer, intake=applied
        )
        programme_services.time_agreement_request(
            application=application, person=nia, name="Pat Manager", email="pat@example.nhs.uk"
        )
        OfferFactory(dimensions=list(LeadershipDimension.objects.all()[:3]))
        theirs = IntakeFactory()
        programme_services.time_agreement_request(
            application=programme_services.application_create(
                person=colleague, offer=theirs.offer, intake=theirs
            ),
            person=colleague,
            name="Nia Evans",
            email=nia.email,
        )


def _careers(nia: Person, colleague: Person, copies: int) -> None:
    careers_services.assessment_create(person=nia, ratings=ratings(1, 3))
    dimensions = list(LeadershipDimension.objects.all())
    for n in range(copies):
        ActivityFactory(person=nia, dimensions=dimensions[n % 9 : n % 9 + 2], hours=2)
    # Her own round, answered by three colleagues and so closed: results to read.
    mine = careers_services.feedback_round_create(
        person=nia,
        raters=[
            careers_services.RaterInput(f"Rater {n}", f"rater{n}@example.nhs.uk", "peer")
            for n in range(3)
        ],
    )
    for invitation in mine.invitations.all():
        careers_services.feedback_answer(
            invitation=invitation, levels={d.pk: 3 for d in dimensions}
        )
    # A colleague asked her for feedback.
    careers_services.feedback_round_create(
        person=colleague,
        raters=[
            careers_services.RaterInput("Nia", nia.email, "peer"),
            careers_services.RaterInput("Maya", "maya@example.nhs.uk", "manager"),
            careers_services.RaterInput("Dee", "dee@example.nhs.uk", "direct_report"),
        ],
    )


def _mentoring(nia: Person) -> None:
    hub = Organisation.objects.create(
        kind=OrganisationKind.TRAINING_HUB, name="Tamar Training Hub", icb=icb()
    )
    coordinator = PersonFactory(full_name="Cora Ward", organisation=hub)
    coordinator.groups.add(Group.objects.get(name=COORDINATORS))
    # She mentors Tom, and their relationship has an agreed end date.
    mentee = PersonFactory(full_name="Tom Okafor", profession=profession("gp-trainee"))
    mentoring_services.offer_save(person=nia, kind="mentor", capacity=2)
    first = MatchingRound.objects.create(name="Autumn", hub=hub)
    mentoring_services.request_create(
        seeker=mentee, matching_round=first, kind="mentor", goals="Find my feet."
    )
    mentoring_services.round_run(matching_round=first, by=coordinator)
    mentoring_services.round_confirm(matching_round=first, by=coordinator)
    for match in Match.objects.filter(round=first, status=MatchStatus.CONFIRMED):
        mentoring_services.match_answer(match=match, person=match.request.seeker, accept=True)
        mentoring_services.match_answer(match=match, person=match.offer.person, accept=True)
    for relationship in Relationship.objects.filter(match__round=first):
        mentoring_services.relationship_agree(
            relationship=relationship,
            person=nia,
            goals="Grow",
            meeting_frequency="Monthly",
            ends_on=days_from_today(90),
        )
    # A sponsor is proposed to her and waits for her answer.
    sponsor = PersonFactory(full_name="Sam Reid", profession=profession("gp"))
    mentoring_services.offer_save(person=sponsor, kind="sponsor", capacity=2)
    second = MatchingRound.objects.create(name="Winter", hub=hub)
    mentoring_services.request_create(
        seeker=nia, matching_round=second, kind="sponsor", goals="Lead the PCN's nursing."
    )
    mentoring_services.round_run(matching_round=second, by=coordinator)
    mentoring_services.round_confirm(matching_round=second, by=coordinator)


def _cohorts(nia: Person, facilitator: Person, copies: int) -> None:
    now = timezone.now()
    start = timezone.localdate() - datetime.timedelta(days=60)
    cohort = cohort_services.cohort_create(
        name="Leading in the PCN",
        description="A year together.",
        facilitator=facilitator,
        start_date=start,
        end_date=start + datetime.timedelta(days=365),
        join_mode=JoinMode.ENROL,
    )
    cohort_services.members_enrol(cohort=cohort, people=[nia])
    for n in range(copies):
        cohort_services.session_create(
            cohort=cohort, starts_at=now + datetime.timedelta(days=3 + 7 * n), topic="Conflict"
        )
    agreed = cohort_services.set_create(name="Set one", facilitator=facilitator, cohort=cohort)
    membership = cohort_services.set_member_add(learning_set=agreed, person=nia)
    cohort_services.agreement_accept(membership=membership)
    past = cohort_services.meeting_create(
        learning_set=agreed, starts_at=now - datetime.timedelta(days=7), presenters=[nia]
    )
    for n in range(copies):
        cohort_services.action_add(
            presentation=past.presentations.get(),
            description="Ask the partners who owns the rota",
            due_date=timezone.localdate() + datetime.timedelta(days=2 + n % 10),
        )
        cohort_services.meeting_create(
            learning_set=agreed,
            starts_at=now + datetime.timedelta(days=14 + 7 * n),
            presenters=[],
        )
    # A second set whose ground rules she has not accepted yet.
    waiting = cohort_services.set_create(name="Set two", facilitator=facilitator, cohort=cohort)
    cohort_services.set_policy_update(learning_set=waiting, takes_members_of_other_sets=True)
    cohort_services.set_member_add(learning_set=waiting, person=nia)


def member_with_everything(*, copies: int = 1) -> World:
    """Nia, a general practice nurse with something in every part of her plan;
    ``copies`` repeats the rows that can repeat (the count must not grow with them)."""
    nurse = profession("general-practice-nurse")
    if not hasattr(nurse, "pathway"):
        pathway_for(nurse)
    nia = PersonFactory(
        full_name="Nia Evans",
        email="nia.plan@example.nhs.uk",
        profession=nurse,
        career_level=level("established"),
    )
    colleague = PersonFactory(full_name="Priya Shah")
    facilitator = PersonFactory(full_name="Femi Adeyemi")
    facilitator.groups.add(Group.objects.get(name="Facilitators"))
    _offers(nia, colleague, copies)
    _careers(nia, colleague, copies)
    _mentoring(nia)
    _cohorts(nia, facilitator, copies)
    plan_services.plan_calendar_renew(person=nia)
    return World(nia=nia, colleague=colleague, facilitator=facilitator)
