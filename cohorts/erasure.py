"""What happens to this app's rows when a person has their data erased (portal.personal_data).

Cohort memberships, attendance, topic votes and meeting attendance stay, tied only to
the anonymous person, so attendance totals, a set's meeting counts and topic rankings
still add up. Their words go: join requests, the issues they brought to their set and
the actions they committed to. Words they wrote that others keep (the titles of topics
they proposed, and what they wrote as a facilitator: cohorts, sessions, sets and
their ground rules) stay with their name and addresses replaced by "a former member".
"""

from django.db.models import Q
from django.utils import timezone

from cohorts.models import (
    Action,
    ActionLearningSet,
    Cohort,
    JoinRequest,
    Presentation,
    Session,
    SetMembership,
    Topic,
)
from portal.personal_data.erasure import own_words_patterns, own_words_scrub, scrub_text
from portal.personal_data.registry import eraser


@eraser("cohorts")
def erase_cohorts(person) -> None:
    JoinRequest.objects.filter(person=person).delete()
    patterns = own_words_patterns(person)
    # The cohort voted on the topic: its title stays, unattributed and without their
    # name, also where a session took the title; their reasons go. What they wrote as
    # a facilitator stays for the members, without their name.
    _scrub_topic_titles(person, patterns)
    own_words_scrub(
        Session.objects.filter(
            Q(cohort__facilitators=person) | Q(chosen_topics__proposed_by=person)
        ).distinct(),
        ["topic", "notes", "place"],
        patterns,
    )
    Topic.objects.filter(proposed_by=person).update(proposed_by=None, why="")
    own_words_scrub(Cohort.objects.filter(facilitators=person), ["name", "description"], patterns)
    own_words_scrub(
        ActionLearningSet.objects.filter(facilitator=person), ["name", "agreement"], patterns
    )

    presentations = Presentation.objects.filter(presenter=person)
    # A turn not yet taken goes with them; turns taken stay as empty rows, so the
    # set's record of who presented when still counts.
    presentations.filter(meeting__starts_at__gt=timezone.now()).delete()
    Action.objects.filter(presentation__presenter=person).update(description="", note="")
    presentations.update(issue="")

    # Leaving the set frees their seat (a set holds at most eight) and takes them out
    # of the presenter rotation; their attendance at past meetings stays.
    SetMembership.objects.filter(person=person).delete()


def _scrub_topic_titles(person, patterns) -> None:
    """Titles are unique in a cohort: a scrubbed title that meets another gets a number.

    Every title the cohorts hold now counts as taken (hers too), so no row is ever
    renamed to a title another row is about to give up.
    """
    topics = list(Topic.objects.filter(proposed_by=person).only("cohort_id", "title"))
    taken = {
        (cohort_id, title.lower())
        for cohort_id, title in Topic.objects.filter(
            cohort_id__in={topic.cohort_id for topic in topics}
        ).values_list("cohort_id", "title")
    }
    limit = Topic._meta.get_field("title").max_length
    changed = []
    for topic in topics:
        title = scrub_text(topic.title, patterns)[:limit]
        if title == topic.title:
            continue
        candidate, n = title, 1
        while (topic.cohort_id, candidate.lower()) in taken:
            n += 1
            suffix = f" ({n})"
            candidate = title[: limit - len(suffix)] + suffix
        topic.title = candidate
        taken.add((topic.cohort_id, candidate.lower()))
        changed.append(topic)
    Topic.objects.bulk_update(changed, ["title"], batch_size=500)
