"""Who may open which insights address, and over which area.

Every insights address — the index, the diversity page, each registered page and each
table's CSV — is walked as Vic (a visitor), Olly (a member), Hana (curator of another
hub), Cara (a Devon hub curator) and Sam (a superuser). The list is built from the pages'
own tables, so a page or table added later is walked without anyone remembering to.
"""

import datetime
import re

import pytest
import time_machine
from django.urls import resolve, reverse
from django.utils import timezone

from portal import services
from portal.insights import diversity, urls
from portal.insights.registry import insights
from portal.insights.scope import ENGLAND
from portal.models import HeldRoleKind, OrganisationKind, Person
from tests.factories import OrganisationFactory, PersonFactory, icb, profession

pytestmark = pytest.mark.django_db

DEVON, LONDON = "QJK", "QMF"
# Nobody may be named anywhere in insights; these would stand out if they were.
DEVON_NAMES = ["Zebedee Quillfeather", "Ottoline Marchbanks", "Peregrine Ashdown"]
LONDON_NAMES = ["Ignatius Wolstenholme", "Philippa Thistlewood"]


@pytest.fixture(autouse=True)
def counted_afresh(settings):
    """Each view counts again, so that one test's kept figures never answer another's."""
    settings.INSIGHTS_CACHE_SECONDS = 0


def hub_curator(ods: str, hub_name: str, full_name: str) -> Person:
    hub = OrganisationFactory(kind=OrganisationKind.TRAINING_HUB, icb=icb(ods), name=hub_name)
    hub.serves_icbs.add(icb(ods))
    return PersonFactory(is_staff=True, organisation=hub, profession=None, full_name=full_name)


def paramedic_leaders(ods: str, names: list[str], count: int) -> None:
    """`count` paramedics holding a clinical lead role in one ICB, the first few named.

    They joined and took the role two quarters ago: insights publish ended quarters only.
    """
    with time_machine.travel(timezone.now() - datetime.timedelta(days=190)):
        practice = OrganisationFactory(icb=icb(ods))
        for number in range(count):
            name = names[number] if number < len(names) else f"Paramedic {ods} {number}"
            person = PersonFactory(
                full_name=name, profession=profession("paramedic"), organisation=practice
            )
            services.held_roles_update(person, [HeldRoleKind.CLINICAL_LEAD])


@pytest.fixture
def cara() -> Person:
    """Cara, staff of the Devon training hub, which serves Devon only."""
    return hub_curator(DEVON, "Devon Training Hub", "Cara Mensah")


@pytest.fixture
def hana() -> Person:
    """Hana, staff of a London training hub: a curator, but of another hub."""
    return hub_curator(LONDON, "North Central London Training Hub", "Hana Okoro")


@pytest.fixture
def sam() -> Person:
    return PersonFactory(
        full_name="Sam Superuser", is_staff=True, is_superuser=True, profession=None
    )


@pytest.fixture
def olly() -> Person:
    return PersonFactory(full_name="Olly Outsider")


@pytest.fixture
def figures():
    """Seven paramedic leaders in Devon and seven in London, some with memorable names."""
    paramedic_leaders(DEVON, DEVON_NAMES, 7)
    paramedic_leaders(LONDON, LONDON_NAMES, 7)


def every_insights_url() -> list[str]:
    """The index, every page and every table's CSV, from the pages' own tables."""
    pages = {"diversity": diversity.build}
    pages.update({page.key: page.build for page in insights.pages()})
    found = [reverse("insights:index")]
    for key, build in pages.items():
        found.append(reverse("insights:page", args=[key]))
        for table in build(ENGLAND):
            found.append(reverse("insights:csv", args=[key, table.key]))
    return found


def test_every_insights_address_pattern_is_walked(db):
    walked = {resolve(url).url_name for url in every_insights_url()}

    assert walked == {pattern.name for pattern in urls.urlpatterns}


def test_every_page_has_at_least_one_table_to_download(db):
    pages = [("diversity", diversity.build)] + [(p.key, p.build) for p in insights.pages()]

    assert all(build(ENGLAND) for _key, build in pages)


def test_a_visitor_is_asked_to_sign_in_everywhere(client, figures):
    for url in every_insights_url():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url


def test_a_member_is_refused_everywhere(client, olly, figures):
    client.force_login(olly)

    for url in every_insights_url():
        assert client.get(url).status_code == 403, url


def test_staff_of_an_organisation_that_is_not_a_training_hub_are_refused(client, figures):
    practice_manager = PersonFactory(is_staff=True, organisation=OrganisationFactory())
    client.force_login(practice_manager)

    for url in every_insights_url():
        assert client.get(url).status_code == 403, url


def test_a_curator_opens_every_page_and_csv_for_her_hub(client, cara, figures):
    client.force_login(cara)

    for url in every_insights_url():
        response = client.get(url)
        assert response.status_code == 200, url
        if url.endswith(".csv"):
            assert response["Content-Type"].startswith("text/csv"), url
            assert "attachment" in response["Content-Disposition"], url


