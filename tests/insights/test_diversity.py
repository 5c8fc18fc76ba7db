"""Leadership diversity: shares of leaders and participants by profession, and the trend."""

import datetime

import pytest
import time_machine
from django.db.models import F

from portal import services
from portal.insights import diversity
from portal.insights.registry import Participation, insights
from portal.insights.scope import ENGLAND, Scope
from portal.insights.suppression import suppress
from portal.models import HeldRoleKind, Person, Profession
from tests.factories import OrganisationFactory, PersonFactory, icb, profession

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 20, 12, tzinfo=datetime.UTC)
DEVON = "QJK"


@pytest.fixture
def devon() -> Scope:
    return Scope("Devon", frozenset({icb(DEVON).pk}), "devon")


def people(count, slug, ods=DEVON, role=None, **fields):
    practice = OrganisationFactory(icb=icb(ods))
    made = [
        PersonFactory(profession=profession(slug), organisation=practice, **fields)
        for _ in range(count)
    ]
    for person in made:
        if role:
            services.held_roles_update(person, [role])
    return made


def by_profession(table):
    return {row["profession"]: row for row in table.rows}


@pytest.fixture
def devon_practices():
    """In Devon: 10 GPs of whom 6 lead, 20 nurses of whom 2 lead; 9 GPs in London lead."""
    with time_machine.travel(NOW - datetime.timedelta(days=200), tick=False):
        people(6, "gp", role=HeldRoleKind.PRACTICE_PARTNER)
        people(4, "gp")
        people(2, "general-practice-nurse", role=HeldRoleKind.CLINICAL_LEAD)
        people(18, "general-practice-nurse")
        people(9, "gp", ods="QMF", role=HeldRoleKind.PCN_CLINICAL_DIRECTOR)


def test_it_sets_each_professions_share_of_leaders_against_its_share_of_members(
    devon, devon_practices
):
    leaders = diversity.build(devon, now=NOW)[0]

    rows = by_profession(leaders)
    assert rows["GP"]["people"] == 6 and rows["GP"]["members"] == 10
    assert rows["General practice nurse"]["people"] == 2
    assert rows["General practice nurse"]["members"] == 20
    assert rows["GP"]["share"] == pytest.approx(6 / 8)
    assert rows["GP"]["member_share"] == pytest.approx(10 / 30)
    assert rows["GP"]["parity"] == pytest.approx((6 / 8) / (10 / 30))
    assert rows["General practice nurse"]["parity"] == pytest.approx((2 / 8) / (20 / 30))
    assert leaders.total["people"] == 8 and leaders.total["members"] == 30


def test_all_england_counts_every_area(devon_practices):
    rows = by_profession(diversity.build(ENGLAND, now=NOW)[0])

    assert rows["GP"]["people"] == 15


def test_erased_inactive_and_former_leaders_are_not_counted(devon, devon_practices):
    with time_machine.travel(NOW - datetime.timedelta(days=100), tick=False):
        former = people(1, "general-practice-nurse", role=HeldRoleKind.CLINICAL_LEAD)[0]
        services.held_roles_update(former, [])
        people(1, "general-practice-nurse", role=HeldRoleKind.CLINICAL_LEAD, is_active=False)
        erased = people(1, "general-practice-nurse", role=HeldRoleKind.CLINICAL_LEAD)[0]
        people(1, "general-practice-nurse", role=HeldRoleKind.CLINICAL_LEAD, verified=False)
    Person.objects.filter(pk=erased.pk).update(erased_at=NOW)

    rows = by_profession(diversity.build(devon, now=NOW)[0])

    assert rows["General practice nurse"]["people"] == 2
    # The former leader is still a member; the inactive, erased and unconfirmed are not.
    assert rows["General practice nurse"]["members"] == 21


def test_the_trend_counts_who_held_a_role_at_the_end_of_each_quarter(devon):
    gp = people(1, "gp")[0]
    nurses = people(5, "general-practice-nurse")
    with time_machine.travel(datetime.datetime(2025, 2, 1, tzinfo=datetime.UTC), tick=False):
        services.held_roles_update(gp, [HeldRoleKind.PRACTICE_PARTNER])
    with time_machine.travel(datetime.datetime(2026, 5, 1, tzinfo=datetime.UTC), tick=False):
        for nurse in nurses:
            services.held_roles_update(nurse, [HeldRoleKind.CLINICAL_LEAD])
    with time_machine.travel(datetime.datetime(2026, 8, 1, tzinfo=datetime.UTC), tick=False):
        services.held_roles_update(nurses[0], [])

    trend = diversity.build(devon, now=NOW)[1]

    quarters = {row["quarter"]: row for row in trend.rows}
    # 20 November is in 2026 Q4, which is not published until it ends.
    assert list(quarters) == [
        "2024 Q4", "2025 Q1", "2025 Q2", "2025 Q3", "2025 Q4", "2026 Q1", "2026 Q2", "2026 Q3"
    ]  # fmt: skip
    assert quarters["2025 Q1"]["people"] == 1 and quarters["2025 Q1"]["others"] == 0
    assert quarters["2026 Q2"]["others"] == 5
    assert quarters["2026 Q3"]["others"] == 4 and quarters["2026 Q3"]["gps"] == 1
    assert quarters["2026 Q3"]["share_others"] == pytest.approx(4 / 5)


def joined_the_portal(scope):
    return (
        Person.objects.filter(scope.q(), is_active=True, erased_at__isnull=True)
        .annotate(who=F("pk"), who_profession=F("profession_id"), at=F("date_joined"))
        .values("who", "who_profession", "at")
    )


