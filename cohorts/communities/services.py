"""Everything that changes communities and their conversations.

Each function checks who may do it through the rule querysets in ``models.py`` and
raises ``Refused`` otherwise, so a path that skips the page cannot skip the rule.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils import timezone

from cohorts.communities import markup, search
from cohorts.communities.models import (
    Community,
    CommunityJoinRequest,
    CommunityMembership,
    CommunityStatus,
    Follow,
    HelpfulMark,
    Reply,
    Report,
    Role,
    Thread,
    Visibility,
)
from portal.lib.refused import Refused
from portal.models import Person, in_hub_reach

# New accounts may post only a few times a day, which limits what a spammer's or a
# compromised new account can do before a host notices.
NEW_ACCOUNT_DAYS = 14
NEW_ACCOUNT_POSTS_PER_DAY = 5
PRIVATE_STAYS = "A conversation in a private community stays in it."


def _staff_of(hub, person: Person) -> bool:
    if hub is None:
        return person.is_superuser
    from portal.models import Organisation

    return in_hub_reach(Organisation.objects.filter(pk=hub.pk), person, "pk").exists()


# ---------------------------------------------------------------------------
# Communities
# ---------------------------------------------------------------------------
@transaction.atomic
def community_create(
    *,
    by: Person,
    name: str,
    purpose: str,
    visibility: str = Visibility.OPEN,
    hub=None,
    professions: Iterable = (),
    career_levels: Iterable = (),
    icbs: Iterable = (),
    region=None,
) -> Community:
    """Training-hub staff create communities for their hub; hosts of a community may
    start another. Anyone else proposes one (``community_propose``)."""
    hosts_already = Community.objects.active().hosted_by(by).exists()
    if not (_staff_of(hub, by) or (hub is None and hosts_already)):
        raise Refused("Only training-hub staff and hosts start communities: propose one instead.")
    return _make(
        by=by,
        status=CommunityStatus.ACTIVE,
        name=name,
        purpose=purpose,
        visibility=visibility,
        hub=hub,
        professions=professions,
        career_levels=career_levels,
        icbs=icbs,
        region=region,
    )


@transaction.atomic
def community_propose(
    *, by: Person, hub, name: str, purpose: str, visibility: str = Visibility.OPEN, **audience
) -> Community:
    """A member proposes a community; the hub's staff approve it and she becomes its host."""
    if hub is None:
        raise Refused("Choose the training hub you would like to approve the community.")
    if Community.objects.filter(proposed_by=by, status=CommunityStatus.PROPOSED).count() >= 3:
        raise Refused("You have three proposals waiting: the training hub will reply first.")
    return _make(
        by=by,
        status=CommunityStatus.PROPOSED,
        name=name,
        purpose=purpose,
        visibility=visibility,
        hub=hub,
        **audience,
    )


def community_start(
    *, by: Person, hub, name: str, purpose: str, visibility: str = Visibility.OPEN
) -> Community:
    """From the site: the hub's own staff start a community; anyone else proposes one."""
    if hub is not None and _staff_of(hub, by):
        return community_create(by=by, hub=hub, name=name, purpose=purpose, visibility=visibility)
    return community_propose(by=by, hub=hub, name=name, purpose=purpose, visibility=visibility)


def _make(*, by, status, professions=(), career_levels=(), icbs=(), **fields) -> Community:
    if not fields["name"].strip() or not fields["purpose"].strip():
        raise Refused("Give the community a name and say what it is for.")
    community = Community.objects.create(status=status, proposed_by=by, **fields)
    community.professions.set(professions)
    community.career_levels.set(career_levels)
    community.icbs.set(icbs)
    CommunityMembership.objects.create(community=community, person=by, role=Role.HOST)
    return community


@transaction.atomic
def community_decide(*, community: Community, by: Person, approve: bool) -> Community:
    if not Community.objects.decidable_by(by).filter(pk=community.pk).exists():
        raise Refused("Only the training hub it was proposed to decides on a community.")
    community.status = CommunityStatus.ACTIVE if approve else CommunityStatus.DECLINED
    community.save(update_fields=["status"])
    return community


