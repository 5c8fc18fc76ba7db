"""Zephyrine, a member with data in every part of the portal, and the people around her.

Built with the apps' own services wherever one exists, so that whatever a service
copies (a name into a log title, an address into an invitation) is copied here too.
"""

import datetime
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from allauth.account.models import EmailAddress
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone
from simple_history.models import HistoricalRecords
from simple_history.utils import update_change_reason

from careers import services as careers_services
from careers.mentoring import services as mentoring_services
from careers.mentoring.models import (
    COORDINATORS,
    Match,
    MatchingRound,
    MatchStatus,
    Relationship,
    RoleModel,
)
from careers.models import Activity, Assessment, FeedbackRound, Invitation, RoleInterest
from cohorts import services as cohort_services
from cohorts.communities import services as community_services
from cohorts.models import JoinMode
from portal import services as portal_services
from portal.digest.models import DeliveryStatus, DigestDelivery, DigestPreference, Frequency
from portal.models import LeadershipDimension, Organisation, OrganisationKind, Person
from portal.personal_data.models import DataExport, ExportStatus
from portal.plan import services as plan_services
from programmes import services as programme_services
from programmes.models import Application
from tests.careers.factories import RoleFactory, level
from tests.factories import PersonFactory, activate_totp, icb, profession
from tests.programmes.factories import IntakeFactory

NAME = "Zephyrine Quillfeather"
EMAIL = "zephyrine.quillfeather@example.nhs.uk"
OTHER_EMAIL = "zq.at.home@example.org"
# What must appear nowhere after the erasure: each part of her name, and both
# addresses (the first name also covers the first address's local part).
NEEDLES = ["Zephyrine", "Quillfeather", "zq.at.home"]


@dataclass
class Everywhere:
    person: Person
    sponsor: Person  # Sam sponsors her
    mentee: Person  # Tom is mentored by her
    colleague: Person  # Priya asked her for 360 feedback
    facilitator: Person
    client: Client  # signed in as her


def ratings(level_: int = 3) -> list:
    return [
        careers_services.RatingInput(dimension=d, level=level_, target=4)
        for d in LeadershipDimension.objects.all()
    ]


def _as_request_user(person: Person) -> None:
    """What simple-history's middleware does: changes are made by the signed-in person."""
    HistoricalRecords.context.request = SimpleNamespace(user=person)


def _no_request_user() -> None:
    if hasattr(HistoricalRecords.context, "request"):
        del HistoricalRecords.context.request


