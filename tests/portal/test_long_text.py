"""Issue 16, 3.6: text longer than we keep is refused in words, never cut or a 500."""

import datetime

import pytest
from django import forms
from django.urls import reverse

from careers.forms import ActivityForm, RaterForm
from careers.mentoring.forms import AgreementForm, AskForm, OfferForm, RoleModelForm
from careers.mentoring.models import Relationship, RoleModel, SupportOffer, SupportRequest
from careers.models import Activity, Invitation
from cohorts.forms import ActionForm, CohortForm, MeetingForm, SessionForm, TopicForm
from cohorts.models import Action, Cohort, Meeting, Session, Topic
from portal.forms import ProfileForm, SignupForm
from portal.models import Person
from tests.cohorts.conftest import facilitator_person

# Every form field that ends up in a model's column: (form, field, model, column).
SAVED_AS = [
    (ActivityForm, "title", Activity, "title"),
    (ActivityForm, "evidence_url", Activity, "evidence_url"),
    (RaterForm, "name", Invitation, "name"),
    (RaterForm, "email", Invitation, "email"),
    (AgreementForm, "meeting_frequency", Relationship, "meeting_frequency"),
    (AskForm, "goals", SupportRequest, "goals"),
    (OfferForm, "accreditation", SupportOffer, "accreditation"),
    (OfferForm, "profile", SupportOffer, "profile"),
    (RoleModelForm, "title", RoleModel, "title"),
    (RoleModelForm, "story", RoleModel, "story"),
    (ActionForm, "description", Action, "description"),
    (CohortForm, "name", Cohort, "name"),
    (SessionForm, "place", Session, "place"),
    (SessionForm, "online_link", Session, "online_link"),
    (SessionForm, "topic", Session, "topic"),
    (MeetingForm, "place", Meeting, "place"),
    (MeetingForm, "online_link", Meeting, "online_link"),
    (TopicForm, "title", Topic, "title"),
    (ProfileForm, "full_name", Person, "full_name"),
    (SignupForm, "full_name", Person, "full_name"),
    (SignupForm, "email", Person, "email"),
]


@pytest.mark.parametrize(("form_class", "name", "model", "column"), SAVED_AS)
def test_no_form_accepts_more_than_its_column_holds(form_class, name, model, column):
    limit = model._meta.get_field(column).max_length
    field = form_class().fields[name]
    assert isinstance(field, forms.CharField)
    assert field.max_length is not None and field.max_length <= limit, (
        f"{form_class.__name__}.{name} takes {field.max_length}; {model.__name__}.{column} "
        f"holds {limit}"
    )


def test_a_name_too_long_is_refused_in_nhs_words_and_the_page_keeps_it(client, nurse):
    client.force_login(nurse)
    long_name = "N" * 151

    response = client.post(
        reverse("profile"),
        {"full_name": long_name, "profession": nurse.profession_id},
    )

    text = response.content.decode()
    assert response.status_code == 200
    assert "Full name must be 150 characters or fewer" in text
    assert long_name in text  # nothing lost: she can shorten what she typed
    nurse.refresh_from_db()
    assert nurse.full_name == "Nia Evans"


def test_no_control_carries_a_maxlength_that_would_cut_pasted_text(client, nurse):
    client.force_login(nurse)
    assert "maxlength" not in client.get(reverse("profile")).content.decode()
    assert "maxlength" not in client.get(reverse("careers:activity_create")).content.decode()


def test_a_question_too_long_names_the_question_and_the_limit_with_a_comma(client, nurse):
    client.force_login(nurse)

    text = client.post(
        reverse("careers:mentoring_offer"),
        {"kind": "mentor", "capacity": "1", "professions": "any", "profile": "p" * 1501},
    ).content.decode()

    assert "A short profile must be 1,500 characters or fewer" in text


def test_a_facilitator_is_told_an_online_link_is_too_long_instead_of_a_server_error(client, db):
    from cohorts import services

    femi = facilitator_person(full_name="Femi Adeyemi")
    cohort = services.cohort_create(
        name="Leading in the PCN",
        description="A year of learning together.",
        facilitator=femi,
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2030, 12, 31),
    )
    soon = datetime.date.today() + datetime.timedelta(days=7)
    client.force_login(femi)

    response = client.post(
        reverse("cohorts:session_create", args=[cohort.pk]),
        {
            "date_day": soon.day,
            "date_month": soon.month,
            "date_year": soon.year,
            "time": "10:00",
            "duration_minutes": 120,
            "online_link": "https://meet.example.nhs.uk/" + "a" * 200,
        },
    )

    assert response.status_code == 200
    assert "Online link must be 200 characters or fewer" in response.content.decode()
    assert not cohort.sessions.exists()


def test_a_log_title_made_from_a_long_offer_title_ends_in_an_ellipsis(nurse):
    from careers.models import ActivityKind
    from careers.services import activity_create

    entry = activity_create(
        person=nurse,
        title="Completed: " + "x" * 200,
        kind=ActivityKind.COURSE,
        occurred_on=datetime.date(2026, 3, 1),
    )

    assert len(entry.title) == 200 and entry.title.endswith("…")
