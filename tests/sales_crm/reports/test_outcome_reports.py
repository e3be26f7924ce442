"""Won Revenue by Month, Lost Reasons, Quota Attainment, Sales Team Overview: checked by hand against the fixed data set."""

from __future__ import annotations

import datetime as dt

import pytest
from sales_crm.report.quota_attainment.quota_attainment import pieces
from sales_crm.reporting import month_label

from lowcode.exceptions import PermissionError
from tests.sales_crm.reports.helpers import d, report, table
from tests.sales_crm.world import ALL_BACKENDS


@ALL_BACKENDS
def test_won_revenue_by_month(dataset):
    result = report("Won Revenue by Month", "sofia")
    rows = {r[0]: r[1:] for r in table(result, "month", "deals", "revenue")}
    assert len(rows) == 13  # the last 365 days touch 13 months, empty ones shown as 0
    assert rows[month_label(dataset.this_month)] == (1, d(5000))
    assert rows[month_label(dataset.last_month)] == (1, d(7000))
    assert sum(deals for deals, _ in rows.values()) == 2
    assert table(result, "month", "deals", "revenue", total=True)[-1] == ("Total", 2, d(12000))
    mine = report("Won Revenue by Month", "ana")
    assert table(mine, "month", "deals", "revenue", total=True)[-1] == ("Total", 1, d(5000))
    assert table(report("Won Revenue by Month", "sofia", sales_team="Monterrey"), "month", "revenue", total=True)[-1] == ("Total", d(7000))


@ALL_BACKENDS
def test_lost_reasons_per_reason_and_competitor(dataset):
    result = report("Lost Reasons", "sofia")
    assert table(result, "kind", "value", "opportunities", "amount", "share") == [
        ("Lost Reason", "Price too high", 2, d(4000), d(100)),
        ("Lost Reason", "No budget", 1, d(2500), d(50)),
        ("Competitor", "Rival", 1, d(1500), d(50)),
    ]
    assert [(s["label"], s["value"]) for s in result.summary] == [("Lost Opportunities", 2), ("Lost Amount", d(4000))]
    assert table(report("Lost Reasons", "bruno"), "kind", "value", "opportunities", "amount") == [
        ("Lost Reason", "Price too high", 1, d(1500)),
        ("Competitor", "Rival", 1, d(1500)),
    ]


def test_quota_attainment_per_person_and_team(dataset):
    result = report("Quota Attainment", "sofia", from_date=dataset.last_month)
    assert table(result, "target_for", "kind", "target", "won", "attainment") == [
        ("Monterrey", "Sales Team", d(14000), d(7000), d(50)),
        ("Ana García", "Sales Person", d(10000), d(5000), d(50)),
    ]
    assert result.summary[0]["value"] == d(50)


def test_quota_periods_cut_into_pieces_each_period_is_made_of():
    day = dt.date
    months = [(day(2026, m, 1), day(2026, m + 1, 1) - dt.timedelta(days=1)) for m in (1, 2, 3, 5)]
    quarter = (day(2026, 1, 1), day(2026, 3, 31))
    odd = (day(2026, 2, 10), day(2026, 2, 20))
    assert pieces([*months, quarter, odd]) == [
        months[0],
        (day(2026, 2, 1), day(2026, 2, 9)),
        odd,
        (day(2026, 2, 21), day(2026, 2, 28)),
        months[2],
        months[3],  # April is in no period: no piece
    ]


def test_sales_users_may_not_run_quota_attainment(dataset):
    with pytest.raises(PermissionError):
        report("Quota Attainment", "ana")


@ALL_BACKENDS
def test_sales_team_overview(dataset):
    fields = (
        "sales_team",
        "monthly_target",
        "won_this_month",
        "attainment",
        "open_opportunities",
        "overdue_activities",
        "quotations_to_send",
    )
    assert table(report("Sales Team Overview", "sofia"), *fields) == [
        ("Madrid", d(20000), d(5000), d(25), 3, 1, 1),
        ("Monterrey", d(15000), d(0), d(0), 1, 0, 0),
        ("Total", d(35000), d(5000), d("14.29"), 4, 1, 1),
    ]
    assert table(report("Sales Team Overview", "bruno"), *fields)[0] == ("Madrid", d(20000), d(0), d(0), 1, 0, 0)
