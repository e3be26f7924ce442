"""How an opportunity moves through the stages of its pipeline, and the history it leaves."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import lowcode
from lowcode.context import local
from lowcode.exceptions import ValidationError
from lowcode.model.document import Document
from sales_crm.doctype.opportunity.playbooks import missing_steps

WON, LOST, OPEN = "Won", "Lost", "Open"
SECONDS_PER_DAY = Decimal(86400)


def default_pipeline(sales_person: str | None) -> str | None:
    """The sales person's team's default pipeline, else the pipeline flagged as default."""
    team = lowcode.get_value("Sales Person", sales_person, "sales_team") if sales_person else None
    pipeline = lowcode.get_value("Sales Team", team, "default_pipeline") if team else None
    return pipeline or lowcode.get_value("Sales Pipeline", {"is_default": 1}, "name")


def first_stage(pipeline: str) -> str | None:
    """The pipeline's first open stage (lowest order)."""
    return lowcode.get_value(
        "Sales Stage", {"pipeline": pipeline, "is_won": 0, "is_lost": 0}, "name", order_by="stage_order asc, stage_name asc"
    )


def win_by_order(name: str, order: str) -> None:
    """A submitted sales order wins its quotation's open opportunity: it moves to its pipeline's won stage.

    The order proves the deal, so the stage's required fields and playbook steps do not hold it back; the move
    is the system's (the accountant may not edit opportunities) and is noted on the timeline.
    A won or lost opportunity is left as it is.
    """
    doc = lowcode.get_doc("Opportunity", name)
    won = lowcode.get_value("Sales Stage", {"pipeline": doc.pipeline, "is_won": 1}, "name", order_by="stage_order asc")
    if doc.status != OPEN or not won:
        return
    _move_by_order(doc, won, order, f"Won by Sales Order {order}.")


def reopen_after_cancelled_order(name: str, order: str) -> None:
    """Cancelling the sales order that won an opportunity reopens it in the stage it was won from.

    An opportunity won some other way (by hand, or by another order) is left as it is.
    """
    doc = lowcode.get_doc("Opportunity", name)
    if doc.status != WON or doc.won_by_sales_order != order:
        return
    earlier = [row.stage for row in doc.stage_history[:-1] if row.stage]
    stage = earlier[-1] if earlier else first_stage(doc.pipeline)
    if not stage:
        return
    _move_by_order(doc, stage, None, f"Reopened: Sales Order {order} was cancelled.")


def _move_by_order(doc: Document, stage: str, won_by: str | None, note: str) -> None:
    """The system's move for a sales order: the stage's rules do not hold it back, and it is noted on the timeline."""
    doc.sales_stage = stage
    doc.won_by_sales_order = won_by
    doc.flags.moved_by_order = True
    doc.save(ignore_permissions=True)
    doc.add_comment("Info", note)


def _fail(doc: Document, message: str, fieldname: str, **data: Any) -> ValidationError:
    return ValidationError(
        f"Opportunity '{doc.name or 'new'}': {message}", doctype="Opportunity", name=doc.name, fieldname=fieldname, **data
    )


def apply_stage(doc: Document) -> None:
    """Default pipeline and stage, the stage's rules, probability, status and history."""
    before = doc.get_doc_before_save()
    if not doc.pipeline:
        doc.pipeline = default_pipeline(doc.sales_person)
        if not doc.pipeline:
            raise _fail(doc, "choose a pipeline (no pipeline is flagged as the default).", "pipeline")
    if not doc.sales_stage:
        doc.sales_stage = first_stage(doc.pipeline)
        if not doc.sales_stage:
            raise _fail(doc, f"pipeline '{doc.pipeline}' has no open stages yet; add stages to it first.", "sales_stage")
    stage = lowcode.get_value("Sales Stage", doc.sales_stage, ["pipeline", "stage_name", "stage_order", "probability", "is_won", "is_lost"],
                            as_dict=True)  # fmt: skip
    if stage is None:
        return  # the link check names the missing stage
    if stage["pipeline"] != doc.pipeline:
        raise _fail(
            doc, f"stage '{stage['stage_name']}' belongs to pipeline '{stage['pipeline']}', not to '{doc.pipeline}'.", "sales_stage"
        )
    old = before.sales_stage if before is not None else None
    moved = old != doc.sales_stage
    if moved and old and not doc.flags.moved_by_order:
        check_required_fields(doc, old, stage)
    if moved:
        doc.stuck = 0
    if stage["is_lost"] and not doc.lost_reasons:
        raise _fail(doc, f"give at least one lost reason to put it in stage '{stage['stage_name']}'.", "lost_reasons")
    _set_probability(doc, before, stage, moved)
    _set_status(doc, before, stage)
    _keep_history(doc, before, stage["stage_name"], moved)


def check_required_fields(doc: Document, stage_name: str, target: dict[str, Any] | None = None) -> None:
    """Refuse to leave `stage_name` while fields it requires are empty or, moving on to
    `target`, activities its playbook requires are not done; the message names them all."""
    stage = lowcode.get_doc("Sales Stage", stage_name)
    missing = []
    for row in stage.required_fields:
        df = doc.meta.get_field(row.fieldname)
        if df is not None and doc.get(row.fieldname) in (None, "", [], 0):
            missing.append(df)
    steps = missing_steps(doc, stage, target or {})
    if not missing and not steps:
        return
    parts = []
    if missing:
        parts.append("these are filled: " + ", ".join(df.display_label for df in missing))
    if steps:
        parts.append("these activities are done: " + "; ".join(steps))
    raise _fail(
        doc, f"it cannot leave stage '{stage.stage_name}' until {' and '.join(parts)}.",
        missing[0].fieldname if missing else "sales_stage", missing=[df.fieldname for df in missing], missing_steps=steps,
    )  # fmt: skip


def _set_probability(doc: Document, before: Document | None, stage: dict[str, Any], moved: bool) -> None:
    if stage["is_won"] or stage["is_lost"]:
        doc.probability = stage["probability"]
    elif moved and lowcode.get_doc("CRM Settings").stage_probabilities:
        untouched = not doc.probability if before is None else doc.probability == before.probability
        if untouched:  # a probability the user set in this same save is kept
            doc.probability = stage["probability"]
    if doc.probability is not None and Decimal(doc.probability) > 100:
        raise _fail(doc, f"Probability must be between 0 and 100, not {doc.probability}.", "probability")


def _set_status(doc: Document, before: Document | None, stage: dict[str, Any]) -> None:
    doc.status = WON if stage["is_won"] else LOST if stage["is_lost"] else OPEN
    if doc.status == OPEN:
        doc.closed_on = None
    elif before is None or before.status != doc.status or not doc.closed_on:
        doc.closed_on = doc.modified.date()


def _keep_history(doc: Document, before: Document | None, stage_name: str, moved: bool) -> None:
    """The history is the server's: rows come from the stored document, plus one per move."""
    doc.set("stage_history", [row.as_dict() for row in before.stage_history] if before is not None else [])
    if not moved:
        return
    stamp = doc.modified
    for row in doc.stage_history:
        if not row.left_at:
            row.left_at = stamp
            row.days = Decimal(str((stamp - row.entered_at).total_seconds())) / SECONDS_PER_DAY
    doc.append("stage_history", {"stage": doc.sales_stage, "stage_name": stage_name, "entered_at": stamp, "changed_by": local.user})
