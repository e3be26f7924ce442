"""Online acceptance of a quotation: a signed, expiring link the customer opens without logging in.

The token (itsdangerous, signed with the site's `secret_key`) names the quotation and a
random key stored on it. The link works while that key is still the quotation's (issuing
a new link or revoking clears the old one), before `acceptance_expires` (by default the end
of Valid Till), and while the quotation is not cancelled. The customer sees only that
quotation, printed with its default format, and may accept it (typed name, time and IP
kept on it and on its timeline; the quotation is submitted: Accepted) or decline it with
a reason (it is declared Lost). Both are done on behalf of the quotation's owner, who is
told in the bell and by email (with the sales person's user).
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer

from lowcode.context import acting_as, local
from lowcode.exceptions import DoesNotExistError, ValidationError
from lowcode.model.document import Document, get_doc
from lowcode.notifications import notify
from lowcode.utils.dates import now
from lowcode.workflow.definition import get_workflow
from lowcode.workflow.engine import apply_workflow
from sales_crm.selling import approval
from sales_crm.selling.problems import refuse
from sales_crm.selling.quotation_status import DRAFT, SENT

SALT = "sales_crm.quotation-acceptance"
DECLINED = "Declined by the customer"
VIEW_PATH = "/api/method/sales_crm.api.acceptance.view"


class AcceptanceLinkError(ValidationError):
    """Raised when an acceptance link is forged, expired, revoked or its quotation can no longer be answered."""


def _serializer() -> URLSafeSerializer:
    secret = local.site.get("secret_key")
    if not secret:
        raise ValidationError("The site has no secret_key; acceptance links cannot be signed.")
    return URLSafeSerializer(secret, salt=SALT)


def issue_link(doc: Document, days: int | None = None) -> str:
    """Give `doc` (a draft being sent) a new key and expiry; returns the customer's link (path and query)."""
    if doc.docstatus != 0 or doc.status not in (DRAFT, SENT):
        refuse(doc, "status", f"is {doc.status}; only a draft quotation being sent gets an acceptance link")
    approval.check_can_send(doc)
    end_of_validity = dt.datetime.combine(doc.valid_till, dt.time(23, 59, 59))
    expires = min(end_of_validity, now() + dt.timedelta(days=days)) if days else end_of_validity
    doc.acceptance_key = secrets.token_urlsafe(24)
    doc.acceptance_expires = expires
    doc.acceptance_url = f"{VIEW_PATH}?token={_serializer().dumps({'q': doc.name, 'k': doc.acceptance_key})}"
    return str(doc.acceptance_url)


def revoke(doc: Document) -> None:
    """Make the quotation's link stop working."""
    doc.db_set({"acceptance_key": None, "acceptance_expires": None, "acceptance_url": None})
    doc.add_comment("Info", "The online acceptance link was revoked.")


def open_link(token: str) -> Document:
    """The quotation a link points to, if the link still works; AcceptanceLinkError otherwise."""
    try:
        data = _serializer().loads(str(token or ""))
    except BadSignature as exc:
        raise AcceptanceLinkError("This link is not valid.") from exc
    name, key = (data.get("q"), data.get("k")) if isinstance(data, dict) else (None, None)
    if not isinstance(name, str) or not isinstance(key, str):
        raise AcceptanceLinkError("This link is not valid.")
    try:
        doc = get_doc("Quotation", name)
    except DoesNotExistError as exc:  # a deleted quotation: the same answer as any dead link
        raise AcceptanceLinkError("This link is no longer valid.") from exc
    if not doc.acceptance_key or not hmac.compare_digest(str(doc.acceptance_key), key):
        raise AcceptanceLinkError("This link was replaced or revoked. Ask your contact for a new one.")
    if doc.docstatus == 2:
        raise AcceptanceLinkError("This quotation was cancelled.")
    if doc.acceptance_expires and now() > doc.acceptance_expires:
        raise AcceptanceLinkError("This link has expired. Ask your contact for a new one.")
    return doc


def _answerable(doc: Document) -> None:
    if doc.docstatus != 0 or doc.status not in (DRAFT, SENT):
        raise AcceptanceLinkError(f"This quotation was already answered ({doc.status}).")


def accept(token: str, typed_name: str, ip: str | None) -> Document:
    """The customer accepts: the quotation is submitted (the workflow's 'Accept' when one is active)."""
    doc = open_link(token)
    _answerable(doc)
    name = " ".join(str(typed_name or "").split())[:140]
    if len(name) < 2:
        raise AcceptanceLinkError("Type your full name to accept the quotation.", fieldname="accepted_by")
    stamp = now()
    with acting_as(str(doc.owner)):
        doc = apply_workflow(doc, "Accept") if get_workflow("Quotation") else doc.submit()
        doc.db_set({"accepted_by": name, "accepted_on": stamp, "accepted_ip": ip})
        text = f"Accepted online by {name} on {stamp:%Y-%m-%d %H:%M:%S} from {ip or 'an unknown address'}."
        doc.add_comment("Info", text)
        _tell_owner(doc, f"Quotation {doc.name} accepted by {doc.customer_name or doc.party_name}", text)
    return doc


def decline(token: str, reason: str, ip: str | None) -> Document:
    """The customer declines with a reason: the quotation is declared Lost."""
    doc = open_link(token)
    _answerable(doc)
    text = str(reason or "").strip()[:1000]
    if not text:
        raise AcceptanceLinkError("Say why you decline the quotation.", fieldname="lost_detail")
    with acting_as(str(doc.owner)):
        doc.declare_lost([DECLINED], text)
        note = f"Declined online on {now():%Y-%m-%d %H:%M:%S} from {ip or 'an unknown address'}: {text}"
        doc.add_comment("Info", note)
        _tell_owner(doc, f"Quotation {doc.name} declined by {doc.customer_name or doc.party_name}", note)
    return doc


def _tell_owner(doc: Document, subject: str, message: str) -> None:
    """The bell (and an email) for the quotation's owner and its sales person's user."""
    users = [str(doc.owner), *([doc.sales_person_user] if doc.get("sales_person_user") else [])]
    notify(users, subject, document_type="Quotation", document_name=doc.name, message=message, from_user="Guest", email=True)


def link_state(doc: Document) -> dict[str, Any]:
    """What the customer's page shows about the quotation's answer."""
    return {"answered": doc.docstatus != 0 or doc.status not in (DRAFT, SENT), "status": doc.status,
            "accepted_by": doc.accepted_by, "accepted_on": doc.accepted_on}  # fmt: skip
