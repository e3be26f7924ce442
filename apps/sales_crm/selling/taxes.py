"""Tax rows of a selling document, filled from a Sales Tax Template."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from lowcode.context import local
from lowcode.db.tables import get_table
from lowcode.model.base import BaseDocument
from lowcode.model.document import Document
from sales_crm.selling.money import HUNDRED, dec, plain
from sales_crm.selling.problems import Problems

TAX_FIELDS = ("description", "rate", "included_in_print_rate")


def template_rows(template: str) -> list[dict[str, Any]]:
    table = get_table("Sales Tax Template Detail")
    query = (
        sa.select(*(table.c[f] for f in TAX_FIELDS))
        .where(table.c.parent == template, table.c.parenttype == "Sales Tax Template", table.c.parentfield == "taxes")
        .order_by(table.c.idx)
    )
    return [dict(row) for row in local.db.execute(query).mappings()]


def _enabled_templates(names: set[str]) -> set[str]:
    table = get_table("Sales Tax Template")
    query = sa.select(table.c.name).where(table.c.name.in_(sorted(names)), table.c.disabled == 0)
    return set(local.db.execute(query).scalars())


def proposed_template(doc: Document, items: dict[str, dict[str, Any]]) -> str | None:
    """The first line's item tax template that is enabled (for a new document without taxes)."""
    wanted = [items[r.item_code]["tax_template"] for r in doc.items if r.item_code in items and items[r.item_code]["tax_template"]]
    enabled = _enabled_templates(set(wanted)) if wanted else set()
    return next((name for name in wanted if name in enabled), None)


def set_taxes(doc: Document, items: dict[str, dict[str, Any]], problems: Problems) -> None:
    """Fill the tax rows from the template when it is new or changed; check every rate."""
    before = doc.get_doc_before_save()
    if before is None and not doc.taxes_and_charges and not doc.taxes:
        doc.taxes_and_charges = proposed_template(doc, items)
    template = doc.taxes_and_charges
    if template and (not doc.taxes or (before is not None and before.taxes_and_charges != template)):
        doc.set("taxes", template_rows(template))
    for row in doc.taxes:
        check_rate(row, problems)


def check_rate(row: BaseDocument, problems: Problems) -> None:
    if dec(row.rate) > HUNDRED:
        problems.add(row, "rate", f"cannot be more than 100% (it is {plain(row.rate)}%)")