@pytest.fixture
def zephyrine(db, settings, tmp_path) -> Everywhere:
    settings.MEDIA_ROOT = tmp_path
    now = timezone.now()
    hub = Organisation.objects.create(
        kind=OrganisationKind.TRAINING_HUB, name="Tamar Training Hub", icb=icb()
    )
    person = PersonFactory(
        full_name=NAME,
        email=EMAIL,
        profession=profession("clinical-pharmacist"),
        career_level=level("established"),
    )
    sponsor = PersonFactory(full_name="Sam Reid", profession=profession("gp"))
    mentee = PersonFactory(full_name="Tom Okafor", profession=profession("gp-trainee"))
    colleague = PersonFactory(full_name="Priya Shah")
    facilitator = PersonFactory(full_name="Femi Adeyemi")
    facilitator.groups.add(Group.objects.get(name="Facilitators"))
    curator = PersonFactory(full_name="Cara Mensah", is_staff=True)

    # Portal: profile, roles held, a second address, two-factor, a digest and an export.
    portal_services.held_roles_update(person, ["clinical_lead", "practice_partner"])
    EmailAddress.objects.create(user=person, email=OTHER_EMAIL, verified=True, primary=False)
    activate_totp(person)
    DigestPreference.objects.create(person=person, frequency=Frequency.FORTNIGHTLY, day=2)
    DigestDelivery.objects.create(
        person=person,
        period="F2026-11-16",
        status=DeliveryStatus.FAILED,
        window_start=now - datetime.timedelta(days=14),
        subject="3 new offers for you",
        error=f"550 5.1.1 <{EMAIL}>: Recipient address rejected",
    )
    export = DataExport.objects.create(person=person, status=ExportStatus.READY)
    export.file.save("zephyrine-data.zip", ContentFile(NAME.encode()), save=True)

    # Programmes: a saved offer and an application she made while signed in.
    intake = IntakeFactory()
    programme_services.saved_offer_add(person=person, offer=intake.offer)
    _as_request_user(person)
    try:
        application = programme_services.application_create(
            person=person, offer=intake.offer, intake=intake
        )
        update_change_reason(application, f"Applied by {NAME} <{EMAIL}>")
    finally:
        _no_request_user()
    # She asks her manager to agree her protected time, and Priya, applying too, asks
    # her (typing her address, and as if she had chosen her from the list of managers).
    programme_services.time_agreement_request(
        application=application, person=person, name="Meg Manager", email="meg@example.nhs.uk"
    )
    priyas = programme_services.application_create(
        person=colleague, offer=intake.offer, intake=intake
    )
    asked_of_her = programme_services.time_agreement_request(
        application=priyas, person=colleague, name=NAME, email=EMAIL
    )
    programme_services.time_agreement_decide(
        agreement=asked_of_her, agree=True, note=f"Agreed by {NAME}."
    )
    type(asked_of_her).objects.filter(pk=asked_of_her.pk).update(manager=person)

    # Careers: her log, a self-assessment, her 360 request, an answer she gave
    # Priya as a rater, and interest in a leadership role.
    careers_services.activity_create(
        person=person,
        title="Chaired the medicines optimisation meeting",
        kind="chaired_meeting",
        occurred_on=timezone.localdate(),
        reflection=f"As {NAME} I learned to let others speak first.",
    )
    careers_services.assessment_create(person=person, ratings=ratings())
    careers_services.feedback_round_create(
        person=person,
        raters=[
            careers_services.RaterInput(f"Rater {n}", f"rater{n}@example.nhs.uk", "peer")
            for n in range(3)
        ],
    )
    priyas_round = careers_services.feedback_round_create(
        person=colleague,
        raters=[
            careers_services.RaterInput(NAME, EMAIL.upper(), "peer"),
            careers_services.RaterInput("Maya", "maya@example.nhs.uk", "manager"),
            careers_services.RaterInput("Dee", "dee@example.nhs.uk", "direct_report"),
        ],
    )
    careers_services.feedback_answer(
        invitation=priyas_round.invitations.get(email=EMAIL),
        levels={d.pk: 2 for d in LeadershipDimension.objects.all()},
    )
    careers_services.role_interest_register(
        role=RoleFactory(posted_by=curator), person=person, message=f"Call me: {EMAIL}"
    )

    # Mentoring: Sam sponsors her; she mentors Tom; she is a role model.
    matching_round = MatchingRound.objects.create(name="Tamar all year", hub=hub, standing=True)
    coordinator = PersonFactory(full_name="Cora Ward", organisation=hub)
    coordinator.groups.add(Group.objects.get(name=COORDINATORS))
    mentoring_services.offer_save(person=sponsor, kind="sponsor", capacity=2)
    mentoring_services.offer_save(
        person=person, kind="mentor", capacity=2, topics="Medicines", profile=f"I am {NAME}."
    )
    mentoring_services.request_create(
        seeker=person,
        matching_round=matching_round,
        kind="sponsor",
        goals=f"{NAME} wants to lead the PCN's prescribing work.",
        exclusions=[colleague],
    )
    mentoring_services.request_create(
        seeker=mentee, matching_round=matching_round, kind="mentor", goals="Find my feet."
    )
    mentoring_services.round_run(matching_round=matching_round, by=coordinator)
    mentoring_services.round_confirm(matching_round=matching_round, by=coordinator)
    for match in Match.objects.filter(round=matching_round, status=MatchStatus.CONFIRMED):
        mentoring_services.match_answer(match=match, person=match.request.seeker, accept=True)
        mentoring_services.match_answer(match=match, person=match.offer.person, accept=True)
    relationships = list(Relationship.objects.filter(match__round=matching_round))
    assert len(relationships) == 2, "both matches should have become relationships"
    for relationship in relationships:
        mentoring_services.relationship_agree(
            relationship=relationship,
            person=person,
            goals=f"Help {NAME} grow",
            meeting_frequency="Monthly",
            ends_on=None,
        )
        mentoring_services.meeting_log(
            relationship=relationship,
            person=person,
            met_on=timezone.localdate(),
            notes=f"{NAME}'s notes: talked about the rota.",
        )
        mentoring_services.relationship_close(
            relationship=relationship, person=person, feedback=f"Thanks, {NAME}", went_well=True
        )
        other = sponsor if relationship.match.offer.person == sponsor else mentee
        # The other person's log names her ("Sponsor to Zephyrine Quillfeather").
        mentoring_services.relationship_log(relationship=relationship, person=other)
    RoleModel.objects.create(person=person, title="Clinical lead", story=f"{NAME}'s route.")
    # Priya, in a later round, would rather not be matched with her.
    mentoring_services.request_create(
        seeker=colleague,
        matching_round=MatchingRound.objects.create(name="Spring", hub=hub),
        kind="coach",
        goals="Grow.",
        exclusions=[person],
    )

    # Cohorts: a member with attendance, a topic and a vote, a place in a set with its
    # ground rules, a turn presenting with an action, and requests to join another
    # cohort and another set.
    start = timezone.localdate() - datetime.timedelta(days=60)
    cohort = cohort_services.cohort_create(
        name="Leading in the PCN",
        description="A year together.",
        facilitator=facilitator,
        start_date=start,
        end_date=start + datetime.timedelta(days=365),
        join_mode=JoinMode.ENROL,
    )
    cohort_services.members_enrol(cohort=cohort, people=[person, mentee, colleague])
    session = cohort_services.session_create(
        cohort=cohort, starts_at=now - datetime.timedelta(days=1), topic="Conflict"
    )
    cohort_services.attendance_record(
        session=session, statuses={person.pk: "present", mentee.pk: "late"}
    )
    topic = cohort_services.topic_propose(
        cohort=cohort, person=person, title="Prescribing leadership", why=f"{NAME} asks."
    )
    cohort_services.vote_cast(topic=topic, person=person, value=2)
    learning_set = cohort_services.set_create(
        name="Set one", facilitator=facilitator, cohort=cohort
    )
    for member in (person, mentee, colleague):
        membership = cohort_services.set_member_add(learning_set=learning_set, person=member)
        cohort_services.agreement_accept(membership=membership)
    past = cohort_services.meeting_create(
        learning_set=learning_set,
        starts_at=now - datetime.timedelta(days=7),
        presenters=[person],
    )
    cohort_services.meeting_attendance_record(
        meeting=past, statuses={person.pk: "present", mentee.pk: "present"}
    )
    presentation = past.presentations.get()
    cohort_services.presentation_update(
        presentation=presentation, issue=f"{NAME}: nobody owns the rota."
    )
    cohort_services.action_add(
        presentation=presentation,
        description=f"{NAME} asks the partners who owns the rota",
        due_date=timezone.localdate() + datetime.timedelta(days=20),
    )
    cohort_services.meeting_create(
        learning_set=learning_set,
        starts_at=now + datetime.timedelta(days=21),
        presenters=[person, mentee],
    )
    # She facilitates a set of her own, too.
    person.groups.add(Group.objects.get(name="Facilitators"))
    her_cohort = cohort_services.cohort_create(
        name="Pharmacists leading",
        description="Run by a pharmacist.",
        facilitator=person,
        start_date=start,
        end_date=start + datetime.timedelta(days=365),
    )
    cohort_services.set_create(name="Pharmacists' set", facilitator=person, cohort=her_cohort)
    other_cohort = cohort_services.cohort_create(
        name="Another cohort",
        description="Elsewhere.",
        facilitator=facilitator,
        start_date=start,
        end_date=start + datetime.timedelta(days=365),
    )
    cohort_services.cohort_request_join(
        cohort=other_cohort, person=person, message=f"{NAME} would love to join"
    )
    # A private calendar address, and a request for a place in a second set.
    cohort_services.calendar_feed_renew(cohort=cohort, person=person)
    plan_services.plan_calendar_renew(person=person)
    second_set = cohort_services.set_create(name="Set two", facilitator=facilitator, cohort=cohort)
    cohort_services.set_policy_update(learning_set=second_set, takes_members_of_other_sets=True)
    cohort_services.set_request_join(learning_set=second_set, person=person)

    # Communities: she asks in her cohort's community and Tom thanks her by name; she
    # hosts her own cohort's, where she hides a post Priya reported; she asks to join a
    # restricted community and proposes one to a training hub.
    cohort.refresh_from_db()
    question = community_services.thread_create(
        community=cohort.community,
        person=person,
        title=f"{NAME} asks: rota ownership",
        body=f"Write to me at {EMAIL} or {OTHER_EMAIL} if you prefer.",
    )
    community_services.follow(person=person, thread=question)
    thanks = community_services.reply_create(
        thread=question, person=mentee, body=f"Thanks {NAME}, our practice manager owns it."
    )
    community_services.helpful_mark(reply=thanks, person=person)
    community_services.report_create(person=person, reply=thanks, reason="Testing reports.")
    community_services.reply_create(thread=question, person=person, body="That helped, thanks.")
    cohort_services.members_enrol(cohort=her_cohort, people=[mentee, colleague])
    her_cohort.refresh_from_db()
    off_topic = community_services.thread_create(
        community=her_cohort.community, person=mentee, title="For sale", body="A bike."
    )
    community_services.report_create(person=colleague, thread=off_topic, reason="Selling.")
    community_services.post_hide(post=off_topic, by=person, reason="Off topic.")
    # Hosts of her cohort's community do not moderate another cohort's: she hides a
    # reply in her own instead.
    hers = community_services.thread_create(
        community=her_cohort.community, person=colleague, title="Rotas", body="Who owns them?"
    )
    advert = community_services.reply_create(thread=hers, person=mentee, body="Bikes for sale.")
    community_services.post_hide(post=advert, by=person, reason="Advertising.")
    restricted = community_services.community_create(
        by=facilitator, name="Pharmacy leads", purpose="Pharmacists who lead.",
        visibility="restricted",
    )  # fmt: skip
    community_services.community_join(community=restricted, person=person, message="Me please.")
    hub = Organisation.objects.create(
        kind=OrganisationKind.TRAINING_HUB, name="Everywhere hub", icb=icb("QJK")
    )
    community_services.community_propose(
        by=person, hub=hub, name="Pharmacists in Devon", purpose="Monthly calls."
    )

    # The admin's log: a curator changed her profile, her application and her address.
    LogEntry.objects.log_actions(
        user_id=curator.pk,
        queryset=[person, application, EmailAddress.objects.get(email=OTHER_EMAIL)],
        action_flag=CHANGE,
        change_message=[{"changed": {"name": str(person), "fields": ["Full name"]}}],
        single_object=False,
    )

    # A signed-in browser, and another whose sign-in stopped half-way, remembering her
    # address (allauth keeps it in the session while it waits for a code).
    client = Client()
    client.force_login(person)
    half_way = SessionStore()
    half_way["account_login_state"] = {"email": EMAIL.upper(), "at": now.isoformat()}
    half_way.create()

    person.refresh_from_db()
    assert Activity.objects.filter(person=person).exists()
    assert Assessment.objects.filter(person=person).exists()
    assert FeedbackRound.objects.filter(person=person).exists()
    assert RoleInterest.objects.filter(person=person).exists()
    assert Invitation.objects.filter(email=EMAIL).exists()
    assert Application.history.filter(history_user=person).exists()
    return Everywhere(
        person=person,
        sponsor=sponsor,
        mentee=mentee,
        colleague=colleague,
        facilitator=facilitator,
        client=client,
    )
