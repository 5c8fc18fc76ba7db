import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from careers import services
from careers.models import Activity, ActivityKind
from tests.careers.factories import ActivityFactory, dimension
from tests.helpers import assert_queries_constant
from tests.programmes.factories import OfferFactory

pytestmark = pytest.mark.django_db

LOG = reverse("careers:activities")


def day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def test_it_asks_anonymous_people_to_sign_in(client):
    response = client.get(LOG)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_it_adds_an_activity_from_the_form(client, nurse):
    client.force_login(nurse)
    response = client.post(
        reverse("careers:activity_create"),
        {
            "title": "Chaired the PCN prescribing group",
            "occurred_on_day": "3",
            "occurred_on_month": "3",
            "occurred_on_year": "2025",
            "kind": ActivityKind.CHAIRED_MEETING,
            "hours": "1.5",
            "dimensions": [dimension("engaging-the-team").pk],
            "reflection": "I learned to let quieter members speak first.",
            "evidence_url": "https://example.org/minutes",
        },
    )
    assert response.status_code == 302
    activity = Activity.objects.get(person=nurse)
    assert activity.occurred_on == day("2025-03-03")
    assert [d.slug for d in activity.dimensions.all()] == ["engaging-the-team"]
    page = client.get(LOG)
    assert "Chaired the PCN prescribing group" in page.content.decode()