def test_a_curator_sees_her_hubs_figures(client, cara, figures):
    client.force_login(cara)

    leaders = client.get(reverse("insights:csv", args=["diversity", "leaders"])).content
    # Seven, rounded to the nearest 5 as official statistics are.
    assert "Paramedic,5," in leaders.decode()


def test_a_curator_of_another_hub_sees_only_her_own_area(client, hana):
    paramedic_leaders(DEVON, DEVON_NAMES, 7)
    client.force_login(hana)

    for url in every_insights_url():
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Paramedic,7," not in response.content.decode(), url
        assert "Devon" not in response.content.decode(), url


def test_asking_for_an_icb_outside_her_hub_shows_an_error_and_never_its_figures(client, hana):
    paramedic_leaders(DEVON, DEVON_NAMES, 7)
    client.force_login(hana)

    for url in every_insights_url():
        response = client.get(url, {"area": f"icb-{DEVON.lower()}"})
        assert response.status_code == 200, url
        text = response.content.decode()
        if not url.endswith(".csv"):
            assert "Choose an area from the list" in text, url
        assert "Paramedic,7," not in text, url


def test_a_curator_cannot_ask_for_a_region_or_all_england(client, cara):
    paramedic_leaders(LONDON, LONDON_NAMES, 7)
    client.force_login(cara)

    for area in ("england", "region-london", f"icb-{LONDON.lower()}"):
        page = client.get(reverse("insights:page", args=["diversity"]), {"area": area})
        assert page.status_code == 200
        assert "Choose an area from the list" in page.content.decode()
        leaders = client.get(
            reverse("insights:csv", args=["diversity", "leaders"]), {"area": area}
        ).content.decode()
        # Every profession is listed, so London's paramedics are a row of words only.
        assert "Paramedic,fewer than 5,fewer than 5" in leaders
        assert not re.search(r"Paramedic,\d", leaders)


def test_a_superuser_chooses_any_icb_region_or_all_england(client, sam, figures):
    client.force_login(sam)
    devon_region = icb(DEVON).region.slug
    leaders_url = reverse("insights:csv", args=["diversity", "leaders"])

    expected = {
        "england": "Paramedic,15,",
        f"region-{devon_region}": "Paramedic,5,",
        f"icb-{DEVON.lower()}": "Paramedic,5,",
        f"icb-{LONDON.lower()}": "Paramedic,5,",
    }
    for area, line in expected.items():
        assert line in client.get(leaders_url, {"area": area}).content.decode(), area
    for url in every_insights_url():
        for area in expected:
            response = client.get(url, {"area": area})
            assert response.status_code == 200, (url, area)
            assert "Choose an area from the list" not in response.content.decode()


@pytest.mark.parametrize(
    "area",
    [
        "nowhere",
        "icb-",
        "icb-zzz",
        "region-",
        "region-atlantis",
        "ENGLAND",
        "' OR 1=1 --",
        "<script>alert(1)</script>",
        "\u00e9\u00e9\u00e9" * 200,
    ],
)
def test_a_tampered_area_is_an_error_on_the_page_never_a_server_error(client, cara, area):
    client.force_login(cara)

    for url in every_insights_url():
        response = client.get(url, {"area": area})
        assert response.status_code == 200, (url, area)
        if not url.endswith(".csv"):
            assert "Choose an area from the list" in response.content.decode()
            assert "<script>alert(1)</script>" not in response.content.decode()


def test_the_area_sent_twice_is_never_a_server_error(client, cara):
    client.force_login(cara)

    response = client.get(reverse("insights:page", args=["diversity"]) + "?area=hub&area=icb-qmf")

    assert response.status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/insights/nothing-here/",
        "/insights/nothing-here/leaders.csv",
        "/insights/diversity/nothing-here.csv",
        "/insights/diversity/leaders.json",
        "/insights/diversity/leaders",
        "/insights/index/",
    ],
)
def test_an_unknown_page_or_table_is_not_found(client, cara, path):
    client.force_login(cara)

    assert client.get(path).status_code == 404


def test_an_unknown_table_of_every_registered_page_is_not_found(client, cara):
    client.force_login(cara)

    for key in ["diversity", *[page.key for page in insights.pages()]]:
        url = reverse("insights:csv", args=[key, "no-such-table"])
        assert client.get(url).status_code == 404, url


def test_nobody_is_named_on_any_page_or_csv(client, sam, figures):
    client.force_login(sam)

    for url in every_insights_url():
        for area in ("england", f"icb-{DEVON.lower()}", f"icb-{LONDON.lower()}"):
            text = client.get(url, {"area": area}).content.decode()
            for name in [*DEVON_NAMES, *LONDON_NAMES]:
                assert name not in text, (url, area, name)
                assert name.split()[1] not in text, (url, area, name)
