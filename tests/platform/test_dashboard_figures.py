"""Number cards and dashboard charts: figures by hand, per user (own-only users see their own)."""

from __future__ import annotations

import pytest

import lowcode
from lowcode.context import acting_as
from lowcode.dashboards.cards import card_value
from lowcode.dashboards.charts import chart_data
from lowcode.dashboards.periods import _months_back
from lowcode.exceptions import PermissionError
from lowcode.utils.dates import today
from tests.platform.engines_world import CLERK, CLERK2, make_order_set, make_world
from tests.platform.http_client import Client


@pytest.fixture
def orders(ctx):
    """The fixed set, with O2 two months back and O4 thirteen months back (outside 'Last Year')."""
    make_world()
    names = make_order_set()
    lowcode.get_doc("Test Order", names["O2"]).db_set("order_date", _months_back(today(), 2).replace(day=15))
    lowcode.get_doc("Test Order", names["O4"]).db_set("order_date", _months_back(today(), 13).replace(day=1))
    lowcode.db.commit()
    return names


def _card(user: str, **values) -> object:
    name = values.pop("label", None) or "Card"
    if not lowcode.exists("Number Card", name):
        with acting_as("Administrator"):
            lowcode.new_doc("Number Card", label=name, **values).insert()
            lowcode.db.commit()
    with acting_as(user):
        return card_value(name)["value"]


def _chart(user: str, name: str, **values) -> dict:
    if not lowcode.exists("Dashboard Chart", name):
        with acting_as("Administrator"):
            lowcode.new_doc("Dashboard Chart", chart_name=name, **values).insert()
            lowcode.db.commit()
    with acting_as(user):
        return chart_data(name)


def test_number_cards_by_hand_per_user(orders):
    assert [_card(u, label="Test Open Order Value") for u in ("Administrator", CLERK, CLERK2)] == [110, 10, 100]
    count = {"label": "Orders", "document_type": "Test Order", "function": "Count"}
    assert [_card(u, **count) for u in ("Administrator", CLERK, CLERK2)] == [4, 2, 1]
    average = {"label": "Average", "document_type": "Test Order", "function": "Average", "aggregate_function_based_on": "total"}
    assert _card("Administrator", **average) == pytest.approx(36.25)
    assert _card(CLERK, label="Average") == pytest.approx(17.5)
    report = {"label": "By report", "type": "Report", "report_name": "Test Orders by Status", "report_field": "total"}
    assert [_card(u, **report) for u in ("Administrator", CLERK)] == [135, 35]  # O4 is older than the report's default From Date


def test_custom_card_methods_must_be_whitelisted(orders):
    with pytest.raises(PermissionError, match="not whitelisted"):
        _card("Administrator", label="Shell", type="Custom", method="os.system")


def test_time_series_by_month_and_quarter(orders):
    monthly = _chart("Administrator", "Per month", chart_type="Count", document_type="Test Order", based_on="order_date",
                     timespan="Last Year", time_interval="Monthly")  # fmt: skip
    labels = monthly["labels"]
    assert len(labels) == 12 and labels[-1] == today().strftime("%Y-%m")
    assert monthly["datasets"][0]["values"] == [0] * 9 + [1, 0, 2]
    assert _chart(CLERK, "Per month")["datasets"][0]["values"][-3:] == [1, 0, 1]
    assert _chart(CLERK2, "Per month")["datasets"][0]["values"][-3:] == [0, 0, 1]
    sums = _chart("Administrator", "Sum per month", chart_type="Sum", document_type="Test Order", based_on="order_date",
                  value_based_on="total", timespan="Last Year", time_interval="Monthly")  # fmt: skip
    assert sums["datasets"][0]["values"][-3:] == [10, 0, 125]
    everything = _chart("Administrator", "All time", chart_type="Count", document_type="Test Order", based_on="order_date",
                        timespan="All Time", time_interval="Quarterly")  # fmt: skip
    assert sum(everything["datasets"][0]["values"]) == 4
    assert everything["labels"][0] == f"{_months_back(today(), 13).year}-Q{(_months_back(today(), 13).month - 1) // 3 + 1}"


def test_group_by_stacked_and_top_groups(orders):
    by_status = _chart("Administrator", "By status", chart_type="Group By", document_type="Test Order", group_by_based_on="status")
    assert by_status["labels"] == ["Open", "Closed", "Draft"]
    assert by_status["datasets"][0]["values"] == [2, 1, 1]
    assert _chart(CLERK, "By status")["labels"] == ["Draft", "Open"]
    amounts = _chart("Administrator", "Amount by customer", chart_type="Group By", document_type="Test Order",
                     group_by_based_on="customer", group_by_type="Sum", aggregate_function_based_on="total")  # fmt: skip
    assert (amounts["labels"], amounts["datasets"][0]["values"]) == (["Acme", "Globex"], [125, 20])
    stacked = _chart("Administrator", "Stacked", chart_type="Group By", document_type="Test Order", group_by_based_on="customer",
                     stack_by_based_on="status", type="Bar")  # fmt: skip
    assert stacked["labels"] == ["Acme", "Globex"]
    assert {d["name"]: d["values"] for d in stacked["datasets"]} == {"Closed": [0, 1], "Draft": [1, 0], "Open": [1, 1]}
    top = _chart("Administrator", "Top", chart_type="Group By", document_type="Test Order", group_by_based_on="status", number_of_groups=1)
    assert (top["labels"], top["datasets"][0]["values"]) == (["Open", "Other"], [2, 2])


def test_report_chart_and_http(site, orders):
    chart = _chart(
        CLERK, "From report", chart_type="Report", report_name="Test Orders by Status", x_field="status", y_fields="orders, total"
    )
    assert chart["labels"] == ["Draft", "Open"]
    assert [d["values"] for d in chart["datasets"]] == [[1, 1], [25, 10]]
    lowcode.db.commit()
    clerk = Client(site.name, CLERK)
    answer = clerk.get("frappe.desk.doctype.dashboard_chart.dashboard_chart.get", chart_name="Test Orders per Month")
    assert answer.status_code == 200
    assert answer.json()["message"]["datasets"][0]["values"][-3:] == [1, 0, 1]
    card = clerk.get("lowcode.dashboards.api.get_number_card_value", name="Test Open Order Value").json()["message"]
    assert (card["value"], card["fieldtype"]) == (10, "Currency")
