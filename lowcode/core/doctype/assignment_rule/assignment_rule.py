"""Assignment Rule: checked as a whole when saved; saving one refreshes every process's rules."""

from __future__ import annotations

from lowcode.assignment.rules import BASED_ON_FIELD
from lowcode.context import local
from lowcode.exceptions import DoesNotExistError, ValidationError
from lowcode.meta.cache import bump_version, get_meta
from lowcode.meta.meta import Meta
from lowcode.model.document import Document
from lowcode.utils.safe_expr import ExpressionError, compile_expression


class AssignmentRule(Document):
    def _fail(self, message: str, fieldname: str) -> ValidationError:
        return ValidationError(f"Assignment Rule '{self.rule_name}': {message}", doctype="Assignment Rule", name=self.name,
                               fieldname=fieldname)  # fmt: skip

    def validate(self) -> None:
        try:
            meta = get_meta(self.document_type)
        except DoesNotExistError as exc:
            raise self._fail(f"there is no DocType '{self.document_type}'.", "document_type") from exc
        if meta.istable or meta.issingle:
            raise self._fail(f"{meta.name} is a child table or a single; rules assign documents.", "document_type")
        for fieldname, what in (("condition", "condition"), ("close_condition", "close condition")):
            try:
                if self.get(fieldname):
                    compile_expression(self.get(fieldname))
            except ExpressionError as exc:
                raise self._fail(f"the {what} is not valid: {exc}", fieldname) from exc
        self._check_set_field(meta)
        self._check_users(meta)
        if (self.from_time is None) != (self.to_time is None):
            raise self._fail("give both From and To, or neither.", "to_time" if self.to_time is None else "from_time")

    def _check_set_field(self, meta: Meta) -> None:
        if not self.set_field:
            return
        df = meta.get_field(self.set_field)
        if df is None or df.fieldtype != "Link":
            raise self._fail(f"Field to Set must be a Link field of {meta.name}; '{self.set_field}' is not.", "set_field")

    def _check_users(self, meta: Meta) -> None:
        if self.rule == BASED_ON_FIELD:
            df = meta.get_field(self.based_on_field or "")
            if df is None or not df.has_column:
                raise self._fail(f"{meta.name} has no field '{self.based_on_field}' to assign by.", "based_on_field")
            values = [row.value for row in self.field_users]
            duplicate = next((v for v in values if values.count(v) > 1), None)
            if duplicate is not None:
                raise self._fail(f"the value '{duplicate}' is given twice in Users by Value.", "field_users")
            if not values and not self.disabled:
                raise self._fail("add at least one value and its user to Users by Value.", "field_users")
        elif not self.users and not self.disabled:
            raise self._fail("add at least one user.", "users")

    def on_update(self) -> None:
        bump_version(local.site)

    def on_trash(self) -> None:
        bump_version(local.site)
