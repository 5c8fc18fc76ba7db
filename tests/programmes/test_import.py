"""Bulk import of offers and intakes: every problem reported, nothing half-imported."""

import csv
import io

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programmes.models import Intake, Offer, OfferStatus
from programmes.resources import IntakeResource, OfferResource
from tests.programmes.factories import OfferFactory, days_from_today

pytestmark = pytest.mark.django_db

HEADERS = [
    "slug",
    "title",
    "summary",
    "kind",
    "provider",
    "delivery_mode",
    "professions",
    "icbs",
    "total_hours",
    "funding",
    "backfill_paid",
    "cpd_hours",
    "certificate",
    "benefits",
    "eligibility",
    "review_by",
    "status",
]


def offer_row(number: int, **changes) -> dict:
    row = {
        "slug": f"imported-offer-{number}",
        "title": f"Imported offer {number}",
        "summary": "A short programme on leading improvement in a practice.",
        "kind": "programme",
        "provider": "Moorland Training Hub",
        "delivery_mode": "online",
        "professions": "general-practice-nurse;clinical-pharmacist",
        "icbs": "devon",
        "total_hours": "20",
        "funding": "fully_funded",
        "backfill_paid": "yes",
        "cpd_hours": "20",
        "certificate": "Certificate of completion",
        "benefits": "A project for your appraisal.",
        "eligibility": "Working in general practice in Devon.",
        "review_by": "2027-01-31",
        "status": "published",
    }
    row.update(changes)
    return row


def dataset(rows: list[dict], headers: list[str] = HEADERS) -> tablib.Dataset:
    data = tablib.Dataset(headers=headers)
    for row in rows:
        data.append([row.get(h, "") for h in headers])
    return data


def csv_bytes(rows: list[dict], headers: list[str] = HEADERS) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=headers, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def import_offers(data: tablib.Dataset, user, dry_run: bool = False):
    return OfferResource(user=user).import_data(
        data, dry_run=dry_run, use_transactions=True, rollback_on_validation_errors=True
    )


def errors_by_row(result) -> dict[int, dict[str, list[str]]]:
    return {row.number: row.field_specific_errors for row in result.invalid_rows}


def test_it_imports_a_clean_file_of_published_offers(curator):
    result = import_offers(dataset([offer_row(n) for n in range(1, 4)]), curator)
    assert not result.has_errors() and not result.has_validation_errors()
    offers = Offer.objects.filter(hub=curator.organisation)
    assert offers.count() == 3
    offer = offers.get(slug="imported-offer-1")
    assert offer.status == OfferStatus.PUBLISHED
    assert offer.published_at is not None
    assert set(offer.professions.values_list("slug", flat=True)) == {
        "general-practice-nurse",
        "clinical-pharmacist",
    }
    assert [o.slug for o in Offer.objects.search("imported")][:1]


def test_it_rejects_a_200_row_file_with_one_bad_row_and_imports_nothing(curator):
    rows = [offer_row(n) for n in range(1, 201)]
    rows[136] = offer_row(137, kind="webinar", total_hours="lots", review_by="31st Jan")
    result = import_offers(dataset(rows), curator)
    assert result.has_validation_errors()
    assert errors_by_row(result) == {
        137: {
            "kind": [
                "“webinar” is not one of: course, programme, e_learning, coaching, mentoring, "
                "action_learning, network, qi_project, secondment, stretch_assignment, "
                "shadowing, self_directed."
            ],
            "total_hours": ["“lots” is not a whole number."],
            "review_by": ["“31st Jan” is not a date: write it like 2026-04-01 or 01/04/2026."],
        }
    }
    assert not Offer.objects.exists()


def test_it_reports_every_bad_row_not_just_the_first(curator):
    rows = [
        offer_row(1, professions="general-practice-nurse;astronaut"),
        offer_row(2),
        offer_row(3, funding="free", backfill_paid="maybe"),
        offer_row(4, title=""),
    ]
    result = import_offers(dataset(rows), curator)
    errors = errors_by_row(result)
    assert errors[1] == {"professions": ["Not recognised: astronaut."]}
    assert errors[3] == {"backfill_paid": ["“maybe” is not yes or no."]}
    assert "title" in errors[4]
    assert not Offer.objects.exists()


def test_it_refuses_to_publish_an_imported_offer_without_its_standard_answers(curator):
    result = import_offers(dataset([offer_row(1, funding="", cpd_hours="")]), curator)
    (message,) = errors_by_row(result)[1]["status"]
    assert "Who pays for it, and is backfill paid?" in message
    assert "Is it accredited?" in message
    assert not Offer.objects.exists()


def test_it_refuses_a_file_with_missing_or_unknown_columns(curator):
    headers = [h for h in HEADERS if h != "kind"] + ["colour"]
    result = import_offers(dataset([offer_row(1)], headers), curator)
    assert result.has_errors()
    (error,) = result.base_errors
    assert "missing columns: kind" in str(error.error)
    assert "columns we do not recognise: colour" in str(error.error)
    assert not Offer.objects.exists()


def test_it_refuses_a_slug_repeated_in_the_file(curator):
    result = import_offers(dataset([offer_row(1), offer_row(1)]), curator)
    assert set(errors_by_row(result)) == {1, 2}
    assert not Offer.objects.exists()


