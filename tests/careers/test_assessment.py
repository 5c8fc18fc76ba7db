import pytest
from django.urls import reverse

from careers import services
from careers.models import Assessment
from portal.models import LeadershipDimension
from tests.careers.factories import dimension, level, pathway_for
from tests.factories import profession
from tests.helpers import assert_queries_constant
from tests.programmes.factories import IntakeFactory, OfferFactory

pytestmark = pytest.mark.django_db


def answers(levels: dict[str, int] | None = None, default: int = 2, **extra) -> dict:
    data = {}
    for d in LeadershipDimension.objects.all():
        data[f"level_{d.slug}"] = str((levels or {}).get(d.slug, default))
    data.update(extra)
    return data


def assess(
    person, levels: dict[str, int] | None = None, default: int = 2, targets=None
) -> Assessment:
    return services.assessment_create(
        person=person,
        ratings=[
            services.RatingInput(
                dimension=d,
                level=(levels or {}).get(d.slug, default),
                target=(targets or {}).get(d.slug),
            )
            for d in LeadershipDimension.objects.all()
        ],
    )


def test_it_saves_a_dated_self_assessment_with_optional_target_and_importance(client, nurse):
    client.force_login(nurse)
    response = client.post(
        reverse("careers:assessment_create"),
        answers(
            {"holding-to-account": 1},
            **{"target_holding-to-account": "3", "importance_holding-to-account": "3"},
        ),
    )
    assert response.status_code == 302
    rating = Assessment.objects.get(person=nurse).ratings.get(dimension__slug="holding-to-account")
    assert (rating.level, rating.target, rating.importance) == (1, 3, 3)


@pytest.mark.parametrize("bad", ["0", "5", "lots", ""])
def test_it_refuses_a_level_out_of_range_with_a_message(client, nurse, bad):
    client.force_login(nurse)
    response = client.post(
        reverse("careers:assessment_create"), answers(**{"level_leading-with-care": bad})
    )
    assert response.status_code == 200
    assert "Leading with care" in response.content.decode()
    assert "There is a problem" in response.content.decode()
    assert not Assessment.objects.exists()


def test_it_shows_the_chart_with_a_table_and_the_previous_assessment(client, nurse):
    assess(nurse, default=1)
    assess(nurse, default=3)
    client.force_login(nurse)
    text = client.get(reverse("careers:assessment")).content.decode()
    assert '<svg class="careers-chart"' in text
    assert "The same figures are in the table." in text
    assert text.count("<polygon points=") >= 2 + 4  # two assessments and four rings
    assert "3 of 4" in text and "1 of 4" in text


def test_the_charts_rings_are_named_for_the_four_levels(client, nurse):
    assess(nurse)
    client.force_login(nurse)
    chart = str(client.get(reverse("careers:assessment")).context["chart"])
    for name in ("Essential", "Proficient", "Strong", "Exemplary"):
        assert f'paint-order="stroke">{name}</text>' in chart


def test_her_targets_are_drawn_and_listed_where_she_set_them(client, nurse):
    assess(nurse, default=2, targets={"holding-to-account": 4})
    client.force_login(nurse)
    response = client.get(reverse("careers:assessment"))
    assert [s.name for s in response.context["series"]][-1].startswith("Your targets")
    targets = response.context["series"][-1].values
    assert sorted(targets) == [2] * 8 + [4]
    text = response.content.decode()
    assert 'stroke="#330072"' in text
    assert "Your targets (your level now where you set none)" in text
    assert "4 of 4" in text


def test_no_target_line_is_drawn_when_she_set_none(client, nurse):
    assess(nurse)
    client.force_login(nurse)
    response = client.get(reverse("careers:assessment"))
    assert not any(s.name.startswith("Your targets") for s in response.context["series"])


def test_it_recommends_offers_for_the_widest_gaps_against_the_stage(client, nurse):
    nurse.career_level = level("senior-leader")
    nurse.save()
    pathway_for(profession("general-practice-nurse"))  # senior leaders are expected at 4
    assess(nurse, {"holding-to-account": 1}, default=3)
    developing = OfferFactory(
        title="Holding difficult conversations", dimensions=[dimension("holding-to-account")]
    )
    IntakeFactory(offer=developing)
    OfferFactory(title="Unrelated", dimensions=[dimension("sharing-the-vision")])
    client.force_login(nurse)
    recommendations = client.get(reverse("careers:assessment")).context["recommendations"]
    assert recommendations[0].dimension.slug == "holding-to-account"
    ((offer, why),) = recommendations[0].offers
    assert offer.title == "Holding difficult conversations"
    assert why == (
        "It develops holding to account, where you rated yourself essential and your stage "
        "asks for exemplary; it is taking applications now."
    )


def test_it_recommends_against_your_own_target_without_a_pathway(client, outsider):
    assess(outsider, default=2, targets={"sharing-the-vision": 4})
    OfferFactory(dimensions=[dimension("sharing-the-vision")])
    client.force_login(outsider)
    (rec,) = client.get(reverse("careers:assessment")).context["recommendations"]
    assert (rec.dimension.slug, rec.aim_source) == ("sharing-the-vision", "your target")


def test_it_compares_two_of_your_assessments_and_hides_other_peoples(client, nurse, outsider):
    first, second = assess(nurse, default=1), assess(nurse, default=2)
    theirs = assess(outsider)
    client.force_login(nurse)
    url = reverse("careers:assessment_compare")
    assert client.get(url, {"first": first.pk, "second": second.pk}).status_code == 200
    assert client.get(url, {"first": first.pk, "second": theirs.pk}).status_code == 404


def test_a_comparison_address_without_two_assessments_says_what_to_choose(client, nurse):
    client.force_login(nurse)
    url = reverse("careers:assessment_compare")
    response = client.get(url, {"first": "x", "second": ""}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("careers:assessment")
    assert "Choose two of your self-assessments to compare." in response.content.decode()


def test_it_shows_no_one_elses_assessment_on_your_page(client, nurse, outsider):
    assess(outsider, default=4)
    client.force_login(nurse)
    response = client.get(reverse("careers:assessment"))
    assert "latest" not in response.context


def test_its_page_does_not_query_more_with_more_history(client, nurse):
    assess(nurse, default=1, targets={"holding-to-account": 3})
    assess(nurse, default=2, targets={"holding-to-account": 3})
    OfferFactory(dimensions=[dimension("holding-to-account")])
    client.force_login(nurse)

    def more_history():
        for _ in range(4):
            assess(nurse, default=2, targets={"holding-to-account": 4, "sharing-the-vision": 4})
            OfferFactory(
                dimensions=[dimension("holding-to-account"), dimension("sharing-the-vision")]
            )

    assert_queries_constant(more_history, lambda: client.get(reverse("careers:assessment")))
