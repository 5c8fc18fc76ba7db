"""Each hole the access review found in the admin, tried again as the attacker would.

The matrix proves who opens what; these prove that the writes behind the doors fail
and leave the rows as they were.
"""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from cohorts import services as cohort_services
from portal.models import ICB, OrganisationKind
from programmes import services as programme_services
from programmes.models import Offer, OfferStatus
from tests.access.world import World, build
from tests.programmes.factories import OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings) -> World:
    settings.DEMO_RELAX_STAFF_MFA = True
    return build()


def form_as_posted(page) -> dict:
    """What the browser would send back from an admin change page, inlines included."""
    data = {}
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    for form in forms:
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            data[field.html_name] = "on" if value is True else value
    return data


def signed_in(world: World, persona: str) -> Client:
    client = Client()
    client.force_login(world.people[persona])
    return client


# 1. A staff facilitator cannot make herself another set's facilitator.
def test_a_staff_facilitator_cannot_take_over_another_set_and_read_its_meetings(world):
    staff = world.people["staff_facilitator"]
    other_set = world.other_set
    meeting = cohort_services.meeting_create(
        learning_set=other_set, starts_at=world.meeting.starts_at, presenters=[]
    )
    client = signed_in(world, "staff_facilitator")
    change = reverse("admin:cohorts_actionlearningset_change", args=[other_set.pk])
    assert client.get(change).status_code == 302  # "no such set": not hers
    client.post(change, {"name": other_set.name, "facilitator": staff.pk, "minimum": 3})
    other_set.refresh_from_db()
    assert other_set.facilitator == world.people["facilitator_of_another_set"]
    page = reverse("cohorts:meeting", args=[other_set.pk, meeting.pk])
    assert client.get(page).status_code == 404


def test_a_staff_facilitator_cannot_hand_her_own_set_to_someone_else(world):
    client = signed_in(world, "staff_facilitator")
    own = world.set
    change = reverse("admin:cohorts_actionlearningset_change", args=[own.pk])
    data = form_as_posted(client.get(change))
    data.update(name="Renamed", facilitator=world.people["curator_b"].pk)
    assert client.post(change, data).status_code == 302
    own.refresh_from_db()
    assert own.name == "Renamed"
    assert own.facilitator == world.people["staff_facilitator"]


def test_a_staff_facilitator_opens_no_cohort_she_does_not_facilitate(world):
    other = cohort_services.cohort_create(
        name="Another cohort",
        description="Elsewhere.",
        facilitator=world.people["facilitator_of_another_set"],
        start_date=world.cohort.start_date,
        end_date=world.cohort.end_date,
    )
    client = signed_in(world, "staff_facilitator")
    assert client.get(reverse("admin:cohorts_cohort_change", args=[other.pk])).status_code == 302
    listed = client.get(reverse("admin:cohorts_cohort_changelist")).content.decode()
    assert "Leading together" in listed
    assert "Another cohort" not in listed


# 2. History pages and the history form answer only for rows in scope, and never save.
def test_another_hubs_curator_cannot_read_or_save_a_roles_history(world):
    role = world.role
    record = role.history.earliest("history_date")
    client = signed_in(world, "curator_b")
    assert client.get(reverse("admin:careers_role_history", args=[role.pk])).status_code == 403
    form = reverse("admin:careers_role_simple_history", args=[role.pk, record.history_id])
    assert client.get(form).status_code == 403
    purpose = role.purpose
    response = client.post(form, {"title": role.title, "purpose": "Hijacked", "host": ""})
    assert response.status_code == 403
    role.refresh_from_db()
    assert role.purpose == purpose


def test_not_even_a_superuser_reverts_an_archived_offer_through_its_history(world):
    offer = world.offer
    published = offer.history.filter(status=OfferStatus.PUBLISHED).latest("history_date")
    programme_services.offer_archive(offer=offer)
    client = signed_in(world, "superuser")
    form = reverse("admin:programmes_offer_simple_history", args=[offer.pk, published.history_id])
    assert client.get(form).status_code == 200
    assert client.post(form, {"title": offer.title, "status": "published"}).status_code == 403
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ARCHIVED


