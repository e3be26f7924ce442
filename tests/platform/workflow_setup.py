"""The approval workflow the workflow tests share."""

from __future__ import annotations

from typing import Any

import lowcode

APPROVAL = {
    "workflow_name": "Test Order Approval",
    "document_type": "Test Order",
    "is_active": 1,
    "states": [
        {"state": "Draft", "doc_status": "0", "allow_edit": "Test Clerk"},
        {"state": "Pending Approval", "doc_status": "0", "allow_edit": "System Manager"},
        {"state": "Approved", "doc_status": "1", "allow_edit": "System Manager", "update_field": "status", "update_value": "Open"},
        {"state": "Rejected", "doc_status": "0", "allow_edit": "System Manager", "update_field": "status", "update_value": "Closed"},
        {"state": "Cancelled", "doc_status": "2", "allow_edit": "System Manager"},
    ],
    "transitions": [
        {"state": "Draft", "action": "Submit for Approval", "next_state": "Pending Approval", "allowed": "Test Clerk",
         "condition": "len(doc.items) > 0"},
        {"state": "Pending Approval", "action": "Approve", "next_state": "Approved", "allowed": "System Manager",
         "allow_self_approval": 0, "condition": "doc.total <= 10000"},
        {"state": "Pending Approval", "action": "Reject", "next_state": "Rejected", "allowed": "System Manager"},
        {"state": "Approved", "action": "Cancel", "next_state": "Cancelled", "allowed": "System Manager"},
    ],
}  # fmt: skip


def make_workflow(**changes: Any) -> Any:
    """Insert the approval workflow (committed) and return it."""
    doc = lowcode.new_doc("Workflow", **{**APPROVAL, **changes}).insert()
    lowcode.db.commit()
    return doc
