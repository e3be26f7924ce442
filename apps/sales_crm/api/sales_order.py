"""Sales Order actions."""

from __future__ import annotations

from typing import Any

from lowcode.model.document import get_doc
from lowcode.web.whitelist import whitelist


@whitelist(methods=("POST",))
def mark_completed(name: str) -> dict[str, Any]:
    """Record that a submitted sales order was delivered and billed."""
    doc = get_doc("Sales Order", name)
    doc.mark_completed()
    return doc.as_dict(convert=True)