@transaction.atomic
def community_for_cohort(*, cohort) -> Community:
    """The cohort's own private community, made on first need and kept in step with its
    members (as members) and facilitators (as hosts)."""
    community, _ = Community.objects.get_or_create(
        cohort=cohort,
        defaults={
            "name": cohort.name,
            "purpose": f"Between sessions: the private space of the {cohort.name} cohort.",
            "visibility": Visibility.PRIVATE,
            "hub": cohort.hub,
        },
    )
    cohort_members_sync(cohort=cohort, community=community)
    return community


def cohort_members_sync(*, cohort, community: Community | None = None) -> None:
    """Make the community's members exactly the cohort's members and facilitators."""
    community = community or Community.objects.filter(cohort=cohort).first()
    if community is None:
        community_for_cohort(cohort=cohort)
        return
    if community.hub_id != cohort.hub_id:
        community.hub_id = cohort.hub_id
        community.save(update_fields=["hub"])
    wanted = {pk: Role.MEMBER for pk in cohort.memberships.values_list("person_id", flat=True)}
    wanted |= {pk: Role.HOST for pk in cohort.facilitators.values_list("pk", flat=True)}
    have = dict(community.memberships.values_list("person_id", "role"))
    community.memberships.exclude(person_id__in=wanted).delete()
    CommunityMembership.objects.bulk_create(
        CommunityMembership(community=community, person_id=pk, role=role)
        for pk, role in wanted.items()
        if pk not in have
    )
    for role in (Role.MEMBER, Role.HOST):
        changed = [pk for pk, want in wanted.items() if want == role and have.get(pk, role) != role]
        community.memberships.filter(person_id__in=changed).update(role=role)


def _member(community: Community, person: Person) -> CommunityMembership | None:
    return CommunityMembership.objects.filter(community=community, person=person).first()


@transaction.atomic
def community_join(*, community: Community, person: Person, message: str = ""):
    """Join an open community at once; ask to join a restricted one."""
    if not Community.objects.visible_to(person).filter(pk=community.pk).exists():
        raise Refused("This community is not open to new members.")
    if _member(community, person):
        raise Refused("You are already a member of this community.")
    if community.cohort_id:
        raise Refused("Members of a cohort's community are the cohort's members.")
    if community.visibility == Visibility.OPEN:
        return CommunityMembership.objects.create(community=community, person=person)
    try:
        with transaction.atomic():
            return CommunityJoinRequest.objects.create(
                community=community, person=person, message=message
            )
    except IntegrityError:
        raise Refused("You have already asked to join: a host will reply.") from None


@transaction.atomic
def community_join_decide(
    *, join_request: CommunityJoinRequest, by: Person, approve: bool
) -> CommunityJoinRequest:
    request = CommunityJoinRequest.objects.select_for_update().get(pk=join_request.pk)
    if not CommunityJoinRequest.objects.decidable_by(by).filter(pk=request.pk).exists():
        raise Refused("Only the community's hosts decide who joins it.")
    request.status = "approved" if approve else "declined"
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_at"])
    if approve:
        CommunityMembership.objects.get_or_create(
            community=request.community, person=request.person
        )
    return request


@transaction.atomic
def community_leave(*, community: Community, person: Person) -> None:
    membership = _member(community, person)
    if membership is None:
        raise Refused("You are not a member of this community.")
    if community.cohort_id:
        raise Refused("You stay in your cohort's community while you are in the cohort.")
    if membership.role == Role.HOST and community.memberships.filter(role=Role.HOST).count() == 1:
        raise Refused("You are its only host: ask the training hub to name another first.")
    membership.delete()
    Follow.objects.filter(person=person, community=community).delete()
    Follow.objects.filter(person=person, thread__community=community).delete()


