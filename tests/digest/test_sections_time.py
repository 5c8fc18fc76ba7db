"""The team edition's protected-time section: requests waiting for a manager's answer.

Meg manages Hill Surgery and takes the team edition; Nia, a nurse there, asks her to
agree protected time; Pat, another manager, does not take the team edition.
"""

import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.digest import registry, services
from portal.digest.models import DigestPreference
from portal.models import HeldRole, HeldRoleKind, Organisation
from programmes import services as programme_services
from programmes.digest import collect_time_requests
from tests.factories import PersonFactory, profession
from tests.programmes.factories import IntakeFactory

pytestmark = pytest.mark.django_db
OFFERS = itertools.count()


@pytest.fixture
def practice():
    return Organisation.objects.create(kind="practice", name="Hill Surgery")


def manager(practice, name: str, email: str, *, team: bool):
    person = PersonFactory(
        full_name=name,
        email=email,
        profession=profession("practice-manager"),
        organisation=practice,
    )
    HeldRole.objects.create(person=person, kind=HeldRoleKind.MANAGER)
    # Only this section is of interest: the new offers are muted.
    DigestPreference.objects.create(
        person=person, team_edition=team, muted_sections=["offers", "deadlines", "team"]
    )
    return person


def ask(nia, who):
    """Nia applies to a new offer and asks `who` (a manager, or an address) to agree."""
    intake = IntakeFactory(offer__title=f"Leading change together {next(OFFERS)}")
    application = programme_services.application_create(
        person=nia, offer=intake.offer, intake=intake
    )
    if isinstance(who, str):
        return programme_services.time_agreement_request(
            application=application, person=nia, name="Meg", email=who
        )
    return programme_services.time_agreement_request(
        application=application, person=nia, manager=who
    )


def test_a_manager_on_the_team_edition_sees_requests_waiting_for_her(monday, practice, mailoutbox):
    meg = manager(practice, "Meg Manager", "meg@example.nhs.uk", team=True)
    nia = PersonFactory(full_name="Nia Evans", organisation=practice)
    named = ask(nia, meg)
    # Typed by hand, in capitals: still Meg's verified address.
    typed = ask(nia, "MEG@example.nhs.uk")
    mailoutbox.clear()
    services.digest_batch_send(person_ids=[meg.pk])
    [message] = mailoutbox
    assert message.subject == "2 requests for protected time"
    assert "Protected time waiting for your answer" in message.body
    assert message.body.count("A colleague asks you to agree protected time") == 2
    assert f"/me/time-requests/{named.pk}/" in message.body
    assert f"/me/time-requests/{typed.pk}/" in message.body
    # Made to be forwarded: neither who asked nor for what, and no link that answers as Meg.
    html = message.alternatives[0][0]
    assert "Nia" not in message.body + html
    assert "Leading change together" not in message.body + html
    assert "/time/" not in message.body.replace("/me/time-requests/", "")


def test_answered_requests_and_managers_without_the_team_edition_get_nothing(
    monday, practice, mailoutbox
):
    meg = manager(practice, "Meg Manager", "meg@example.nhs.uk", team=True)
    pat = manager(practice, "Pat Practice", "pat@example.nhs.uk", team=False)
    nia = PersonFactory(full_name="Nia Evans", organisation=practice)
    programme_services.time_agreement_decide(agreement=ask(nia, meg), agree=True)
    ask(nia, pat)
    mailoutbox.clear()
    services.digest_batch_send(person_ids=[meg.pk, pat.pk])
    assert mailoutbox == []


def test_the_section_reads_a_batch_in_two_queries(monday, practice):
    managers = [
        manager(practice, f"Manager {n}", f"m{n}@example.nhs.uk", team=True) for n in range(5)
    ]
    nia = PersonFactory(full_name="Nia Evans", organisation=practice)
    for person in managers:
        ask(nia, person)
    batch = registry.Batch(
        people=managers,
        since={},
        today=None,
        now=None,
        team_edition=frozenset(p.pk for p in managers),
    )
    with CaptureQueriesContext(connection) as queries:
        found = collect_time_requests(batch)
    assert len(queries) == 2
    assert sorted(found) == sorted(p.pk for p in managers)
