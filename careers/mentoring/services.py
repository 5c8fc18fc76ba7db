"""Writes for mentoring: offers, requests, running and confirming rounds, answers, meetings.

Every refusal is a ``Refused`` whose message is written for the person who asked.
Anything that could race (running or confirming a round, answering a match) locks the
rows it changes first, so two co-ordinators pressing "confirm" together, or a seeker
and supporter answering at once, end in one consistent state.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from careers.mentoring import matching
from careers.mentoring.models import (
    COORDINATORS,  # noqa: F401 - named here too, where the group's rounds are run
    Answer,
    Match,
    MatchingRound,
    MatchStatus,
    Meeting,
    ProfessionScope,
    Relationship,
    RequestStatus,
    RoleModel,
    RoundStatus,
    SupportKind,
    SupportOffer,
    SupportRequest,
    topic_set,
)
from careers.models import ActivityKind
from careers.services import Refused, activity_create
from portal import mail
from portal.models import HeldRole, Person
from portal.tasks import send_email

# A profession is under-represented among leaders when its share of people offering
# to sponsor is less than this fraction of its share of everyone.
UNDER_REPRESENTED_RATIO = 0.5


# ---------------------------------------------------------------------------
# Who may do what: the rules are the models' querysets; these refuse a write.
# ---------------------------------------------------------------------------
def _require_coordinator(by, matching_round: MatchingRound, refusal: str) -> None:
    if not MatchingRound.objects.coordinated_by(by).filter(pk=matching_round.pk).exists():
        raise Refused(refusal)


# ---------------------------------------------------------------------------
# Offers and requests
# ---------------------------------------------------------------------------
@transaction.atomic
def offer_save(
    *,
    person,
    kind: str,
    capacity: int,
    professions: str = ProfessionScope.ANY,
    accreditation: str = "",
    dimensions: Iterable = (),
    topics: str = "",
    icbs: Iterable = (),
    remote: bool = True,
    profile: str = "",
) -> SupportOffer:
    """Make or update the person's offer of this kind."""
    if kind not in SupportKind.values:
        raise Refused("Choose whether you are offering to mentor, sponsor or coach.")
    if capacity is None or capacity < 1:
        raise Refused("Capacity must be at least 1. To take no one on for now, pause your offer.")
    if kind == SupportKind.COACH and not accreditation.strip():
        raise Refused("Coaches must give their coaching accreditation.")
    offer, _ = SupportOffer.objects.update_or_create(
        person=person,
        kind=kind,
        defaults={
            "capacity": capacity,
            "professions": professions,
            "accreditation": accreditation.strip(),
            "topics": topics,
            "remote": remote,
            "profile": profile,
        },
    )
    offer.dimensions.set(dimensions)
    offer.icbs.set(icbs)
    return offer


def offer_pause(*, offer: SupportOffer, paused: bool = True) -> SupportOffer:
    offer.paused = paused
    offer.save(update_fields=["paused"])
    return offer


@transaction.atomic
def role_model_save(*, person: Person, title: str, story: str, listed: bool) -> RoleModel:
    """A person's own entry in the role-model directory; one each."""
    entry, _ = RoleModel.objects.update_or_create(
        person=person, defaults={"title": title, "story": story, "listed": listed}
    )
    return entry


@transaction.atomic
def request_create(
    *,
    seeker,
    matching_round: MatchingRound,
    kind: str | None,
    goals: str,
    dimensions: Iterable = (),
    topics: str = "",
    profession_preference: str = "either",
    icb=None,
    remote: bool = True,
    exclusions: Iterable = (),
) -> SupportRequest:
    if not kind or kind not in SupportKind.values:
        raise Refused("Choose whether you are asking for a mentor, a sponsor or a coach.")
    if not goals.strip():
        raise Refused("Say what you would like to achieve.")
    if icb is None and not remote:
        raise Refused("Choose an ICB to meet in, or say you are happy to meet remotely.")
    if SupportRequest.objects.filter(
        seeker=seeker, kind=kind, status__in=[RequestStatus.OPEN, RequestStatus.MATCHED]
    ).exists():
        raise Refused(f"You have already asked for a {SupportKind(kind).label.lower()}.")
    request = SupportRequest.objects.create(
        round=matching_round,
        seeker=seeker,
        kind=kind,
        goals=goals,
        topics=topics,
        profession_preference=profession_preference,
        icb=icb,
        remote=remote,
    )
    request.dimensions.set(dimensions)
    request.exclusions.set([p for p in exclusions if p.pk != seeker.pk])
    return request