# 3. Organisations: nobody but a superuser widens a hub's reach.
def test_a_curator_cannot_give_her_hub_more_icbs(world):
    hub = world.hub_a
    client = signed_in(world, "curator_a")
    response = client.post(
        reverse("admin:portal_organisation_change", args=[hub.pk]),
        {"name": hub.name, "kind": hub.kind, "serves_icbs": list(ICB.objects.values_list("pk"))},
    )
    assert response.status_code == 403
    assert list(hub.serves_icbs.values_list("ods_code", flat=True)) == ["QJK"]


def test_a_curator_cannot_turn_another_hub_into_a_practice_to_work_there(world):
    other = world.hub_b
    client = signed_in(world, "curator_a")
    response = client.post(
        reverse("admin:portal_organisation_change", args=[other.pk]),
        {"name": other.name, "kind": OrganisationKind.PRACTICE},
    )
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.kind == OrganisationKind.TRAINING_HUB


def test_a_curator_adds_only_practices_and_pcns_in_her_hubs_icbs(world):
    client = signed_in(world, "curator_a")
    form = client.get(reverse("admin:portal_organisation_add")).context["adminform"].form
    assert [value for value, _ in form.fields["kind"].choices if value] == ["practice", "pcn"]
    assert [icb.ods_code for icb in form.fields["icb"].queryset] == ["QJK"]
    assert "serves_icbs" not in form.fields


def test_someone_who_works_at_a_hub_without_being_its_staff_curates_nothing(world):
    member = world.people["member"]
    member.organisation = world.hub_a
    member.save()
    assert not Offer.objects.curated_by(member).exists()


# 5. People: a curator sees the people of her hub's ICBs, and changes nobody.
def test_a_curator_finds_only_people_working_in_her_hubs_icbs(world):
    client = signed_in(world, "curator_b")
    listing = reverse("admin:portal_person_changelist")
    found = client.get(listing, {"q": world.people["member"].email}).content.decode()
    assert world.people["member"].full_name not in found
    mine = signed_in(world, "curator_a").get(listing, {"q": "Mia"}).content.decode()
    assert "Mia Member" in mine


def test_a_curator_cannot_change_a_person_or_their_groups(world):
    member = world.people["member"]
    client = signed_in(world, "curator_a")
    change = reverse("admin:portal_person_change", args=[member.pk])
    response = client.post(change, {"email": member.email, "is_staff": "on", "groups": [1]})
    assert response.status_code == 403
    member.refresh_from_db()
    assert not member.is_staff
    assert not member.groups.exists()


# 8. Exports never hand a spreadsheet a formula, in CSV or XLSX.
@pytest.mark.parametrize("file_format", ["0", "1"])
def test_an_offer_export_guards_every_cell_a_spreadsheet_would_run(world, file_format):
    OfferFactory(hub=world.hub_a, title='=HYPERLINK("http://evil.example","Click")')
    OfferFactory(hub=world.hub_a, title="+SUM(1,2)", slug="plus-sum")
    client = signed_in(world, "curator_a")
    url = reverse("admin:programmes_offer_export")
    fields = [name for name in client.get(url).context["form"].fields if "resource_" in name]
    response = client.post(
        url, {"format": file_format, "resource": "0", **dict.fromkeys(fields, "on")}
    )
    if file_format == "0":
        cells = response.content.decode()
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        cells = "\n".join(str(cell.value) for row in sheet.iter_rows() for cell in row)
    assert "'=HYPERLINK" in cells
    assert "'+SUM(1,2)" in cells
    assert "\n=" not in cells and ",=" not in cells


# 12. National pathways and stages: superusers only.
def test_a_curator_reads_a_pathway_but_cannot_change_it(world):
    pathway = world.pathway
    client = signed_in(world, "curator_a")
    change = reverse("admin:careers_pathway_change", args=[pathway.pk])
    assert client.get(change).status_code == 200
    assert client.post(change, {"summary": "Rewritten"}).status_code == 403
    pathway.refresh_from_db()
    assert pathway.summary != "Rewritten"
