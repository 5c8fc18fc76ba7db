"""Charts draw only what the table shows, and say what they are to screen readers."""

import re

from portal.insights.charts import chart
from portal.insights.suppression import suppress
from portal.insights.tables import PEOPLE, PERCENT, RATIO, TEXT, Column, Table


def parity(rows) -> Table:
    return Table(
        key="leaders",
        title="Leadership roles held now",
        columns=[
            Column("profession", "Profession", TEXT),
            Column("people", "People", PEOPLE),
            Column("members", "Members", PEOPLE),
            Column("parity", "Parity ratio", RATIO, base=("people", "members")),
        ],
        rows=rows,
        chart="bar",
        chart_label="profession",
        chart_values=["parity"],
    )


def test_a_bar_is_drawn_for_each_shown_figure_and_words_for_a_hidden_one():
    svg = str(
        chart(
            suppress(
                parity(
                    [
                        {"profession": "GP", "people": 20, "members": 40, "parity": 1.5},
                        {"profession": "Paramedic", "people": 2, "members": 9, "parity": 0.7},
                    ]
                )
            ),
            "chart-leaders",
        )
    )

    assert len(re.findall(r"<rect ", svg)) == 1
    assert "1.50" in svg
    assert "0.70" not in svg
    assert "fewer than 5" in svg
    assert 'role="img"' in svg and 'aria-labelledby="chart-leaders-title"' in svg
    assert "The same figures are in the table below" in svg


def test_names_in_a_chart_are_escaped():
    svg = str(
        chart(
            suppress(parity([{"profession": "<script>", "people": 9, "members": 9, "parity": 1}])),
            "c",
        )
    )

    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_a_trend_line_breaks_where_a_figure_is_hidden():
    table = Table(
        key="trend",
        title="Trend",
        columns=[
            Column("quarter", "Quarter", TEXT),
            Column("people", "People", PEOPLE),
            Column("share", "Share", PERCENT, base="people"),
        ],
        rows=[
            {"quarter": "2026 Q1", "people": 10, "share": 0.2},
            {"quarter": "2026 Q2", "people": 12, "share": 0.3},
            {"quarter": "2026 Q3", "people": 3, "share": 0.9},
            {"quarter": "2026 Q4", "people": 14, "share": 0.4},
            {"quarter": "2027 Q1", "people": 15, "share": 0.5},
        ],
        chart="line",
        chart_label="quarter",
        chart_values=["share"],
    )

    svg = str(chart(suppress(table), "trend"))

    # Two pieces of line (Q1-Q2 and Q4-Q1), four points, and nothing for the hidden Q3.
    assert len(re.findall(r"<polyline ", svg)) == 2
    assert len(re.findall(r"<circle ", svg)) == 4
    assert "100%" in svg  # shares on the whole scale
