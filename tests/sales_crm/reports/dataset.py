"""A small fixed data set on the named CRM world, for reports and dashboards checked by hand.

Open (pipeline Sales): O1 Ana New 1000 (closes this month), O2 Ana Proposal 2000 (next
month), O3 Bruno Proposal 3000 (this month), O4 Carla Negotiation 4000 (next month).
Won: W1 Ana 5000 closed today; W2 Carla 7000 closed on the 1st of last month, created 30
days before. Lost today: L1 Bruno 1500 (Price too high; competitor Rival), L2 Carla 2500
(Price too high, No budget). Each moved opportunity left its New stage after 3 days, O2
after 10. Leads: the world's five; Ana's and Bruno's from Website, Ana's converted 2 days
after it was created. Activities: Ana a Call open and overdue and a Call done, Bruno a
Meeting open due tomorrow. Ana has one draft quotation. Targets: Ana 10000 this month,
team Monterrey 14000 last month; monthly targets Madrid 20000, Monterrey 15000.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sales_crm.reporting import add_months, month_end, month_start

import lowcode
from lowcode.context import local
from lowcode.db.tables import get_table
from lowcode.utils.dates import now, today
from tests.sales_crm.world import World, as_user

STAGES = {"New": "sales-new", "Proposal": "sales-proposal", "Negotiation": "sales-negotiation", "Won": "sales-won", "Lost": "sales-lost"}


@dataclass
class Dataset:
    world: World
    opportunities: dict[str, str] = field(default_factory=dict)
    this_month: dt.date = field(default_factory=lambda: month_start(today()))

    @property
    def next_month(self) -> dt.date:
        return add_months(self.this_month, 1)

    @property
    def last_month(self) -> dt.date:
        return add_months(self.this_month, -1)


def _update(doctype: str, where: Any, **values: Any) -> None:
    table = get_table(doctype)
    local.db.execute(table.update().where(where(table.c)).values(**values))


def _opportunity(user: str, amount: int, stage: str, close: dt.date | None = None, **values: Any) -> str:
    with as_user(user):
        doc = lowcode.new_doc("Opportunity", opportunity_from="Customer", party_name="Acme", expected_revenue=amount,
                              expected_close_date=close).insert()  # fmt: skip
        if stage != "New":
            doc.update({"sales_stage": STAGES[stage], **values})
            doc.save()
    return doc.name


def build_dataset(world: World) -> Dataset:
    data = Dataset(world)
    with as_user("sofia"):
        lowcode.new_doc("Customer", customer_name="Acme").insert()
        lowcode.new_doc("Competitor", competitor_name="Rival").insert()
        lowcode.new_doc("Item", item_code="SERVICE", item_name="Consulting day", standard_rate=500).insert()
        lowcode.set_value("Sales Team", "Madrid", "monthly_target", 20000)
        lowcode.set_value("Sales Team", "Monterrey", "monthly_target", 15000)
        lowcode.new_doc("Sales Target", sales_person=world.persons["ana"], period="Month", period_start=data.this_month,
                        period_end=month_end(data.this_month), target_amount=10000).insert()  # fmt: skip
        lowcode.new_doc("Sales Target", sales_team="Monterrey", period="Month", period_start=data.last_month,
                        period_end=month_end(data.last_month), target_amount=14000).insert()  # fmt: skip
    ops = data.opportunities
    ops["O1"] = _opportunity("ana", 1000, "New", today())
    ops["O2"] = _opportunity("ana", 2000, "Proposal", data.next_month + dt.timedelta(days=14))
    ops["O3"] = _opportunity("bruno", 3000, "Proposal", today())
    ops["O4"] = _opportunity("carla", 4000, "Negotiation", data.next_month + dt.timedelta(days=14))
    ops["W1"] = _opportunity("ana", 5000, "Won")
    ops["W2"] = _opportunity("carla", 7000, "Won")
    ops["L1"] = _opportunity("bruno", 1500, "Lost", lost_reasons=[{"lost_reason": "Price too high"}],
                             competitors=[{"competitor": "Rival", "status": "Won"}])  # fmt: skip
    ops["L2"] = _opportunity("carla", 2500, "Lost", lost_reasons=[{"lost_reason": "Price too high"}, {"lost_reason": "No budget"}])
    _update("Opportunity", lambda c: c.name == ops["W2"], closed_on=data.last_month,
            creation=dt.datetime.combine(data.last_month - dt.timedelta(days=30), dt.time(9)))  # fmt: skip
    _update("Opportunity Stage History", lambda c: sa.and_(c.stage == STAGES["New"], c.left_at.is_not(None)), days=3)
    _update("Opportunity Stage History", lambda c: sa.and_(c.stage == STAGES["New"], c.parent == ops["O2"]), days=10)

    leads = world.leads
    _update("Lead", lambda c: c.name.in_([leads["ana"], leads["bruno"]]), source="Website")
    created = now() - dt.timedelta(days=3)
    _update("Lead", lambda c: c.name == leads["ana"], status="Converted", creation=created, converted_on=created + dt.timedelta(days=2))

    with as_user("ana"):
        for subject, status in (("Call Jorge", "Open"), ("Call Marta", "Done")):
            lowcode.new_doc("Activity", activity_type="Call", subject=subject, status=status, assigned_to=world.users["ana"],
                            due_date=today() - dt.timedelta(days=1)).insert()  # fmt: skip
        lowcode.new_doc("Quotation", quotation_to="Customer", party_name="Acme", sales_person=world.persons["ana"],
                        currency="EUR", items=[{"item_code": "SERVICE", "qty": 2}]).insert()  # fmt: skip
    with as_user("bruno"):
        lowcode.new_doc("Activity", activity_type="Meeting", subject="Visit", status="Open", assigned_to=world.users["bruno"],
                        due_date=today() + dt.timedelta(days=1)).insert()  # fmt: skip
    return data
