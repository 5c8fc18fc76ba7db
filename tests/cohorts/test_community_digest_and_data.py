"""Communities in the digest, on the insights page, in her export and on erasure."""

import datetime

import pytest
from django.utils import timezone

from cohorts.communities import services
from cohorts.communities.digest import collect_communities
from cohorts.communities.models import Reply, Thread
from cohorts.communities.personal_data import export_communities
from portal.digest import registry
from portal.personal_data.erasure import person_erase


def _batch(*people, since=None):
    now = timezone.now()
    start = since or now - datetime.timedelta(days=7)
    return registry.Batch(
        people=list(people),
        since={p.pk: start for p in people},
        today=timezone.localdate(),
        now=now,
    )


@pytest.fixture
def talk(open_community, devon_nurse, other_pcn_pharmacist):
    for person in (devon_nurse, other_pcn_pharmacist):
        services.community_join(community=open_community, person=person)
    thread = services.thread_create(
        community=open_community,
        person=devon_nurse,
        title="Frailty clinic",
        body="Ask Nell Ashby (nell@example.nhs.uk) how we started.",
    )
    services.follow(person=devon_nurse, thread=thread)
    services.reply_create(thread=thread, person=other_pcn_pharmacist, body="We book a slot.")
    return thread


def test_her_digest_has_replies_in_the_conversation_she_follows(talk, devon_nurse):
    content = collect_communities(_batch(devon_nurse))[devon_nurse.pk]
    assert content.items[0].title == "Frailty clinic"
    assert "1 new reply" in content.items[0].detail
    assert "We book a slot." in content.items[0].detail


def test_her_own_posts_are_not_news_to_her(talk, other_pcn_pharmacist):
    services.follow(person=other_pcn_pharmacist, thread=talk)
    assert other_pcn_pharmacist.pk not in collect_communities(_batch(other_pcn_pharmacist))


def test_a_private_community_reaches_the_digest_as_titles_only(private_community, host, outsider):
    from tests.cohorts.communities_fixtures import seasoned

    seasoned(outsider)
    private_community.memberships.create(person=outsider)
    thread = services.thread_create(
        community=private_community, person=outsider, title="Rota trouble", body="Secret words."
    )
    services.follow(person=outsider, thread=thread)
    services.reply_create(thread=thread, person=host, body="More secret words.")
    content = collect_communities(_batch(outsider))[outsider.pk]
    assert content.items[0].title == "Rota trouble"
    assert "secret" not in content.items[0].detail.lower()


def test_someone_who_left_a_private_community_hears_nothing_more_of_it(
    private_community, host, outsider
):
    from tests.cohorts.communities_fixtures import seasoned

    seasoned(outsider)
    private_community.memberships.create(person=outsider)
    thread = services.thread_create(
        community=private_community, person=outsider, title="Rota trouble", body="Words."
    )
    services.follow(person=outsider, thread=thread)
    private_community.memberships.filter(person=outsider).delete()
    services.reply_create(thread=thread, person=host, body="Words.")
    assert outsider.pk not in collect_communities(_batch(outsider))


def test_the_digest_section_costs_the_same_queries_for_one_person_or_many(
    talk, devon_nurse, other_pcn_pharmacist, django_assert_num_queries
):
    with django_assert_num_queries(3):
        collect_communities(_batch(devon_nurse))
    with django_assert_num_queries(3):
        collect_communities(_batch(devon_nurse, other_pcn_pharmacist))


def test_her_export_holds_her_posts_and_nobody_elses(talk, devon_nurse):
    data = export_communities(devon_nurse)
    assert [t["title"] for t in data["community_conversations_you_started"]] == ["Frailty clinic"]
    assert data["community_replies"] == []


def test_erasure_keeps_her_posts_without_her_name_or_address(talk, devon_nurse):
    person_erase(devon_nurse)
    thread = Thread.objects.get(pk=talk.pk)
    assert "Nell" not in thread.body
    assert "nell@example.nhs.uk" not in thread.body
    assert "a former member" in thread.body
    assert Reply.objects.filter(thread=thread).count() == 1


def test_erasure_takes_her_full_name_out_of_others_replies(talk, devon_nurse, other_pcn_pharmacist):
    reply = services.reply_create(
        thread=talk, person=other_pcn_pharmacist, body="Thanks Nell Ashby, Nell is great."
    )
    person_erase(devon_nurse)
    reply.refresh_from_db()
    assert "Nell Ashby" not in reply.body
    assert reply.body.startswith("Thanks a former member")


def test_participation_is_counted_by_profession_for_insights(talk):
    from cohorts.communities.insights import joined_community, replied, started_conversation
    from portal.insights.scope import ENGLAND as scope

    assert started_conversation(scope).count() == 1
    assert replied(scope).count() == 1
    assert joined_community(scope).count() >= 2