# ---------------------------------------------------------------------------
# Running a round
# ---------------------------------------------------------------------------
def under_represented_professions() -> set[int]:
    """Professions whose share of leaders is well below their share of members.

    Leaders are the people who record a leadership role they hold now on their
    profile, the same count the insights pages use; until anyone has, sponsors
    stand in for them.
    """
    members = Person.objects.filter(is_active=True, profession__isnull=False)
    people = _count_by_profession(members)
    holding = HeldRole.objects.current().filter(person=OuterRef("pk"))
    leaders = _count_by_profession(members.filter(Exists(holding)))
    if not leaders:
        leaders = _count_by_profession(
            SupportOffer.objects.filter(kind=SupportKind.SPONSOR, person__profession__isnull=False),
            path="person__profession",
        )
    total_people, total_leaders = sum(people.values()), sum(leaders.values())
    if not total_people or not total_leaders:
        return set(people)
    return {
        profession
        for profession, count in people.items()
        if leaders[profession] / total_leaders < UNDER_REPRESENTED_RATIO * count / total_people
    }


def _count_by_profession(queryset, path: str = "profession") -> Counter:
    return Counter(dict(queryset.values_list(path).annotate(n=Count("pk", distinct=True))))


def _blocked_pairs(seeker_ids) -> dict[int, set[int]]:
    """For each seeker, the supporters they were declined by or ended badly with.

    `seeker_ids` may be a list or a queryset of ids (then it stays one query)."""
    blocked: dict[int, set[int]] = {}
    rows = Match.objects.filter(request__seeker_id__in=seeker_ids).filter(
        Q(status=MatchStatus.DECLINED) | Q(relationship__went_well=False)
    )
    for seeker_id, supporter_id in rows.values_list("request__seeker_id", "offer__person_id"):
        blocked.setdefault(seeker_id, set()).add(supporter_id)
    return blocked


def _pairs(rows) -> dict[int, set]:
    grouped: dict[int, set] = {}
    for owner, value in rows:
        grouped.setdefault(owner, set()).add(value)
    return grouped


def _records(
    matching_round: MatchingRound,
) -> tuple[list[matching.Seeker], list[matching.Supporter], list[int]]:
    """The round as the solver's plain records, read as rows (one query for each table,
    no model instances): 20,000 requests with their prefetched relations took 30 s."""
    requests = matching_round.requests.filter(status=RequestStatus.OPEN)
    through = SupportRequest.dimensions.through.objects.filter(supportrequest__in=requests)
    request_dimensions = _pairs(through.values_list("supportrequest_id", "leadershipdimension_id"))
    through = SupportRequest.exclusions.through.objects.filter(supportrequest__in=requests)
    exclusions = _pairs(through.values_list("supportrequest_id", "person_id"))
    blocked = _blocked_pairs(requests.values("seeker_id"))
    seekers = [
        matching.Seeker(
            id=pk,
            person=seeker_id,
            kind=kind,
            profession=profession_id,
            practice=organisation_id,
            dimensions=frozenset(request_dimensions.get(pk, ())),
            topics=topic_set(topics),
            preference=preference,
            icb=icb_id,
            remote=remote,
            excluded=frozenset(exclusions.get(pk, set()) | blocked.get(seeker_id, set())),
        )
        for (
            pk, seeker_id, kind, profession_id, organisation_id, topics, preference, icb_id, remote
        ) in requests.values_list(
            "pk", "seeker_id", "kind", "seeker__profession_id", "seeker__organisation_id",
            "topics", "profession_preference", "icb_id", "remote",
        )
    ]  # fmt: skip
    offers = SupportOffer.objects.available()
    through = SupportOffer.dimensions.through.objects.filter(supportoffer__in=offers)
    offer_dimensions = _pairs(through.values_list("supportoffer_id", "leadershipdimension_id"))
    through = SupportOffer.icbs.through.objects.filter(supportoffer__in=offers)
    offer_icbs = _pairs(through.values_list("supportoffer_id", "icb_id"))
    holding = Q(matches__status__in=Match.HOLDING_PLACE)
    supporters = [
        matching.Supporter(
            id=pk,
            person=person_id,
            kind=kind,
            capacity=capacity - load,
            profession=profession_id,
            practice=organisation_id,
            dimensions=frozenset(offer_dimensions.get(pk, ())),
            topics=topic_set(topics),
            any_profession=professions == ProfessionScope.ANY,
            icbs=frozenset(offer_icbs.get(pk, ())),
            remote=remote,
        )
        for (
            pk, person_id, kind, capacity, load, profession_id, organisation_id, topics,
            professions, remote,
        ) in offers.annotate(load=Count("matches", filter=holding, distinct=True)).values_list(
            "pk", "person_id", "kind", "capacity", "load", "person__profession_id",
            "person__organisation_id", "topics", "professions", "remote",
        )
    ]  # fmt: skip
    return seekers, supporters, [seeker.id for seeker in seekers]


