"""A quotation's status: derived on the server, never taken from the client.

Draft and Sent are drafts (Sent once `mark_sent` ran). Submitting a quotation records
that the customer accepted it: Accepted, then Partially Ordered or Ordered as submitted
sales orders take its quantities, or Expired when its Valid Till passes with nothing
ordered. Lost is set by `declare_lost` and kept; Cancelled follows docstatus 2.
"""

from __future__ import annotations

import datetime as dt
import logging

from lowcode.db.query import get_all
from lowcode.model.document import Document, get_doc
from lowcode.utils.dates import today
from sales_crm.selling.money import dec

log = logging.getLogger(__name__)

DRAFT, SENT, ACCEPTED = "Draft", "Sent", "Accepted"
ORDERED, PARTIALLY_ORDERED = "Ordered", "Partially Ordered"
LOST, EXPIRED, CANCELLED = "Lost", "Expired", "Cancelled"


def derive(doc: Document, previous: str | None, on: dt.date) -> str:
    """The status `doc` has on date `on`, given the status it had (or an action asks for)."""
    if doc.docstatus == 2:
        return CANCELLED
    if previous == LOST:
        return LOST
    if doc.docstatus == 0:
        return SENT if previous == SENT else DRAFT
    ordered = [dec(r.ordered_qty) for r in doc.items]
    if any(q > 0 for q in ordered):
        required = [(dec(r.ordered_qty), dec(r.qty)) for r in doc.items if not r.is_optional]
        return ORDERED if all(done >= qty for done, qty in required) else PARTIALLY_ORDERED
    if doc.valid_till and doc.valid_till < on:
        return EXPIRED
    return ACCEPTED


def refresh(doc: Document) -> None:
    """Store the status the document should have now (after its ordered quantities changed)."""
    status = derive(doc, doc.status, today())
    if status != doc.status:
        doc.db_set("status", status)


def expire_quotations() -> None:
    """Daily: accepted quotations whose Valid Till has passed become Expired."""
    names = get_all("Quotation", filters={"docstatus": 1, "status": ACCEPTED, "valid_till": ["<", today()]}, pluck="name")
    for name in names:
        refresh(get_doc("Quotation", name, for_update=True))
    log.info("%s quotations expired", len(names))
