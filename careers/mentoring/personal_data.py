"""Mentoring's tables in a person's data export (portal.personal_data).

The person's offers to support others, their role-model entry, their requests, every
match they were part of (on either side) and the meetings of their relationships. The
other person in a match is never named: not their name, their email, their goals or
their feedback, and the notes of a meeting only when this person wrote them. A fixed
number of queries whatever the rows: nine, or fewer when a prefetch has no rows to
follow.
"""

from django.db.models import Q

from careers.mentoring.models import Match, Meeting, RoleModel, SupportOffer, SupportRequest
from portal.personal_data.registry import exporter


@exporter(
    "mentoring", "Mentoring, sponsorship and coaching: your offers, requests and relationships"
)
def export_mentoring(person) -> dict[str, list[dict]]:
    offers = [
        {
            "kind": offer.get_kind_display(),
            "accreditation": offer.accreditation,
            "capacity": offer.capacity,
            "professions": offer.get_professions_display(),
            "dimensions": [dimension.name for dimension in offer.dimensions.all()],
            "topics": offer.topics,
            "meet_in_person_in": [icb.name for icb in offer.icbs.all()],
            "can_meet_remotely": offer.remote,
            "profile": offer.profile,
            "paused": offer.paused,
            "created": offer.created_at,
        }
        for offer in SupportOffer.objects.filter(person=person)
        .prefetch_related("dimensions", "icbs")
        .order_by("created_at", "pk")
    ]
    role_models = [
        {"current_role": entry.title, "story": entry.story, "listed": entry.listed}
        for entry in RoleModel.objects.filter(person=person)
    ]
    requests = [
        {
            "round": request.round.name,
            "kind": request.get_kind_display(),
            "goals": request.goals,
            "dimensions": [dimension.name for dimension in request.dimensions.all()],
            "topics": request.topics,
            "profession_preference": request.get_profession_preference_display(),
            "meet_in_person_in": request.icb.name if request.icb else None,
            "happy_to_meet_remotely": request.remote,
            # Who they asked not to be matched with are other people: only how many.
            "people_excluded": len(request.exclusions.all()),
            "status": request.get_status_display(),
            "created": request.created_at,
        }
        for request in SupportRequest.objects.filter(seeker=person)
        .select_related("round", "icb")
        .prefetch_related("dimensions", "exclusions")
        .order_by("created_at", "pk")
    ]
    matches = Match.objects.filter(Q(request__seeker=person) | Q(offer__person=person))
    return {
        "mentoring_offers": offers,
        "role_model_entry": role_models,
        "mentoring_requests": requests,
        "mentoring_matches": _matches(person, matches),
        "mentoring_meetings": _meetings(person, matches),
    }


def _matches(person, matches) -> list[dict]:
    rows = []
    for match in matches.select_related("round", "request", "offer", "relationship").order_by(
        "created_at", "pk"
    ):
        as_seeker = match.request.seeker_id == person.pk
        relationship = getattr(match, "relationship", None)
        row = {
            "match": match.pk,
            "round": match.round.name,
            "kind": match.offer.get_kind_display(),
            "your_part": "supported (you asked)" if as_seeker else "supporter (you offered)",
            "status": match.get_status_display(),
            "your_answer": (
                match.get_seeker_answer_display()
                if as_seeker
                else match.get_supporter_answer_display()
            ),
            "proposed": match.created_at,
            "relationship_started": None,
            "relationship_ends": None,
            "relationship_ended": None,
            "how_often_you_meet": None,
            # The goals are the supported person's own: shown to them, not to a supporter.
            "goals": None,
            "your_feedback": None,
        }
        if relationship is not None:
            row |= {
                "relationship_started": relationship.started_on,
                "relationship_ends": relationship.ends_on,
                "relationship_ended": relationship.ended_on,
                "how_often_you_meet": relationship.meeting_frequency,
                "goals": relationship.goals if as_seeker else None,
                "your_feedback": (
                    relationship.seeker_feedback if as_seeker else relationship.supporter_feedback
                ),
            }
        rows.append(row)
    return rows


def _meetings(person, matches) -> list[dict]:
    meetings = Meeting.objects.filter(relationship__match__in=matches.values("pk")).order_by(
        "met_on", "pk"
    )
    return [
        {
            "match": meeting.relationship.match_id,
            "met_on": meeting.met_on,
            "logged_by": "you" if meeting.logged_by_id == person.pk else "the other person",
            # Notes are shown only to the person who wrote them.
            "your_notes": meeting.notes if meeting.logged_by_id == person.pk else None,
        }
        for meeting in meetings.select_related("relationship")
    ]
