"""Erasure, the service: Zephyrine has data in every app; afterwards no table knows her."""

import datetime
import threading

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.db import connection, connections, models
from django.utils import timezone

from careers import services as careers_services
from careers.mentoring import services as mentoring_services
from careers.mentoring.models import (
    COORDINATORS,
    Match,
    MatchingRound,
    MatchStatus,
    Meeting,
    Relationship,
    RequestStatus,
    RoleModel,
    SupportOffer,
    SupportRequest,
)
from careers.models import (
    Activity,
    Assessment,
    FeedbackRating,
    FeedbackRound,
    Invitation,
    InvitationStatus,
    RoleInterest,
)
from cohorts.models import (
    Action,
    Attendance,
    JoinRequest,
    MeetingAttendance,
    Membership,
    Presentation,
    SetMembership,
    Topic,
    Vote,
)
from portal.digest import services as digest_services
from portal.digest.models import DigestDelivery, DigestPreference
from portal.models import HeldRole, Organisation, OrganisationKind, Person
from portal.personal_data import erasure
from portal.personal_data.models import DataExport
from programmes import services as programme_services
from programmes.models import Application, SavedOffer
from tests.careers.factories import ActivityFactory, dimension
from tests.factories import PersonFactory, icb, profession
from tests.helpers import assert_same_queries
from tests.personal_data.everywhere import EMAIL, NAME, NEEDLES, ratings
from tests.programmes.factories import OfferFactory

pytestmark = pytest.mark.django_db


def tables_mentioning(text: str) -> dict[str, int]:
    """Every table in the database with a row whose text contains ``text`` (any case)."""
    found = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            quoted = connection.ops.quote_name(table)
            cursor.execute(
                f"SELECT count(*) FROM {quoted} t WHERE t::text ILIKE %s",  # noqa: S608
                [f"%{text}%"],
            )
            (count,) = cursor.fetchone()
            if count:
                found[table] = count
    return found


@pytest.mark.postgresql(reason="searching every row as text (t::text ILIKE)")
def test_after_erasure_no_table_mentions_her_name_or_email(
    zephyrine, django_capture_on_commit_callbacks
):
    # The search finds her everywhere first: a search that finds nothing proves nothing.
    before = tables_mentioning(NAME)
    assert {"portal_person", "careers_activity", "django_admin_log"} <= set(before)

    with django_capture_on_commit_callbacks(execute=True):
        assert erasure.person_erase(zephyrine.person) is True

    # One place may still hold her name: the list of raters Priya typed herself, shown
    # to Priya unchanged until her request closes (issue 21: a change would tell her who
    # left). It holds no address, and closing the request empties it.
    assert tables_mentioning(NAME) in ({}, {"careers_feedbackround": 1})
    for needle in [EMAIL, "zq.at.home"]:
        assert tables_mentioning(needle) == {}, f"{needle!r} is still in the database"

    careers_services.feedback_rounds_tidy(now=timezone.now() + datetime.timedelta(days=60))
    for needle in [NAME, EMAIL, *NEEDLES]:
        assert tables_mentioning(needle) == {}, f"{needle!r} is still in the database"


def test_it_deletes_what_was_only_hers(zephyrine, django_capture_on_commit_callbacks):
    person = zephyrine.person
    export_file = DataExport.objects.get(person=person).file
    storage, name = export_file.storage, export_file.name

    with django_capture_on_commit_callbacks(execute=True):
        erasure.person_erase(person)

    person.refresh_from_db()
    gone = {
        "held roles": HeldRole.objects.filter(person=person),
        "saved offers": SavedOffer.objects.filter(person=person),
        "activities": Activity.objects.filter(person=person),
        "assessments": Assessment.objects.filter(person=person),
        "360 requests": FeedbackRound.objects.filter(person=person),
        "role interests": RoleInterest.objects.filter(person=person),
        "role model": RoleModel.objects.filter(person=person),
        "meeting notes": Meeting.objects.filter(logged_by=person),
        "join requests": JoinRequest.objects.filter(person=person),
        "set places": SetMembership.objects.filter(person=person),
        "future presenting turns": Presentation.objects.filter(
            presenter=person, meeting__starts_at__gt=person.erased_at
        ),
        "digest preference": DigestPreference.objects.filter(person=person),
        "email addresses": EmailAddress.objects.filter(user=person),
        "authenticators": Authenticator.objects.filter(user=person),
        "data exports": DataExport.objects.filter(person=person),
    }
    assert {what: rows.count() for what, rows in gone.items() if rows.exists()} == {}
    assert not storage.exists(name)
    sessions = [session.get_decoded() for session in Session.objects.all()]
    assert [data for data in sessions if data.get("_auth_user_id") == str(person.pk)] == []
    assert [data for data in sessions if "zephyrine" in str(data).lower()] == []


