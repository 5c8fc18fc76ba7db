import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from careers import services
from careers.models import RoleInterest
from careers.roles import design_gaps, features_lacking
from portal.lib.refused import Refused
from tests.careers.factories import RoleFactory
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_a_well_designed_role_lacks_nothing():
    assert design_gaps(RoleFactory.build()) == []


def test_it_names_the_features_a_role_lacks():
    role = RoleFactory.build(milestones="Make things better", accountable_to="", remuneration="")
    gaps = design_gaps(role)
    assert features_lacking(gaps) == ["Influence", "Clarity", "Fairness"]
    messages = " ".join(gap.message for gap in gaps)
    assert "No measurable milestone" in messages
    assert "No accountability line" in messages
    assert "No remuneration" in messages


def test_it_flags_a_director_without_budget_or_decision_rights():
    gaps = design_gaps(RoleFactory.build(title="Director of quality", holds_budget=False))
    assert any("“Director” title without a budget" in gap.message for gap in gaps)
    assert not any(
        "Director" in g.message for g in design_gaps(RoleFactory.build(title="Director of quality"))
    )


def test_it_lists_only_published_open_roles(client):
    RoleFactory(title="Open role")
    RoleFactory(title="Draft role", published=False)
    RoleFactory(title="Closed role", closing_date=timezone.localdate() - datetime.timedelta(days=1))
    text = client.get(reverse("careers:roles")).content.decode()
    assert "Open role" in text
    assert "Draft role" not in text and "Closed role" not in text


def test_it_answers_404_for_an_unpublished_role(client):
    assert (
        client.get(reverse("careers:role", args=[RoleFactory(published=False).pk])).status_code
        == 404
    )


def test_its_page_summarises_the_gaps(client):
    role = RoleFactory(title="Director of estates", holds_budget=False, backfill="")
    text = client.get(reverse("careers:role", args=[role.pk])).content.decode()
    assert "It lacks influence, fairness." in text
    assert "No backfill" in text


def test_people_register_interest_and_only_the_poster_sees_who(client, nurse, outsider):
    poster = PersonFactory(full_name="Pat Poster")
    role = RoleFactory(posted_by=poster)
    url = reverse("careers:role", args=[role.pk])
    client.force_login(nurse)
    assert client.post(url, {"message": "I run our diabetes clinics."}).status_code == 302
    client.post(url, {"message": "Twice"})
    assert RoleInterest.objects.filter(role=role).count() == 1
    client.force_login(outsider)
    assert "Nia Evans" not in client.get(url).content.decode()
    client.force_login(poster)
    text = client.get(url).content.decode()
    assert "Nia Evans" in text and "I run our diabetes clinics." in text


def test_anonymous_people_are_asked_to_sign_in_to_register_interest(client):
    role = RoleFactory()
    response = client.post(reverse("careers:role", args=[role.pk]), {"message": ""})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not RoleInterest.objects.exists()


def test_the_admin_shows_the_author_the_design_check(client, settings):
    settings.DEMO_RELAX_STAFF_MFA = True
    admin = PersonFactory(is_staff=True, is_superuser=True)
    role = RoleFactory(title="Director of digital", holds_budget=False, posted_by=admin)
    client.force_login(admin)
    text = client.get(reverse("admin:careers_role_change", args=[role.pk])).content.decode()
    assert "You can publish with gaps, but people will see them" in text
    assert "“Director” title without a budget" in text
    assert client.get(reverse("admin:careers_role_history", args=[role.pk])).status_code == 200


def test_the_poster_cannot_register_interest_in_her_own_role(client):
    poster = PersonFactory(full_name="Pat Poster")
    role = RoleFactory(posted_by=poster)
    with pytest.raises(Refused, match="You posted this role"):
        services.role_interest_register(role=role, person=poster)
    client.force_login(poster)
    response = client.post(reverse("careers:role", args=[role.pk]), {"message": ""}, follow=True)
    assert "You posted this role, so you cannot register interest in it." in (
        response.content.decode()
    )
    assert not RoleInterest.objects.exists()


def test_a_person_registers_interest_in_a_role_once(nurse):
    role = RoleFactory()
    services.role_interest_register(role=role, person=nurse, message="First")
    with pytest.raises(Refused, match="already registered interest"):
        services.role_interest_register(role=role, person=nurse, message="Again")
    assert RoleInterest.objects.get(role=role, person=nurse).message == "First"


def test_no_one_registers_interest_in_a_closed_or_unpublished_role(nurse):
    closed = RoleFactory(closing_date=timezone.localdate() - datetime.timedelta(days=1))
    draft = RoleFactory(published=False)
    for role in (closed, draft):
        with pytest.raises(Refused, match="no longer taking interest"):
            services.role_interest_register(role=role, person=nurse)
    assert not RoleInterest.objects.exists()


def test_only_the_poster_is_shown_who_is_interested(nurse, outsider):
    poster = PersonFactory(full_name="Pat Poster")
    role = RoleFactory(posted_by=poster)
    services.role_interest_register(role=role, person=nurse)
    assert list(RoleInterest.objects.received_by(poster)) == list(role.interests.all())
    assert not RoleInterest.objects.received_by(outsider).exists()
    assert not RoleInterest.objects.received_by(nurse).exists()
    assert RoleInterest.objects.owned_by(nurse).get().role == role


def test_it_lists_only_the_roles_a_profession_may_take_when_asked(client):
    from tests.factories import profession

    nurses, gps = profession("general-practice-nurse"), profession("gp")
    RoleFactory(title="Anyone's role")
    nurse_role = RoleFactory(title="Nurse lead", all_professions=False)
    nurse_role.professions.set([nurses])
    gp_role = RoleFactory(title="GP-only lead", all_professions=False)
    gp_role.professions.set([gps])

    text = client.get(reverse("careers:roles"), {"profession": nurses.slug}).content.decode()

    assert "Leadership roles open to general practice nurses" in text
    assert "Anyone&#x27;s role" in text
    assert "Nurse lead" in text
    assert "GP-only lead" not in text
    assert (
        "GP-only lead"
        in client.get(reverse("careers:roles"), {"profession": "nonsense"}).content.decode()
    )


def test_each_pathway_stage_links_to_the_roles_open_to_its_profession(client):
    from tests.careers.factories import pathway_for
    from tests.factories import profession

    pathway = pathway_for(profession("general-practice-nurse"))

    text = client.get(reverse("careers:pathway", args=["general-practice-nurse"])).content.decode()

    link = f'href="{reverse("careers:roles")}?profession=general-practice-nurse"'
    assert text.count(link) == pathway.stages.count()
    assert "Leadership roles open to general practice nurses" in text
