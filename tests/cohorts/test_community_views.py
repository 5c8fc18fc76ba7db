"""The community pages: what each persona sees, bad input, and fixed query counts."""

import pytest
from django.urls import reverse

from cohorts.communities import services
from tests.factories import PersonFactory


@pytest.fixture
def conversation(open_community, devon_nurse, other_pcn_pharmacist):
    for person in (devon_nurse, other_pcn_pharmacist):
        services.community_join(community=open_community, person=person)
    thread = services.thread_create(
        community=open_community,
        person=devon_nurse,
        title="Getting GP time for a frailty clinic",
        body="We run it on Tuesdays. See [the course](/offers/no-such-offer/).",
    )
    services.reply_create(thread=thread, person=other_pcn_pharmacist, body="We book a slot.")
    return thread


def test_the_list_puts_her_communities_first_and_hides_private_ones(
    client, devon_nurse, open_community, private_community
):
    services.community_join(community=open_community, person=devon_nurse)
    client.force_login(devon_nurse)
    page = client.get(reverse("cohorts:communities")).content.decode()
    assert "Your communities" in page
    assert open_community.name in page
    assert private_community.name not in page


def test_a_visitor_is_sent_to_sign_in(client, open_community):
    response = client.get(reverse("cohorts:community", args=[open_community.pk]))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_a_non_member_gets_404_on_a_private_communitys_thread(
    client, private_community, host, devon_nurse
):
    thread = services.thread_create(
        community=private_community, person=host, title="Between us", body="Only us."
    )
    client.force_login(devon_nurse)
    assert client.get(reverse("cohorts:thread", args=[thread.pk])).status_code == 404
    assert client.get(reverse("cohorts:community", args=[private_community.pk])).status_code == 404


def test_a_non_member_sees_a_restricted_community_but_not_its_conversations(
    client, restricted_community, host, devon_nurse
):
    thread = services.thread_create(
        community=restricted_community, person=host, title="Budgets", body="ARRS again."
    )
    client.force_login(devon_nurse)
    page = client.get(reverse("cohorts:community", args=[restricted_community.pk]))
    assert page.status_code == 200
    assert "Ask to join" in page.content.decode()
    assert "Budgets" not in page.content.decode()
    assert client.get(reverse("cohorts:thread", args=[thread.pk])).status_code == 404


def test_a_member_replies_and_an_empty_reply_shows_an_error_summary(
    client, conversation, other_pcn_pharmacist
):
    client.force_login(other_pcn_pharmacist)
    url = reverse("cohorts:thread", args=[conversation.pk])
    response = client.post(url, {"body": ""})
    assert response.status_code == 200
    assert "nhsuk-error-summary" in response.content.decode()
    assert client.post(url, {"body": "**Bold** idea <script>alert(1)</script>"}).status_code == 302
    page = client.get(url).content.decode()
    assert "<strong>Bold</strong>" in page
    assert "<script>alert(1)" not in page


def test_a_report_without_a_reason_is_refused_with_an_error(
    client, conversation, other_pcn_pharmacist
):
    client.force_login(other_pcn_pharmacist)
    url = reverse("cohorts:thread_report", args=[conversation.pk])
    response = client.post(url, {"reason": ""})
    assert "Say why you are reporting this post" in response.content.decode()
    assert not conversation.reports.exists()


def test_a_hidden_post_shows_its_reason_in_its_place(client, conversation, hub_staff, devon_nurse):
    reply = conversation.replies.get()
    client.force_login(hub_staff)
    client.post(reverse("cohorts:reply_hide", args=[reply.pk]), {"reason": "Off topic"})
    client.force_login(devon_nurse)
    page = client.get(reverse("cohorts:thread", args=[conversation.pk])).content.decode()
    assert "Hidden by a host: Off topic" in page
    assert "We book a slot." not in page


def test_a_member_cannot_reach_moderation(client, conversation, devon_nurse, open_community):
    client.force_login(devon_nurse)
    url = reverse("cohorts:community_moderation", args=[open_community.pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("cohorts:thread_hide", args=[conversation.pk])).status_code == 404


def test_a_link_to_an_offer_renders_as_a_card(client, open_community, devon_nurse):
    from tests.programmes.factories import OfferFactory

    offer = OfferFactory(title="Leading improvement in general practice")
    services.community_join(community=open_community, person=devon_nurse)
    thread = services.thread_create(
        community=open_community,
        person=devon_nurse,
        title="Course",
        body=f"Has anyone done [this]({offer.get_absolute_url()})?",
    )
    client.force_login(devon_nurse)
    page = client.get(reverse("cohorts:thread", args=[thread.pk])).content.decode()
    assert "Development offer" in page
    assert offer.title in page


def test_search_finds_only_posts_she_can_read(
    client, conversation, restricted_community, host, devon_nurse
):
    services.thread_create(
        community=restricted_community, person=host, title="Frailty budgets", body="Secret."
    )
    client.force_login(devon_nurse)
    page = client.get(reverse("cohorts:community_search"), {"q": "frailty"}).content.decode()
    assert conversation.title in page
    assert "Frailty budgets" not in page


def _grow(thread, people, count):
    for n in range(count):
        services.reply_create(thread=thread, person=people[n % len(people)], body=f"Reply {n}")


def test_the_thread_page_keeps_the_same_number_of_queries_as_replies_grow(
    client, conversation, devon_nurse, other_pcn_pharmacist, django_assert_max_num_queries
):
    client.force_login(devon_nurse)
    url = reverse("cohorts:thread", args=[conversation.pk])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    others = [devon_nurse, other_pcn_pharmacist, *PersonFactory.create_batch(3)]
    for person in others[2:]:
        services.community_join(community=conversation.community, person=person)
        person.date_joined = person.date_joined.replace(year=2020)
        person.save()
    _grow(conversation, others, 30)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_the_community_page_keeps_the_same_number_of_queries_as_threads_grow(
    client, conversation, devon_nurse, open_community
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(devon_nurse)
    url = reverse("cohorts:community", args=[open_community.pk])
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(30):
        services.thread_create(
            community=open_community, person=devon_nurse, title=f"T{n}", body="x"
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