@transaction.atomic
def member_remove(*, community: Community, person: Person, by: Person) -> None:
    _require_moderator(community, by)
    if community.cohort_id:
        raise Refused("Members of a cohort's community change with the cohort.")
    membership = _member(community, person)
    if membership is None:
        raise Refused("This person is not a member.")
    if membership.role == Role.HOST:
        raise Refused("A host cannot be removed here: the training hub changes hosts.")
    membership.delete()
    Follow.objects.filter(person=person, community=community).delete()
    Follow.objects.filter(person=person, thread__community=community).delete()


@transaction.atomic
def host_add(*, community: Community, person: Person, by: Person) -> CommunityMembership:
    """Make someone a host. The training hub (or an existing host) names hosts."""
    _require_moderator(community, by)
    if community.cohort_id:
        raise Refused("A cohort's community is hosted by the cohort's facilitators.")
    membership, _ = CommunityMembership.objects.update_or_create(
        community=community, person=person, defaults={"role": Role.HOST}
    )
    return membership


def _require_moderator(community: Community, person: Person) -> None:
    if not Community.objects.moderated_by(person).filter(pk=community.pk).exists():
        raise Refused("Only the community's hosts and its training hub moderate it.")


# ---------------------------------------------------------------------------
# Conversations
# ---------------------------------------------------------------------------
def _require_may_post(community: Community, person: Person) -> None:
    if community.status != CommunityStatus.ACTIVE or _member(community, person) is None:
        raise Refused("Join the community to start a conversation or reply.")
    now = timezone.now()
    if person.date_joined > now - datetime.timedelta(days=NEW_ACCOUNT_DAYS):
        since = now - datetime.timedelta(days=1)
        posted = (
            Thread.objects.filter(author=person, created_at__gte=since).count()
            + Reply.objects.filter(author=person, created_at__gte=since).count()
        )
        if posted >= NEW_ACCOUNT_POSTS_PER_DAY:
            raise Refused(
                f"New accounts can post {NEW_ACCOUNT_POSTS_PER_DAY} times a day: "
                "please come back tomorrow."
            )


@transaction.atomic
def thread_create(
    *, community: Community, person: Person, title: str, body: str, at=None
) -> Thread:
    """``at`` dates a conversation imported from elsewhere (the demo's history)."""
    _require_may_post(community, person)
    if not title.strip() or not body.strip():
        raise Refused("Give your question a title and say a little more.")
    at = at or timezone.now()
    thread = Thread.objects.create(
        community=community,
        author=person,
        title=title.strip(),
        body=body.strip(),
        body_html=markup.to_html(body.strip()),
        created_at=at,
        last_activity_at=at,
    )
    Community.objects.filter(pk=community.pk).update(thread_count=F("thread_count") + 1)
    search.refresh_threads([thread.pk])
    return thread


@transaction.atomic
def reply_create(*, thread: Thread, person: Person, body: str, at=None) -> Reply:
    thread = Thread.objects.select_for_update().select_related("community").get(pk=thread.pk)
    _require_may_post(thread.community, person)
    if thread.locked:
        raise Refused("This conversation is locked: no more replies.")
    if thread.is_hidden:
        raise Refused("This conversation has been hidden by a host.")
    if not body.strip():
        raise Refused("Write your reply.")
    reply = Reply.objects.create(
        thread=thread,
        author=person,
        body=body.strip(),
        body_html=markup.to_html(body.strip()),
        created_at=at or timezone.now(),
    )
    Thread.objects.filter(pk=thread.pk).update(
        reply_count=F("reply_count") + 1,
        last_activity_at=Greatest("last_activity_at", Value(reply.created_at)),
    )
    search.refresh_replies([reply.pk])
    return reply


@transaction.atomic
def helpful_mark(*, reply: Reply, person: Person, helpful: bool = True) -> bool:
    """Say a reply helped her (or take it back). Returns whether it changed."""
    if not Reply.objects.readable_by(person).filter(pk=reply.pk).exists():
        raise Refused("You cannot see this reply.")
    if reply.author_id == person.pk:
        raise Refused("You cannot mark your own reply as helpful.")
    if helpful:
        _, made = HelpfulMark.objects.get_or_create(reply=reply, person=person)
        change = 1 if made else 0
    else:
        change = -HelpfulMark.objects.filter(reply=reply, person=person).delete()[0]
    if change:
        Reply.objects.filter(pk=reply.pk).update(helpful_count=F("helpful_count") + change)
    return bool(change)


