"""The CRM dashboard's Number Cards and Dashboard Charts, by hand on the fixed data set, per viewer."""

from __future__ import annotations

import pytest

from lowcode.dashboards.cards import card_value
from lowcode.dashboards.charts import chart_data
from tests.sales_crm.reports.helpers import d, plain
from tests.sales_crm.world import ALL_BACKENDS, as_user

CARDS = ("Deals in Progress", "Deals in Progress Count", "Won Deals", "Won Deals Count", "Average Won Value", "Conversion Rate")


def cards(user: str) -> tuple[object, ...]:
    with as_user(user):
        return tuple(plain(card_value(name)["value"]) for name in CARDS)


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        ("sofia", (d(10000), 4, d(12000), 2, d(6000), d(50))),
        ("ana", (d(3000), 2, d(5000), 1, d(5000), d(100))),
        ("bruno", (d(3000), 1, d(0), 0, d(0), d(0))),
        ("lucia", (d(6000), 3, d(5000), 1, d(5000), d(50))),
    ],
)
def test_number_cards_per_viewer(dataset, user, expected):
    assert cards(user) == expected


@ALL_BACKENDS
def test_revenue_by_month(dataset):
    with as_user("sofia"):
        data = chart_data("Revenue by Month")
    values = data["datasets"][0]["values"]
    assert sum(values) == 12000
    assert [v for v in values if v] == [7000, 5000]
    assert values[-1] == 5000
    with as_user("carla"):
        assert [v for v in chart_data("Revenue by Month")["datasets"][0]["values"] if v] == [7000]


@ALL_BACKENDS
def test_open_deals_per_user_stacked_by_stage(dataset):
    with as_user("sofia"):
        data = chart_data("Open Deals per User by Stage")
    assert data["labels"] == ["Ana García", "Bruno Díaz", "Carla Ruiz"]
    assert [(s["name"], s["values"]) for s in data["datasets"]] == [("New", [1, 0, 0]), ("Proposal", [1, 1, 0]), ("Negotiation", [0, 0, 1])]
    with as_user("ana"):
        data = chart_data("Open Deals per User by Stage")
    assert data["labels"] == ["Ana García"]
    assert [(s["name"], s["values"]) for s in data["datasets"]] == [("New", [1]), ("Proposal", [1])]


def test_funnel_by_stage_and_lost_reasons(dataset):
    with as_user("sofia"):
        funnel, lost = chart_data("Funnel by Stage"), chart_data("Lost Reasons")
    assert (funnel["labels"], funnel["datasets"][0]["values"]) == (["New", "Proposal", "Negotiation"], [1, 2, 1])
    assert (lost["labels"], lost["datasets"][0]["values"]) == (["Price too high", "No budget"], [2, 1])
    with as_user("bruno"):
        lost = chart_data("Lost Reasons")
    assert (lost["labels"], lost["datasets"][0]["values"]) == (["Price too high"], [1])