@pytest.fixture
def one_measure(monkeypatch):
    measure = Participation("joined", "Joined the portal", 10, joined_the_portal)
    monkeypatch.setattr(insights, "_participations", {"joined": measure})


def test_each_participation_measure_gets_a_parity_table_and_a_quarterly_table(
    devon, devon_practices, one_measure
):
    tables = diversity.build(devon, now=NOW)

    assert [t.key for t in tables] == [
        "leaders",
        "leaders-by-quarter",
        "joined",
        "joined-by-quarter",
    ]
    joined = by_profession(tables[2])
    assert joined["GP"]["people"] == 10
    by_quarter = {row["quarter"]: row for row in tables[3].rows}
    assert by_quarter["2026 Q2"]["people"] == 30
    assert by_quarter["2026 Q3"]["people"] == 0
    assert "2026 Q4" not in by_quarter


def test_it_makes_the_same_number_of_queries_for_few_and_many_people(
    devon, one_measure, django_assert_num_queries
):
    people(3, "gp", role=HeldRoleKind.PRACTICE_PARTNER)
    with django_assert_num_queries(4):
        diversity.build(devon, now=NOW)
    people(40, "gp", role=HeldRoleKind.PRACTICE_PARTNER)
    people(40, "paramedic", role=HeldRoleKind.CLINICAL_LEAD)
    with django_assert_num_queries(4):
        diversity.build(devon, now=NOW)


def test_a_gp_figure_hidden_by_profession_stays_hidden_in_the_trend(devon):
    with time_machine.travel(NOW - datetime.timedelta(days=90), tick=False):
        people(3, "gp", role=HeldRoleKind.PRACTICE_PARTNER)
        people(20, "gp-trainee", role=HeldRoleKind.OTHER)
        people(30, "general-practice-nurse", role=HeldRoleKind.CLINICAL_LEAD)
    leaders, trend = diversity.build(devon, now=NOW)[:2]

    table = suppress(leaders)
    gp = next(r for r in table.rows if r["profession"].value == "GP")
    last_published = suppress(trend).rows[-1]

    assert gp["people"].hidden
    assert last_published["gps"].hidden and last_published["others"].hidden
    assert not last_published["people"].hidden


# ---------------------------------------------------------------------------
# Small numbers that stay small (issue 21, items 8 to 10)
# ---------------------------------------------------------------------------
def paramedics_in_devon(devon) -> dict:
    return by_profession(diversity.build(devon, now=NOW)[0])["Paramedic"]


def test_sign_ups_nobody_confirmed_never_move_a_hidden_figure(devon):
    """Three real paramedics lead in Devon; two made-up sign-ups must not make them 5."""
    with time_machine.travel(NOW - datetime.timedelta(days=100), tick=False):
        people(3, "paramedic", role=HeldRoleKind.CLINICAL_LEAD)
        people(2, "paramedic", role=HeldRoleKind.CLINICAL_LEAD, verified=False)

    paramedics = paramedics_in_devon(devon)

    assert paramedics["people"] == 3 and paramedics["members"] == 3


def test_a_role_taken_this_quarter_changes_nothing_until_the_quarter_ends(devon):
    """A curator watching the page cannot see one person's change within minutes."""
    with time_machine.travel(NOW - datetime.timedelta(days=100), tick=False):
        leaders = people(6, "paramedic", role=HeldRoleKind.CLINICAL_LEAD)
    before = diversity.build(devon, now=NOW)

    with time_machine.travel(NOW - datetime.timedelta(days=5), tick=False):
        services.held_roles_update(leaders[0], [])
        people(1, "paramedic", role=HeldRoleKind.CLINICAL_LEAD)

    after = diversity.build(devon, now=NOW)
    assert [t.rows for t in after] == [t.rows for t in before]
    next_quarter = datetime.datetime(2027, 1, 2, 12, tzinfo=datetime.UTC)
    assert paramedics_in_devon_at(devon, next_quarter)["people"] == 6


def paramedics_in_devon_at(devon, moment) -> dict:
    return by_profession(diversity.build(devon, now=moment)[0])["Paramedic"]


def test_the_page_says_figures_run_to_the_end_of_the_last_complete_quarter():
    published = diversity.published_until(NOW)

    assert published.label == "2026 Q3"
    assert published.last_day == datetime.date(2026, 9, 30)


def test_every_profession_is_listed_so_none_looks_like_a_few(devon, devon_practices):
    """No paramedics in Devon at all, and 1 dietitian: both read "fewer than 5"."""
    with time_machine.travel(NOW - datetime.timedelta(days=100), tick=False):
        people(1, "dietitian", role=HeldRoleKind.CLINICAL_LEAD)

    leaders = suppress(diversity.build(devon, now=NOW)[0])

    listed = {row["profession"].value: row for row in leaders.rows}
    assert set(listed) == {p.name for p in Profession.objects.all()}
    for name in ("Paramedic", "Dietitian"):
        assert listed[name]["people"].hidden and listed[name]["members"].hidden


def test_shown_counts_are_rounded_to_5_and_shares_follow_the_rounded_counts(devon, devon_practices):
    """Devon: 6 of 10 GPs lead, 2 of 20 nurses; 8 leaders of 30 members."""
    leaders = suppress(diversity.build(devon, now=NOW)[0])

    gp = next(r for r in leaders.rows if r["profession"].value == "GP")
    assert gp["people"].value == 5 and gp["members"].value == 10
    assert leaders.total["people"].value == 10 and leaders.total["members"].value == 30
    # 5 of 10 leaders, not 6 of 8: the share cannot be turned back into the exact count.
    assert gp["share"].value == pytest.approx(5 / 10)
    assert gp["parity"].value == pytest.approx((5 / 10) / (10 / 30))
