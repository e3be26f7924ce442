"""Notification: a rule that tells people about a document event, in the bell and by email."""

from __future__ import annotations

from typing import Any

from lowcode.context import local
from lowcode.exceptions import DoesNotExistError, ValidationError
from lowcode.meta.cache import bump_version, get_meta
from lowcode.model.document import Document
from lowcode.notifications.recipients import OWNER, resolvers
from lowcode.notifications.render import check_templates
from lowcode.notifications.rules import SKIP
from lowcode.utils.safe_expr import ExpressionError, compile_expression

DATE_TYPES = ("Date", "Datetime")


class Notification(Document):
    def _error(self, message: str, fieldname: str) -> ValidationError:
        return ValidationError(f"Notification {self.name or ''}: {message}".replace("  ", " "), doctype="Notification",
                               name=self.name, fieldname=fieldname)  # fmt: skip

    def validate(self) -> None:
        meta = self._target_meta()
        self._check_event(meta)
        if self.condition and self.condition.strip():
            try:
                compile_expression(self.condition)
            except ExpressionError as exc:
                raise self._error(f"the condition is not a valid expression ({exc}).", "condition") from exc
        check_templates(self.subject, self.message, f"Notification '{self.name}'")
        if not (self.send_system_notification or self.send_email):
            raise self._error("choose at least one channel (in-app or email).", "send_system_notification")
        for row in self.recipients:
            self._check_recipient(row, meta)

    def _target_meta(self) -> Any:
        try:
            meta = get_meta(self.document_type)
        except DoesNotExistError as exc:
            raise self._error(f"document type '{self.document_type}' does not exist.", "document_type") from exc
        if meta.istable or meta.issingle or meta.name in SKIP:
            raise self._error(f"{meta.name} documents cannot trigger notifications.", "document_type")
        return meta

    def _check_event(self, meta: Any) -> None:
        if self.event in ("Submit", "Cancel") and not meta.is_submittable:
            raise self._error(f"{meta.name} is not submittable, so it is never submitted or cancelled.", "event")
        if self.event == "Value Change":
            df = meta.get_field(self.value_changed or "")
            if df is None or not df.has_column:
                raise self._error(f"{meta.name} has no field '{self.value_changed}' to watch.", "value_changed")
        if self.event in ("Days Before", "Days After"):
            df = meta.get_field(self.date_changed or "")
            if df is None or df.fieldtype not in DATE_TYPES:
                raise self._error(f"'{self.date_changed}' is not a Date or Datetime field of {meta.name}.", "date_changed")
            if int(self.days_in_advance or 0) < 0:
                raise self._error("days before or after cannot be negative.", "days_in_advance")

    def _check_recipient(self, row: Any, meta: Any) -> None:
        given = [k for k in ("receiver_by_document_field", "receiver_by_role", "receiver_by_resolver") if row.get(k)]
        if len(given) != 1:
            raise self._error(f"recipient row {row.idx} must name exactly one of a field, a role or a resolver.", "recipients")
        fieldname = row.receiver_by_document_field
        if fieldname and fieldname not in (OWNER, meta.assignee_field):
            df = meta.get_field(fieldname)
            holds_people = df is not None and ((df.fieldtype == "Link" and df.options == "User") or df.fieldtype == "Data")
            if not holds_people:
                raise self._error(
                    f"recipient row {row.idx}: '{fieldname}' of {meta.name} is not a Link to User or a Data (email) field.", "recipients"
                )
        if row.receiver_by_resolver and row.receiver_by_resolver not in resolvers():
            known = ", ".join(sorted(resolvers())) or "none installed"
            raise self._error(f"recipient row {row.idx}: no resolver '{row.receiver_by_resolver}' (known: {known}).", "recipients")

    def on_update(self) -> None:
        bump_version(local.site)

    def on_trash(self) -> None:
        bump_version(local.site)
