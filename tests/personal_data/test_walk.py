"""Every "your data" address, walked as a visitor, the owner, a curator of another hub,
a curator and a superuser: only the owner ever sees her export; staff cannot erase."""

import pytest
from django.urls import reverse

from portal.models import OrganisationKind
from portal.personal_data import export
from portal.personal_data.models import DataExport
from tests.factories import OrganisationFactory, PersonFactory, icb

pytestmark = pytest.mark.django_db

PERSONAS = ["visitor", "member", "other_hub_curator", "curator", "superuser"]
OK, LOGIN, MISSING, REFUSED, HOME, NOT_ALLOWED = 200, "login", 404, 200, 302, 405

# url name -> expected answer for each persona, in PERSONAS order. "member" is Nia, who
# owns the export; staff get the page saying why they cannot erase here.
EXPECTED = {
    "overview": [LOGIN, OK, OK, OK, OK],
    "export_request": [LOGIN, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED],
    "export": [LOGIN, OK, MISSING, MISSING, MISSING],
    "export_status": [LOGIN, OK, MISSING, MISSING, MISSING],
    "export_download": [LOGIN, OK, MISSING, MISSING, MISSING],
    "erase": [LOGIN, OK, REFUSED, REFUSED, REFUSED],
    # Only the browser that has just erased an account is shown the done page.
    "erased": [HOME, HOME, HOME, HOME, HOME],
}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def hub_curator(curator, ods: str):
    hub = OrganisationFactory(kind=OrganisationKind.TRAINING_HUB, icb=icb(ods))
    hub.serves_icbs.add(icb(ods))
    curator.organisation = hub
    curator.save()
    return curator


@pytest.fixture
def world(nurse, curator):
    made = DataExport.objects.create(person=nurse)
    ready = export.export_build(export_id=str(made.pk))
    people = {
        "visitor": None,
        "member": nurse,
        "other_hub_curator": hub_curator(
            PersonFactory(is_staff=True, full_name="Lee Other"), "QMF"
        ),
        "curator": hub_curator(curator, "QJK"),
        "superuser": PersonFactory(is_staff=True, is_superuser=True),
    }
    args = {
        "overview": [],
        "export_request": [],
        "export": [ready.pk],
        "export_status": [ready.pk],
        "export_download": [ready.pk],
        "erase": [],
        "erased": [],
    }
    return args, people


def test_every_personal_data_url_is_in_the_walk():
    from portal.personal_data.urls import urlpatterns

    assert {pattern.name for pattern in urlpatterns} == set(EXPECTED)


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_what_it_may_have(client, world, persona):
    args, people = world
    if people[persona] is not None:
        client.force_login(people[persona])
    failures = []
    for name, answers in EXPECTED.items():
        expected = answers[PERSONAS.index(persona)]
        response = client.get(reverse(f"personal_data:{name}", args=args[name]))
        got = response.status_code
        if expected == LOGIN:
            ok = got == 302 and "/accounts/login/" in response["Location"]
        elif expected == HOME:
            ok = got == 302 and response["Location"] == "/"
        else:
            ok = got == expected
        if name == "erase" and persona in ("other_hub_curator", "curator", "superuser"):
            ok = ok and "cannot be erased here" in response.content.decode()
        if not ok:
            failures.append(f"{name}: expected {expected}, got {got}")
    assert not failures, failures
