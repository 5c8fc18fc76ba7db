"""Communities of practice as members and a host use them, axe on every page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from cohorts import services as cohort_services
from cohorts.communities import services
from cohorts.communities.models import Visibility
from portal.models import Organisation, OrganisationKind
from tests.factories import PASSWORD, OrganisationFactory, PersonFactory, icb, profession

pytestmark = pytest.mark.browser


def sign_in(page: Page, visit, axe, email: str) -> None:
    visit("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    axe()


def sign_out(page: Page, axe) -> None:
    page.get_by_role("button", name="Sign out").click()
    axe()


def no_sideways_scroll(page: Page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at 375px"


def _established(**fields):
    person = PersonFactory(**fields)
    person.date_joined = timezone.now() - datetime.timedelta(days=400)
    person.save(update_fields=["date_joined"])
    return person


@pytest.fixture
def devon(transactional_db):
    hub = Organisation.objects.create(
        kind=OrganisationKind.TRAINING_HUB, name="Devon Training Hub", icb=icb("QJK")
    )
    hub.serves_icbs.add(icb("QJK"))
    staff = PersonFactory(full_name="Hana Brook", organisation=hub, is_staff=True)
    host = _established(full_name="Hugo Hart", email="hugo@example.nhs.uk")
    community = services.community_create(
        by=staff,
        hub=hub,
        name="Practice nurses leading change in Devon",
        purpose="Nurses who run clinics and lead teams, sharing what works.",
        visibility=Visibility.OPEN,
        professions=[profession("general-practice-nurse")],
        icbs=[icb("QJK")],
    )
    community.memberships.create(person=host, role="host")
    return {"hub": hub, "community": community, "host": host}


def test_a_nurse_asks_a_pharmacist_answers_and_a_host_hides_a_reported_post(
    page: Page, visit, axe, live_server, devon
):
    nurse = _established(full_name="Nell Ashby", email="nell@example.nhs.uk")
    pharmacist = _established(
        full_name="Pia Moreno",
        email="pia@example.nhs.uk",
        profession=profession("clinical-pharmacist"),
        organisation=OrganisationFactory(name="Harbour Medical Centre"),
    )
    spammer = _established(full_name="Sam Spam", email="sam@example.nhs.uk")
    services.community_join(community=devon["community"], person=spammer)
    page.set_viewport_size({"width": 375, "height": 740})

    # The nurse finds the community "for you", joins it and asks a question.
    sign_in(page, visit, axe, nurse.email)
    visit("/communities/")
    expect(page.get_by_role("heading", name="For you")).to_be_visible()
    no_sideways_scroll(page)
    page.get_by_role("link", name="Practice nurses leading change in Devon").click()
    axe()
    page.get_by_role("button", name="Join this community").click()
    axe()
    page.get_by_role("button", name="Start a conversation").click()
    axe()
    page.get_by_role("button", name="Post").click()
    axe()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    page.get_by_label("Your question or topic").fill("Protected time for a frailty clinic?")
    page.get_by_label("Say more").fill(
        "Our partners like the idea but the rota never has room. How did you make the case?"
    )
    page.get_by_role("button", name="Post").click()
    axe()
    expect(page.get_by_role("heading", name="Protected time for a frailty clinic?")).to_be_visible()
    thread_url = page.url
    sign_out(page, axe)

    spam_thread = devon["community"].threads.get()
    services.reply_create(
        thread=spam_thread, person=spammer, body="Buy cheap followers at example.com!!!"
    )

    # A pharmacist from another PCN joins and replies.
    sign_in(page, visit, axe, pharmacist.email)
    visit("/communities/")
    page.get_by_role("link", name="Practice nurses leading change in Devon").click()
    axe()
    page.get_by_role("button", name="Join this community").click()
    axe()
    page.get_by_role("link", name="Protected time for a frailty clinic?").click()
    axe()
    page.get_by_label("Your reply").fill(
        "We counted the admissions the clinic could avoid and took that to the partners."
    )
    page.get_by_role("button", name="Post your reply").click()
    axe()
    # She reports the spam.
    page.get_by_role("link", name="Report the reply by Sam Spam").click()
    axe()
    page.get_by_label("Why should this post not be here?").fill("Advertising, not advice.")
    page.get_by_role("button", name="Send report").click()
    axe()
    sign_out(page, axe)

    # The nurse marks the reply helpful and follows the conversation.
    sign_in(page, visit, axe, nurse.email)
    visit(thread_url.removeprefix(live_server.url))
    no_sideways_scroll(page)
    page.get_by_role("button", name="This helped me (the reply by Pia Moreno)").click()
    axe()
    expect(page.get_by_text("1 found this helpful")).to_be_visible()
    page.get_by_role("button", name="Follow this conversation").click()
    axe()
    expect(page.get_by_role("button", name="Stop following")).to_be_visible()
    sign_out(page, axe)

    # The host hides the reported post; its reason shows in its place.
    sign_in(page, visit, axe, devon["host"].email)
    visit(f"/communities/{devon['community'].pk}/")
    page.get_by_role("link", name="Moderate: reports, requests and members").click()
    axe()
    no_sideways_scroll(page)
    expect(page.get_by_text("Advertising, not advice.")).to_be_visible()
    page.get_by_role("link", name="Hide the reported reply").click()
    axe()
    page.get_by_label("Reason shown in place of the post").fill("Advertising is not allowed here.")
    page.get_by_role("button", name="Hide the post").click()
    axe()
    expect(page.get_by_text("Hidden by a host: Advertising is not allowed here.")).to_be_visible()
    expect(page.get_by_text("Buy cheap followers")).to_have_count(0)

    # Search finds the conversation.
    visit("/communities/search/?q=frailty+clinic")
    expect(page.get_by_role("link", name="Protected time for a frailty clinic?")).to_be_visible()
    no_sideways_scroll(page)


def test_a_non_member_gets_404_on_a_private_communitys_thread_by_its_address(
    page: Page, visit, axe, live_server, transactional_db
):
    facilitator = _established(full_name="Femi Adeyemi", email="femi@example.nhs.uk")
    member = _established(full_name="Mo Member", email="mo@example.nhs.uk")
    outsider = _established(full_name="Olly Outsider", email="olly@example.nhs.uk")
    today = timezone.localdate()
    cohort = cohort_services.cohort_create(
        name="Leading together",
        description="A year together.",
        facilitator=facilitator,
        start_date=today,
        end_date=today + datetime.timedelta(days=300),
    )
    cohort_services.members_enrol(cohort=cohort, people=[member])
    cohort.refresh_from_db()
    thread = services.thread_create(
        community=cohort.community,
        person=member,
        title="What I could not say in the session",
        body="Between us.",
    )
    page.set_viewport_size({"width": 375, "height": 740})
    sign_in(page, visit, axe, member.email)
    visit(f"/conversations/{thread.pk}/")
    expect(page.get_by_role("heading", name="What I could not say in the session")).to_be_visible()
    no_sideways_scroll(page)
    sign_out(page, axe)

    sign_in(page, visit, axe, outsider.email)
    response = page.goto(f"{live_server.url}/conversations/{thread.pk}/")
    assert response is not None and response.status == 404
    axe()
    expect(page.get_by_text("What I could not say")).to_have_count(0)
    visit("/communities/")
    expect(page.get_by_text("Leading together")).to_have_count(0)
