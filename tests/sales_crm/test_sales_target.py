"""Sales targets: a person's or a team's amount for a month or a quarter."""

from __future__ import annotations

import datetime as dt

import pytest

import lowcode
from lowcode.exceptions import ValidationError
from tests.sales_crm.world import as_user


def target(**values: object) -> lowcode.Document:
    with as_user("sofia"):
        return lowcode.new_doc("Sales Target", **values).insert()


def test_month_and_quarter_targets_get_their_end(crm):
    monthly = target(sales_person=crm.persons["ana"], period="Month", period_start="2027-02-01", target_amount=20000)
    quarterly = target(sales_team="Madrid", period="Quarter", period_start="2027-10-01", target_amount="150000")
    assert (monthly.period_end, quarterly.period_end) == (dt.date(2027, 2, 28), dt.date(2027, 12, 31))


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"period_start": "2027-02-01"}, "choose either a sales person or a sales team"),
        ({"sales_person": "Ana García", "sales_team": "Madrid", "period_start": "2027-02-01"}, "choose either"),
        ({"sales_team": "Madrid", "period_start": "2027-02-15"}, "the first day of a month, not 2027-02-15"),
        ({"sales_team": "Madrid", "period": "Quarter", "period_start": "2027-02-01"}, r"first day of a quarter \(1 January"),
        ({"sales_team": "Madrid", "period_start": "2027-02-01", "target_amount": 0}, "Amount must be more than 0"),
        ({"sales_team": "Madrid", "period_start": "2027-02-01", "target_amount": -5}, "cannot be negative"),
    ],
)
def test_bad_targets_are_refused(crm, values, message):
    values.setdefault("target_amount", 1000)
    with pytest.raises(ValidationError, match=message):
        target(**values)


def test_one_target_per_person_and_period(crm):
    first = target(sales_person=crm.persons["ana"], period_start="2027-03-01", target_amount=1000)
    with pytest.raises(ValidationError, match=f"Sales Target '{first.name}' already sets this month's amount"):
        target(sales_person=crm.persons["ana"], period_start="2027-03-01", target_amount=2000)
    target(sales_person=crm.persons["bruno"], period_start="2027-03-01", target_amount=2000)


def test_only_managers_set_targets(crm):
    with as_user("lucia"), pytest.raises(lowcode.exceptions.PermissionError):
        lowcode.new_doc("Sales Target", sales_team="Madrid", period_start="2027-01-01", target_amount=1).insert()
