"""Small numbers: nothing on an insights page counts, or gives away, fewer than 5 people."""

from portal.insights.suppression import FEWER_THAN, shown, suppress
from portal.insights.tables import COUNT, PEOPLE, PERCENT, RATIO, TEXT, Column, Table


def professions_table(rows, total=None, **extra) -> Table:
    return Table(
        key="leaders",
        title="Leaders",
        columns=[
            Column("profession", "Profession", TEXT),
            Column("people", "People", PEOPLE),
            Column("share", "Share", PERCENT, base="people"),
            Column("members", "Members", PEOPLE),
            Column("parity", "Parity", RATIO, base=("people", "members")),
            Column("offers", "Offers", COUNT),
        ],
        rows=rows,
        total=total,
        **extra,
    )


def row(profession, people, members=50, offers=1):
    return {
        "profession": profession,
        "people": people,
        "share": people / 100,
        "members": members,
        "parity": 1.0,
        "offers": offers,
    }


def hidden(result, key):
    return [r["profession"].value for r in result.rows if r[key].hidden]


def test_a_count_of_four_people_is_hidden_and_five_is_shown():
    result = suppress(professions_table([row("Nurse", 4), row("GP", 5)]))

    assert hidden(result, "people") == ["Nurse"]
    assert shown(result.rows[0]["people"]) == FEWER_THAN
    assert shown(result.rows[1]["people"]) == 5


def test_zero_is_a_small_number_too():
    result = suppress(professions_table([row("Paramedic", 0), row("GP", 40)]))

    assert hidden(result, "people") == ["Paramedic"]


def test_counts_of_things_are_never_hidden():
    result = suppress(professions_table([row("Nurse", 40, offers=1)]))

    assert not result.rows[0]["offers"].hidden


def test_a_share_or_ratio_resting_on_a_hidden_count_is_hidden_with_it():
    result = suppress(professions_table([row("Nurse", 3, members=40), row("GP", 30, members=3)]))

    nurse, gp = result.rows
    assert nurse["share"].hidden and nurse["parity"].hidden
    assert not gp["share"].hidden
    # The ratio rests on members too, so the GPs' ratio goes with their small membership.
    assert gp["parity"].hidden


def test_under_a_shown_total_a_lone_hidden_cell_takes_the_next_smallest_with_it():
    rows = [row("Nurse", 3), row("Pharmacist", 7), row("GP", 40)]
    total = {"profession": "All", "people": 50, "members": 150}

    result = suppress(professions_table(rows, total=total))

    # 50 - 40 - 7 would give the nurses away; hiding the pharmacists too leaves 10 between two.
    assert hidden(result, "people") == ["Nurse", "Pharmacist"]
    assert not result.total["people"].hidden


def test_without_a_total_a_lone_hidden_cell_stays_alone():
    rows = [row("Nurse", 3), row("Pharmacist", 7), row("GP", 40)]

    result = suppress(professions_table(rows))

    assert hidden(result, "people") == ["Nurse"]


def test_two_hidden_cells_under_a_total_need_nothing_more():
    rows = [row("Nurse", 3), row("Paramedic", 2), row("GP", 40)]
    total = {"profession": "All", "people": 45, "members": 150}

    result = suppress(professions_table(rows, total=total))

    assert hidden(result, "people") == ["Nurse", "Paramedic"]


def test_a_small_total_is_hidden():
    rows = [row("Nurse", 1), row("GP", 2)]
    total = {"profession": "All", "people": 3, "share": 1.0, "members": 100}

    result = suppress(professions_table(rows, total=total))

    assert result.total["people"].hidden
    assert result.total["share"].hidden


def test_parts_of_a_row_that_add_up_to_a_shown_figure_are_hidden_in_pairs():
    table = Table(
        key="trend",
        title="Trend",
        columns=[
            Column("quarter", "Quarter", TEXT),
            Column("people", "People", PEOPLE),
            Column("gps", "GPs", PEOPLE),
            Column("others", "Others", PEOPLE),
            Column("share", "Share from others", PERCENT, base=("gps", "others")),
        ],
        rows=[
            {"quarter": "2026 Q1", "people": 20, "gps": 17, "others": 3, "share": 0.15},
            {"quarter": "2026 Q2", "people": 30, "gps": 20, "others": 10, "share": 0.33},
        ],
        row_parts={"people": ["gps", "others"]},
    )

    first, second = suppress(table).rows

    # 20 - 17 would give away the 3: both parts and the share go.
    assert first["others"].hidden and first["gps"].hidden and first["share"].hidden
    assert not first["people"].hidden
    assert not any(second[key].hidden for key in ("people", "gps", "others", "share"))


def test_hiding_for_one_sum_protects_the_other_sum_too():
    """A cell hidden to protect a row can leave its column with one hidden cell."""
    table = Table(
        key="grid",
        title="Grid",
        columns=[
            Column("area", "Area", TEXT),
            Column("all", "All", PEOPLE),
            Column("a", "A", PEOPLE),
            Column("b", "B", PEOPLE),
        ],
        rows=[
            {"area": "North", "all": 23, "a": 20, "b": 3},
            {"area": "South", "all": 40, "a": 30, "b": 10},
            {"area": "East", "all": 60, "a": 35, "b": 25},
        ],
        total={"area": "All", "all": 123, "a": 85, "b": 38},
        row_parts={"all": ["a", "b"]},
    )

    result = suppress(table)

    hidden_cells = {(r["area"].value, k) for r in result.rows for k in ("a", "b") if r[k].hidden}
    # North's 3 hides North's 20 (row sum); each column then has one hidden cell under
    # its total, so the next smallest in each goes too.
    assert ("North", "b") in hidden_cells and ("North", "a") in hidden_cells
    for key in ("a", "b"):
        assert sum(1 for r in result.rows if r[key].hidden) != 1