@transaction.atomic
def round_run(*, matching_round: MatchingRound, by) -> matching.Result:
    """Propose the best set of matches for the round's open requests."""
    matching_round = MatchingRound.objects.select_for_update().get(pk=matching_round.pk)
    _require_coordinator(by, matching_round, "Only this round's co-ordinators can run it.")
    # Running again replaces the proposal not yet confirmed.
    matching_round.matches.filter(status=MatchStatus.PROPOSED).delete()
    seekers, supporters, request_ids = _records(matching_round)
    result = matching.solve(seekers, supporters, under_represented_professions())
    Match.objects.bulk_create(
        Match(
            round=matching_round,
            request_id=seeker_id,
            offer_id=offer_id,
            score=points,
            reasons=[[words, value] for words, value in parts],
        )
        for seeker_id, (offer_id, points, parts) in result.matches.items()
    )
    # One UPDATE for each reason, of the rows whose reason changed: bulk_update's CASE
    # of 20,000 branches took minutes.
    by_reason: dict[str, list[int]] = {}
    for request_id in request_ids:
        by_reason.setdefault(result.unmatched.get(request_id, ""), []).append(request_id)
    for reason, ids in by_reason.items():
        SupportRequest.objects.filter(pk__in=ids).exclude(unmatched_reason=reason).update(
            unmatched_reason=reason
        )
    matching_round.status = RoundStatus.PROPOSED if result.matches else RoundStatus.OPEN
    matching_round.last_run_at = timezone.now()
    matching_round.save(update_fields=["status", "last_run_at"])
    return result


def _lock_offer_with_room(offer_id: int, *, excluding: Match | None = None) -> SupportOffer:
    offer = SupportOffer.objects.select_for_update().get(pk=offer_id)
    holding = offer.matches.filter(status__in=[MatchStatus.CONFIRMED, MatchStatus.ACCEPTED])
    if excluding is not None:
        holding = holding.exclude(pk=excluding.pk)
    if offer.paused or holding.count() >= offer.capacity:
        raise Refused(f"{offer.person} has no places left.")
    return offer


@transaction.atomic
def match_drop(*, match: Match, by) -> None:
    _require_coordinator(by, match.round, "Only this round's co-ordinators can change its matches.")
    match = Match.objects.select_for_update().get(pk=match.pk)
    if match.status != MatchStatus.PROPOSED:
        raise Refused("Only a proposed match can be dropped.")
    match.delete()


PAIR_REFUSED = "This pair cannot be matched."


def round_icbs(matching_round: MatchingRound) -> set[int]:
    """The round's area: its ICB, or every ICB its training hub serves."""
    if matching_round.icb_id:
        return {matching_round.icb_id}
    hub = matching_round.hub
    served = set(hub.serves_icbs.values_list("pk", flat=True))
    # A hub that has not listed the ICBs it serves serves its own.
    return served or ({hub.icb_id} if hub.icb_id else set())


def _offers_in_area(matching_round: MatchingRound) -> set[int]:
    """Offers from people who work in the round's area or offer to meet there."""
    area = round_icbs(matching_round)
    return set(
        SupportOffer.objects.available()
        .filter(Q(person__organisation__icb__in=area) | Q(icbs__in=area))
        .values_list("pk", flat=True)
    )


def swap_candidates(matching_round: MatchingRound, matches) -> dict[int, list[SupportOffer]]:
    """For each proposed match, the other offers a co-ordinator may swap to: only pairs
    the matching rules allow (the seeker's exclusions included), with a place left,
    from the round's area. A fixed number of queries whatever the round's size."""
    seekers, supporters, _ = _records(matching_round)
    by_request = {s.id: s for s in seekers}
    in_area = _offers_in_area(matching_round)
    people = {
        offer.pk: offer
        for offer in SupportOffer.objects.filter(pk__in=in_area).select_related("person")
    }
    found: dict[int, list[SupportOffer]] = {}
    for match in matches:
        seeker = by_request.get(match.request_id)
        found[match.pk] = [
            people[supporter.id]
            for supporter in supporters
            if seeker is not None
            and supporter.id in people
            and supporter.id != match.offer_id
            and supporter.capacity > 0
            and matching.allowed(seeker, supporter)
        ]
    return found


