"""From an accepted quotation to sales orders, in parts or at once, and back on cancel.

A quotation line's `ordered_qty` is the quantity of the submitted sales orders that
reference it; it is recomputed from them whenever one is submitted or cancelled, under a
lock on the quotation, so two orders can never take the same remaining quantity.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal, InvalidOperation
from typing import Any

import sqlalchemy as sa

from lowcode import perms
from lowcode.context import local
from lowcode.db.query import get_value
from lowcode.db.tables import get_table
from lowcode.exceptions import ValidationError
from lowcode.model.base import BaseDocument
from lowcode.model.document import Document, exists, get_doc, new_doc
from lowcode.utils.dates import today
from sales_crm.selling import totals
from sales_crm.selling.money import ZERO, dec, plain, precision, rnd
from sales_crm.selling.problems import Problems
from sales_crm.selling.quotation_status import LOST, refresh

HEADER_FIELDS = (
    "contact", "currency", "conversion_rate", "selling_price_list", "taxes_and_charges", "payment_terms_template",
    "customer_address", "shipping_address_name", "terms",
)  # fmt: skip
LINE_FIELDS = ("item_code", "item_name", "description", "uom", "discount_percentage")
TAX_FIELDS = ("description", "rate", "included_in_print_rate")


def _refuse(quotation: Document, fieldname: str, message: str) -> ValidationError:
    return ValidationError(f"Quotation '{quotation.name}' {message}", doctype="Quotation", name=quotation.name, fieldname=fieldname)


def remaining(row: BaseDocument) -> Decimal:
    """Quantity of a quotation line not yet on a submitted sales order."""
    return dec(row.qty) - dec(row.ordered_qty)


def party_customer(quotation: Document) -> str:
    """The customer who orders: the party, or the customer a quoted lead was converted into."""
    if quotation.quotation_to == "Customer":
        return str(quotation.party_name)
    customer = get_value("Lead", quotation.party_name, "customer")
    if not customer:
        raise _refuse(
            quotation, "party_name",
            f"is for Lead '{quotation.party_name}', which has no customer yet. "
            "Convert the lead to a customer first, then make the sales order.",
        )  # fmt: skip
    return str(customer)


def check_orderable(quotation: Document, on: dt.date) -> str:
    """Refuse a quotation that cannot be ordered on date `on`; return the ordering customer."""
    if quotation.docstatus == 0:
        raise _refuse(quotation, "status", "is a draft; submit it once the customer accepts it, then make the sales order.")
    if quotation.docstatus == 2:
        raise _refuse(quotation, "status", "is cancelled and cannot be ordered; amend it to order a new version.")
    if quotation.status == LOST:
        raise _refuse(quotation, "status", "was declared lost and cannot be ordered.")
    if quotation.valid_till and quotation.valid_till < on:
        raise _refuse(
            quotation, "valid_till",
            f"expired on {quotation.valid_till} and cannot be ordered on {on}; cancel and amend it with a new Valid Till.",
        )  # fmt: skip
    return party_customer(quotation)


def _parse_items(quotation: Document, items: Any) -> list[tuple[BaseDocument, Decimal]]:
    """[{quotation_item, qty}] (a list or its JSON) -> quotation rows and quantities, all checked."""
    if isinstance(items, str):
        try:
            items = json.loads(items)
        except ValueError as exc:
            raise _refuse(quotation, "items", f"cannot be ordered: the list of lines is not valid JSON ({exc}).") from exc
    if not isinstance(items, list) or not items:
        raise _refuse(quotation, "items", "cannot be ordered: give a list of {quotation_item, qty} with at least one line.")
    rows = {r.name: r for r in quotation.items}
    chosen: list[tuple[BaseDocument, Decimal]] = []
    errors: list[str] = []
    for entry in items:
        key = entry.get("quotation_item") if isinstance(entry, dict) else None
        row = rows.get(key) if isinstance(key, str) else None
        if row is None:
            errors.append(f"'{key}' is not a line of this quotation")
            continue
        where = f"Row {row.idx} of Items ({row.item_code})"
        try:
            qty = rnd(dec(entry.get("qty")), precision("Sales Order Item", "qty"))
        except (InvalidOperation, ValueError):
            errors.append(f"{where}: '{entry.get('qty')}' is not a quantity")
            continue
        if any(r is row for r, _ in chosen):
            errors.append(f"{where} is listed twice")
        elif qty <= 0:
            errors.append(f"{where}: the quantity to order must be greater than 0 (it is {plain(qty)})")
        elif qty > remaining(row):
            errors.append(f"{where}: {plain(qty)} asked, but only {plain(remaining(row))} of {plain(row.qty)} remain to be ordered")
        else:
            chosen.append((row, qty))
    if errors:
        raise _refuse(quotation, "items", "cannot be ordered: " + "; ".join(errors) + ".")
    return chosen


def wanted_lines(quotation: Document, items: Any = None) -> list[tuple[BaseDocument, Decimal]]:
    """The lines to order: those asked for, or every non-optional line's remaining quantity."""
    if items is not None:
        return _parse_items(quotation, items)
    chosen = [(row, remaining(row)) for row in quotation.items if not row.is_optional and remaining(row) > 0]
    if not chosen:
        raise _refuse(quotation, "items", "has nothing left to order: every line is already on submitted sales orders.")
    return chosen


