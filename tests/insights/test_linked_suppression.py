"""Suppression across levels: a hub's figures and each of its ICBs' never give a hidden
figure away by subtraction (issue 14, item 6).

A curator may choose her hub and each ICB it serves. The hub's figure for a row is the
sum of its ICBs' figures, so "hub minus the ICBs shown" is an attack; so is "total
minus the rows shown" within one table, and any combination of the two. The tests
generate many hubs and try every one of those subtractions, with the exact figures
behind the shown ones (a stronger reader than the page allows, which rounds them).
"""

import datetime
import random

import numpy
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from portal import services
from portal.insights import diversity
from portal.insights.suppression import TOTAL, suppress_linked
from portal.insights.tables import PEOPLE, PERCENT, TEXT, Column, Table
from portal.models import HeldRoleKind, OrganisationKind
from tests.factories import OrganisationFactory, PersonFactory, icb, profession

PROFESSIONS = ["GP", "Nurse", "Pharmacist", "Paramedic", "Physiotherapist", "Dietitian"]


def table(rows: dict[str, tuple[int, int]]) -> Table:
    """Leaders and members by profession, with a totals row, as the diversity page has."""
    body = [
        {"profession": name, "people": people, "share": None, "members": members}
        for name, (people, members) in rows.items()
    ]
    return Table(
        key="leaders",
        title="Leaders",
        columns=[
            Column("profession", "Profession", TEXT),
            Column("people", "People", PEOPLE),
            Column("share", "Share", PERCENT, base="people", formula=diversity._share("people")),
            Column("members", "Members", PEOPLE),
        ],
        rows=body,
        total={
            "profession": "All professions",
            "people": sum(p for p, _ in rows.values()),
            "members": sum(m for _, m in rows.values()),
        },
    )


def generated_hub(rng: random.Random) -> tuple[Table, list[Table]]:
    """A hub of 2 to 4 ICBs with many small figures, and the hub's table as their sum."""
    icbs = []
    for _ in range(rng.randint(2, 4)):
        rows = {}
        for name in PROFESSIONS:
            people = rng.choice([0, 1, 2, 3, 4, 5, 6, 8, 12, 20])
            rows[name] = (people, people + rng.choice([0, 1, 3, 6, 15, 40]))
        icbs.append(rows)
    hub = {
        name: (sum(r[name][0] for r in icbs), sum(r[name][1] for r in icbs)) for name in PROFESSIONS
    }
    return table(hub), [table(rows) for rows in icbs]


def cells(tables: list[Table]) -> dict[tuple, int]:
    """Every people figure, exact: (table, row or TOTAL, column) → value."""
    found = {}
    for t, one in enumerate(tables):
        for r, row in enumerate(one.rows):
            for key in ("people", "members"):
                found[(t, r, key)] = row[key]
        for key in ("people", "members"):
            found[(t, TOTAL, key)] = one.total[key]
    return found


def hidden_cells(results) -> set[tuple]:
    hidden = set()
    for t, result in enumerate(results):
        for r, row in enumerate(result.rows):
            hidden |= {(t, r, key) for key in ("people", "members") if row[key].hidden}
        hidden |= {(t, TOTAL, key) for key in ("people", "members") if result.total[key].hidden}
    return hidden


def sums(tables: list[Table]) -> list[tuple[tuple, list[tuple]]]:
    """Every sum a reader knows: each column's total, and each hub figure over its ICBs."""
    known = []
    for t, one in enumerate(tables):
        for key in ("people", "members"):
            known.append(((t, TOTAL, key), [(t, r, key) for r in range(len(one.rows))]))
    for r in [*range(len(PROFESSIONS)), TOTAL]:
        for key in ("people", "members"):
            known.append(((0, r, key), [(t, r, key) for t in range(1, len(tables))]))
    return known


def test_no_subtraction_between_the_hub_and_its_icbs_gives_a_hidden_figure_away():
    for one_seed in range(300):
        rng = random.Random(one_seed)
        hub, icbs = generated_hub(rng)
        tables = [hub, *icbs]
        hidden = hidden_cells(suppress_linked(hub, icbs))
        for whole, parts in sums(tables):
            left_hidden = [ref for ref in [whole, *parts] if ref in hidden]
            # One hidden figure in a sum is the whole minus the parts (or their sum).
            assert len(left_hidden) != 1, (one_seed, whole, left_hidden)