@transaction.atomic
def follow(
    *,
    person: Person,
    thread: Thread | None = None,
    community: Community | None = None,
    on: bool = True,
) -> None:
    if (thread is None) == (community is None):
        raise Refused("Follow a conversation or a community.")
    readable = Community.objects.readable_by(person)
    target = thread.community_id if thread else community.pk
    if not readable.filter(pk=target).exists():
        raise Refused("You cannot follow what you cannot read.")
    key = {"thread": thread} if thread else {"community": community}
    if on:
        Follow.objects.get_or_create(person=person, **key)
    else:
        Follow.objects.filter(person=person, **key).delete()


@transaction.atomic
def report_create(
    *, person: Person, reason: str, thread: Thread | None = None, reply: Reply | None = None
) -> Report:
    post = thread or reply
    if post is None or (thread and reply):
        raise Refused("Report one conversation or one reply.")
    if not type(post).objects.readable_by(person).filter(pk=post.pk).exists():
        raise Refused("You cannot see this post.")
    if not reason.strip():
        raise Refused("Say why this post should not be here.")
    return Report.objects.create(reporter=person, thread=thread, reply=reply, reason=reason.strip())


def _community_of(post: Thread | Reply) -> Community:
    return post.community if isinstance(post, Thread) else post.thread.community


@transaction.atomic
def post_hide(*, post: Thread | Reply, by: Person, reason: str) -> Thread | Reply:
    """Hide a post; the reason is shown in its place. Its reports are resolved."""
    _require_moderator(_community_of(post), by)
    if not reason.strip():
        raise Refused("Say why the post is hidden: the reason is shown in its place.")
    now = timezone.now()
    post.hidden_at, post.hidden_reason, post.hidden_by = now, reason.strip(), by
    post.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
    key = {"thread": post} if isinstance(post, Thread) else {"reply": post}
    Report.objects.filter(**key, resolved_at__isnull=True).update(resolved_at=now, resolved_by=by)
    return post


@transaction.atomic
def post_unhide(*, post: Thread | Reply, by: Person) -> Thread | Reply:
    _require_moderator(_community_of(post), by)
    post.hidden_at, post.hidden_reason, post.hidden_by = None, "", None
    post.save(update_fields=["hidden_at", "hidden_reason", "hidden_by"])
    return post


@transaction.atomic
def report_dismiss(*, report: Report, by: Person) -> Report:
    _require_moderator(_community_of(report.post), by)
    report.resolved_at, report.resolved_by = timezone.now(), by
    report.save(update_fields=["resolved_at", "resolved_by"])
    return report


@transaction.atomic
def thread_pin(*, thread: Thread, by: Person, pinned: bool) -> Thread:
    _require_moderator(thread.community, by)
    thread.pinned = pinned
    thread.save(update_fields=["pinned"])
    return thread


@transaction.atomic
def thread_lock(*, thread: Thread, by: Person, locked: bool) -> Thread:
    _require_moderator(thread.community, by)
    thread.locked = locked
    thread.save(update_fields=["locked"])
    return thread


@transaction.atomic
def thread_move(*, thread: Thread, to: Community, by: Person) -> Thread:
    """Move a conversation to another community she moderates. Nothing moves into or out
    of a private community: its members spoke to each other, not to a wider audience."""
    _require_moderator(thread.community, by)
    _require_moderator(to, by)
    if thread.community.is_private or to.is_private:
        raise Refused(PRIVATE_STAYS)
    if to.status != CommunityStatus.ACTIVE:
        raise Refused("Move it to an active community.")
    Community.objects.filter(pk=thread.community_id).update(thread_count=F("thread_count") - 1)
    Community.objects.filter(pk=to.pk).update(thread_count=F("thread_count") + 1)
    thread.community = to
    thread.save(update_fields=["community"])
    return thread