def _order_discount(quotation: Document, lines: list[tuple[BaseDocument, Decimal]]) -> dict[str, Decimal]:
    """A percentage discount is copied; a fixed amount is shared in proportion to the lines ordered."""
    if dec(quotation.additional_discount_percentage):
        return {"additional_discount_percentage": dec(quotation.additional_discount_percentage)}
    if not dec(quotation.discount_amount) or not dec(quotation.total):
        return {}
    places = quotation.places()
    ordered = totals.compute(
        [totals.Line(qty, dec(row.price_list_rate), dec(row.discount_percentage)) for row, qty in lines],
        [totals.Tax(dec(t.rate), bool(t.included_in_print_rate)) for t in quotation.taxes], places=places,
    )  # fmt: skip
    share = rnd(dec(quotation.discount_amount) * ordered.total / dec(quotation.total), places.total)
    return {"discount_amount": min(share, ordered.net_total)}


def make_sales_order(source_name: str, items: Any = None) -> Document:
    """A draft Sales Order for the remaining (or the given) quantities of a submitted quotation."""
    with local.db.atomic():
        quotation = get_doc("Quotation", source_name, for_update=True)
        perms.check_doc_permission(quotation, "read")
        on = today()
        customer = check_orderable(quotation, on)
        lines = wanted_lines(quotation, items)
        order = new_doc("Sales Order", customer=customer, quotation=quotation.name, transaction_date=on)
        for fieldname in HEADER_FIELDS:
            order.set(fieldname, quotation.get(fieldname))
        order.update(_order_discount(quotation, lines))
        for row, qty in lines:
            values = {f: row.get(f) for f in LINE_FIELDS}
            order.append("items", {**values, "qty": qty, "quotation": quotation.name, "quotation_item": row.name})
        for tax in quotation.taxes:
            order.append("taxes", {f: tax.get(f) for f in TAX_FIELDS})
        shift = on - quotation.transaction_date
        for term in quotation.payment_schedule:
            order.append("payment_schedule", {
                "description": term.description, "invoice_portion": term.invoice_portion, "due_date": term.due_date + shift,
            })  # fmt: skip
        order.insert()
    return order


def check_order_lines(order: Document, problems: Problems) -> None:
    """A sales order from a quotation: its customer, items, prices and quantities agree with it."""
    if not exists("Quotation", order.quotation):
        problems.add(order, "quotation", f"'{order.quotation}' does not exist")
        return
    quotation = get_doc("Quotation", order.quotation, for_update=order.docstatus == 1)
    customer = check_orderable(quotation, order.transaction_date)
    if not order.customer:
        order.customer = customer
    elif order.customer != customer:
        problems.add(order, "customer", f"'{order.customer}' is not the customer of Quotation '{quotation.name}' ({customer})")
    rows = {r.name: r for r in quotation.items}
    taken: dict[str, Decimal] = {}
    for row in order.items:
        if row.quotation and row.quotation != quotation.name:
            problems.add(row, "quotation", f"'{row.quotation}' is not the order's quotation '{quotation.name}'")
            continue
        source = rows.get(row.quotation_item) if row.quotation_item else None
        if row.quotation_item and source is None:
            problems.add(row, "quotation_item", f"'{row.quotation_item}' is not a line of Quotation '{quotation.name}'")
            continue
        if source is None:
            continue
        row.quotation = quotation.name
        if row.item_code != source.item_code:
            problems.add(row, "item_code", f"'{row.item_code}' differs from the quoted item '{source.item_code}'")
        row.price_list_rate, row.discount_percentage = source.price_list_rate, source.discount_percentage
        row.flags.price_fixed = True
        taken[source.name] = taken.get(source.name, ZERO) + dec(row.qty)
        if taken[source.name] > remaining(source):
            problems.add(
                row, "qty",
                f"{plain(row.qty)} is more than what remains to be ordered of Quotation '{quotation.name}' "
                f"row {source.idx} ({source.item_code}): {plain(remaining(source))} of {plain(source.qty)}",
            )  # fmt: skip


def update_ordered_qty(quotation_name: str) -> None:
    """Recompute the quotation's ordered quantities from its submitted sales orders, then its status."""
    quotation = get_doc("Quotation", quotation_name, for_update=True)
    items, orders = get_table("Sales Order Item"), get_table("Sales Order")
    query = (
        sa.select(items.c.quotation_item, sa.func.sum(items.c.qty))
        .join(orders, orders.c.name == items.c.parent)
        .where(items.c.quotation == quotation_name, items.c.parenttype == "Sales Order", orders.c.docstatus == 1)
        .group_by(items.c.quotation_item)
    )
    places = precision("Quotation Item", "ordered_qty")
    ordered = {key: rnd(dec(qty), places) for key, qty in local.db.execute(query)}
    table = get_table("Quotation Item")
    for row in quotation.items:
        qty = ordered.get(row.name, ZERO)
        if dec(row.ordered_qty) != qty:
            local.db.execute(table.update().where(table.c.name == row.name).values(ordered_qty=qty))
            row.ordered_qty = qty
    refresh(quotation)
