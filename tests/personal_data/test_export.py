"""Taking your data away: what the ZIP holds, what it never holds, and how it is made.

Nia (a nurse) has data in every app. Zed Quill sits in the rows around hers: he is in
her action learning set, mentors her and answered her 360 request; Fay Lark
facilitates her cohort and set; Sam Reed is the person Nia mentors. None of their
names, email addresses or words may appear anywhere in Nia's ZIP.
"""

import csv
import datetime
import io
import json
import zipfile
from functools import partial
from pathlib import Path
from types import SimpleNamespace

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.utils import timezone

from careers import services as careers_services
from careers.mentoring.models import (
    Match,
    MatchingRound,
    MatchStatus,
    Meeting,
    Relationship,
    RoleModel,
    SupportOffer,
    SupportRequest,
)
from careers.models import Invitation
from cohorts import services as cohort_services
from cohorts.models import AttendanceStatus, VoteValue
from portal import services as portal_services
from portal.digest.models import DigestDelivery, DigestPreference, Frequency
from portal.models import LeadershipDimension
from portal.personal_data import export, registry, tasks
from portal.personal_data.models import DataExport, ExportStatus
from programmes import services as programme_services
from tests.careers.factories import ActivityFactory, RoleFactory, dimension
from tests.factories import PersonFactory, activate_totp, icb
from tests.helpers import assert_queries_constant, queries_of
from tests.programmes.factories import IntakeFactory, OfferFactory

OTHERS = {
    "Zed Quill": "zed.quill@example.nhs.uk",
    "Fay Lark": "fay.lark@example.nhs.uk",
    "Sam Reed": "sam.reed@example.nhs.uk",
    "Rae Moss": "rae.moss@example.nhs.uk",
    "Ray Dunn": "ray.dunn@example.nhs.uk",
}
# Words other people wrote, which only they (or the pair, or the set) may read.
OTHERS_WORDS = [
    "Zed's own worry about the rota",
    "Zed will talk to his partners",
    "Zed's note of the meeting",
    "Zed thought it went well",
    "Sam wants to lead the PCN's frailty work",
    "Sam found it useful",
]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def zip_files(data_export: DataExport) -> dict[str, str]:
    with data_export.file.open("rb") as handle, zipfile.ZipFile(handle) as archive:
        return {name: archive.read(name).decode("utf-8-sig") for name in archive.namelist()}


def json_rows(files: dict[str, str], stem: str) -> list[dict]:
    return json.loads(files[f"{stem}.json"])


def csv_rows(files: dict[str, str], stem: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(files[f"{stem}.csv"])))


def build(person) -> DataExport:
    data_export = DataExport.objects.create(person=person)
    return export.export_build(export_id=str(data_export.pk))


