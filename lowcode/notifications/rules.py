"""Notification rules (the `Notification` doctype): matching document events, sending.

Registered for every doctype through core's doc_events. The enabled rules are cached per
site with the metadata; saving or deleting a Notification bumps the metadata version, so
every process re-reads them. Date rules (Days Before/After) run daily (`scheduled.py`).
"""

from __future__ import annotations

import logging
from typing import Any

from lowcode.context import local
from lowcode.db.query import get_all
from lowcode.exceptions import LowcodeError
from lowcode.meta.cache import all_metas, derived
from lowcode.notifications import email_body, notify
from lowcode.notifications.recipients import resolve
from lowcode.notifications.render import render_rule
from lowcode.utils.safe_expr import ExpressionError, evaluate_bool

log = logging.getLogger(__name__)
#: doctypes whose own records never trigger notifications (they are the notifications' output)
SKIP = frozenset({"Notification Log", "Email Queue", "Background Job", "Version", "Notification", "Notification Recipient"})
EVENTS = {"after_insert": ("New",), "on_update": ("Save", "Value Change"), "on_submit": ("Submit",), "on_cancel": ("Cancel",)}
FIELDS = ["name", "document_type", "event", "value_changed", "date_changed", "days_in_advance", "condition",
          "send_system_notification", "send_email", "subject", "message"]  # fmt: skip


def enabled_rules() -> dict[str, list[dict[str, Any]]]:
    """Enabled rules with their recipient rows, by document type (cached with the metadata)."""

    def build() -> dict[str, list[dict[str, Any]]]:
        if "Notification" not in all_metas(local.site):
            return {}
        rules = get_all("Notification", filters={"enabled": 1}, fields=FIELDS, order_by="name asc")
        rows = get_all("Notification Recipient", fields=["parent", "receiver_by_document_field", "receiver_by_role", "receiver_by_resolver"],
                       filters={"parenttype": "Notification"}, parent_doctype="Notification", order_by="idx asc")  # fmt: skip
        out: dict[str, list[dict[str, Any]]] = {}
        for rule in rules:
            rule["recipients"] = [r for r in rows if r["parent"] == rule["name"]]
            out.setdefault(rule["document_type"], []).append(rule)
        return out

    if local.flags.get("bootstrapping"):
        return {}
    return derived(local.site, "notification_rules", build)


def on_document_event(doc: Any, method: str) -> None:
    """doc_events handler for every doctype: run the rules matching this event."""
    if doc.doctype in SKIP or doc.meta.istable:
        return
    rules = enabled_rules().get(doc.doctype)
    if not rules:
        return
    for rule in rules:
        if rule["event"] not in EVENTS.get(method, ()):
            continue
        if rule["event"] == "Value Change" and (doc.flags.in_insert or not doc.has_value_changed(rule["value_changed"])):
            continue
        send_rule(rule, doc)


def send_rule(rule: dict[str, Any], doc: Any) -> bool:
    """Evaluate the condition and send; a rule that fails is logged and skipped, never blocks the save."""
    try:
        if not evaluate_bool(rule["condition"], doc.as_dict()):
            return False
        subject, message = render_rule(rule, doc)
    except (ExpressionError, LowcodeError, TypeError, ValueError) as exc:
        log.warning("Notification %s skipped for %s %s: %s", rule["name"], doc.doctype, doc.name, exc)
        return False
    recipients = resolve(rule["recipients"], doc)
    if rule["send_system_notification"]:
        notify(recipients.users, subject, message=message, document_type=doc.doctype, document_name=str(doc.name))
    if rule["send_email"]:
        from lowcode.email import queue
        from lowcode.notifications import enabled_users

        addresses = [a for a in enabled_users(recipients.users).values() if a] + recipients.addresses
        body = email_body(message or subject, doc.doctype, str(doc.name))
        for address in dict.fromkeys(addresses):
            queue.send([address], subject, body, reference_doctype=doc.doctype, reference_name=str(doc.name))
    return True
