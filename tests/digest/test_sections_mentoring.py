"""The mentoring section: matches waiting for this person's answer, and nobody else's."""

import datetime

import pytest
from django.utils import timezone

from careers.mentoring import services as mentoring
from careers.mentoring.models import MatchingRound
from portal.digest import services
from tests.careers.mentoring.test_services import ask, coordinator, hub, run_and_confirm

pytestmark = pytest.mark.django_db


def build(people):
    loaded = list(services._load(services.Person.objects.filter(pk__in=[p.pk for p in people])))
    now = timezone.now()
    since = {p.pk: now - datetime.timedelta(days=7) for p in loaded}
    return services.build_digests(loaded, since, now)


def mentoring_items(digests, person) -> list[str]:
    """The section's titles in this person's digest; none when they get no digest."""
    digest = digests.get(person.pk)
    if digest is None:
        return []
    for section, content in digest.sections:
        if section.key == "mentoring":
            return [item.title for item in content.items]
    return []


@pytest.fixture
def confirmed_match(pharmacist, nurse):
    """Priya asked for a sponsor; the round proposed Nia and the co-ordinator confirmed."""
    devon = hub()
    matching_round = MatchingRound.objects.create(name="Devon", hub=devon, standing=True)
    mentoring.offer_save(person=nurse, kind="sponsor", capacity=1)
    ask(pharmacist, matching_round)
    return run_and_confirm(matching_round, coordinator(devon))


WAITING = ["1 mentoring match is waiting for your answer"]


def test_both_people_see_the_match_until_they_answer(confirmed_match, pharmacist, nurse):
    digests = build([pharmacist, nurse])

    assert mentoring_items(digests, pharmacist) == WAITING
    assert mentoring_items(digests, nurse) == WAITING


def test_a_shared_inbox_reads_no_name_of_either_person(
    confirmed_match, pharmacist, nurse, mailoutbox
):
    """Nia's practice inbox is shared: her digest says a match waits, not with whom."""
    services.digest_batch_send(person_ids=[pharmacist.pk, nurse.pk])

    other_name = {pharmacist.email: "Nia Evans", nurse.email: "Priya Shah"}
    assert len(mailoutbox) == 2
    for message in mailoutbox:
        text = message.subject + message.body + message.alternatives[0][0]
        assert "mentoring match is waiting for your answer" in text
        assert "/mentoring/" in text
        for part in other_name[message.to[0]].split():
            assert part not in text


def test_it_drops_the_match_for_the_person_who_answered(confirmed_match, pharmacist, nurse):
    mentoring.match_answer(match=confirmed_match, person=pharmacist, accept=True)

    digests = build([pharmacist, nurse])

    assert mentoring_items(digests, pharmacist) == []
    assert mentoring_items(digests, nurse) == WAITING


def test_nobody_else_hears_of_the_match(confirmed_match, outsider):
    digests = build([outsider])

    assert mentoring_items(digests, outsider) == []


def test_a_declined_match_is_not_in_anyones_digest(confirmed_match, pharmacist, nurse):
    mentoring.match_answer(match=confirmed_match, person=nurse, accept=False)

    digests = build([pharmacist, nurse])

    assert mentoring_items(digests, pharmacist) == []
    assert mentoring_items(digests, nurse) == []
