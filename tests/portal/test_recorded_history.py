"""Services that record what happened earlier (imports, and the demo's invented
history) keep the same rules as the ones that record what happens now."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from portal import services
from portal.digest import services as digest_services
from portal.digest.models import DeliveryStatus, DigestDelivery, DigestPreference, Frequency
from tests.factories import OrganisationFactory, PersonFactory, profession

pytestmark = pytest.mark.django_db

LAST_SPRING = datetime.datetime(2026, 4, 1, 9, tzinfo=datetime.UTC)


def test_an_unsubscribe_imported_from_last_spring_is_dated_then_not_today():
    nurse = PersonFactory()

    digest_services.digest_unsubscribe(person=nurse, at=LAST_SPRING)

    preference = DigestPreference.objects.get(person=nurse)
    assert (preference.frequency, preference.unsubscribed_at) == (Frequency.OFF, LAST_SPRING)


def test_an_unsubscribe_made_now_is_dated_now():
    nurse = PersonFactory()
    before = timezone.now()

    digest_services.digest_unsubscribe(person=nurse)

    assert DigestPreference.objects.get(person=nurse).unsubscribed_at >= before


def test_a_digest_sent_last_spring_is_recorded_as_sent_then():
    nurse = PersonFactory()

    added = digest_services.digest_history_record(
        [digest_services.PastDelivery(person=nurse, period="2026-W14", sent_at=LAST_SPRING)]
    )

    delivery = DigestDelivery.objects.get(person=nurse)
    assert added == 1
    assert (delivery.status, delivery.sent_at, delivery.period) == (
        DeliveryStatus.SENT,
        LAST_SPRING,
        "2026-W14",
    )


def test_imported_members_are_confirmed_get_no_digests_cannot_sign_in_and_keep_their_roles():
    practice = OrganisationFactory()
    rows = [
        services.MemberRow(
            email=f"member{n}@example.org",
            full_name=f"Member {n}",
            profession=profession("general-practice-nurse"),
            career_level=None,
            organisation=practice,
            joined=LAST_SPRING,
            roles=(services.RoleSpell("clinical_lead", LAST_SPRING),) if n == 1 else (),
        )
        for n in (1, 2)
    ]

    made = services.members_bulk_create(rows)

    assert [p.email for p in made] == ["member1@example.org", "member2@example.org"]
    assert all(not p.has_usable_password() for p in made)
    assert EmailAddress.objects.filter(user__in=made, verified=True, primary=True).count() == 2
    assert set(
        DigestPreference.objects.filter(person__in=made).values_list("frequency", flat=True)
    ) == {Frequency.OFF}
    assert [r.kind for r in made[0].held_roles.all()] == ["clinical_lead"]
    assert made[1].date_joined == LAST_SPRING
