"""Lead scoring: the points of every enabled Lead Scoring Rule whose condition holds.

A rule's condition is a safe expression over the lead's fields and three activity
figures (`activity_count`, `done_activity_count`, `days_since_activity`). The score is
recomputed when the lead is saved, when one of its activities changes and nightly (the
figures age); a New or Contacted lead reaching CRM Settings' `qualify_score` becomes
Qualified, with a note on its timeline.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

import lowcode
from lowcode.context import local
from lowcode.db.tables import get_table
from lowcode.meta.cache import derived
from lowcode.model.document import Document
from lowcode.utils.dates import today
from lowcode.utils.safe_expr import ExpressionError, evaluate_bool

log = logging.getLogger(__name__)
QUALIFIABLE = ("New", "Contacted")
QUALIFIED = "Qualified"
#: days_since_activity of a lead without any done activity
NEVER = 9999


@dataclass(frozen=True)
class Rule:
    name: str
    points: int
    condition: str


def _load_rules() -> list[Rule]:
    rows = lowcode.get_all("Lead Scoring Rule", filters={"enabled": 1}, fields=["name", "points", "condition"], order_by="name asc")
    return [Rule(r["name"], int(r["points"] or 0), r["condition"] or "") for r in rows]


def enabled_rules() -> list[Rule]:
    """The enabled rules, by name (cached with the metadata: saving a rule drops the cache)."""
    return derived(local.site, "lead_scoring_rules", _load_rules)


def activity_figures(lead: str, on: dt.date | None = None) -> dict[str, int]:
    """How many activities are about the lead (not cancelled), how many are done, and days since the last done one."""
    table = get_table("Activity")
    query = sa.select(
        sa.func.count(),
        sa.func.sum(sa.case((table.c.status == "Done", 1), else_=0)),
        sa.func.max(sa.case((table.c.status == "Done", table.c.completed_on), else_=None)),
    ).where(table.c.reference_doctype == "Lead", table.c.reference_name == lead, table.c.status != "Cancelled")
    count, done, last = local.db.execute(query).one()
    if isinstance(last, str):  # SQLite hands an aggregate's datetime back as text
        last = dt.datetime.fromisoformat(last)
    days = ((on or today()) - last.date()).days if last else NEVER
    return {"activity_count": int(count or 0), "done_activity_count": int(done or 0), "days_since_activity": days}


def score_of(lead: Any, rules: list[Rule] | None = None) -> int:
    """The lead's score (never below 0); a rule whose condition fails to evaluate is skipped and logged."""
    is_new = getattr(lead, "is_new", None)
    if not lead.get("name") or (is_new is not None and is_new()):
        figures = {"activity_count": 0, "done_activity_count": 0, "days_since_activity": NEVER}
    else:
        figures = activity_figures(lead.name)
    total = 0
    for rule in enabled_rules() if rules is None else rules:
        try:
            if evaluate_bool(rule.condition, lead, **figures):
                total += rule.points
        except ExpressionError as exc:
            log.warning("Lead Scoring Rule %s skipped for lead %s: %s", rule.name, lead.get("name"), exc)
    return max(total, 0)


def qualify_score() -> int:
    """CRM Settings' threshold (cached with the metadata: saving CRM Settings drops the cache)."""
    return derived(local.site, "lead_qualify_score", lambda: int(lowcode.get_value("CRM Settings", None, "qualify_score") or 0))


def reaches_qualification(status: str | None, score: int, threshold: int) -> bool:
    return bool(threshold) and status in QUALIFIABLE and score >= threshold


def note_qualified(lead: str, score: int, threshold: int) -> None:
    lowcode.new_doc(
        "Comment", comment_type="Info", reference_doctype="Lead", reference_name=lead, comment_email="Administrator",
        content=f"Qualified automatically: score {score} reached {threshold}.",
    ).insert(ignore_permissions=True)  # fmt: skip


def on_lead_validate(doc: Document, method: str | None = None) -> None:
    """Lead validate: recompute the score; a high enough score qualifies the lead."""
    doc.score = score_of(doc)
    threshold = qualify_score()
    if reaches_qualification(doc.status, doc.score, threshold):
        doc.status = QUALIFIED
        doc.flags.qualified_by_score = threshold


def on_lead_update(doc: Document, method: str | None = None) -> None:
    """Lead on_update: the timeline note of an automatic qualification."""
    threshold = doc.flags.get("qualified_by_score")
    if threshold:
        doc.flags.qualified_by_score = None
        note_qualified(doc.name, doc.score, threshold)


def rescore(lead: str, rules: list[Rule] | None = None, threshold: int | None = None) -> int | None:
    """Store a lead's fresh score (and qualify it) without a full save, so an open form stays current."""
    values = lowcode.get_doc("Lead", lead) if lowcode.exists("Lead", lead) else None
    if values is None:
        return None
    score = score_of(values, rules)
    threshold = qualify_score() if threshold is None else threshold
    changes: dict[str, Any] = {"score": score} if score != (values.score or 0) else {}
    if reaches_qualification(values.status, score, threshold):
        changes["status"] = QUALIFIED
    if changes:
        table = get_table("Lead")
        local.db.execute(table.update().where(table.c.name == lead).values(**changes))
        if "status" in changes:
            note_qualified(lead, score, threshold)
    return score


def on_activity_change(doc: Document, method: str | None = None) -> None:
    """Activity on_update / after_delete: rescore the lead it is (or was) about."""
    before = doc.get_doc_before_save()
    leads = {doc.reference_name if doc.reference_doctype == "Lead" else None}
    if before is not None and before.reference_doctype == "Lead":
        leads.add(before.reference_name)
    for lead in sorted(filter(None, leads)):
        rescore(lead)


def rescore_all() -> int:
    """Daily: rescore every lead not yet converted or unqualified; returns how many changed."""
    rules, threshold = enabled_rules(), qualify_score()
    names = lowcode.get_all("Lead", filters={"status": ["not in", ["Converted", "Unqualified"]]}, pluck="name", order_by="name asc")
    changed = 0
    for name in names:
        before = lowcode.get_value("Lead", name, "score")
        if rescore(name, rules, threshold) != before:
            changed += 1
    return changed
