"""Demo communities from ``demo.json``: an open one for Devon's practice nurses, a
restricted one for new PCN clinical directors, and the demo cohort's private one, each
with conversations, written through the services (as members would) and dated in the
past with ``at``.

Run after the demo accounts, the training hubs and the demo cohort exist:
``load(report)``. Idempotent: a community is found by name (or by its cohort), a
conversation by its title and a reply by its author and text, so a second run adds
nothing.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

from django.utils import timezone

from cohorts.communities import services
from cohorts.communities.models import Community, CommunityMembership, Reply, Thread
from portal import demo
from portal.models import ICB, Profession

DATA = Path(__file__).with_name("demo.json")


def load(report: demo.Report | None = None) -> list[Community]:
    from cohorts.models import Cohort

    # Demo cohorts enrol their members directly: bring each cohort's community in step.
    for cohort in Cohort.objects.all():
        services.community_for_cohort(cohort=cohort)
    spec = json.loads(DATA.read_text(encoding="utf-8"))
    now = timezone.now()
    made = []
    for entry in spec["communities"]:
        community = _community(entry, report)
        if community is None:
            continue
        for thread in entry["threads"]:
            _thread(community, thread, now, report)
        made.append(community)
    return made


def _note(report, kind: str, created: bool) -> None:
    if report is not None:
        report.note(kind, created=created)


def _community(entry: dict, report) -> Community | None:
    if "cohort" in entry:
        from cohorts.models import Cohort

        cohort = Cohort.objects.filter(name=entry["cohort"]).first()
        if cohort is None:
            return None
        return services.community_for_cohort(cohort=cohort)
    community = Community.objects.filter(name=entry["name"]).first()
    creator = demo.account(entry["created_by"])
    if community is None:
        community = services.community_create(
            by=creator,
            hub=creator.organisation,
            name=entry["name"],
            purpose=entry["purpose"],
            visibility=entry["visibility"],
            professions=Profession.objects.filter(slug__in=entry["professions"]),
            icbs=ICB.objects.filter(ods_code__in=entry["icbs"]),
        )
        _note(report, "communities", True)
    for key in entry["hosts"]:
        services.host_add(community=community, person=demo.account(key), by=creator)
    for key in entry["members"]:
        person = demo.account(key)
        if not CommunityMembership.objects.filter(community=community, person=person).exists():
            # Restricted communities are joined by asking; the demo's hosts said yes.
            CommunityMembership.objects.create(community=community, person=person)
            _note(report, "community members", True)
    return community


def _thread(community: Community, entry: dict, now: datetime.datetime, report) -> Thread:
    author = demo.account(entry["author"])
    thread = Thread.objects.filter(community=community, title=entry["title"]).first()
    if thread is None:
        thread = services.thread_create(
            community=community,
            person=author,
            title=entry["title"],
            body=entry["body"],
            at=now - datetime.timedelta(days=entry["days_ago"]),
        )
        _note(report, "community conversations", True)
    host = CommunityMembership.objects.filter(community=community, role="host").first()
    if entry.get("pinned") and not thread.pinned and host:
        services.thread_pin(thread=thread, by=host.person, pinned=True)
    for key in entry.get("followers", []):
        services.follow(person=demo.account(key), thread=thread)
    for reply_entry in entry["replies"]:
        person = demo.account(reply_entry["author"])
        reply = Reply.objects.filter(thread=thread, author=person, body=reply_entry["body"]).first()
        if reply is None:
            reply = services.reply_create(
                thread=thread,
                person=person,
                body=reply_entry["body"],
                at=now - datetime.timedelta(days=reply_entry["days_ago"]),
            )
            _note(report, "community replies", True)
        for key in reply_entry.get("helpful", []):
            services.helpful_mark(reply=reply, person=demo.account(key))
    return thread
