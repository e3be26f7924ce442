"""Parties (customers and leads) and the contacts and addresses linked to them."""

from __future__ import annotations

import sqlalchemy as sa

import lowcode
from lowcode.context import local
from lowcode.db.tables import get_table
from lowcode.exceptions import ValidationError
from lowcode.model.document import Document

PARTY_DOCTYPES = ("Customer", "Lead")


def party_title(doctype: str, name: str) -> str:
    """The name people know a party by: the customer's name, the lead's company or person."""
    if doctype == "Customer":
        return lowcode.get_value("Customer", name, "customer_name") or name
    if doctype == "Lead":
        values = lowcode.get_value("Lead", name, ["company_name", "lead_name"])
        return (values and (values[0] or values[1])) or name
    return name


def unique_name(doctype: str, base: str) -> str:
    """`base`, or `base-2`, `base-3`… when taken (readable names for contacts and addresses)."""
    base = base.strip() or doctype
    name, number = base, 1
    while lowcode.exists(doctype, name):
        number += 1
        name = f"{base}-{number}"
    return name


def check_links(doc: Document) -> None:
    """Links of a contact or an address point to parties, each once; titles are filled in."""
    seen: set[tuple[str, str]] = set()
    for row in doc.get("links") or []:
        if row.link_doctype not in PARTY_DOCTYPES:
            raise ValidationError(
                f"{doc.doctype} '{doc.name or 'new'}': row {row.idx} of Links points to a {row.link_doctype}; "
                f"a {doc.doctype.lower()} can be linked to {' or '.join(PARTY_DOCTYPES)} records only.",
                doctype=doc.doctype, name=doc.name, fieldname="links",
            )  # fmt: skip
        key = (row.link_doctype, row.link_name)
        if key in seen:
            raise ValidationError(
                f"{doc.doctype} '{doc.name or 'new'}': {row.link_doctype} '{row.link_name}' is linked twice.",
                doctype=doc.doctype, name=doc.name, fieldname="links",
            )  # fmt: skip
        seen.add(key)
        if row.link_name:
            row.link_title = party_title(row.link_doctype, row.link_name)


def clear_flag_on_others(doc: Document, flag: str) -> None:
    """Only one document per party keeps `flag` (its primary address, its primary contact)."""
    if not doc.get(flag) or not doc.get("links"):
        return
    links = get_table("Dynamic Link")
    table = get_table(doc.doctype)
    pairs = [sa.and_(links.c.link_doctype == row.link_doctype, links.c.link_name == row.link_name) for row in doc.links]
    same_party = sa.select(links.c.parent).where(links.c.parenttype == doc.doctype, links.c.parentfield == "links", sa.or_(*pairs))
    local.db.execute(table.update().where(table.c.name.in_(same_party), table.c.name != doc.name, table.c[flag] == 1).values({flag: 0}))
