"""Stage playbooks: the activities an opportunity gets when it enters a stage, and the
ones that must be done before it may leave it.

A playbook row names an activity type, a subject, a delay in days and who does it (the
opportunity's owner, its team's leader, or a user with a role). Entering the stage
creates each activity unless an open one of that type and subject already exists, so
coming back to a stage does not duplicate work. Playbooks run once CRM Settings'
`stage_playbooks` is on (off on a fresh site, so existing flows keep their behaviour). A row marked required must have a done
activity of that type and subject before the opportunity moves forward; moving back to
an earlier stage or to a lost stage is always allowed.
"""

from __future__ import annotations

import datetime as dt

import lowcode
from lowcode.model.document import Document
from lowcode.utils.dates import today

OWNER, TEAM_LEADER, ROLE = "Opportunity Owner", "Team Leader", "Role"


def owner_of(doc: Document) -> str:
    return doc.sales_person_user or doc.owner


def team_leader_of(doc: Document) -> str | None:
    return lowcode.get_value("Sales Team", doc.sales_team, "leader") if doc.sales_team else None


def user_with_role(role: str) -> str | None:
    """An enabled user holding `role` (the first by name)."""
    users = lowcode.get_all("Has Role", filters={"role": role}, pluck="parent", parent_doctype="User")
    enabled = lowcode.get_all("User", filters={"name": ["in", users or [""]], "enabled": 1}, pluck="name", order_by="name asc")
    return enabled[0] if enabled else None


def assignee(doc: Document, row: Document) -> str:
    """Who does a playbook activity; the opportunity's owner when nobody fits the rule."""
    user = team_leader_of(doc) if row.assignee == TEAM_LEADER else user_with_role(row.role) if row.assignee == ROLE else None
    return user or owner_of(doc)


def _activities(doc: Document, status: str) -> set[tuple[str, str]]:
    rows = lowcode.get_all("Activity", fields=["activity_type", "subject"],
                           filters={"reference_doctype": "Opportunity", "reference_name": doc.name, "status": status})  # fmt: skip
    return {(r["activity_type"], r["subject"]) for r in rows}


def playbooks_on() -> bool:
    return bool(lowcode.get_value("CRM Settings", None, "stage_playbooks"))


def start_playbook(doc: Document, stage_name: str) -> list[str]:
    """Create the stage's playbook activities for `doc`; returns their names."""
    if not stage_name or not playbooks_on():
        return []
    stage = lowcode.get_doc("Sales Stage", stage_name)
    if not stage.playbook:
        return []
    existing = _activities(doc, "Open")
    created = []
    for row in stage.playbook:
        if (row.activity_type, row.subject) in existing:
            continue
        activity = lowcode.new_doc(
            "Activity", activity_type=row.activity_type, subject=row.subject, reference_doctype="Opportunity", reference_name=doc.name,
            assigned_to=assignee(doc, row), due_date=today() + dt.timedelta(days=row.delay_days or 0),
        )  # fmt: skip
        created.append(activity.insert(ignore_permissions=True).name)
    return created


def missing_steps(doc: Document, stage: Document, target: dict[str, object]) -> list[str]:
    """The stage's required activities not done yet, as "Type: subject" (none when moving back or to lost)."""
    required = [row for row in stage.playbook if row.required]
    if not required or not playbooks_on() or target.get("is_lost") or int(target.get("stage_order") or 0) < int(stage.stage_order or 0):
        return []
    done = _activities(doc, "Done")
    return [f"{row.activity_type}: {row.subject}" for row in required if (row.activity_type, row.subject) not in done]