def test_it_keeps_curators_to_their_own_hub(curator, other_hub):
    theirs = OfferFactory(slug="theirs", hub=other_hub)
    rows = [offer_row(1, slug="theirs"), offer_row(2, hub=other_hub.name)]
    result = import_offers(dataset([*rows], [*HEADERS, "hub"]), curator)
    errors = errors_by_row(result)
    assert errors[1] == {"slug": ["“theirs” belongs to another training hub's offer."]}
    assert errors[2] == {"hub": ["You can only import offers for your own training hub."]}
    theirs.refresh_from_db()
    assert theirs.title != "Imported offer 1"


def test_it_updates_an_existing_offer_by_its_slug(curator):
    offer = OfferFactory(slug="imported-offer-1", hub=curator.organisation, title="Old")
    result = import_offers(dataset([offer_row(1)]), curator)
    assert not result.has_validation_errors()
    offer.refresh_from_db()
    assert offer.title == "Imported offer 1"


def test_a_dry_run_reports_changes_without_saving_them(curator):
    result = import_offers(dataset([offer_row(1), offer_row(2)]), curator, dry_run=True)
    assert result.totals["new"] == 2
    assert not Offer.objects.exists()


def test_it_imports_intakes_and_reports_bad_dates_by_row_and_column(curator):
    offer = OfferFactory(slug="coaching", hub=curator.organisation)
    headers = ["offer", "start_date", "end_date", "application_deadline", "places"]
    start = days_from_today(60)
    good = {
        "offer": "coaching",
        "start_date": start.isoformat(),
        "end_date": days_from_today(90).isoformat(),
        "application_deadline": days_from_today(30).isoformat(),
        "places": "12",
    }
    bad = [
        {**good, "start_date": "next spring"},
        {**good, "start_date": days_from_today(70).isoformat(), "end_date": "2020-01-01"},
        {**good, "offer": "not-ours"},
        {**good, "start_date": days_from_today(80).isoformat(), "places": "-3"},
    ]
    result = IntakeResource(user=curator).import_data(
        dataset([good, *bad], headers),
        use_transactions=True,
        rollback_on_validation_errors=True,
    )
    errors = errors_by_row(result)
    assert set(errors) == {2, 3, 4, 5}
    assert "start_date" in errors[2]
    assert errors[3] == {"end_date": ["The end date must be on or after the start date."]}
    assert errors[4] == {"offer": ["None of your hub's offers has the slug “not-ours”."]}
    assert errors[5] == {"places": ["“-3” is not a whole number of 0 or more."]}
    assert not Intake.objects.exists()
    clean = IntakeResource(user=curator).import_data(
        dataset([good], headers), use_transactions=True, rollback_on_validation_errors=True
    )
    assert not clean.has_validation_errors()
    assert offer.intakes.get().places == 12


# ---------------------------------------------------------------------------
# Through the admin, as a curator would
# ---------------------------------------------------------------------------
@pytest.fixture
def admin_client_for(client, settings):
    settings.DEMO_RELAX_STAFF_MFA = True

    def sign_in(person):
        client.force_login(person)
        return client

    return sign_in


def test_a_curator_sees_every_error_of_a_200_row_csv_in_the_admin(admin_client_for, curator):
    client = admin_client_for(curator)
    rows = [offer_row(n) for n in range(1, 201)]
    rows[41] = offer_row(42, delivery_mode="by pigeon")
    rows[199] = offer_row(200, review_by="2027-02-30")
    upload = SimpleUploadedFile("offers.csv", csv_bytes(rows), content_type="text/csv")
    response = client.post(
        reverse("admin:programmes_offer_import"), {"import_file": upload, "format": "0"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing has been imported" in page
    assert "Row 42 (line 43)" in page
    assert "delivery_mode" in page
    assert "by pigeon" in page
    assert "Row 200 (line 201)" in page
    assert "review_by" in page
    assert response.context.get("confirm_form") is None
    assert not Offer.objects.exists()


def test_a_curator_imports_a_clean_xlsx_after_the_dry_run(admin_client_for, curator):
    client = admin_client_for(curator)
    xlsx = dataset([offer_row(n) for n in range(1, 6)]).export("xlsx")
    upload = SimpleUploadedFile("offers.xlsx", xlsx)
    response = client.post(
        reverse("admin:programmes_offer_import"), {"import_file": upload, "format": "1"}
    )
    confirm = response.context["confirm_form"]
    assert confirm is not None
    assert not Offer.objects.exists()
    response = client.post(reverse("admin:programmes_offer_process_import"), confirm.initial)
    assert response.status_code == 302
    assert Offer.objects.filter(hub=curator.organisation).count() == 5


def test_a_curator_exports_their_hubs_offers_as_csv(admin_client_for, curator, other_hub):
    OfferFactory(title="Ours", hub=curator.organisation)
    OfferFactory(title="Not ours", hub=other_hub)
    client = admin_client_for(curator)
    url = reverse("admin:programmes_offer_export")
    columns = [name for name in client.get(url).context["form"].fields if "resource_" in name]
    response = client.post(url, {"format": "0", "resource": "0", **dict.fromkeys(columns, "on")})
    assert response["Content-Type"].startswith("text/csv")
    body = response.content.decode()
    assert "Ours" in body
    assert "Not ours" not in body
