"""Sales Stage: one step of a pipeline, with its probability, won/lost flag and exit rules."""

from __future__ import annotations

import lowcode
from lowcode.exceptions import ValidationError
from lowcode.model.document import Document
from sales_crm.rows import drop_duplicates


class SalesStage(Document):
    def validate(self) -> None:
        if self.is_won and self.is_lost:
            raise self._error("a stage is either won or lost, not both.", "is_lost")
        if self.is_won:
            self.probability = 100
        elif self.is_lost:
            self.probability = 0
        if self.probability > 100:
            raise self._error(f"Probability must be between 0 and 100, not {self.probability}.", "probability")
        taken = lowcode.get_all(
            "Sales Stage", filters={"pipeline": self.pipeline, "stage_name": self.stage_name, "name": ["!=", self.name or ""]}, pluck="name"
        )
        if taken:
            raise self._error(f"pipeline '{self.pipeline}' already has a stage named '{self.stage_name}'.", "stage_name")
        if self.is_new() and not self.stage_order:
            last = lowcode.get_value("Sales Stage", {"pipeline": self.pipeline}, "stage_order", order_by="stage_order desc")
            self.stage_order = (last or 0) + 1
        self._check_required_fields()
        self._check_playbook()

    def _check_required_fields(self) -> None:
        drop_duplicates(self, "required_fields", "fieldname")
        opportunity = lowcode.get_meta("Opportunity")
        for row in self.required_fields:
            df = opportunity.get_field(row.fieldname or "")
            if df is None or not (df.has_column or df.ftype.is_table):
                raise self._error(f"row {row.idx} of Required Fields: Opportunity has no field '{row.fieldname}'.", "required_fields")

    def _check_playbook(self) -> None:
        seen = set()
        for row in self.playbook:
            key = (row.activity_type, row.subject)
            if key in seen:
                raise self._error(f"row {row.idx} of Playbook Activities repeats {row.activity_type} '{row.subject}'.", "playbook")
            seen.add(key)

    def on_trash(self) -> None:
        count = lowcode.get_count("Opportunity", {"sales_stage": self.name}, ignore_permissions=True)
        if count:
            raise self._error(
                f"it holds {count} {'opportunity' if count == 1 else 'opportunities'}; move them to another stage before deleting it.",
                "name", count=count,
            )  # fmt: skip

    def _error(self, message: str, fieldname: str, **data: object) -> ValidationError:
        title = f"Sales Stage '{self.stage_name}' of pipeline '{self.pipeline}'" if self.stage_name else "Sales Stage"
        return ValidationError(f"{title}: {message}", doctype="Sales Stage", name=self.name, fieldname=fieldname, **data)
