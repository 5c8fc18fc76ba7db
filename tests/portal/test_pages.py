"""The landing page, the plan's profile part, the profile page, the footer's pages, the error
pages."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.template import loader
from django.test import Client, RequestFactory
from django.urls import reverse
from playwright.sync_api import Browser, Page, expect

from portal import views
from portal.models import CareerLevel, Organisation, Person
from tests.factories import OrganisationFactory, PersonFactory, icb, profession


@pytest.fixture
def signed_in(client: Client, nurse) -> Client:
    client.force_login(nurse)
    return client


def profile_data(person, **changes) -> dict:
    data = {
        "full_name": person.full_name,
        "profession": person.profession_id,
        "career_level": "",
        "organisation": person.organisation_id,
    }
    data.update(changes)
    return data


# --- Landing page and dashboard -------------------------------------------------


def test_it_shows_visitors_the_landing_page(client: Client, db):
    response = client.get("/")

    assert response.status_code == 200
    assert "portal/landing.html" in [t.name for t in response.templates]
    assert reverse("account_signup") in response.text
    assert reverse("account_login") in response.text
    assert "Leadership is not only for GPs" in response.text


def test_it_shows_a_signed_in_person_their_own_details(signed_in: Client, nurse):
    response = signed_in.get("/")

    assert "portal/plan.html" in [t.name for t in response.templates]
    assert "nhsuk-summary-list" in response.text
    for detail in (
        "Nia Evans",
        "nia@example.nhs.uk",
        "General practice nurse",
        nurse.organisation.name,
        "NHS Devon Integrated Care Board",
    ):
        assert detail in response.text
    assert reverse("profile") in response.text


def test_it_asks_for_a_career_stage_until_one_is_given(signed_in: Client, nurse):
    assert "Set your career stage" in signed_in.get("/").text

    nurse.career_level = CareerLevel.objects.get(slug="established")
    nurse.save()

    response = signed_in.get("/")
    assert "Set your career stage" not in response.text
    assert "Established" in response.text


def test_it_suggests_two_factor_until_it_is_set_up(signed_in: Client, nurse):
    assert "Set up two-factor authentication" in signed_in.get("/").text

    Authenticator.objects.create(user=nurse, type=Authenticator.Type.TOTP, data={"secret": "x"})

    assert "Set up two-factor authentication" not in signed_in.get("/").text


def test_it_shows_a_dashboard_to_someone_who_has_not_said_where_they_work(client: Client, db):
    person = PersonFactory(organisation=None, profession=None)
    client.force_login(person)

    response = client.get("/")

    assert response.status_code == 200
    assert "Not given" in response.text
    assert "Not known" in response.text


# The plan page's query counts are pinned in tests/portal/test_plan.py.


# --- Profile ----------------------------------------------------------------------


def test_the_profile_page_asks_visitors_to_sign_in(client: Client, db):
    response = client.get("/me/")

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next=/me/"


def test_the_workplace_field_is_a_grouped_select_that_works_without_javascript(
    signed_in: Client,
):
    response = signed_in.get("/me/")

    assert 'data-module="organisation-search"' in response.text
    assert '<optgroup label="Devon">' in response.text
    assert "Save your profile" in response.text
    for url_name in ("account_email", "account_change_password", "mfa_index"):
        assert reverse(url_name) in response.text


def test_it_saves_a_profile(signed_in: Client, nurse):
    new_workplace = OrganisationFactory(name="Harbour PCN", kind="pcn", icb=icb("QSL"))
    stage = CareerLevel.objects.get(slug="advanced-or-specialist")

    response = signed_in.post(
        "/me/",
        profile_data(
            nurse,
            full_name="Nia Evans-Morgan",
            profession=profession("advanced-nurse-practitioner").pk,
            career_level=stage.pk,
            organisation=new_workplace.pk,
        ),
    )

    assert response.status_code == 302
    nurse.refresh_from_db()
    assert nurse.full_name == "Nia Evans-Morgan"
    assert nurse.profession.slug == "advanced-nurse-practitioner"
    assert nurse.career_level == stage
    assert nurse.organisation == new_workplace
    assert "Your profile has been saved." in signed_in.get(response.url).text


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"full_name": ""}, "Enter your full name"),
        ({"organisation": 987654}, "Select"),
        ({"profession": 987654}, "Select"),
        ({"organisation": "not-a-number"}, "Select"),
    ],
    ids=["empty name", "unknown organisation", "unknown profession", "garbled organisation"],
)
def test_a_bad_profile_is_refused_with_an_error_summary_and_nothing_saved(
    signed_in: Client, nurse, changes: dict, message: str
):
    before = (nurse.full_name, nurse.profession_id, nurse.organisation_id)

    response = signed_in.post("/me/", profile_data(nurse, full_name="Changed Name") | changes)

    assert response.status_code == 200
    assert "nhsuk-error-summary" in response.text
    assert "There is a problem" in response.text
    assert message in response.text
    assert response.text.count("<title>Error: ") == 1
    nurse.refresh_from_db()
    assert (nurse.full_name, nurse.profession_id, nurse.organisation_id) == before


def test_it_does_not_offer_a_training_hub_as_a_workplace(signed_in: Client, nurse):
    hub = Organisation.objects.create(kind="training_hub", name="Devon Training Hub")

    response = signed_in.post("/me/", profile_data(nurse, organisation=hub.pk))

    assert response.status_code == 200
    assert "nhsuk-error-summary" in response.text
    nurse.refresh_from_db()
    assert nurse.organisation != hub


# --- Footer pages -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("url_name", "heading"),
    [
        ("accessibility", "Accessibility statement for"),
        ("privacy", "Privacy notice"),
        ("cookies", "Cookies on"),
    ],
)
def test_the_footer_pages_answer_with_breadcrumbs(client: Client, db, url_name: str, heading: str):
    response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert f"<h1>{heading}" in response.text
    assert 'class="nhsuk-breadcrumb"' in response.text
    assert reverse(url_name) in response.text  # the footer links to it


def test_the_cookies_page_names_only_the_cookies_the_site_sets(client: Client, settings, db):
    response = client.get(reverse("cookies"))

    for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, "messages"):
        assert f"</span>{name}" in response.text
    assert response.text.count('scope="row"') == 3


@pytest.mark.parametrize("path", ["/", "/accessibility/", "/privacy/", "/cookies/", "/me/"])
def test_pages_carry_no_inline_styles_for_the_content_security_policy_to_block(
    signed_in: Client, path: str
):
    response = signed_in.get(path)

    assert " style=" not in response.text
    assert "<style" not in response.text


# --- Error pages ------------------------------------------------------------------


def test_an_unknown_address_gets_the_nhs_page_not_found(client: Client, db):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in response.text
    assert 'class="nhsuk-header"' in response.text
    assert 'class="nhsuk-footer"' in response.text


@pytest.mark.parametrize(
    ("handler", "status", "heading"),
    [
        (views.bad_request, 400, "Sorry, there is a problem with your request"),
        (views.permission_denied, 403, "You cannot view this page"),
        (views.page_not_found, 404, "Page not found"),
    ],
)
def test_the_error_handlers_render_in_nhs_style(db, handler, status: int, heading: str):
    request = RequestFactory().get("/somewhere/")
    request.user = AnonymousUser()

    response = handler(request, Exception("boom"))

    assert response.status_code == status
    assert f"<h1>{heading}</h1>" in response.content.decode()
    assert 'class="nhsuk-header"' in response.content.decode()


def test_the_server_error_handler_renders_without_a_user_or_a_database():
    # No db fixture: any query here would fail the test.
    request = RequestFactory().get("/broken/")

    response = views.server_error(request)

    page = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Sorry, there is a problem with the service</h1>" in page
    assert 'class="nhsuk-header"' in page
    assert "<script" not in page


def test_the_server_error_page_renders_with_no_context_at_all():
    page = loader.get_template("500.html").render()

    assert "Sorry, there is a problem with the service" in page
    assert "PCN Leadership Portal" in page
    assert "/static/nhsuk/nhsuk-frontend.min.css" in page


# --- The workplace search in a browser --------------------------------------------


@pytest.fixture
def riversides(transactional_db) -> dict[str, Organisation]:
    """Two practices with one name, in Devon and in Somerset."""
    return {
        "devon": OrganisationFactory(name="Riverside Surgery", icb=icb("QJK")),
        "somerset": OrganisationFactory(name="Riverside Surgery", icb=icb("QSL")),
    }


@pytest.fixture
def nina(riversides) -> Person:
    """Nina, a general practice nurse at the Riverside Surgery in Devon."""
    return PersonFactory(
        full_name="Nina Clarke", email="nina@example.nhs.uk", organisation=riversides["devon"]
    )


def sign_in_as(person: Person, context, live_server) -> None:
    client = Client()
    client.force_login(person)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )


def test_the_workplace_search_tells_two_practices_with_one_name_apart(
    page: Page, visit, axe, live_server, nina, riversides
):
    sign_in_as(nina, page.context, live_server)
    visit("/me/")
    search = page.get_by_role("combobox", name="Where you work")
    expect(search).to_have_value("Riverside Surgery (GP practice)")

    search.fill("riverside somer")
    page.get_by_role("option", name=re.compile("Somerset")).click()
    axe()
    page.get_by_role("button", name="Save your profile").click()
    axe()

    expect(page.get_by_text("Your profile has been saved.")).to_be_visible()
    nina.refresh_from_db()
    assert nina.organisation == riversides["somerset"]


def test_a_cleared_workplace_search_is_refused_not_ignored(
    page: Page, visit, axe, live_server, nina, riversides
):
    sign_in_as(nina, page.context, live_server)
    visit("/me/")

    page.get_by_role("combobox", name="Where you work").fill("")
    page.get_by_role("button", name="Save your profile").click()
    axe()

    summary_link = page.get_by_role("link", name="Select the practice or PCN where you work")
    expect(summary_link).to_be_visible()
    summary_link.click()
    expect(page.get_by_role("combobox", name="Where you work")).to_be_focused()
    nina.refresh_from_db()
    assert nina.organisation == riversides["devon"]


@pytest.mark.browser
def test_the_workplace_search_works_under_the_content_security_policy(
    browser: Browser, live_server, nina
):
    # The shared browser context bypasses the policy so that axe can run; this one
    # keeps it, and records anything the policy blocks.
    context = browser.new_context()
    sign_in_as(nina, context, live_server)
    page = context.new_page()
    page.add_init_script(
        "window.blocked = [];"
        "document.addEventListener('securitypolicyviolation',"
        " event => window.blocked.push(event.violatedDirective + ' ' + event.blockedURI));"
    )
    try:
        page.goto(f"{live_server.url}/me/")
        page.get_by_role("combobox", name="Where you work").fill("riverside")
        results = page.get_by_role("listbox").get_by_role("option")
        expect(results).to_have_count(2)

        assert page.evaluate("window.blocked") == []
    finally:
        context.close()


def test_the_privacy_notice_gives_the_services_own_support_address(client, db, settings):
    settings.SUPPORT_EMAIL = "leadership-help@example.nhs.uk"

    page = client.get("/privacy/").content.decode()

    assert 'href="mailto:leadership-help@example.nhs.uk"' in page


@pytest.mark.django_db
def test_the_header_links_to_leadership_roles_on_every_page(client):
    page = client.get(reverse("careers:pathways")).content.decode()
    header = page[page.index("<header") : page.index("</header>")]
    assert f'href="{reverse("careers:roles")}"' in header
