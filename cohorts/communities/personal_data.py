"""What communities hold about a person, for her data export and her erasure.

Export: her memberships and requests, the conversations she started and her replies
(her own words, with where they were), what she follows, the replies she marked as
helpful and the reports she made. Nobody else's words. Seven queries, whatever the rows.

Erasure: her posts stay for the conversation's sake, shown as by "a former member",
with her name and addresses taken out of their text (and out of anyone's post that
quoted her full name or address); her requests, reports and follows go, and she leaves
every community that is not a cohort's (a cohort's follows the cohort's membership).
"""

from __future__ import annotations

from django.db.models import Q

from cohorts.communities import markup, search
from cohorts.communities.models import (
    Community,
    CommunityJoinRequest,
    CommunityMembership,
    Follow,
    HelpfulMark,
    Reply,
    Report,
    Thread,
)
from portal.personal_data.erasure import (
    own_words_patterns,
    own_words_scrub,
    person_emails,
)
from portal.personal_data.registry import eraser, exporter


@exporter("communities", "Communities of practice: memberships, your conversations and replies")
def export_communities(person) -> dict[str, list[dict]]:
    return {
        "community_memberships": [
            {
                "community": m.community.name,
                "your_part": m.get_role_display(),
                "joined": m.joined_at,
            }
            for m in CommunityMembership.objects.filter(person=person)
            .select_related("community")
            .order_by("joined_at", "pk")
        ],
        "community_join_requests": [
            {
                "community": r.community.name,
                "message": r.message,
                "status": r.get_status_display(),
                "asked": r.created_at,
                "decided": r.decided_at,
            }
            for r in CommunityJoinRequest.objects.filter(person=person)
            .select_related("community")
            .order_by("created_at", "pk")
        ],
        "community_conversations_you_started": [
            {
                "community": t.community.name,
                "title": t.title,
                "text": t.body,
                "posted": t.created_at,
                "hidden_by_a_host_because": t.hidden_reason,
            }
            for t in Thread.objects.filter(author=person)
            .select_related("community")
            .order_by("created_at", "pk")
        ],
        "community_replies": [
            {
                "community": r.thread.community.name,
                "conversation": r.thread.title,
                "text": r.body,
                "posted": r.created_at,
                "people_it_helped": r.helpful_count,
                "hidden_by_a_host_because": r.hidden_reason,
            }
            for r in Reply.objects.filter(author=person)
            .select_related("thread__community")
            .order_by("created_at", "pk")
        ],
        "community_follows": [
            {
                "conversation": f.thread.title if f.thread else None,
                "community": f.community.name if f.community else None,
                "since": f.created_at,
            }
            for f in Follow.objects.filter(person=person)
            .select_related("thread", "community")
            .order_by("created_at", "pk")
        ],
        "community_replies_you_found_helpful": [
            {"conversation": m.reply.thread.title, "marked": m.created_at}
            for m in HelpfulMark.objects.filter(person=person)
            .select_related("reply__thread")
            .order_by("created_at", "pk")
        ],
        "community_reports_you_made": [
            {"reason": r.reason, "made": r.created_at, "closed": r.resolved_at}
            for r in Report.objects.filter(reporter=person).order_by("created_at", "pk")
        ],
    }


@eraser("communities")
def erase_communities(person) -> None:
    CommunityJoinRequest.objects.filter(person=person).delete()
    Report.objects.filter(reporter=person).delete()
    Follow.objects.filter(person=person).delete()
    own = own_words_patterns(person)
    # Communities she proposed or hosts keep their name and purpose, without her name;
    # so do the reasons she gave for hiding posts. Then who hid or closed what is
    # forgotten: it is not needed once she has gone.
    own_words_scrub(
        Community.objects.filter(
            Q(proposed_by=person) | Q(memberships__person=person, memberships__role="host")
        ).distinct(),
        ["name", "purpose"],
        own,
    )
    own_words_scrub(Thread.objects.filter(hidden_by=person), ["hidden_reason"], own)
    own_words_scrub(Reply.objects.filter(hidden_by=person), ["hidden_reason"], own)
    Community.objects.filter(proposed_by=person).update(proposed_by=None)
    Thread.objects.filter(hidden_by=person).update(hidden_by=None)
    Reply.objects.filter(hidden_by=person).update(hidden_by=None)
    Report.objects.filter(resolved_by=person).update(resolved_by=None)
    CommunityMembership.objects.filter(person=person, community__cohort__isnull=True).delete()

    threads = own_words_scrub(Thread.objects.filter(author=person), ["title", "body"], own)
    replies = own_words_scrub(Reply.objects.filter(author=person), ["body"], own)

    # Others may have named her in full or quoted her address: those go too.
    mentioned = Q()
    for needle in [person.full_name.strip(), *person_emails(person)]:
        if needle:
            mentioned |= Q(body__icontains=needle)
    # Her addresses and whole name only (the first patterns of own_words_patterns): a
    # first name alone in someone else's post may well be another person's.
    others = own[: len(person_emails(person)) + 1]
    quoted_threads = own_words_scrub(
        Thread.objects.exclude(author=person).filter(mentioned), ["body"], others
    )
    quoted_replies = own_words_scrub(
        Reply.objects.exclude(author=person).filter(mentioned), ["body"], others
    )
    markup.refresh([*threads, *quoted_threads])
    markup.refresh([*replies, *quoted_replies])
    search.refresh_threads(t.pk for t in [*threads, *quoted_threads])
    search.refresh_replies(r.pk for r in [*replies, *quoted_replies])
