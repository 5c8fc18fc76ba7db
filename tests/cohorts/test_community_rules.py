"""Who may see, read, join and moderate communities, and the cohort's own community."""

import pytest

from cohorts import services as cohort_services
from cohorts.communities import services
from cohorts.communities.models import Community, Thread
from portal.lib.refused import Refused
from tests.cohorts.communities_fixtures import seasoned
from tests.factories import PersonFactory, profession


def test_a_cohort_gets_its_own_private_community_with_facilitators_as_hosts(
    cohort, facilitator, nurse, outsider
):
    community = cohort.community
    assert community.visibility == "private"
    roles = dict(community.memberships.values_list("person_id", "role"))
    assert roles[facilitator.pk] == "host"
    assert roles[nurse.pk] == "member"
    assert not Community.objects.visible_to(outsider).filter(pk=community.pk).exists()


def test_a_cohort_community_follows_the_cohort_when_someone_is_enrolled(cohort, outsider):
    cohort_services.members_enrol(cohort=cohort, people=[outsider])
    assert cohort.community.memberships.filter(person=outsider, role="member").exists()


def test_a_private_community_is_invisible_to_a_non_member(private_community, devon_nurse, host):
    assert not Community.objects.visible_to(devon_nurse).filter(pk=private_community.pk).exists()
    assert Community.objects.visible_to(host).filter(pk=private_community.pk).exists()


def test_a_restricted_community_can_be_seen_but_not_read_by_a_non_member(
    restricted_community, devon_nurse
):
    assert Community.objects.visible_to(devon_nurse).filter(pk=restricted_community.pk).exists()
    assert (
        not Community.objects.readable_by(devon_nurse).filter(pk=restricted_community.pk).exists()
    )


def test_an_open_community_can_be_read_by_anyone_signed_in_but_not_by_a_visitor(
    open_community, devon_nurse
):
    from django.contrib.auth.models import AnonymousUser

    assert Community.objects.readable_by(devon_nurse).filter(pk=open_community.pk).exists()
    assert not Community.objects.readable_by(AnonymousUser()).exists()


def test_a_nurse_joins_an_open_community_at_once(open_community, devon_nurse):
    services.community_join(community=open_community, person=devon_nurse)
    assert open_community.memberships.filter(person=devon_nurse).exists()


def test_a_nurse_asks_to_join_a_restricted_community_and_a_host_decides(
    restricted_community, devon_nurse, host
):
    request = services.community_join(community=restricted_community, person=devon_nurse)
    assert not restricted_community.memberships.filter(person=devon_nurse).exists()
    services.community_join_decide(join_request=request, by=host, approve=True)
    assert restricted_community.memberships.filter(person=devon_nurse).exists()


def test_a_member_cannot_decide_a_join_request(restricted_community, devon_nurse, outsider):
    request = services.community_join(community=restricted_community, person=devon_nurse)
    with pytest.raises(Refused):
        services.community_join_decide(join_request=request, by=outsider, approve=True)


def test_nobody_can_join_a_private_community_they_cannot_see(private_community, devon_nurse):
    with pytest.raises(Refused):
        services.community_join(community=private_community, person=devon_nurse)


def test_only_members_post(open_community, devon_nurse):
    with pytest.raises(Refused):
        services.thread_create(
            community=open_community, person=devon_nurse, title="Hello", body="Anyone?"
        )


def test_a_new_account_may_post_only_a_few_times_a_day(open_community):
    newcomer = PersonFactory()
    services.community_join(community=open_community, person=newcomer)
    for n in range(services.NEW_ACCOUNT_POSTS_PER_DAY):
        services.thread_create(community=open_community, person=newcomer, title=f"Q{n}", body="?")
    with pytest.raises(Refused, match="New accounts"):
        services.thread_create(community=open_community, person=newcomer, title="More", body="?")


def test_an_established_account_is_not_limited(open_community, devon_nurse):
    services.community_join(community=open_community, person=devon_nurse)
    for n in range(services.NEW_ACCOUNT_POSTS_PER_DAY + 1):
        services.thread_create(
            community=open_community, person=devon_nurse, title=f"Q{n}", body="?"
        )


@pytest.fixture
def question(open_community, devon_nurse, other_pcn_pharmacist):
    for person in (devon_nurse, other_pcn_pharmacist):
        services.community_join(community=open_community, person=person)
    return services.thread_create(
        community=open_community,
        person=devon_nurse,
        title="Running a frailty clinic",
        body="How do you get GP time for it?",
    )


def test_a_reply_counts_on_the_thread_and_nobody_replies_to_a_locked_one(
    question, other_pcn_pharmacist, hub_staff
):
    services.reply_create(thread=question, person=other_pcn_pharmacist, body="We book a slot.")
    question.refresh_from_db()
    assert question.reply_count == 1
    services.thread_lock(thread=question, by=hub_staff, locked=True)
    with pytest.raises(Refused, match="locked"):
        services.reply_create(thread=question, person=other_pcn_pharmacist, body="Also…")