def test_no_combination_of_subtractions_gives_a_hidden_figure_away():
    """Stronger: solve all the sums together; no hidden figure may come out as one value."""
    for seed in range(150):
        rng = random.Random(seed)
        hub, icbs = generated_hub(rng)
        tables = [hub, *icbs]
        values = cells(tables)
        hidden = sorted(hidden_cells(suppress_linked(hub, icbs)), key=repr)
        if not hidden:
            continue
        index = {ref: i for i, ref in enumerate(hidden)}
        matrix = []
        for whole, parts in sums(tables):
            row = numpy.zeros(len(hidden))
            for ref, sign in [(whole, 1), *((p, -1) for p in parts)]:
                if ref in index:
                    row[index[ref]] += sign
            if row.any():
                matrix.append(row)
        a = numpy.array(matrix)
        rank = numpy.linalg.matrix_rank(a)
        for ref, i in index.items():
            unit = numpy.zeros(len(hidden))
            unit[i] = 1
            # The figure is pinned down exactly when it is a combination of the sums.
            pinned = numpy.linalg.matrix_rank(numpy.vstack([a, unit])) == rank
            assert not pinned, (seed, ref, values[ref])


def test_a_share_shown_is_worked_out_from_published_figures_only():
    """A share over a hidden total would give the total back: it must say nothing."""
    for seed in range(300):
        hub, icbs = generated_hub(random.Random(seed))
        for result in suppress_linked(hub, icbs):
            total = result.total["people"]
            for row in result.rows:
                share = row["share"]
                if share.hidden:
                    continue
                if total.hidden:
                    assert share.value is None, seed
                else:
                    assert share.value == pytest.approx(row["people"].value / total.value)


def test_a_share_over_a_total_hidden_across_levels_says_nothing():
    """Cornwall's total of 4 is hidden, so Devon's 13 goes too (hub 17 - 13 would give
    Cornwall's); Devon's nurses stay shown, and their share must not give Devon's 13 back."""
    devon = table({"GP": (5, 50), "Nurse": (6, 50), "Pharmacist": (2, 50)})
    cornwall = table({"GP": (3, 50), "Nurse": (0, 50), "Pharmacist": (1, 50)})
    hub = table({"GP": (8, 100), "Nurse": (6, 100), "Pharmacist": (3, 100)})

    _, devon_s, _ = suppress_linked(hub, [devon, cornwall])

    nurses = devon_s.rows[1]
    assert devon_s.total["people"].hidden and not nurses["people"].hidden
    assert nurses["share"].value is None


def test_the_issues_example_hub_14_devon_13_cornwall_1():
    """Hub GP holders 14, Devon 13, Cornwall 1: Cornwall's 1 must not be 14 - 13."""
    rows = {"GP": (13, 40), "Nurse": (20, 60)}
    devon = table(rows)
    cornwall = table({"GP": (1, 30), "Nurse": (9, 50)})
    hub = table({"GP": (14, 70), "Nurse": (29, 110)})

    hub_s, devon_s, cornwall_s = suppress_linked(hub, [devon, cornwall])

    assert cornwall_s.rows[0]["people"].hidden
    assert hub_s.rows[0]["people"].hidden or devon_s.rows[0]["people"].hidden


# ---------------------------------------------------------------------------
# Through the pages a curator opens
# ---------------------------------------------------------------------------
@pytest.fixture
def curator_of_two_icbs(db, settings):
    """Kit, curator of a hub serving Devon (QJK) and Cornwall (QT6)."""
    settings.INSIGHTS_CACHE_SECONDS = 0
    hub = OrganisationFactory(kind=OrganisationKind.TRAINING_HUB, icb=icb("QJK"))
    hub.serves_icbs.add(icb("QJK"), icb("QT6"))
    return PersonFactory(is_staff=True, organisation=hub, profession=None)


def gp_leaders(ods: str, count: int) -> None:
    """GP partners who joined two quarters ago (only ended quarters are published)."""
    with time_machine.travel(timezone.now() - datetime.timedelta(days=190)):
        practice = OrganisationFactory(icb=icb(ods))
        for _ in range(count):
            person = PersonFactory(profession=profession("gp"), organisation=practice)
            services.held_roles_update(person, [HeldRoleKind.PRACTICE_PARTNER])


def gp_line(client, area: str) -> str:
    csv = client.get(
        reverse("insights:csv", args=["diversity", "leaders"]), {"area": area}
    ).content.decode()
    return next(line for line in csv.splitlines() if line.startswith("GP,"))


def test_a_curator_cannot_work_out_cornwalls_hidden_gps_from_her_hub_and_devon(
    client, curator_of_two_icbs
):
    gp_leaders("QJK", 13)
    gp_leaders("QT6", 1)
    client.force_login(curator_of_two_icbs)

    hub, devon, cornwall = (gp_line(client, area) for area in ("hub", "icb-qjk", "icb-qt6"))

    assert cornwall.startswith("GP,fewer than 5")
    assert hub.startswith("GP,fewer than 5") or devon.startswith("GP,fewer than 5")