def add_everything(nia, others: SimpleNamespace, n: int = 0) -> None:
    """One more row of every kind Nia can have, beside the people around her."""
    zed, fay, sam = others.zed, others.fay, others.sam
    # Programmes
    intake = IntakeFactory(offer=OfferFactory(title=f"Leading change {n}"))
    programme_services.saved_offer_add(person=nia, offer=intake.offer)
    programme_services.application_create(person=nia, offer=intake.offer, intake=intake)
    # Careers: log, assessment, 360 answered by three (Zed among them), roles
    ActivityFactory(
        person=nia,
        title=f"Chaired the practice meeting {n}",
        reflection="I let everyone speak first.",
        dimensions=[dimension("engaging-the-team")],
    )
    careers_services.assessment_create(
        person=nia,
        ratings=[
            careers_services.RatingInput(dimension=d, level=2, target=3)
            for d in LeadershipDimension.objects.all()
        ],
    )
    feedback_round = careers_services.feedback_round_create(
        person=nia,
        raters=[
            careers_services.RaterInput(name=name, email=email, relationship="peer")
            for name, email in list(OTHERS.items())[:1] + list(OTHERS.items())[3:]
        ],
    )
    all_dimensions = LeadershipDimension.objects.all()
    for invitation, level in zip(
        Invitation.objects.filter(round=feedback_round).order_by("pk"), (2, 3, 4), strict=True
    ):
        careers_services.feedback_answer(
            invitation=invitation, levels={d.pk: level for d in all_dimensions}
        )
    careers_services.role_interest_register(
        role=RoleFactory(title=f"Clinical lead {n}", posted_by=fay, published=True),
        person=nia,
        message="I would like to talk about it.",
    )
    # Mentoring: Zed mentors Nia; Nia mentors Sam.
    matching_round = MatchingRound.objects.create(name=f"Round {n}", icb=icb())
    zed_offer, _ = SupportOffer.objects.get_or_create(
        person=zed, kind="mentor", defaults={"capacity": 9}
    )
    nia_offer, _ = SupportOffer.objects.get_or_create(
        person=nia, kind="coach", defaults={"capacity": 9, "accreditation": "EMCC"}
    )
    nia_offer.dimensions.add(dimension("leading-with-care"))
    asked = SupportRequest.objects.create(
        round=matching_round, seeker=nia, kind="mentor", goals=f"Nia wants to chair well {n}"
    )
    asked.exclusions.add(sam)
    asked.dimensions.add(dimension("leading-with-care"))
    mentored = Relationship.objects.create(
        match=Match.objects.create(
            round=matching_round, request=asked, offer=zed_offer, status=MatchStatus.ACCEPTED
        ),
        goals=f"Nia wants to chair well {n}",
        started_on=datetime.date(2026, 1, 1),
        seeker_feedback="Nia found it helpful",
        supporter_feedback="Zed thought it went well",
    )
    Meeting.objects.create(
        relationship=mentored,
        met_on=datetime.date(2026, 2, 1),
        notes="Nia's own note",
        logged_by=nia,
    )
    Meeting.objects.create(
        relationship=mentored,
        met_on=datetime.date(2026, 3, 1),
        notes="Zed's note of the meeting",
        logged_by=zed,
    )
    sam_asked = SupportRequest.objects.create(
        round=matching_round,
        seeker=sam,
        kind="coach",
        goals="Sam wants to lead the PCN's frailty work",
    )
    Relationship.objects.create(
        match=Match.objects.create(
            round=matching_round, request=sam_asked, offer=nia_offer, status=MatchStatus.ACCEPTED
        ),
        goals="Sam wants to lead the PCN's frailty work",
        started_on=datetime.date(2026, 1, 1),
        seeker_feedback="Sam found it useful",
        supporter_feedback="Nia enjoyed it",
    )
    # Cohorts: Fay facilitates; Nia and Zed share a set and both present.
    cohort = cohort_services.cohort_create(
        name=f"Leading in the PCN {n}",
        description="A year of learning together.",
        facilitator=fay,
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 12, 31),
    )
    cohort_services.members_enrol(cohort=cohort, people=[nia, zed])
    session = cohort_services.session_create(
        cohort=cohort, starts_at=timezone.now() - datetime.timedelta(days=3), topic="Conflict"
    )
    cohort_services.attendance_record(
        session=session,
        statuses={nia.pk: AttendanceStatus.PRESENT, zed.pk: AttendanceStatus.LATE},
    )
    topic = cohort_services.topic_propose(
        cohort=cohort, person=nia, title=f"Chairing well {n}", why="Our meetings overrun."
    )
    cohort_services.vote_cast(topic=topic, person=nia, value=VoteValue.KEEN)
    learning_set = cohort_services.set_create(name=f"Set {n}", facilitator=fay, cohort=cohort)
    for person in (nia, zed):
        membership = cohort_services.set_member_add(learning_set=learning_set, person=person)
        cohort_services.agreement_accept(membership=membership)
    meeting = cohort_services.meeting_create(
        learning_set=learning_set,
        starts_at=timezone.now() - datetime.timedelta(days=2),
        presenters=[nia, zed],
    )
    cohort_services.meeting_attendance_record(
        meeting=meeting, statuses={nia.pk: AttendanceStatus.PRESENT, zed.pk: "present"}
    )
    for presentation in meeting.presentations.select_related("presenter"):
        mine = presentation.presenter == nia
        cohort_services.presentation_update(
            presentation=presentation,
            issue="Nia's rota that nobody owns" if mine else "Zed's own worry about the rota",
        )
        cohort_services.action_add(
            presentation=presentation,
            description="Nia will ask who owns the rota"
            if mine
            else "Zed will talk to his partners",
            due_date=datetime.date(2026, 12, 1),
        )
    # Portal: roles held, a second address, a digest sent.
    DigestDelivery.objects.create(
        person=nia,
        period=f"W2026-11-{n + 1:02}",
        status="sent",
        subject="Your leadership digest",
        window_start=timezone.now(),
        sent_at=timezone.now(),
    )


