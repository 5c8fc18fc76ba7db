"""The demo tells a story on every insights page: Carys, the demo curator, opens each
page straight after `seed_demo` and finds figures, not only "fewer than 5", wherever a
curator of a two-ICB hub would expect one."""

from io import StringIO

import pytest
from django.core.management import call_command

from portal import demo
from portal.insights.suppression import FEWER_THAN

pytestmark = pytest.mark.django_db


@pytest.fixture
def carys(client, settings):
    settings.DEBUG = True  # seed_demo is for a laptop, where DEBUG is on
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.INSIGHTS_CACHE_SECONDS = 0
    call_command("seed_demo", "--no-sign-ins", stdout=StringIO())
    client.force_login(demo.account("curator"))
    return client


def figures(client, page: str, area: str = "") -> dict[str, dict[str, int]]:
    """For each table on a page: how many figures it shows and how many it hides."""
    response = client.get(f"/insights/{page}/" + (f"?area={area}" if area else ""))
    assert response.status_code == 200
    counts = {}
    for shown in response.context["tables"]:
        cells = [cell for row in shown.rows for cell in row if cell["numeric"]]
        hidden = sum(cell["text"] == FEWER_THAN for cell in cells)
        counts[shown.table.key] = {"shown": len(cells) - hidden, "hidden": hidden}
    return counts


def test_after_seeding_the_demo_curator_finds_figures_on_every_insights_page(carys):
    index = carys.get("/insights/")
    pages = [page["key"] for page in index.context["pages"]]
    assert {"diversity", "needs", "topics", "catalogue", "digest"} <= set(pages)

    tables = {page: figures(carys, page) for page in pages}

    for page, counts in tables.items():
        assert any(c["shown"] for c in counts.values()), f"{page} shows no figure at all"
    # Twelve weeks of digests and twelve months of unsubscribes, every one a figure.
    assert tables["digest"]["digest-weekly"] == {"shown": 12, "hidden": 0}
    assert tables["digest"]["digest-unsubscribed"] == {"shown": 12, "hidden": 0}
    # Self-assessments in both of the hub's ICBs and in its networks.
    assert tables["needs"]["needs-by-icb"]["shown"] >= 2 * 10
    assert tables["needs"]["needs-by-pcn"]["shown"] >= 4 * 10
    assert tables["needs"]["needs-overall"]["hidden"] == 0
    # Members voted for topics across cohorts, their own included.
    assert tables["topics"]["topics"]["shown"] >= 9 * 2
    # Leaders and participation by profession, for the professions with enough people.
    diversity = tables["diversity"]
    for table in ("leaders", "leaders-by-quarter", "applied", "cohort"):
        assert diversity[table]["shown"] >= 10, table
    # Applications over the last year, so each quarter that has ended has its figures.
    assert diversity["applied-by-quarter"]["shown"] >= 6


def test_each_icb_the_demo_hub_serves_has_its_own_figures(carys):
    for area in ("icb-qjk", "icb-qt6"):
        needs = figures(carys, "needs", area)
        digest = figures(carys, "digest", area)

        assert needs["needs-overall"]["hidden"] == 0, area
        assert digest["digest-weekly"] == {"shown": 12, "hidden": 0}, area
