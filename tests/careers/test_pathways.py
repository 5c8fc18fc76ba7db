import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from careers.models import Pathway
from tests.careers.factories import level, pathway_for
from tests.factories import profession
from tests.programmes.factories import IntakeFactory, OfferFactory, days_from_today

pytestmark = pytest.mark.django_db


@pytest.fixture
def nurse_pathway(db) -> Pathway:
    return pathway_for(profession("general-practice-nurse"))


@pytest.fixture
def pharmacist_pathway(db) -> Pathway:
    return pathway_for(
        profession("clinical-pharmacist"),
        levels=("student-or-trainee", "early-career", "established", "senior-leader"),
    )


def test_it_lists_professions_by_staff_group_and_says_which_have_no_pathway(client, nurse_pathway):
    text = client.get(reverse("careers:pathways")).content.decode()
    assert (
        text.index("Clinical professions")
        < text.index("General practice nurse")
        < text.index("Non-clinical professions")
    )
    assert reverse("careers:pathway", args=["general-practice-nurse"]) in text
    assert (
        'Practice manager: <span class="nhsuk-body-s">there is no pathway for this profession yet.'
        in text
    )


def test_it_shows_each_stage_with_fitting_offers_open_intakes_first(client, nurse_pathway):
    nurses = profession("general-practice-nurse")
    closed = OfferFactory(title="Closed course", professions=[nurses])
    IntakeFactory(
        offer=closed, start_date=days_from_today(3), application_deadline=days_from_today(-1)
    )
    open_offer = OfferFactory(title="Open course", professions=[nurses])
    IntakeFactory(offer=open_offer)
    OfferFactory(title="Senior only", professions=[nurses], career_levels=[level("senior-leader")])
    OfferFactory(title="For pharmacists", professions=[profession("clinical-pharmacist")])
    response = client.get(reverse("careers:pathway", args=["general-practice-nurse"]))
    timeline = response.context["timeline"]
    assert [o.title for o in timeline[0]["offers"]] == ["Open course", "Closed course"]
    assert [o.title for o in timeline[-1]["offers"]][-1] == "Senior only"
    assert "For pharmacists" not in response.content.decode()


def test_it_answers_404_for_a_profession_without_a_pathway(client):
    assert client.get(reverse("careers:pathway", args=["practice-manager"])).status_code == 404
    assert client.get(reverse("careers:pathway", args=["no-such-thing"])).status_code == 404


def test_it_compares_pathways_level_by_level(client, nurse_pathway, pharmacist_pathway):
    response = client.get(
        reverse("careers:compare"), {"professions": "general-practice-nurse,clinical-pharmacist"}
    )
    rows = {row.level.slug: row.cells for row in response.context["rows"]}
    assert [c and c.title for c in rows["student-or-trainee"]] == [
        None,
        "Clinical pharmacist stage 1",
    ]
    assert [c.title for c in rows["senior-leader"]] == [
        "General practice nurse stage 4",
        "Clinical pharmacist stage 4",
    ]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("general-practice-nurse", "Choose two or three professions to compare."),
        ("a,b,c,d", "Choose two or three professions to compare."),
        ("general-practice-nurse,plumber", "We do not know the profession “plumber”."),
        (
            "general-practice-nurse,practice-manager",
            "There is no pathway for Practice manager yet.",
        ),
    ],
)
def test_it_explains_bad_comparisons(client, nurse_pathway, query, message):
    response = client.get(reverse("careers:compare"), {"professions": query})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "rows" not in response.context


def _count(client, path: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path, params or {}).status_code == 200
    return len(queries.captured_queries)


def test_its_pathway_page_does_not_query_more_with_more_stages_and_offers(
    client, django_assert_num_queries
):
    nurses = profession("general-practice-nurse")
    pathway_for(nurses, levels=("early-career", "established"))
    OfferFactory(professions=[nurses], career_levels=[level("early-career")])
    path = reverse("careers:pathway", args=[nurses.slug])
    control = _count(client, path)
    Pathway.objects.all().delete()
    pathway_for(nurses)
    for _ in range(5):
        IntakeFactory(
            offer=OfferFactory(professions=[nurses], career_levels=[level("established")])
        )
    with django_assert_num_queries(control):
        client.get(path)