def test_she_marks_a_reply_helpful_once_but_not_her_own(
    question, devon_nurse, other_pcn_pharmacist
):
    reply = services.reply_create(thread=question, person=other_pcn_pharmacist, body="Try this.")
    assert services.helpful_mark(reply=reply, person=devon_nurse)
    assert not services.helpful_mark(reply=reply, person=devon_nurse)
    reply.refresh_from_db()
    assert reply.helpful_count == 1
    with pytest.raises(Refused):
        services.helpful_mark(reply=reply, person=other_pcn_pharmacist)


def test_a_report_needs_a_reason(question, other_pcn_pharmacist):
    with pytest.raises(Refused):
        services.report_create(person=other_pcn_pharmacist, thread=question, reason="  ")


def test_a_host_hides_a_reported_post_with_a_reason_and_the_report_is_resolved(
    question, other_pcn_pharmacist, hub_staff
):
    report = services.report_create(person=other_pcn_pharmacist, thread=question, reason="Rude")
    services.post_hide(post=question, by=hub_staff, reason="Breaks the ground rules")
    report.refresh_from_db()
    question.refresh_from_db()
    assert report.resolved_at is not None
    assert question.hidden_reason == "Breaks the ground rules"


def test_staff_of_another_hub_cannot_moderate(question, other_hub_staff):
    with pytest.raises(Refused):
        services.post_hide(post=question, by=other_hub_staff, reason="No")


def test_hub_staff_do_not_moderate_a_private_community_of_their_hub(private_community, hub_staff):
    assert not Community.objects.moderated_by(hub_staff).filter(pk=private_community.pk).exists()


def test_nothing_moves_out_of_a_private_community(private_community, open_community, host):
    seasoned(host)
    thread = services.thread_create(
        community=private_community, person=host, title="Between us", body="Just us here."
    )
    open_community.memberships.create(person=host, role="host")
    with pytest.raises(Refused, match="private"):
        services.thread_move(thread=thread, to=open_community, by=host)


def test_a_member_proposes_a_community_and_her_hub_approves_it(
    hub, hub_staff, devon_nurse, other_hub_staff
):
    proposal = services.community_propose(
        by=devon_nurse, hub=hub, name="Nurse leads in Exeter", purpose="Meet monthly."
    )
    assert not Community.objects.visible_to(devon_nurse).filter(pk=proposal.pk).exists()
    with pytest.raises(Refused):
        services.community_decide(community=proposal, by=other_hub_staff, approve=True)
    services.community_decide(community=proposal, by=hub_staff, approve=True)
    assert Community.objects.visible_to(devon_nurse).filter(pk=proposal.pk).exists()
    assert Community.objects.hosted_by(devon_nurse).filter(pk=proposal.pk).exists()


def test_a_member_cannot_start_a_community_herself(hub, devon_nurse):
    with pytest.raises(Refused):
        services.community_create(by=devon_nurse, hub=hub, name="Mine", purpose="Mine.")


def test_for_you_puts_her_profession_first(hub, hub_staff, devon_nurse):
    nurses = services.community_create(
        by=hub_staff,
        hub=hub,
        name="Nurses",
        purpose="For nurses.",
        professions=[profession("general-practice-nurse")],
    )
    pharmacists = services.community_create(
        by=hub_staff,
        hub=hub,
        name="Pharmacists",
        purpose="For pharmacists.",
        professions=[profession("clinical-pharmacist")],
    )
    mine = set(Community.objects.for_person(devon_nurse).values_list("pk", flat=True))
    assert nurses.pk in mine
    assert pharmacists.pk not in mine


def test_threads_of_a_restricted_community_are_unreadable_to_non_members(
    restricted_community, host, devon_nurse
):
    services.thread_create(
        community=restricted_community, person=host, title="Budgets", body="ARRS again."
    )
    assert not Thread.objects.readable_by(devon_nurse).exists()
    assert Thread.objects.readable_by(host).count() == 1


def test_removing_a_member_is_for_moderators_and_not_in_a_cohort_community(
    open_community, devon_nurse, hub_staff, cohort, facilitator, nurse
):
    services.community_join(community=open_community, person=devon_nurse)
    with pytest.raises(Refused):
        services.member_remove(community=open_community, person=hub_staff, by=devon_nurse)
    services.member_remove(community=open_community, person=devon_nurse, by=hub_staff)
    assert not open_community.memberships.filter(person=devon_nurse).exists()
    with pytest.raises(Refused, match="cohort"):
        services.member_remove(community=cohort.community, person=nurse, by=facilitator)


def test_pin_lock_and_move_are_for_moderators(question, devon_nurse):
    for change in (
        lambda: services.thread_pin(thread=question, by=devon_nurse, pinned=True),
        lambda: services.thread_lock(thread=question, by=devon_nurse, locked=True),
    ):
        with pytest.raises(Refused):
            change()
