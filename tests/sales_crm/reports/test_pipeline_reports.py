"""Sales Pipeline, Open Deals per User by Stage, Sales Forecast: checked by hand against the fixed data set."""

from __future__ import annotations

from sales_crm.reporting import month_label

from tests.sales_crm.reports.helpers import d, report, table
from tests.sales_crm.world import ALL_BACKENDS


@ALL_BACKENDS
def test_sales_pipeline_per_stage_for_the_manager(dataset):
    result = report("Sales Pipeline", "sofia")
    assert table(result, "stage", "opportunities", "amount", "weighted_amount", total=True) == [
        ("New", 1, d(1000), d(100)),
        ("Proposal", 2, d(5000), d(2500)),
        ("Negotiation", 1, d(4000), d(3000)),
        ("Total", 4, d(10000), d(5600)),
    ]
    assert result.chart["data"]["labels"] == ["New", "Proposal", "Negotiation"]


def test_a_sales_user_sees_only_their_pipeline_and_a_leader_their_team(dataset):
    assert table(report("Sales Pipeline", "ana"), "stage", "opportunities", "amount", "weighted_amount", total=True) == [
        ("New", 1, d(1000), d(100)),
        ("Proposal", 1, d(2000), d(1000)),
        ("Total", 2, d(3000), d(1100)),
    ]
    assert table(report("Sales Pipeline", "lucia"), "stage", "opportunities", "amount") == [
        ("New", 1, d(1000)),
        ("Proposal", 2, d(5000)),
    ]
    assert table(report("Sales Pipeline", "sofia", sales_team="Monterrey"), "stage", "amount") == [("Negotiation", d(4000))]


@ALL_BACKENDS
def test_open_deals_per_user_by_stage(dataset):
    assert table(report("Open Deals per User by Stage", "sofia"), "sales_person", "stage", "deals", "amount", total=True) == [
        ("Ana García", "New", 1, d(1000)),
        ("Ana García", "Proposal", 1, d(2000)),
        ("Bruno Díaz", "Proposal", 1, d(3000)),
        ("Carla Ruiz", "Negotiation", 1, d(4000)),
        ("Total", None, 4, d(10000)),
    ]
    assert table(report("Open Deals per User by Stage", "carla"), "sales_person", "stage", "deals") == [("Carla Ruiz", "Negotiation", 1)]


@ALL_BACKENDS
def test_sales_forecast_by_person_against_targets(dataset):
    this, nxt = month_label(dataset.this_month), month_label(dataset.next_month)
    result = report("Sales Forecast", "sofia")
    assert table(result, "period", "owner", "opportunities", "pipeline", "weighted", "target", "coverage", total=True) == [
        (this, "Ana García", 1, d(1000), d(100), d(10000), d(1)),
        (this, "Bruno Díaz", 1, d(3000), d(1500), d(0), d(0)),
        (nxt, "Ana García", 1, d(2000), d(1000), d(0), d(0)),
        (nxt, "Carla Ruiz", 1, d(4000), d(3000), d(0), d(0)),
        ("Total", None, 4, d(10000), d(5600), d(10000), None),
    ]
    assert len(result.chart["data"]["labels"]) == 4
    by_team = report("Sales Forecast", "sofia", group_by="Sales Team")
    assert table(by_team, "period", "owner", "opportunities", "weighted") == [
        (this, "Madrid", 2, d(1600)),
        (nxt, "Madrid", 1, d(1000)),
        (nxt, "Monterrey", 1, d(3000)),
    ]


def test_a_sales_user_forecasts_their_own_deals_without_targets(dataset):
    this, nxt = month_label(dataset.this_month), month_label(dataset.next_month)
    assert table(report("Sales Forecast", "ana"), "period", "owner", "weighted", "target") == [
        (this, "Ana García", d(100), d(0)),
        (nxt, "Ana García", d(1000), d(0)),
    ]