def test_its_compare_page_does_not_query_more_with_more_pathways(client, django_assert_num_queries):
    pathway_for(profession("general-practice-nurse"), levels=("early-career",))
    pathway_for(profession("clinical-pharmacist"), levels=("early-career",))
    control = _count(
        client,
        reverse("careers:compare"),
        {"professions": "general-practice-nurse,clinical-pharmacist"},
    )
    pathway_for(profession("paramedic"))
    with django_assert_num_queries(control):
        client.get(
            reverse("careers:compare"),
            {"professions": "general-practice-nurse,clinical-pharmacist,paramedic"},
        )


def test_its_list_page_does_not_query_more_with_more_pathways(client, django_assert_num_queries):
    pathway_for(profession("general-practice-nurse"))
    control = _count(client, reverse("careers:pathways"))
    pathway_for(profession("paramedic"))
    with django_assert_num_queries(control):
        client.get(reverse("careers:pathways"))


def test_it_marks_your_stage_on_your_own_pathway(client, nurse_pathway, nurse):
    nurse.career_level = level("established")
    nurse.save()
    client.force_login(nurse)
    text = client.get(reverse("careers:pathway", args=["general-practice-nurse"])).content.decode()
    assert text.count("Your stage") == 1
    assert text.index("Your stage") > text.index("General practice nurse stage 2") - 400


def test_a_devon_nurse_sees_offers_open_to_her_icb_or_online_before_those_elsewhere(
    client, nurse_pathway, nurse
):
    """Nia works in Devon: a Greater Manchester course comes last and says where it is."""
    from portal.models import ICB

    nurses = profession("general-practice-nurse")
    devon = nurse.organisation.icb
    elsewhere = ICB.objects.exclude(region=devon.region).order_by("pk").first()
    far = OfferFactory(
        title="Aaa far course", professions=[nurses], icbs=[elsewhere], delivery_mode="in_person"
    )
    IntakeFactory(offer=far)
    OfferFactory(title="Bbb online elsewhere", professions=[nurses], regions=[elsewhere.region])
    OfferFactory(
        title="Zzz Devon course", professions=[nurses], icbs=[devon], delivery_mode="in_person"
    )
    client.force_login(nurse)

    response = client.get(reverse("careers:pathway", args=["general-practice-nurse"]))

    titles = [o.title for o in response.context["timeline"][0]["offers"]]
    assert titles == ["Zzz Devon course", "Bbb online elsewhere", "Aaa far course"]
    text = response.content.decode()
    assert f"only for people working in {elsewhere}" in text
    assert f"only for people working in {elsewhere.region.name}" in text
    assert f"only for people working in {devon}" not in text


def test_the_comparison_says_shared_things_once_and_lists_only_the_dimensions_that_differ(
    client, nurse_pathway, pharmacist_pathway
):
    from careers.models import StageExpectation

    nurse_senior = nurse_pathway.stages.get(career_level__slug="senior-leader")
    nurse_senior.typical_roles = "Nurse lead for the PCN\nClinical director"
    nurse_senior.save()
    pharmacist_senior = pharmacist_pathway.stages.get(career_level__slug="senior-leader")
    pharmacist_senior.typical_roles = "Head of medicines optimisation\nClinical director"
    pharmacist_senior.save()
    StageExpectation.objects.filter(
        stage=pharmacist_senior, dimension__slug="holding-to-account"
    ).update(level=2)

    response = client.get(
        reverse("careers:compare"), {"professions": "general-practice-nurse,clinical-pharmacist"}
    )

    senior = next(r for r in response.context["rows"] if r.level.slug == "senior-leader")
    assert senior.shared_roles == ["Clinical director"]
    assert [d.dimension for d in senior.differences] == ["Holding to account"]
    assert senior.same_dimensions == 8
    text = response.content.decode()
    assert (
        "Holding to account</strong>: General practice nurse exemplary; "
        "Clinical pharmacist proficient" in text
    )
    assert "The other 8 dimensions: the same level in each." in text
    assert "Head of medicines optimisation" in text and "Nurse lead for the PCN" in text
    # Nine near-identical lists are gone: a dimension the two agree on is not listed.
    assert "Leading with care exemplary" not in text
