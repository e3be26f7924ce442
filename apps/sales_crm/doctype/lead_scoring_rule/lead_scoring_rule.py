"""Lead Scoring Rule: points for the leads its condition holds for (see sales_crm.scoring)."""

from __future__ import annotations

from lowcode.exceptions import ValidationError
from lowcode.model.document import Document
from lowcode.utils.safe_expr import ExpressionError, compile_expression


class LeadScoringRule(Document):
    def validate(self) -> None:
        try:
            compile_expression(self.condition or "")
        except ExpressionError as exc:
            raise ValidationError(f"Lead Scoring Rule '{self.rule_name}': the condition is not valid: {exc}",
                                  doctype="Lead Scoring Rule", name=self.name, fieldname="condition") from exc  # fmt: skip