@pytest.fixture
def others(db) -> SimpleNamespace:
    people = {
        key: PersonFactory(full_name=name, email=OTHERS[name])
        for key, name in (("zed", "Zed Quill"), ("fay", "Fay Lark"), ("sam", "Sam Reed"))
    }
    return SimpleNamespace(**people)


@pytest.fixture
def nia_with_everything(nurse, others, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        add_everything(nurse, others)
    portal_services.held_roles_update(nurse, ["clinical_lead"])
    EmailAddress.objects.create(user=nurse, email="nia.home@example.com", verified=False)
    DigestPreference.objects.create(person=nurse, frequency=Frequency.MONTHLY, day=2)
    activate_totp(nurse)
    RoleModel.objects.create(person=nurse, title="Lead nurse", story="I started as a HCA.")
    return nurse


# ---------------------------------------------------------------------------
# What the ZIP holds
# ---------------------------------------------------------------------------
def test_the_zip_has_a_readme_and_a_json_and_a_csv_for_every_table(nia_with_everything):
    files = zip_files(build(nia_with_everything))

    stems = {name.rsplit(".", 1)[0] for name in files if name != "README.txt"}
    assert "README.txt" in files
    for stem in stems:
        assert {f"{stem}.json", f"{stem}.csv"} <= set(files)
    for section in registry.exporters():
        assert section.title in files["README.txt"]
    assert "saved_offers.json, saved_offers.csv (1 row)" in files["README.txt"]


def test_it_holds_nias_profile_roles_addresses_and_whether_two_factor_is_on(
    nia_with_everything,
):
    files = zip_files(build(nia_with_everything))

    [profile] = json_rows(files, "profile")
    assert (profile["full_name"], profile["email"]) == ("Nia Evans", "nia@example.nhs.uk")
    assert profile["profession"] == "General practice nurse"
    assert [row["role"] for row in json_rows(files, "leadership_roles_held")] == ["Clinical lead"]
    assert {row["email"] for row in json_rows(files, "email_addresses")} == {
        "nia@example.nhs.uk",
        "nia.home@example.com",
    }
    assert json_rows(files, "two_factor_sign_in") == [
        {"two_factor_sign_in": True, "authenticator_app": True, "security_keys": False}
    ]


def test_it_never_holds_a_two_factor_secret_or_a_password_hash(nurse):
    secret = activate_totp(nurse)

    files = zip_files(build(nurse))

    everything = "\n".join(files.values())
    assert secret not in everything
    assert nurse.password not in everything


def test_it_holds_what_nia_did_in_every_app(nia_with_everything):
    files = zip_files(build(nia_with_everything))

    assert json_rows(files, "saved_offers")[0]["offer"] == "Leading change 0"
    assert json_rows(files, "applications")[0]["status"] == "Applied"
    assert [row["status"] for row in json_rows(files, "application_history")] == ["Applied"]
    activity = json_rows(files, "leadership_activities")[0]
    assert activity["title"] == "Chaired the practice meeting 0"
    assert activity["dimensions"] == ["Engaging the team"]
    assert len(json_rows(files, "self_assessments")) == 9
    assert json_rows(files, "role_interests")[0]["message"] == "I would like to talk about it."
    assert json_rows(files, "mentoring_requests")[0]["people_excluded"] == 1
    assert json_rows(files, "mentoring_offers")[0]["dimensions"] == ["Leading with care"]
    assert json_rows(files, "role_model_entry")[0]["story"] == "I started as a HCA."
    assert json_rows(files, "set_presentations")[0]["your_issue"] == "Nia's rota that nobody owns"
    assert [row["what_you_will_do"] for row in json_rows(files, "set_actions")] == [
        "Nia will ask who owns the rota"
    ]
    assert json_rows(files, "cohort_topics_you_proposed")[0]["topic"] == "Chairing well 0"
    assert json_rows(files, "cohort_topic_votes")[0]["your_vote"] == "I really want this"
    assert json_rows(files, "cohort_attendance")[0]["attendance"] == "Present"
    assert json_rows(files, "set_meeting_attendance")[0]["attendance"] == "Present"
    assert json_rows(files, "digest_settings")[0]["frequency"] == "Every month"
    assert json_rows(files, "digest_deliveries")[0]["subject"] == "Your leadership digest"


def test_mentoring_shows_nias_own_notes_feedback_and_goals_only(nia_with_everything):
    files = zip_files(build(nia_with_everything))

    matches = {row["your_part"]: row for row in json_rows(files, "mentoring_matches")}
    assert matches["supported (you asked)"]["goals"] == "Nia wants to chair well 0"
    assert matches["supported (you asked)"]["your_feedback"] == "Nia found it helpful"
    assert matches["supporter (you offered)"]["goals"] is None
    assert matches["supporter (you offered)"]["your_feedback"] == "Nia enjoyed it"
    meetings = json_rows(files, "mentoring_meetings")
    assert [(row["logged_by"], row["your_notes"]) for row in meetings] == [
        ("you", "Nia's own note"),
        ("the other person", None),
    ]


def test_360_results_are_the_raters_levels_as_nia_sees_them(nia_with_everything):
    files = zip_files(build(nia_with_everything))

    [request] = json_rows(files, "feedback_360_requests")
    assert (request["people_asked"], request["people_answered"], request["results_shown"]) == (
        3,
        3,
        True,
    )
    results = json_rows(files, "feedback_360_results")
    assert len(results) == 9
    assert {row["raters_level"] for row in results} == {"Strong"}


def test_360_results_stay_out_until_enough_raters_answered(nurse):
    feedback_round = careers_services.feedback_round_create(
        person=nurse,
        raters=[
            careers_services.RaterInput(name=name, email=email, relationship="peer")
            for name, email in list(OTHERS.items())[:3]
        ],
    )
    first, second, _ = Invitation.objects.filter(round=feedback_round).order_by("pk")
    for invitation in (first, second):
        careers_services.feedback_answer(
            invitation=invitation, levels={d.pk: 4 for d in LeadershipDimension.objects.all()}
        )

    files = zip_files(build(nurse))

    [request] = json_rows(files, "feedback_360_requests")
    assert request["results_shown"] is False
    # Open: no count of answers, which the results page does not show either.
    assert request["people_answered"] is None
    assert json_rows(files, "feedback_360_results") == []


def test_it_holds_the_360_answers_nia_gave_as_a_rater_and_not_whom_she_rated(nurse, pharmacist):
    EmailAddress.objects.create(user=nurse, email="nia.work@example.org", verified=True)
    EmailAddress.objects.create(user=nurse, email="not-yet-hers@example.org", verified=False)
    feedback_round = careers_services.feedback_round_create(
        person=pharmacist,
        raters=[
            careers_services.RaterInput("Nia", "NIA.WORK@example.org", "direct_report"),
            careers_services.RaterInput("Someone", "not-yet-hers@example.org", "peer"),
            careers_services.RaterInput("Zed Quill", OTHERS["Zed Quill"], "peer"),
        ],
    )
    levels = {d.pk: 3 for d in LeadershipDimension.objects.all()}
    for invitation in Invitation.objects.filter(round=feedback_round):
        careers_services.feedback_answer(invitation=invitation, levels=levels)

    files = zip_files(build(nurse))

    given = json_rows(files, "feedback_360_given")
    assert len(given) == 9
    assert {(row["relationship"], row["level"]) for row in given} == {("Direct report", "Strong")}
    assert given[0]["dimension"] == LeadershipDimension.objects.first().name
    assert given[0]["answered"]
    assert all("Priya" not in text for text in files.values())


def test_no_one_elses_name_email_or_words_appear_in_any_file(nia_with_everything):
    files = zip_files(build(nia_with_everything))

    for name, text in files.items():
        for other_name, email in OTHERS.items():
            assert other_name not in text, f"{other_name} appears in {name}"
            assert email not in text, f"{email} appears in {name}"
            assert other_name.split()[1] not in text, f"{other_name}'s surname in {name}"
        for words in OTHERS_WORDS:
            assert words not in text, f"{words!r} appears in {name}"


def test_csv_cells_that_look_like_formulas_are_kept_as_text(nurse):
    ActivityFactory(person=nurse, title='=HYPERLINK("http://evil.example","Click")', hours=2)

    files = zip_files(build(nurse))

    [row] = csv_rows(files, "leadership_activities")
    assert row["title"] == '\'=HYPERLINK("http://evil.example","Click")'
    assert row["hours"] == "2.0"
    assert json_rows(files, "leadership_activities")[0]["title"].startswith("=HYPERLINK")


def test_a_person_with_nothing_recorded_gets_empty_files_and_a_readme(nurse):
    files = zip_files(build(nurse))

    assert json_rows(files, "applications") == []
    assert files["applications.csv"] == ""
    assert "applications.json, applications.csv (0 rows)" in files["README.txt"]


def test_each_section_runs_the_same_number_of_queries_however_many_rows(
    nia_with_everything, others, django_capture_on_commit_callbacks
):
    def counts() -> dict[str, int]:
        # Section by section, so a failure names the section that grew.
        return {
            section.key: len(queries_of(partial(section.collect, nia_with_everything))[1])
            for section in registry.exporters()
        }

    control = counts()
    with django_capture_on_commit_callbacks(execute=False):
        add_everything(nia_with_everything, others, n=1)
        add_everything(nia_with_everything, others, n=2)

    assert counts() == control


def test_the_build_runs_a_fixed_number_of_queries(
    nia_with_everything, others, django_capture_on_commit_callbacks
):
    def more_of_everything():
        with django_capture_on_commit_callbacks(execute=False):
            add_everything(nia_with_everything, others, n=1)

    assert_queries_constant(more_of_everything, lambda: build(nia_with_everything))


# ---------------------------------------------------------------------------
# Asking for an export, and the background build
# ---------------------------------------------------------------------------
def test_asking_queues_a_build_after_commit_that_makes_the_zip(
    nurse, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        requested = export.export_request(person=nurse)

    assert requested.created and len(callbacks) == 1
    data_export = DataExport.objects.get(pk=requested.export.pk)
    assert data_export.status == ExportStatus.READY
    assert data_export.progress_done == data_export.progress_total == len(registry.exporters())
    assert data_export.expires_at == data_export.finished_at + datetime.timedelta(hours=48)
    assert "README.txt" in zip_files(data_export)


def test_asking_again_while_one_is_being_prepared_gives_back_the_same_one(
    nurse, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        first = export.export_request(person=nurse)
        second = export.export_request(person=nurse)

    assert not second.created
    assert second.export == first.export
    assert "already preparing" in second.message
    assert DataExport.objects.filter(person=nurse).count() == 1


def test_an_export_stuck_by_a_dead_worker_does_not_block_a_new_one(
    nurse, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        stuck = export.export_request(person=nurse).export
    DataExport.objects.filter(pk=stuck.pk).update(
        status=ExportStatus.RUNNING, created_at=timezone.now() - datetime.timedelta(hours=1)
    )

    with django_capture_on_commit_callbacks(execute=False):
        again = export.export_request(person=nurse)

    assert again.created
    stuck.refresh_from_db()
    assert stuck.status == ExportStatus.FAILED


def test_running_the_task_twice_leaves_a_ready_export_alone(nurse):
    data_export = build(nurse)
    name = data_export.file.name

    tasks.build_data_export(str(data_export.pk))

    data_export.refresh_from_db()
    assert (data_export.status, data_export.file.name) == (ExportStatus.READY, name)


def test_a_failing_section_marks_the_export_failed(nurse, monkeypatch):
    def broken(person):
        raise RuntimeError("the database went away")

    monkeypatch.setitem(
        registry._exporters,
        "broken",
        registry.Exporter(key="broken", title="Broken", collect=broken),
    )
    data_export = DataExport.objects.create(person=nurse)

    with pytest.raises(RuntimeError):
        tasks.build_data_export(str(data_export.pk))

    data_export.refresh_from_db()
    assert data_export.status == ExportStatus.FAILED
    assert not data_export.file


# ---------------------------------------------------------------------------
# Expiry
# ---------------------------------------------------------------------------
def test_files_are_deleted_48_hours_after_they_are_made(nurse, pharmacist):
    with time_machine.travel(datetime.datetime(2026, 11, 20, 9, tzinfo=datetime.UTC)):
        old = build(nurse)
    with time_machine.travel(datetime.datetime(2026, 11, 21, 9, tzinfo=datetime.UTC)):
        recent = build(pharmacist)
    old_path = Path(old.file.path)

    with time_machine.travel(datetime.datetime(2026, 11, 22, 9, 30, tzinfo=datetime.UTC)):
        deleted = tasks.delete_expired_exports()

    assert deleted == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert not old.file and recent.file
    assert not export.is_downloadable(old)
    assert not old_path.exists()


def test_beat_deletes_expired_files_every_hour(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["delete-expired-data-exports"]
    assert entry["task"] == tasks.delete_expired_exports.name
    assert entry["schedule"] <= 60 * 60


def test_the_expiry_task_also_fails_stuck_exports(nurse):
    stuck = DataExport.objects.create(person=nurse, status=ExportStatus.RUNNING)
    DataExport.objects.filter(pk=stuck.pk).update(
        created_at=timezone.now() - datetime.timedelta(hours=2)
    )

    tasks.delete_expired_exports()

    stuck.refresh_from_db()
    assert stuck.status == ExportStatus.FAILED


def test_a_new_copy_replaces_the_older_one(nurse):
    with time_machine.travel(timezone.now() - datetime.timedelta(hours=1)):
        older = build(nurse)
    older_path = Path(older.file.path)

    newer = build(nurse)

    older.refresh_from_db()
    assert not older.file and not older_path.exists()
    assert not export.is_downloadable(older)
    assert export.is_downloadable(newer)


def test_a_copy_built_while_its_owner_is_erased_leaves_no_file(nurse, monkeypatch, tmp_path):
    data_export = DataExport.objects.create(person=nurse)
    write_zip = export._write_zip

    def erased_meanwhile(target, building, todo):
        write_zip(target, building, todo)
        DataExport.objects.filter(pk=building.pk).delete()

    monkeypatch.setattr(export, "_write_zip", erased_meanwhile)

    assert export.export_build(export_id=str(data_export.pk)) is None
    assert not list((tmp_path / "media" / "personal-data").iterdir())
