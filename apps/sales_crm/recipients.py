"""Who CRM notifications go to, for Notification records (`notification_recipient_resolvers`)."""

from __future__ import annotations

from typing import Any

import lowcode


def team_of(doc: Any) -> str | None:
    """The document's sales team, else its sales person's."""
    team = doc.get("sales_team")
    if not team and doc.get("sales_person"):
        team = lowcode.get_value("Sales Person", doc.get("sales_person"), "sales_team")
    return team


def team_leader(doc: Any) -> list[str]:
    """The leader of the document's sales team."""
    team = team_of(doc)
    leader = lowcode.get_value("Sales Team", team, "leader") if team else None
    return [leader] if leader else []


def sales_person_user(doc: Any) -> list[str]:
    """The user of the document's sales person."""
    user = lowcode.get_value("Sales Person", doc.get("sales_person"), "user") if doc.get("sales_person") else None
    return [user] if user else []
