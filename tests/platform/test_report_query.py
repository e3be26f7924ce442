"""Query and script reports: figures by hand, own-only rows, field levels, filters, totals, charts, roles."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

import lowcode
from lowcode.context import acting_as, local
from lowcode.exceptions import PermissionError, ValidationError
from lowcode.reports.data import get_rows
from lowcode.reports.engine import run
from tests.platform.engines_world import CLERK, CLERK2, make_order_set, make_world


@pytest.fixture
def orders(ctx):
    make_world()
    return make_order_set()


def _by_status(user: str, **filters) -> list[tuple]:
    with acting_as(user):
        answer = run("Test Orders by Status", filters).as_dict()
    return [(r["status"], r["orders"], r["total"]) for r in answer["result"]]


def test_figures_by_hand_with_a_total_row_and_chart(orders):
    assert _by_status("Administrator") == [("Closed", 1, 10), ("Draft", 1, 25), ("Open", 2, 110), ("Total", 4, 145)]
    with acting_as("Administrator"):
        answer = run("Test Orders by Status", {}).as_dict()
    assert [c["fieldtype"] for c in answer["columns"]] == ["Data", "Int", "Currency"]
    assert answer["chart"] == {"data": {"labels": ["Closed", "Draft", "Open"], "datasets": [{"name": "Total", "values": [10.0, 25.0, 110.0]}]},
                               "type": "bar"}  # fmt: skip
    assert isinstance(answer["result"][0]["total"], Decimal)


def test_own_only_users_see_only_their_rows(orders):
    assert _by_status(CLERK) == [("Draft", 1, 25), ("Open", 1, 10), ("Total", 2, 35)]
    assert _by_status(CLERK2) == [("Open", 1, 100), ("Total", 1, 100)]


def test_filters_are_bound_and_coerced(orders):
    assert _by_status("Administrator", customer="Acme") == [("Draft", 1, 25), ("Open", 1, 100), ("Total", 2, 125)]
    assert _by_status("Administrator", from_date="2999-01-01") == []
    with pytest.raises(ValidationError, match="From Date"):
        _by_status("Administrator", from_date="not a date")


def test_fields_above_the_users_level_come_back_empty(orders):
    lowcode.new_doc("Report", report_name="Notes", ref_doctype="Test Order", query="SELECT name, secret_note FROM `tabTest Order`").insert()
    lowcode.db.commit()
    with acting_as("Administrator"):
        assert {r["secret_note"] for r in run("Notes").rows} == {None, "internal"}
    with acting_as(CLERK):
        rows = run("Notes").rows
    assert sorted(r["name"] for r in rows) == sorted([orders["O1"], orders["O2"]])
    assert {r["secret_note"] for r in rows} == {None}


def test_child_tables_follow_their_parent_and_joins_are_filtered_too(orders):
    query = """
        SELECT i.item_name AS item, i.amount AS amount, o.customer AS customer
        FROM "tabTest Order Item" i JOIN `tabTest Order` o ON o.name = i.parent
        ORDER BY i.item_name
    """
    lowcode.new_doc("Report", report_name="Lines", ref_doctype="Test Order", query=query).insert()
    lowcode.db.commit()
    with acting_as(CLERK):
        assert [r["item"] for r in run("Lines").rows] == ["Bolt", "Gadget", "Widget"]
    with acting_as(CLERK2):
        assert [(r["item"], r["amount"]) for r in run("Lines").rows] == [("Crane", 100)]
    sneaky = "SELECT COUNT(*) AS n FROM `tabTest Order Item` WHERE parent IN (SELECT name FROM `tabTest Order`)"
    lowcode.new_doc("Report", report_name="Count", ref_doctype="Test Order", query=sneaky).insert()
    lowcode.db.commit()
    with acting_as(CLERK2):
        assert run("Count").rows == [{"n": 1}]


def test_script_report_returns_columns_data_message_chart_summary(orders):
    with acting_as(CLERK):
        answer = run("Test Order Lines", {"customer": "Acme"}).as_dict()
    assert [(r["item"], r["amount"]) for r in answer["result"]] == [("Widget", 20), ("Gadget", 5)]
    assert answer["message"] == "2 lines"
    assert answer["report_summary"][1]["value"] == 25
    assert answer["chart"]["data"]["labels"] == ["Widget", "Gadget"]
    with acting_as(CLERK2):
        assert [r["item"] for r in run("Test Order Lines").rows] == ["Crane"]


def test_roles_and_rights_decide_who_may_run(orders):
    report = lowcode.get_doc("Report", "Test Orders by Status")
    report.append("roles", {"role": "System Manager"})
    report.save()
    lowcode.db.commit()
    with acting_as(CLERK), pytest.raises(PermissionError, match="is for System Manager"):
        run("Test Orders by Status")
    lowcode.new_doc("User", email="nobody@example.com", first_name="Nobody").insert()
    with acting_as("nobody@example.com"), pytest.raises(PermissionError, match="may not report Test Order"):
        run("Test Order Lines")


def test_frappe_column_aliases_and_the_user_parameter(orders):
    query = 'SELECT name AS "Order:Link/Test Order:140", total AS "Total:Currency" FROM `tabTest Order` WHERE owner = :user'
    lowcode.new_doc("Report", report_name="Mine", ref_doctype="Test Order", query=query).insert()
    lowcode.db.commit()
    with acting_as(CLERK):
        answer = run("Mine").as_dict()
    assert answer["columns"][0] == {"fieldname": "order", "label": "Order", "fieldtype": "Link", "options": "Test Order", "width": 140}
    assert sorted(r["total"] for r in answer["result"]) == [10, 25]


def test_grouped_rows_have_no_sql_limit_but_the_cap_still_holds(orders):
    """A LIMIT changes MariaDB's plan for an aggregate over much of a table, so grouped rows are capped while fetched."""
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    engine = local.db.conn.engine
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        grouped = get_rows("Test Order", fields=["customer", "count(name) as orders"], group_by="customer")
        local.site.config["max_report_rows"] = 1
        capped = get_rows("Test Order", fields=["customer", "count(name) as orders"], group_by="customer")
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)
        local.site.config.pop("max_report_rows")
    assert len(grouped) > 1 and len(capped) == 1 and capped[0] in grouped
    assert seen and not any("LIMIT" in s.upper() for s in seen if "GROUP BY" in s.upper())
