"""Activity methods: how urgent open activities are."""

from __future__ import annotations

import json

import lowcode
from lowcode.exceptions import ValidationError
from lowcode.web.whitelist import whitelist
from sales_crm.doctype.activity.activity import urgency as urgency_of

MAX_NAMES = 500


def _names(names: list[str] | str) -> list[str]:
    parsed: object = names
    if isinstance(names, str):
        text = names.strip()
        try:
            parsed = json.loads(text) if text.startswith("[") else [n for n in text.split(",") if n.strip()]
        except ValueError:
            parsed = None
    if not isinstance(parsed, list) or not all(isinstance(n, str) for n in parsed):
        raise ValidationError(
            "names must be a list of Activity names (JSON, or separated by commas).", doctype="Activity", fieldname="names"
        )
    if len(parsed) > MAX_NAMES:
        raise ValidationError(
            f"Ask for at most {MAX_NAMES} activities at a time, not {len(parsed)}.", doctype="Activity", fieldname="names"
        )
    return [n.strip() for n in parsed]


@whitelist()
def urgency(names: list[str] | str) -> dict[str, str | None]:
    """Activity name -> overdue, today or future (None once done or cancelled), for those the user may read."""
    wanted = _names(names)
    if not wanted:
        return {}
    rows = lowcode.get_list("Activity", fields=["name", "status", "due_date"], filters=[["name", "in", wanted]], limit=len(wanted))
    return {row["name"]: urgency_of(row["status"], row["due_date"]) for row in rows}
