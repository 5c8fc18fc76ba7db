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


def test_both_people_see_the_match_until_they_answer(confirmed_match, pharmacist, nurse):
    digests = build([pharmacist, nurse])

    assert mentoring_items(digests, pharmacist) == ["Nia Evans as your sponsor"]
    assert mentoring_items(digests, nurse) == ["Be Priya Shah’s sponsor"]


def test_it_drops_the_match_for_the_person_who_answered(confirmed_match, pharmacist, nurse):
    mentoring.match_answer(match=confirmed_match, person=pharmacist, accept=True)

    digests = build([pharmacist, nurse])

    assert mentoring_items(digests, pharmacist) == []
    assert mentoring_items(digests, nurse) == ["Be Priya Shah’s sponsor"]


def test_nobody_else_hears_of_the_match(confirmed_match, outsider):
    digests = build([outsider])

    assert mentoring_items(digests, outsider) == []


def test_a_declined_match_is_not_in_anyones_digest(confirmed_match, pharmacist, nurse):
    mentoring.match_answer(match=confirmed_match, person=nurse, accept=False)

    digests = build([pharmacist, nurse])

    assert mentoring_items(digests, pharmacist) == []
    assert mentoring_items(digests, nurse) == []