def test_figures_others_rely_on_stay_without_her(zephyrine):
    person = zephyrine.person
    counts = {
        "memberships": Membership.objects.filter(person=person).count(),
        "attendance": Attendance.objects.filter(person=person).count(),
        "meeting attendance": MeetingAttendance.objects.filter(person=person).count(),
        "votes": Vote.objects.filter(person=person).count(),
        "applications": Application.objects.filter(person=person).count(),
        "deliveries": DigestDelivery.objects.filter(person=person).count(),
    }

    erasure.person_erase(person)

    assert counts == {
        "memberships": Membership.objects.filter(person=person).count(),
        "attendance": Attendance.objects.filter(person=person).count(),
        "meeting attendance": MeetingAttendance.objects.filter(person=person).count(),
        "votes": Vote.objects.filter(person=person).count(),
        "applications": Application.objects.filter(person=person).count(),
        "deliveries": DigestDelivery.objects.filter(person=person).count(),
    }
    assert all(counts.values())
    # Her past turn presenting stays, empty, with its action.
    presentation = Presentation.objects.get(presenter=person)
    assert presentation.issue == ""
    assert list(Action.objects.filter(presentation=presentation).values("description", "note")) == [
        {"description": "", "note": ""}
    ]
    # Her topic stays for the cohort's vote, unattributed.
    topic = Topic.objects.get(title="Prescribing leadership")
    assert (topic.proposed_by, topic.why) == (None, "")


def test_her_answers_to_priyas_360_stay_as_numbers(zephyrine):
    invitation = Invitation.objects.get(email=EMAIL)

    erasure.person_erase(zephyrine.person)

    invitation.refresh_from_db()
    assert invitation.email.endswith("@erased.invalid")
    assert invitation.name == "Former member"
    assert invitation.status == InvitationStatus.ANSWERED
    assert FeedbackRating.objects.filter(invitation=invitation).count() > 0


def test_sam_and_tom_keep_their_relationships_with_her_without_her_words(zephyrine):
    person = zephyrine.person

    erasure.person_erase(person)

    relationships = Relationship.objects.filter(
        match__in=Match.objects.filter(request__seeker=person)
        | Match.objects.filter(offer__person=person)
    )
    assert relationships.count() == 2
    for relationship in relationships:
        assert relationship.goals == ""
        assert relationship.ended_on is not None
        assert relationship.match.status == MatchStatus.ENDED
    assert Activity.objects.get(person=zephyrine.sponsor).title == "Sponsor to Former member"
    assert Activity.objects.get(person=zephyrine.mentee).title == "Mentor: Former member"
    offer = SupportOffer.objects.get(person=person)
    assert (offer.paused, offer.profile, offer.topics) == (True, "", "")
    request = SupportRequest.objects.get(seeker=person)
    assert (request.goals, list(request.exclusions.all())) == ("", [])


def test_her_account_is_anonymous_and_closed(zephyrine):
    person = zephyrine.person

    erasure.person_erase(person)

    person.refresh_from_db()
    assert person.email == f"erased-{person.pk}@erased.invalid"
    assert str(person) == "Former member"
    assert (person.profession, person.career_level, person.organisation) == (None, None, None)
    assert not person.has_usable_password()
    assert person.is_active is False
    assert person.last_login is None
    assert person.erased_at is not None
    assert not person.groups.exists()


def test_her_digest_stops(zephyrine):
    person = zephyrine.person

    erasure.person_erase(person)

    assert not digest_services.reachable_people().filter(pk=person.pk).exists()