@transaction.atomic
def match_swap(*, match: Match, offer: SupportOffer, by) -> Match:
    """Give the seeker another supporter, if the hard rules allow the pair."""
    _require_coordinator(by, match.round, "Only this round's co-ordinators can change its matches.")
    match = Match.objects.select_for_update().select_related("request").get(pk=match.pk)
    if match.status != MatchStatus.PROPOSED:
        raise Refused("Only a proposed match can be swapped.")
    seekers, supporters, _ = _records(match.round)
    seeker = next((s for s in seekers if s.id == match.request_id), None)
    supporter = next((s for s in supporters if s.id == offer.pk), None)
    if (
        seeker is None
        or supporter is None
        or not matching.allowed(seeker, supporter)
        or offer.pk not in _offers_in_area(match.round)
    ):
        # The same words whatever the reason: naming the rule would tell the
        # co-ordinator that the seeker excluded this supporter.
        raise Refused(PAIR_REFUSED)
    # The supporter's count of proposed matches includes this one if it is theirs.
    if supporter.capacity - (offer.pk != match.offer_id) < 0:
        raise Refused(f"{offer.person} has no places left.")
    points, parts = matching.score(seeker, supporter, under_represented_professions())
    match.offer = offer
    match.score = points
    match.reasons = [[words, value] for words, value in parts]
    match.save(update_fields=["offer", "score", "reasons"])
    return match


@transaction.atomic
def round_confirm(*, matching_round: MatchingRound, by) -> int:
    """Confirm the proposal and ask both people in each match to accept."""
    # Locking the round makes a second co-ordinator's confirm wait, then find the
    # round already confirmed and stop.
    matching_round = MatchingRound.objects.select_for_update().get(pk=matching_round.pk)
    _require_coordinator(by, matching_round, "Only this round's co-ordinators can confirm it.")
    if matching_round.status != RoundStatus.PROPOSED:
        raise Refused(
            "There are no proposed matches to confirm: the round may already be confirmed."
        )
    proposed = list(matching_round.matches.filter(status=MatchStatus.PROPOSED).order_by("pk"))
    confirmed = 0
    for match in proposed:
        try:
            _lock_offer_with_room(match.offer_id)
        except Refused:
            # The supporter filled up or paused since the run: the seeker waits for the next.
            match.delete()
            SupportRequest.objects.filter(pk=match.request_id).update(
                unmatched_reason=matching.CAPACITY_EXHAUSTED
            )
            continue
        confirmed += 1
        match.status = MatchStatus.CONFIRMED
        match.save(update_fields=["status"])
        SupportRequest.objects.filter(pk=match.request_id).update(
            status=RequestStatus.MATCHED, unmatched_reason=""
        )
        _tell_both_after_commit(match)
    matching_round.status = RoundStatus.OPEN if matching_round.standing else RoundStatus.CONFIRMED
    matching_round.confirmed_at = timezone.now()
    matching_round.save(update_fields=["status", "confirmed_at"])
    return confirmed


def _tell_both_after_commit(match: Match) -> None:
    """Email the seeker and the supporter that a match waits for their answer."""
    match = Match.objects.select_related("round", "request__seeker", "offer__person").get(
        pk=match.pk
    )
    for person, as_seeker in ((match.request.seeker, True), (match.offer.person, False)):
        message = match_ready_message(match, person=person, as_seeker=as_seeker)
        transaction.on_commit(lambda message=message: send_email.delay(message))


