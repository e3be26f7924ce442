"""`days_between(start, end)` in list fields and aggregates: the same figures on every backend, per user."""

from __future__ import annotations

import datetime as dt

import pytest

import lowcode
from lowcode.context import acting_as
from lowcode.db.filters import InvalidQueryError
from lowcode.db.tables import get_table
from lowcode.exceptions import PermissionError
from tests.platform.engines_world import CLERK, make_order_set, make_world

#: order -> (creation, order_date): O1 1.5 days, O2 3.0 days, O3 10.25 days, O4 -1.0 days
DATES = {
    "O1": (dt.datetime(2024, 1, 1, 12), dt.date(2024, 1, 3)),
    "O2": (dt.datetime(2024, 1, 1), dt.date(2024, 1, 4)),
    "O3": (dt.datetime(2024, 2, 1, 18), dt.date(2024, 2, 12)),
    "O4": (dt.datetime(2024, 3, 2), dt.date(2024, 3, 1)),
}


@pytest.fixture
def orders(ctx):
    make_world()
    names = make_order_set()
    table = get_table("Test Order")
    for key, (creation, order_date) in DATES.items():
        lowcode.db.execute(table.update().where(table.c.name == names[key]).values(creation=creation, order_date=order_date))
    lowcode.db.commit()
    return names


def _days(rows: list[dict], key: str = "days") -> list[float]:
    return [round(float(r[key]), 4) for r in rows]


def test_days_between_as_a_field_and_in_aggregates(orders):
    rows = lowcode.get_list("Test Order", fields=["name", "days_between(creation, order_date) as days"], order_by="days asc")
    assert _days(rows) == [-1.0, 1.5, 3.0, 10.25]
    grouped = lowcode.get_list(
        "Test Order",
        fields=[
            "status",
            "count(name) as n",
            "sum(days_between(creation, order_date)) as days",
            "avg(days_between(creation, order_date)) as mean",
        ],
        group_by="status",
        order_by="status asc",
    )
    assert [(r["status"], r["n"]) for r in grouped] == [("Closed", 1), ("Draft", 1), ("Open", 2)]
    assert _days(grouped) == [-1.0, 1.5, 13.25]
    assert _days(grouped, "mean") == [-1.0, 1.5, 6.625]


def test_days_between_counts_only_what_the_user_may_read(orders):
    with acting_as(CLERK):
        rows = lowcode.get_list("Test Order", fields=["sum(days_between(creation, order_date)) as days"])
    assert _days(rows) == [4.5]  # O1 and O2, the clerk's own


@pytest.mark.parametrize(
    "spec",
    ["days_between(customer, order_date)", "days_between(creation, nope)", "days_between(creation, order_date); drop table x",
     "days_between(creation)", "sum(days_between(creation, total))"],
)  # fmt: skip
def test_days_between_takes_only_date_fields(orders, spec):
    with pytest.raises(InvalidQueryError):
        lowcode.get_list("Test Order", fields=[spec])


def test_days_between_refuses_fields_above_the_read_level(orders, monkeypatch):
    from lowcode.db import query

    monkeypatch.setattr(query, "readable_fields", lambda *_args: {"name", "status", "creation"})
    with acting_as(CLERK), pytest.raises(PermissionError):
        lowcode.get_list("Test Order", fields=["avg(days_between(creation, order_date)) as days"])
