"""What happens to mentoring rows when a person has their data erased (portal.personal_data).

A relationship belongs to two people. The erased person's words go (their goals,
feedback and meeting notes, their offer's profile); the other person keeps the
relationship, their own notes and their log entry, which stops naming the erased
person. Matches still waiting on the erased person end, as a decline would.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from careers.mentoring.models import (
    Answer,
    Match,
    MatchStatus,
    Meeting,
    Relationship,
    RequestStatus,
    RoleModel,
    SupportOffer,
    SupportRequest,
)
from careers.models import Activity
from portal.personal_data.erasure import personal_patterns, scrub_text
from portal.personal_data.registry import eraser


@eraser("mentoring", order=90)
def erase_mentoring(person) -> None:
    theirs = Q(request__seeker=person) | Q(offer__person=person)
    # Proposed matches have been shown to no one but the co-ordinator.
    Match.objects.filter(theirs, status=MatchStatus.PROPOSED).delete()
    waiting = Match.objects.filter(theirs, status=MatchStatus.CONFIRMED).select_related("offer")
    _decline_waiting(person, waiting)
    _end_relationships(person, Match.objects.filter(theirs))
    Meeting.objects.filter(logged_by=person).delete()
    RoleModel.objects.filter(person=person).delete()
    _erase_offers(person)
    _erase_requests(person)


def _decline_waiting(person, waiting) -> None:
    for match in waiting:
        if match.offer.person_id == person.pk:
            match.supporter_answer = Answer.DECLINED
            # As after a decline: the seeker goes back to the round for the next run.
            SupportRequest.objects.filter(pk=match.request_id).update(status=RequestStatus.OPEN)
        else:
            match.seeker_answer = Answer.DECLINED
        match.status = MatchStatus.DECLINED
        match.save(update_fields=["seeker_answer", "supporter_answer", "status"])


def _end_relationships(person, matches) -> None:
    today = timezone.localdate()
    relationships = list(
        Relationship.objects.filter(match__in=matches).select_related("match__request")
    )
    for relationship in relationships:
        relationship.goals = ""
        relationship.meeting_frequency = ""
        if relationship.match.request.seeker_id == person.pk:
            relationship.seeker_feedback = ""
        else:
            relationship.supporter_feedback = ""
        if relationship.ended_on is None:
            relationship.ended_on = today
    Relationship.objects.bulk_update(
        relationships,
        ["goals", "meeting_frequency", "seeker_feedback", "supporter_feedback", "ended_on"],
    )
    Match.objects.filter(
        pk__in=[r.match_id for r in relationships], status=MatchStatus.ACCEPTED
    ).update(status=MatchStatus.ENDED)

    # The other person's log entry for the relationship was titled with the erased
    # person's name ("Mentor to Nia Evans"): keep the entry, drop the name.
    patterns = personal_patterns(person)
    entries = list(
        Activity.objects.filter(
            source_type=ContentType.objects.get_for_model(Relationship),
            source_id__in=[r.pk for r in relationships],
        ).exclude(person=person)
    )
    for entry in entries:
        entry.title = scrub_text(entry.title, patterns)[:200]
    Activity.objects.bulk_update(entries, ["title"])


def _erase_offers(person) -> None:
    offers = SupportOffer.objects.filter(person=person)
    # An offer someone was matched with stays, empty and paused, so the other
    # person's match and relationship keep their place; the rest go.
    offers.filter(matches__isnull=True).delete()
    kept = list(offers)
    for offer in kept:
        offer.dimensions.clear()
        offer.icbs.clear()
    offers.update(accreditation="", topics="", profile="", paused=True)


def _erase_requests(person) -> None:
    requests = SupportRequest.objects.filter(seeker=person)
    requests.filter(matches__isnull=True).delete()
    for request in requests:
        request.dimensions.clear()
        request.exclusions.clear()
    requests.filter(status=RequestStatus.OPEN).update(status=RequestStatus.WITHDRAWN)
    requests.update(goals="", topics="", unmatched_reason="")
