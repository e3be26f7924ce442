"""Sales Funnel, Lead Conversion, Sales Activity, Sales Cycle: checked by hand against the fixed data set."""

from __future__ import annotations

from tests.sales_crm.reports.helpers import d, report, table
from tests.sales_crm.world import ALL_BACKENDS


@ALL_BACKENDS
def test_sales_funnel(dataset):
    assert table(report("Sales Funnel", "sofia"), "step", "count", "from_previous", "from_first") == [
        ("Leads", 5, d(100), d(100)),
        ("Opportunities", 8, d(160), d(160)),
        ("Quotations", 1, d("12.5"), d(20)),
        ("Sales Orders", 0, d(0), d(0)),
    ]


def test_a_sales_users_funnel_is_their_own_and_skips_what_they_cannot_read(dataset):
    assert table(report("Sales Funnel", "ana"), "step", "count") == [("Leads", 1), ("Opportunities", 3), ("Quotations", 1)]


@ALL_BACKENDS
def test_lead_conversion_by_source(dataset):
    assert table(report("Lead Conversion", "sofia"), "group", "leads", "converted", "conversion_rate", "avg_days") == [
        ("(not set)", 3, 0, d(0), d(0)),
        ("Website", 2, 1, d(50), d(2)),
        ("Total", 5, 1, d(20), d(2)),
    ]
    assert table(report("Lead Conversion", "ana", group_by="Owner"), "group", "leads", "converted") == [
        ("Ana García", 1, 1),
        ("Total", 1, 1),
    ]


@ALL_BACKENDS
def test_sales_activity_with_overdue(dataset):
    result = report("Sales Activity", "sofia")
    assert table(result, "activity_type", "assigned_to", "status", "activities", "overdue", total=True) == [
        ("Call", "ana@crm.test", "Done", 1, 0),
        ("Call", "ana@crm.test", "Open", 1, 1),
        ("Meeting", "bruno@crm.test", "Open", 1, 0),
        ("Total", None, None, 3, 1),
    ]
    assert table(report("Sales Activity", "bruno"), "activity_type", "activities", "overdue") == [("Meeting", 1, 0)]


@ALL_BACKENDS
def test_sales_cycle_from_stage_history(dataset):
    # seven opportunities left New: six after 3 days, O2 after 10 -> 28 / 7 = 4; won: W1 0 days, W2 30 days
    assert table(report("Sales Cycle", "sofia"), "stage", "passages", "avg_days") == [
        ("New", 7, d(4)),
        ("Overall (won, creation to close)", 2, d(15)),
    ]
    # Ana's: O2 (10 days) and W1 (3 days) left New
    assert table(report("Sales Cycle", "ana"), "stage", "passages", "avg_days") == [
        ("New", 2, d("6.5")),
        ("Overall (won, creation to close)", 1, d(0)),
    ]
