"""Lead Scoring Rule: points for the leads its condition holds for (see sales_crm.scoring).

The enabled rules are cached with the metadata, so saving or deleting one bumps its version.
"""

from __future__ import annotations

from lowcode.context import local
from lowcode.exceptions import ValidationError
from lowcode.meta.cache import bump_version
from lowcode.model.document import Document
from lowcode.utils.safe_expr import ExpressionError, compile_expression


class LeadScoringRule(Document):
    def validate(self) -> None:
        try:
            compile_expression(self.condition or "")
        except ExpressionError as exc:
            raise ValidationError(f"Lead Scoring Rule '{self.rule_name}': the condition is not valid: {exc}",
                                  doctype="Lead Scoring Rule", name=self.name, fieldname="condition") from exc  # fmt: skip

    def on_update(self) -> None:
        bump_version(local.site)

    def on_trash(self) -> None:
        bump_version(local.site)
