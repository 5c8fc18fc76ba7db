"""The world the access matrix walks: two hubs, a cohort with two sets, and a person
of every kind the portal knows, each with something that is hers.

Built through the apps' services wherever one exists, as the demo and the views do.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.utils import timezone

from careers import services as careers_services
from careers.mentoring import services as mentoring_services
from careers.mentoring.models import COORDINATORS, MatchingRound, Relationship
from cohorts import services as cohort_services
from cohorts.communities import services as community_services
from cohorts.models import JoinMode
from portal.models import Organisation, OrganisationKind, Person
from programmes import services as programme_services
from tests.careers.factories import RoleFactory, pathway_for
from tests.factories import PersonFactory, icb, profession
from tests.programmes.factories import FAQFactory, IntakeFactory, OfferFactory


@dataclass
class World:
    people: dict[str, Person | None]
    objects: dict[str, object] = field(default_factory=dict)

    def __getattr__(self, name: str):
        try:
            return self.objects[name]
        except KeyError:
            raise AttributeError(name) from None


def _hub(name: str, ods: str) -> Organisation:
    hub = Organisation.objects.create(kind=OrganisationKind.TRAINING_HUB, name=name, icb=icb(ods))
    hub.serves_icbs.add(icb(ods))
    return hub


def _staff(name: str, hub: Organisation, group: str) -> Person:
    person = PersonFactory(full_name=name, organisation=hub, is_staff=True)
    person.groups.add(Group.objects.get(name=group))
    return person


def build() -> World:
    now = timezone.now()
    hub_a = _hub("Hub A", "QJK")  # Devon
    hub_b = _hub("Hub B", "QT6")  # Cornwall
    devon_practice = Organisation.objects.create(
        kind=OrganisationKind.PRACTICE, name="Devon practice", icb=icb("QJK")
    )
    cornwall_practice = Organisation.objects.create(
        kind=OrganisationKind.PRACTICE, name="Cornwall practice", icb=icb("QT6")
    )
    member = PersonFactory(full_name="Mia Member", organisation=devon_practice)
    other_member = PersonFactory(full_name="Oscar Other", organisation=devon_practice)
    other_facilitator = PersonFactory(full_name="Fay Facilitator", organisation=devon_practice)
    other_facilitator.groups.add(Group.objects.get(name="Facilitators"))
    staff_facilitator = _staff("Sid Staff", hub_a, "Facilitators")
    people = {
        "visitor": None,
        "member": member,
        "member_of_another_set": other_member,
        "facilitator_of_another_set": other_facilitator,
        "staff_facilitator": staff_facilitator,
        "curator_a": _staff("Cara A", hub_a, "Training-hub curators"),
        "curator_b": _staff("Cass B", hub_b, "Training-hub curators"),
        "coordinator_b": _staff("Cora B", hub_b, COORDINATORS),
        "superuser": PersonFactory(full_name="Sue Super", is_staff=True, is_superuser=True),
    }
    world = World(people=people)
    o = world.objects
    o.update(hub_a=hub_a, hub_b=hub_b, practice=devon_practice, cornwall=cornwall_practice)

    # Programmes: hub A's offer with an intake, an FAQ and the member's application.
    o["offer"] = OfferFactory(hub=hub_a, title="Hub A's offer")
    o["intake"] = IntakeFactory(offer=o["offer"])
    o["faq"] = FAQFactory(offer=o["offer"])
    o["application"] = programme_services.application_create(
        person=member, offer=o["offer"], intake=o["intake"]
    )
    programme_services.saved_offer_add(person=member, offer=o["offer"])
    # The member of another set is asked, by her address, to agree the member's time.
    o["time_agreement"] = programme_services.time_agreement_request(
        application=o["application"],
        person=member,
        name="Oscar Other",
        email=other_member.email,
    )

    # Careers: a pathway, a role hosted in Devon, the member's log, assessment and 360.
    o["pathway"] = pathway_for(profession("paramedic"))
    o["stage"] = o["pathway"].stages.first()
    o["role"] = RoleFactory(host=devon_practice, posted_by=people["curator_a"], published=True)
    o["activity"] = careers_services.activity_create(
        person=member,
        title="Chaired the practice meeting",
        kind="chaired_meeting",
        occurred_on=timezone.localdate(),
    )
    # The member of another set is one of the raters: she may answer signed in.
    o["feedback_round"] = careers_services.feedback_round_create(
        person=member,
        raters=[
            careers_services.RaterInput("Rater 0", other_member.email, "peer"),
            *(
                careers_services.RaterInput(f"Rater {n}", f"rater{n}@example.nhs.uk", "peer")
                for n in (1, 2)
            ),
        ],
    )
    o["invitation"] = o["feedback_round"].invitations.get(email=other_member.email.lower())

    # Mentoring: hub A's round, run and confirmed by its own co-ordinator (no persona):
    # the member is matched with Max, at another Devon practice, and both have said yes.
    o["round"] = MatchingRound.objects.create(name="Hub A round", hub=hub_a, standing=True)
    coordinator_a = _staff("Colin A", hub_a, COORDINATORS)
    mentor = PersonFactory(
        full_name="Max Mentor",
        profession=profession("gp"),
        organisation=Organisation.objects.create(
            kind=OrganisationKind.PRACTICE, name="Another Devon practice", icb=icb("QJK")
        ),
    )
    o["support_offer"] = mentoring_services.offer_save(person=mentor, kind="mentor", capacity=2)
    o["support_request"] = mentoring_services.request_create(
        seeker=member, matching_round=o["round"], kind="mentor", goals="Lead the PCN's work."
    )
    mentoring_services.round_run(matching_round=o["round"], by=coordinator_a)
    mentoring_services.round_confirm(matching_round=o["round"], by=coordinator_a)
    o["match"] = o["round"].matches.get()
    for person in (member, mentor):
        mentoring_services.match_answer(match=o["match"], person=person, accept=True)
    o["relationship"] = Relationship.objects.get(match=o["match"])

    # Cohorts: the staff facilitator's cohort, set one (hers) and set two (another's).
    start = timezone.localdate() - datetime.timedelta(days=30)
    cohort = cohort_services.cohort_create(
        name="Leading together",
        description="A year together.",
        facilitator=staff_facilitator,
        start_date=start,
        end_date=start + datetime.timedelta(days=365),
        join_mode=JoinMode.REQUEST,
    )
    cohort.hub = hub_a
    cohort.save(update_fields=["hub"])
    cohort_services.members_enrol(cohort=cohort, people=[member, other_member])
    o["cohort"] = cohort
    o["session"] = cohort_services.session_create(
        cohort=cohort, starts_at=now + datetime.timedelta(days=3), topic="Conflict"
    )
    o["topic"] = cohort_services.topic_propose(cohort=cohort, person=member, title="Rotas")
    set_one = cohort_services.set_create(
        name="Set one", facilitator=staff_facilitator, cohort=cohort
    )
    set_two = cohort_services.set_create(
        name="Set two", facilitator=other_facilitator, cohort=cohort
    )
    for learning_set, person in ((set_one, member), (set_two, other_member)):
        membership = cohort_services.set_member_add(learning_set=learning_set, person=person)
        cohort_services.agreement_accept(membership=membership)
    o.update(set=set_one, other_set=set_two)
    o["meeting"] = cohort_services.meeting_create(
        learning_set=set_one, starts_at=now - datetime.timedelta(days=7), presenters=[member]
    )
    o["presentation"] = o["meeting"].presentations.get()
    o["action"] = cohort_services.action_add(
        presentation=o["presentation"],
        description="Ask who owns the rota",
        due_date=timezone.localdate() + datetime.timedelta(days=14),
    )
    o["join_request"] = cohort_services.cohort_request_join(
        cohort=cohort, person=people["curator_b"], message="May I join?"
    )

    # Communities: the cohort's own private one (its facilitator hosts, its members
    # belong), with the member's question and a reply; and hub A's open community.
    cohort.refresh_from_db()
    o["community"] = cohort.community
    for person in (member, other_member):
        person.date_joined -= datetime.timedelta(days=365)
        person.save(update_fields=["date_joined"])
    o["thread"] = community_services.thread_create(
        community=o["community"], person=member, title="Rotas", body="Who owns yours?"
    )
    o["reply"] = community_services.reply_create(
        thread=o["thread"], person=other_member, body="Our practice manager."
    )
    o["open_community"] = community_services.community_create(
        by=people["curator_a"], hub=hub_a, name="Hub A's community", purpose="Talk."
    )
    return world