def test_her_browser_is_signed_out(zephyrine):
    assert zephyrine.client.get("/me/").status_code == 200

    erasure.person_erase(zephyrine.person)

    response = zephyrine.client.get("/me/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_history_forgets_who_made_changes(zephyrine):
    person = zephyrine.person

    erasure.person_erase(person)

    for model in erasure.historical_models():
        assert not model.objects.filter(history_user=person).exists(), model
    assert not Application.history.filter(person=person, history_change_reason__gt="").exists()


def test_the_admin_log_keeps_the_action_but_not_her_name(zephyrine):
    person = zephyrine.person

    erasure.person_erase(person)

    entries = LogEntry.objects.all()
    assert entries.count() == 3
    assert {entry.object_repr for entry in entries} >= {"Former member"}
    for entry in entries:
        assert "zephyrine" not in (entry.object_repr + entry.change_message).lower()


def test_a_second_erasure_does_nothing(zephyrine):
    assert erasure.person_erase(zephyrine.person) is True
    erased_at = Person.objects.get(pk=zephyrine.person.pk).erased_at

    assert erasure.person_erase(zephyrine.person) is False
    assert Person.objects.get(pk=zephyrine.person.pk).erased_at == erased_at


def test_it_erases_a_member_with_no_data_at_all(db):
    person = PersonFactory(full_name="Nobody Special")

    assert erasure.person_erase(person) is True

    person.refresh_from_db()
    assert str(person) == "Former member"


def test_it_never_erases_staff(curator):
    with pytest.raises(erasure.ErasureRefused, match="administrator"):
        erasure.person_erase(curator)

    curator.refresh_from_db()
    assert curator.erased_at is None and curator.is_active


def test_it_never_erases_a_superuser(db):
    admin = PersonFactory(is_superuser=True)

    with pytest.raises(erasure.ErasureRefused):
        erasure.person_erase(admin)


def test_a_mentoring_match_waiting_for_her_answer_is_declined(db):
    hub = Organisation.objects.create(kind=OrganisationKind.TRAINING_HUB, name="Hub", icb=icb())
    coordinator = PersonFactory(organisation=hub)
    coordinator.groups.add(Group.objects.get(name=COORDINATORS))
    mentor = PersonFactory(full_name="Mo Mentor", profession=profession("gp"))
    seeker = PersonFactory(full_name="Sid Seeker")
    mentoring_services.offer_save(person=mentor, kind="mentor", capacity=1)
    matching_round = MatchingRound.objects.create(name="Round", hub=hub, standing=True)
    mentoring_services.request_create(
        seeker=seeker, matching_round=matching_round, kind="mentor", goals="Grow."
    )
    mentoring_services.round_run(matching_round=matching_round, by=coordinator)
    mentoring_services.round_confirm(matching_round=matching_round, by=coordinator)

    erasure.person_erase(mentor)

    match = Match.objects.get(request__seeker=seeker)
    assert match.status == MatchStatus.DECLINED
    assert SupportRequest.objects.get(seeker=seeker).status == RequestStatus.OPEN


@pytest.mark.postgresql(reason="row locks between threads; SQLite serialises every write")
@pytest.mark.django_db(transaction=True)
def test_of_two_simultaneous_erasures_exactly_one_erases():
    person = PersonFactory(full_name="Twice Over")
    start = threading.Barrier(2)
    results, errors = [], []

    def erase() -> None:
        try:
            start.wait()
            results.append(erasure.person_erase(Person.objects.get(pk=person.pk)))
        except Exception as exc:  # any error fails the test below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=erase) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(results) == [False, True]
    assert Person.objects.get(pk=person.pk).erased_at is not None


# Tables whose rows never point at a member who can erase themselves: staff write
# them. Every other column that points at a person must hold one of Zephyrine's rows,
# so that a new table cannot escape the search above by being left out of her story.
STAFF_ONLY = {
    "admin.LogEntry.user": "the admin's own record of what staff did",
    "careers.Role.posted_by": "curators post leadership roles in the admin",
    "careers.HistoricalRole.posted_by": "as above",
    "portal.Person_user_permissions.person": "permissions are given to staff",
}


def columns_pointing_at_a_person() -> list[tuple[type[models.Model], str]]:
    return [
        (model, field.name)
        for model in apps.get_models(include_auto_created=True)
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is Person
    ]


def test_her_story_fills_every_column_that_points_at_a_person(zephyrine):
    historical = set(erasure.historical_models())
    empty = []
    for model, name in columns_pointing_at_a_person():
        label = f"{model._meta.label}.{name}"
        # Only members' own changes reach a history table's user column through a
        # page; the catalogue's and pathways' history is written by staff.
        staff_history = model in historical and name == "history_user"
        if label in STAFF_ONLY or (staff_history and model is not Application.history.model):
            continue
        if not model._default_manager.filter(**{name: zephyrine.person}).exists():
            empty.append(label)
    assert empty == [], (
        "Give Zephyrine (tests/personal_data/everywhere.py) a row in these, and decide "
        "what erasure does with them"
    )


def test_her_name_is_replaced_only_where_it_stands_whole(db):
    person = PersonFactory(full_name="Al Khan Jr.", email="al@example.nhs.uk")
    patterns = erasure.personal_patterns(person)

    assert erasure.scrub_text("Mentor to al khan jr. (AL@example.nhs.uk)", patterns) == (
        f"Mentor to Former member ({erasure.erased_email(person.pk)})"
    )
    assert erasure.scrub_text("Sponsor to Al Khan Jr.s", patterns) == "Sponsor to Al Khan Jr.s"


def a_member_with(rows: int) -> Person:
    person = PersonFactory()
    for _ in range(rows):
        ActivityFactory(person=person, dimensions=[dimension("leading-with-care")])
        programme_services.saved_offer_add(person=person, offer=OfferFactory())
        careers_services.assessment_create(person=person, ratings=ratings())
    return person


def test_the_number_of_queries_does_not_grow_with_her_rows(db):
    erasure.person_erase(a_member_with(1))  # warms the content-type cache
    control, busy = a_member_with(1), a_member_with(10)

    assert_same_queries(lambda: erasure.person_erase(control), lambda: erasure.person_erase(busy))
