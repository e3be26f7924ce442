"""Follow-ups: customers gone quiet get an activity for their account manager.

Daily: a customer (enabled, with an account manager, known for longer than the period)
with no sales order and no activity in the last `follow_up_months` (Selling Settings,
default 6) gets one open "Follow-up" activity. It is idempotent: a customer that already
has an open follow-up gets no second one, and the new activity itself counts as
activity for the next period.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

import lowcode
from lowcode.context import local
from lowcode.db.tables import get_table
from lowcode.utils.dates import today
from sales_crm.doctype.activity.recurrence import add_months

FOLLOW_UP = "Follow-up"
DEFAULT_MONTHS = 6


def quiet_customers(on: dt.date | None = None) -> list[tuple[str, str]]:
    """(customer, account manager) of the customers due a follow-up on `on`."""
    months = int(lowcode.get_value("Selling Settings", None, "follow_up_months") or DEFAULT_MONTHS)
    since = add_months(on or today(), -months)
    customer, order, activity = get_table("Customer"), get_table("Sales Order"), get_table("Activity")
    recent_order = sa.exists().where(order.c.customer == customer.c.name, order.c.docstatus < 2, order.c.transaction_date >= since)
    about_customer = sa.and_(activity.c.reference_doctype == "Customer", activity.c.reference_name == customer.c.name)
    recent_activity = sa.exists().where(about_customer, sa.or_(activity.c.creation >= since, activity.c.completed_on >= since))
    open_follow_up = sa.exists().where(about_customer, activity.c.activity_type == FOLLOW_UP, activity.c.status == "Open")
    query = (
        sa.select(customer.c.name, customer.c.account_manager)
        .where(sa.func.coalesce(customer.c.disabled, 0) == 0, customer.c.account_manager.is_not(None), customer.c.creation < since)
        .where(~recent_order, ~recent_activity, ~open_follow_up)
        .order_by(customer.c.name)
    )
    return [(name, manager) for name, manager in local.db.execute(query)]


def create_follow_ups() -> list[str]:
    """Daily: one follow-up activity per quiet customer; returns the activities' names."""
    created = []
    for name, manager in quiet_customers():
        activity = lowcode.new_doc(
            "Activity", activity_type=FOLLOW_UP, subject=f"Follow up with {name}: no orders or activity lately",
            reference_doctype="Customer", reference_name=name, assigned_to=manager, due_date=today(),
        )  # fmt: skip
        created.append(activity.insert(ignore_permissions=True).name)
    return created