def test_it_refuses_a_future_date_and_bad_hours_with_messages(client, nurse):
    client.force_login(nurse)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        reverse("careers:activity_create"),
        {
            "title": "Tomorrow's meeting",
            "occurred_on_day": str(tomorrow.day),
            "occurred_on_month": str(tomorrow.month),
            "occurred_on_year": str(tomorrow.year),
            "kind": ActivityKind.OTHER,
            "hours": "-2",
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "The date must be today or in the past" in text
    assert "Hours must be 0 or more" in text
    assert not Activity.objects.exists()


@pytest.mark.parametrize("name", ["careers:activity_edit", "careers:activity_delete"])
def test_it_hides_other_peoples_activities(client, nurse, outsider, name):
    activity = ActivityFactory(person=nurse)
    client.force_login(outsider)
    assert client.get(reverse(name, args=[activity.pk])).status_code == 404
    assert client.post(reverse(name, args=[activity.pk]), {"title": "Mine now"}).status_code == 404
    activity.refresh_from_db()
    assert activity.title != "Mine now"


def test_it_edits_and_deletes_your_own_activity(client, nurse):
    activity = ActivityFactory(person=nurse, title="Old title")
    client.force_login(nurse)
    response = client.post(
        reverse("careers:activity_edit", args=[activity.pk]),
        {
            "title": "New title",
            "occurred_on_day": "1",
            "occurred_on_month": "2",
            "occurred_on_year": "2025",
            "kind": ActivityKind.TEACHING,
        },
    )
    assert response.status_code == 302
    activity.refresh_from_db()
    assert activity.title == "New title"
    client.post(reverse("careers:activity_delete", args=[activity.pk]))
    assert not Activity.objects.exists()


def test_it_filters_by_dates_and_dimension(client, nurse):
    care = dimension("leading-with-care")
    ActivityFactory(person=nurse, title="Early", occurred_on=day("2024-01-10"), dimensions=[care])
    ActivityFactory(person=nurse, title="Middle", occurred_on=day("2024-06-10"), dimensions=[care])
    ActivityFactory(person=nurse, title="Other dimension", occurred_on=day("2024-06-11"))
    client.force_login(nurse)
    response = client.get(LOG, {"start": "2024-03-01", "end": "2024-12-31", "dimension": care.slug})
    titles = [a.title for a in response.context["page"].object_list]
    assert titles == ["Middle"]


def test_it_explains_bad_filters_instead_of_failing(client, nurse):
    ActivityFactory(person=nurse)
    client.force_login(nurse)
    response = client.get(LOG, {"start": "2024-13-45", "end": "2024-01-01", "dimension": "nope"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Enter a real date for “From”" in text
    assert "Select a dimension from the list" in text


def test_it_totals_by_dimension_and_year(client, nurse, outsider):
    care, team = dimension("leading-with-care"), dimension("engaging-the-team")
    ActivityFactory(person=nurse, occurred_on=day("2023-05-01"), hours=2, dimensions=[care, team])
    ActivityFactory(person=nurse, occurred_on=day("2024-05-01"), hours=3, dimensions=[care])
    ActivityFactory(person=outsider, occurred_on=day("2024-05-01"), hours=50, dimensions=[care])
    client.force_login(nurse)
    totals = client.get(LOG).context["totals"]
    by_dimension = {row["dimension"].slug: row for row in totals["by_dimension"]}
    assert by_dimension["leading-with-care"]["activities"] == 2
    assert by_dimension["leading-with-care"]["hours"] == 5
    assert by_dimension["engaging-the-team"]["hours"] == 2
    assert by_dimension["holding-to-account"]["activities"] == 0
    assert [(row["year"], row["hours"]) for row in totals["by_year"]] == [(2024, 3), (2023, 2)]


@pytest.mark.parametrize(
    "path", [LOG, reverse("careers:activity_print"), reverse("careers:activity_export")]
)
def test_its_log_pages_do_not_query_more_with_more_rows(client, nurse, path):
    care = dimension("leading-with-care")
    ActivityFactory(person=nurse, dimensions=[care])
    client.force_login(nurse)

    def six_more():
        for _ in range(6):
            ActivityFactory(person=nurse, dimensions=[care, dimension("engaging-the-team")])

    response = assert_queries_constant(six_more, lambda: client.get(path))

    assert response.status_code == 200


def test_it_exports_the_log_as_csv_without_spreadsheet_formulas(client, nurse):
    ActivityFactory(
        person=nurse, title='=HYPERLINK("x")', dimensions=[dimension("leading-with-care")]
    )
    client.force_login(nurse)
    response = client.get(reverse("careers:activity_export"))
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "Date,Title,Kind,Hours,Dimensions,Reflection,Evidence link"
    assert "'=HYPERLINK" in text
    assert "Leading with care" in text


def test_its_printable_summary_uses_the_print_stylesheet(client, nurse):
    ActivityFactory(person=nurse, title="Led a QI project on asthma reviews")
    client.force_login(nurse)
    text = client.get(reverse("careers:activity_print")).content.decode()
    assert "Led a QI project on asthma reviews" in text
    assert 'media="print"' in text


def test_its_service_logs_an_event_from_another_app_only_once(nurse):
    offer = OfferFactory()
    first = services.activity_create(
        person=nurse,
        title=f"Completed {offer.title}",
        kind=ActivityKind.COURSE,
        occurred_on=timezone.localdate(),
        hours=12,
        dimensions=[dimension("developing-capability")],
        source=offer,
    )
    again = services.activity_create(
        person=nurse,
        title="A different title",
        kind=ActivityKind.COURSE,
        occurred_on=timezone.localdate(),
        source=offer,
    )
    assert again.pk == first.pk
    assert Activity.objects.count() == 1
    assert [d.slug for d in first.dimensions.all()] == ["developing-capability"]


def test_it_pages_a_long_log_keeping_the_filters(client, nurse):
    ActivityFactory.create_batch(51, person=nurse, occurred_on=day("2024-06-01"))
    client.force_login(nurse)
    text = client.get(LOG, {"start": "2024-01-01"}).content.decode()
    assert "start=2024-01-01&amp;page=2" in text
    second = client.get(LOG, {"start": "2024-01-01", "page": "2"})
    assert len(second.context["page"].object_list) == 1
    assert client.get(LOG, {"page": "lots"}).status_code == 200


def test_the_activity_form_offers_no_dash_as_a_kind_of_activity(client, nurse):
    client.force_login(nurse)
    page = client.get(reverse("careers:activity_create")).content.decode()
    assert "---------" not in page
    assert 'name="kind" type="radio" value=""' not in page
