"""Payment schedules: installments from a Payment Terms Template, amounts from the total."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from lowcode.context import local
from lowcode.db.tables import get_table
from lowcode.model.base import BaseDocument
from lowcode.model.document import Document
from sales_crm.selling.money import HUNDRED, ZERO, allocate, dec, plain, precision
from sales_crm.selling.problems import Problems


def template_terms(template: str) -> list[dict[str, Any]]:
    table = get_table("Payment Terms Template Detail")
    query = (
        sa.select(table.c.description, table.c.invoice_portion, table.c.credit_days)
        .where(table.c.parent == template, table.c.parenttype == "Payment Terms Template", table.c.parentfield == "terms")
        .order_by(table.c.idx)
    )
    return [dict(row) for row in local.db.execute(query).mappings()]


def check_portions(doc: BaseDocument, tablefield: str, problems: Problems) -> None:
    """Every portion above 0 and all of them adding up to exactly 100%."""
    rows = doc.get(tablefield) or []
    for row in rows:
        if dec(row.invoice_portion) <= 0:
            problems.add(row, "invoice_portion", "must be greater than 0")
    total = sum((dec(r.invoice_portion) for r in rows), ZERO)
    if rows and total != HUNDRED:
        problems.add(doc, tablefield, f"must have invoice portions adding up to 100% (they add up to {plain(total)}%)")


def schedule_rows(template: str, start: dt.date) -> list[dict[str, Any]]:
    return [
        {
            "description": term["description"],
            "invoice_portion": term["invoice_portion"],
            "due_date": start + dt.timedelta(days=int(term["credit_days"] or 0)),
        }
        for term in template_terms(template)
    ]


def set_payment_schedule(doc: Document, problems: Problems) -> None:
    """(Re)generate the rows when the template or the date changed; amounts always follow the total.

    The amounts split the rounded total by the portions, to the cent (largest remainder).
    """
    before = doc.get_doc_before_save()
    template = doc.payment_terms_template
    changed = before is not None and (before.payment_terms_template != template or before.transaction_date != doc.transaction_date)
    if template and (not doc.payment_schedule or changed):
        doc.set("payment_schedule", schedule_rows(template, doc.transaction_date))
    rows = doc.payment_schedule
    if not rows:
        return
    check_portions(doc, "payment_schedule", problems)
    for row in rows:
        if row.due_date and doc.transaction_date and row.due_date < doc.transaction_date:
            problems.add(row, "due_date", f"{row.due_date} is before the document date {doc.transaction_date}")
    if problems.errors:
        return
    places = precision("Payment Schedule", "payment_amount")
    amounts = allocate(dec(doc.rounded_total), [dec(r.invoice_portion) for r in rows], places)
    for row, amount in zip(rows, amounts, strict=True):
        row.payment_amount = amount