def match_ready_message(match: Match, *, person: Person, as_seeker: bool) -> dict:
    context = {
        "person": person,
        "as_seeker": as_seeker,
        "kind": match.offer.get_kind_display(),
        "round_name": match.round.name,
        "url": settings.SITE_URL + reverse("careers:mentoring"),
        "site_name": settings.SITE_NAME,
    }
    message = EmailMultiAlternatives(
        subject=f"Your {context['kind'].lower()} match is ready for your answer",
        body=render_to_string("careers/mentoring/email/match_ready.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[person.email],
    )
    return mail.message_to_dict(message)


# ---------------------------------------------------------------------------
# Answers, relationships and meetings
# ---------------------------------------------------------------------------
@transaction.atomic
def match_answer(*, match: Match, person, accept: bool) -> Match:
    """The seeker's or supporter's answer; the first decline frees the place."""
    match = Match.objects.select_for_update().select_related("request", "offer").get(pk=match.pk)
    if person.pk == match.request.seeker_id:
        field = "seeker_answer"
    elif person.pk == match.offer.person_id:
        field = "supporter_answer"
    else:
        raise Refused("This match is not yours to answer.")
    if match.status == MatchStatus.DECLINED:
        raise Refused("This match was already declined, so it can no longer be accepted.")
    if match.status != MatchStatus.CONFIRMED:
        raise Refused("This match is not waiting for an answer.")
    setattr(match, field, Answer.ACCEPTED if accept else Answer.DECLINED)
    if not accept:
        match.status = MatchStatus.DECLINED
        # Back to the next run of the round (a standing round takes it straight away).
        SupportRequest.objects.filter(pk=match.request_id).update(status=RequestStatus.OPEN)
    elif match.seeker_answer == match.supporter_answer == Answer.ACCEPTED:
        match.status = MatchStatus.ACCEPTED
        Relationship.objects.create(
            match=match, goals=match.request.goals, started_on=timezone.localdate()
        )
    match.save(update_fields=[field, "status"])
    return match


def _require_party(relationship: Relationship, person) -> None:
    if not Relationship.objects.visible_to(person).filter(pk=relationship.pk).exists():
        raise Refused("Only the two people in this relationship can do that.")


def relationship_agree(
    *, relationship: Relationship, person, goals: str, meeting_frequency: str, ends_on
) -> Relationship:
    _require_party(relationship, person)
    relationship.goals = goals
    relationship.meeting_frequency = meeting_frequency
    relationship.ends_on = ends_on
    relationship.save(update_fields=["goals", "meeting_frequency", "ends_on"])
    return relationship


def meeting_log(
    *, relationship: Relationship, person, met_on: datetime.date, notes: str = ""
) -> Meeting:
    _require_party(relationship, person)
    if relationship.ended_on:
        raise Refused("This relationship has ended.")
    if met_on > timezone.localdate():
        raise Refused("The date of a meeting cannot be in the future.")
    return Meeting.objects.create(
        relationship=relationship, met_on=met_on, notes=notes, logged_by=person
    )


@transaction.atomic
def relationship_close(
    *, relationship: Relationship, person, feedback: str, went_well: bool
) -> Relationship:
    """Each person closes with feedback; the relationship ends when both have."""
    relationship = (
        Relationship.objects.select_for_update()
        .select_related("match__request", "match__offer")
        .get(pk=relationship.pk)
    )
    _require_party(relationship, person)
    if person.pk == relationship.match.request.seeker_id:
        relationship.seeker_feedback = feedback
    else:
        relationship.supporter_feedback = feedback
    if not went_well:
        relationship.went_well = False
    elif relationship.went_well is None:
        relationship.went_well = True
    if relationship.seeker_feedback and relationship.supporter_feedback:
        relationship.ended_on = timezone.localdate()
        Match.objects.filter(pk=relationship.match_id).update(status=MatchStatus.ENDED)
    relationship.save()
    return relationship


def relationship_log(*, relationship: Relationship, person):
    """Put the relationship in the person's leadership log (once, however often asked)."""
    _require_party(relationship, person)
    match = relationship.match
    kind = match.offer.get_kind_display().lower()
    if person.pk == match.offer.person_id:
        title = f"{kind.capitalize()} to {match.request.seeker}"
        activity_kind = ActivityKind.COACHING_GIVEN
    else:
        title = f"{kind.capitalize()}: {match.offer.person}"
        activity_kind = ActivityKind.COACHING_RECEIVED
    hours = relationship.meetings.count() or None
    return activity_create(
        person=person,
        title=title,
        kind=activity_kind,
        occurred_on=relationship.ended_on or relationship.started_on,
        hours=hours,
        dimensions=match.request.dimensions.all(),
        source=relationship,
    )


# ---------------------------------------------------------------------------
# The co-ordinator's view of a round
# ---------------------------------------------------------------------------
def round_summary(matching_round: MatchingRound) -> dict:
    requests = matching_round.requests.exclude(status=RequestStatus.WITHDRAWN)
    total = requests.count()
    matched = matching_round.matches.filter(status__in=Match.HOLDING_PLACE).count()
    reasons = Counter(
        requests.filter(status=RequestStatus.OPEN)
        .exclude(unmatched_reason="")
        .values_list("unmatched_reason", flat=True)
    )
    return {
        "requests": total,
        "matched": matched,
        "matched_share": round(100 * matched / total) if total else 0,
        "unmatched": {
            matching.UNMATCHED_REASONS[key]: count for key, count in reasons.most_common()
        },
    }
