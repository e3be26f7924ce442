"""Notification rules for the tests, on the platform test app's Test Order."""

from __future__ import annotations

from typing import Any

import lowcode


def add_rule(name: str, **values: Any) -> Any:
    """A Notification on Test Order (defaults: in-app only, to the owner), as Administrator."""
    values.setdefault("document_type", "Test Order")
    values.setdefault("recipients", [{"receiver_by_document_field": "owner"}])
    values.setdefault("subject", "{{ doc.name }} changed")
    return lowcode.new_doc("Notification", name=name, **values).insert()


def logs(user: str | None = None) -> list[dict[str, Any]]:
    filters = {"for_user": user} if user else {}
    return lowcode.get_all("Notification Log", filters=filters, fields=["for_user", "subject", "type", "document_name", "read", "owner"],
                           order_by="for_user asc, creation asc")  # fmt: skip
