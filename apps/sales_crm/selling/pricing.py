"""Prices of document lines: they come from the catalogue, never from the client.

A line's price list rate is the Item Price of the document's price list that is valid on
the document date for the line's quantity (the highest minimum quantity not above it
wins), else the item's standard selling rate; with neither, the line is refused. A line
whose item, quantity, price list, currency and date did not change keeps the rate it was
saved with, so re-saving a draft never re-prices what the customer was shown.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from lowcode.context import local
from lowcode.db.tables import get_table
from lowcode.model.base import BaseDocument
from lowcode.model.document import Document
from sales_crm.selling.money import HUNDRED, dec, plain
from sales_crm.selling.problems import Problems

CURRENCY_RE = re.compile(r"^[A-Z]{3}$")
#: document fields whose change makes every line look its price up again
PRICE_TERMS = ("selling_price_list", "transaction_date", "currency")
ITEM_DETAILS = ("item_name", "description", "uom")


def load_items(codes: set[str]) -> dict[str, dict[str, Any]]:
    """The catalogue facts of the given items, by item code."""
    if not codes:
        return {}
    table = get_table("Item")
    query = sa.select(
        table.c.name, table.c.item_name, table.c.description, table.c.uom, table.c.disabled,
        table.c.is_sales_item, table.c.standard_rate, table.c.tax_template,
    ).where(table.c.name.in_(sorted(codes)))  # fmt: skip
    return {row["name"]: dict(row) for row in local.db.execute(query).mappings()}


def item_price(item_code: str, price_list: str, on: dt.date, qty: Decimal) -> Decimal | None:
    """The rate of the Item Price valid on `on` for `qty`, or None."""
    table = get_table("Item Price")
    query = (
        sa.select(table.c.price_list_rate)
        .where(
            table.c.item_code == item_code,
            table.c.price_list == price_list,
            table.c.min_qty <= qty,
            sa.or_(table.c.valid_from.is_(None), table.c.valid_from <= on),
            sa.or_(table.c.valid_upto.is_(None), table.c.valid_upto >= on),
        )
        .order_by(table.c.min_qty.desc())
        .limit(1)
    )
    rate = local.db.scalar(query)
    return None if rate is None else dec(rate)


def set_currency(doc: Document, problems: Problems) -> None:
    """Check the price list (enabled, selling) and take its currency when the document has none."""
    if doc.currency:
        doc.currency = str(doc.currency).strip().upper()
        if not CURRENCY_RE.match(doc.currency):
            problems.add(doc, "currency", f"'{doc.currency}' is not a currency code like EUR, MXN or USD")
    if doc.conversion_rate is not None and dec(doc.conversion_rate) <= 0:
        problems.add(doc, "conversion_rate", "must be greater than 0")
    if not doc.selling_price_list:
        return
    table = get_table("Price List")
    query = sa.select(table.c.currency, table.c.enabled, table.c.selling).where(table.c.name == doc.selling_price_list)
    price_list = local.db.execute(query).mappings().first()
    if price_list is None:
        problems.add(doc, "selling_price_list", f"'{doc.selling_price_list}' does not exist")
    elif not price_list["enabled"]:
        problems.add(doc, "selling_price_list", f"'{doc.selling_price_list}' is disabled; choose an enabled price list")
    elif not price_list["selling"]:
        problems.add(doc, "selling_price_list", f"'{doc.selling_price_list}' is not a selling price list")
    elif not doc.currency:
        doc.currency = price_list["currency"]
    elif doc.currency != price_list["currency"]:
        problems.add(
            doc, "currency",
            f"'{doc.currency}' differs from the currency of Price List '{doc.selling_price_list}' ({price_list['currency']})",
        )  # fmt: skip


def _unchanged_terms(doc: Document, before: Document | None) -> bool:
    return before is not None and all(before.get(f) == doc.get(f) for f in PRICE_TERMS)


def _check_line(row: BaseDocument, item: dict[str, Any] | None, problems: Problems) -> bool:
    ok = True
    if dec(row.qty) <= 0:
        problems.add(row, "qty", f"must be greater than 0 (it is {plain(row.qty)})")
        ok = False
    if dec(row.discount_percentage) > HUNDRED:
        problems.add(row, "discount_percentage", f"cannot be more than 100% (it is {plain(row.discount_percentage)}%)")
        ok = False
    if not row.item_code:
        problems.add(row, "item_code", "is required")
    elif item is None:
        problems.add(row, "item_code", f"'{row.item_code}' does not exist in the catalogue")
    elif item["disabled"]:
        problems.add(row, "item_code", f"'{row.item_code}' is disabled and cannot be sold")
    elif not item["is_sales_item"]:
        problems.add(row, "item_code", f"'{row.item_code}' is not a sales item")
    else:
        return ok
    return False


def catalogue_rate(doc: Document, row: BaseDocument, item: dict[str, Any], problems: Problems) -> Decimal | None:
    """The price list rate of a line, or None after recording why there is none."""
    price_list = doc.selling_price_list
    if price_list:
        rate = item_price(row.item_code, price_list, doc.transaction_date, dec(row.qty))
        if rate is not None:
            return rate
    standard = dec(item["standard_rate"])
    if standard > 0:
        return standard
    if price_list:
        why = f"Price List '{price_list}' has no price for it valid on {doc.transaction_date} for quantity {plain(row.qty)}"
    else:
        why = "no price list is set"
    problems.add(row, "item_code", f"'{row.item_code}' has no price: {why}, and the item has no standard selling rate")
    return None


def set_line_prices(doc: Document, problems: Problems) -> dict[str, dict[str, Any]]:
    """Check every line and set its price list rate; returns the lines' items by code.

    Lines with `row.flags.price_fixed` (a sales order line priced by its quotation) keep
    the rate already set on them.
    """
    items = load_items({r.item_code for r in doc.items if r.item_code})
    before = doc.get_doc_before_save()
    old_rows = {r.name: r for r in before.items} if before is not None else {}
    same_terms = _unchanged_terms(doc, before)
    for row in doc.items:
        item = items.get(row.item_code)
        if not _check_line(row, item, problems) or item is None:
            continue
        old = old_rows.get(row.name) if row.name else None
        if old is not None and old.item_code != row.item_code:
            for fieldname in ITEM_DETAILS:
                row.set(fieldname, item[fieldname])
        if row.flags.price_fixed:
            continue
        if same_terms and old is not None and old.item_code == row.item_code and dec(old.qty) == dec(row.qty):
            row.price_list_rate = old.price_list_rate
            continue
        rate = catalogue_rate(doc, row, item, problems)
        if rate is not None:
            row.price_list_rate = rate
    return items
