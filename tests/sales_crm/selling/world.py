"""The named selling world every test starts from, and helpers to act in it.

People: Ana and Luis sell (Sales User), Marta manages sales (Sales Manager), Carlos is
the accountant (Accounts User). Parties: customer Acme Ibérica, disabled customer Vieja
SL, lead Lucía Pérez (not converted) and lead Jordi Puig (converted into Acme Ibérica).
Catalogue: price list Tarifa General (EUR); items LAPTOP, MOUSE, SUPPORT, CABLE, and the
unsellable OLD (disabled) and RAW (not a sales item); taxes IVA 21% (added) and IVA
incluido 21% (included in prices); payment terms 50/50.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import lowcode
from lowcode.context import local
from lowcode.model.document import Document
from lowcode.utils.dates import today
from lowcode.workflow.engine import apply_workflow

ANA, LUIS, MARTA, CARLOS = "ana@example.com", "luis@example.com", "marta@example.com", "carlos@example.com"
ACME, VIEJA = "Acme Ibérica", "Vieja SL"
PRICE_LIST = "Tarifa General"
IVA, IVA_INCLUDED = "IVA 21%", "IVA incluido 21%"
TERMS_50_50 = "50/50"


@dataclass
class World:
    """Names of the records the world holds (those with generated names)."""

    lead: str
    converted_lead: str


def insert(doctype: str, **values: Any) -> Document:
    return lowcode.new_doc(doctype, **values).insert()


def days(n: int) -> dt.date:
    """Today plus `n` days."""
    return today() + dt.timedelta(days=n)


def build_world() -> World:
    for email, role in ((ANA, "Sales User"), (LUIS, "Sales User"), (MARTA, "Sales Manager"), (CARLOS, "Accounts User")):
        insert("User", email=email, first_name=email.split("@")[0].title(), roles=[{"role": role}])
    insert("Sales Person", sales_person_name="Ana García", user=ANA)
    insert("Customer", customer_name=ACME)
    insert("Customer", customer_name=VIEJA, disabled=1)
    lead = insert("Lead", first_name="Lucía", last_name="Pérez").name
    converted = insert("Lead", first_name="Jordi", last_name="Puig", customer=ACME).name
    for reason in ("Price", "Competitor"):
        if not lowcode.exists("Lost Reason", reason):
            insert("Lost Reason", lost_reason=reason)
    insert("Price List", price_list_name=PRICE_LIST, currency="EUR")
    insert("Price List", price_list_name="Tarifa Antigua", currency="EUR", enabled=0)
    insert("Sales Tax Template", title=IVA, taxes=[{"description": "IVA 21%", "rate": 21}])
    insert("Sales Tax Template", title=IVA_INCLUDED, taxes=[{"description": "IVA 21% incluido", "rate": 21, "included_in_print_rate": 1}])
    insert("Item", item_code="LAPTOP", item_name="Portátil 14", standard_rate=1000, tax_template=IVA)
    insert("Item", item_code="MOUSE", item_name="Ratón", standard_rate=20)
    insert("Item", item_code="SUPPORT", item_name="Soporte anual", uom="Year")
    insert("Item", item_code="CABLE", item_name="Cable HDMI", standard_rate="3.33")
    insert("Item", item_code="OLD", standard_rate=5, disabled=1)
    insert("Item", item_code="RAW", standard_rate=5, is_sales_item=0)
    insert("Item Price", item_code="LAPTOP", price_list=PRICE_LIST, price_list_rate=900)
    insert("Item Price", item_code="LAPTOP", price_list=PRICE_LIST, price_list_rate=850, min_qty=10)
    insert("Item Price", item_code="SUPPORT", price_list=PRICE_LIST, price_list_rate=240, valid_from=days(-10))
    insert("Item Price", item_code="MOUSE", price_list=PRICE_LIST, price_list_rate="15.50", valid_from=days(-90), valid_upto=days(-1))
    insert("Payment Terms Template", template_name=TERMS_50_50, terms=[
        {"description": "On order", "invoice_portion": 50, "credit_days": 0},
        {"description": "30 days", "invoice_portion": 50, "credit_days": 30},
    ])  # fmt: skip
    return World(lead=lead, converted_lead=converted)


@contextmanager
def rolled_back() -> Iterator[None]:
    """Undo everything done inside (a savepoint), e.g. between Hypothesis examples."""
    savepoint = local.db.conn.begin_nested()
    try:
        yield
    finally:
        savepoint.rollback()


def quotation(items: list[dict[str, Any]], *, submit: bool = False, **values: Any) -> Document:
    """A saved quotation for Acme Ibérica on Tarifa General (values override)."""
    values = {"quotation_to": "Customer", "party_name": ACME, "selling_price_list": PRICE_LIST, **values}
    doc = lowcode.new_doc("Quotation", items=items, **values).insert()
    return accept(doc) if submit else doc


def accept(doc: Document) -> Document:
    """Submit a quotation the way users do: the Quotation Approval workflow's 'Accept'."""
    return apply_workflow(doc, "Accept")


def cancel(doc: Document) -> Document:
    """Cancel a submitted quotation through its workflow."""
    return apply_workflow(doc, "Cancel")


def count(doctype: str) -> int:
    return lowcode.get_count(doctype, ignore_permissions=True)


def money(value: Any) -> Decimal:
    """A stored amount, normalised to 2 decimals for exact comparisons."""
    return Decimal(value).quantize(Decimal("0.01"))
