"""Workflow: checked as a whole when saved; the state field is created when missing."""

from __future__ import annotations

import sqlalchemy as sa

from lowcode.context import local
from lowcode.db.tables import get_table
from lowcode.exceptions import DoesNotExistError, ValidationError
from lowcode.meta.cache import bump_version, get_meta
from lowcode.meta.validate import FIELDNAME_RE
from lowcode.model.document import Document, new_doc
from lowcode.model.persistence import exists
from lowcode.utils.safe_expr import ExpressionError, compile_expression
from lowcode.workflow.engine import MOVES

STATE_FIELD_TYPES = ("Data", "Select", "Link")


class Workflow(Document):
    def _fail(self, message: str, fieldname: str | None = None) -> ValidationError:
        return ValidationError(f"Workflow '{self.workflow_name}': {message}", doctype="Workflow", name=self.name, fieldname=fieldname)

    def validate(self) -> None:
        try:
            meta = get_meta(self.document_type)
        except DoesNotExistError as exc:
            raise self._fail(f"there is no DocType '{self.document_type}'.", "document_type") from exc
        if meta.istable or meta.issingle:
            raise self._fail(f"{meta.name} is a child table or a single; workflows apply to documents.", "document_type")
        self.workflow_state_field = self.workflow_state_field or "workflow_state"
        if not FIELDNAME_RE.match(self.workflow_state_field):
            raise self._fail(f"'{self.workflow_state_field}' is not a valid field name.", "workflow_state_field")
        existing = meta.get_field(self.workflow_state_field)
        if existing is not None and existing.fieldtype not in STATE_FIELD_TYPES:
            raise self._fail(f"{meta.name}.{existing.fieldname} is a {existing.fieldtype} field; the state field must be Data, Select or Link.",
                             "workflow_state_field")  # fmt: skip
        statuses = self._check_states(meta)
        self._check_transitions(statuses)
        self._create_names()

    def _check_states(self, meta: object) -> dict[str, int]:
        if not self.states:
            raise self._fail("add at least one state.", "states")
        statuses: dict[str, int] = {}
        for row in self.states:
            if row.state in statuses:
                raise self._fail(f"state '{row.state}' is listed twice.", "states")
            status = int(row.doc_status or 0)
            if status and not meta.is_submittable:  # type: ignore[attr-defined]
                raise self._fail(f"state '{row.state}' has doc status {status}, but {self.document_type} is not submittable.", "states")
            if row.update_field and not meta.get_field(row.update_field):  # type: ignore[attr-defined]
                raise self._fail(f"state '{row.state}' updates '{row.update_field}', which {self.document_type} does not have.", "states")
            statuses[row.state] = status
        if next(iter(statuses.values())) != 0:
            raise self._fail("the first state is where new documents start; it needs doc status 0.", "states")
        return statuses

    def _check_transitions(self, statuses: dict[str, int]) -> None:
        for row in self.transitions:
            for key in ("state", "next_state"):
                if row.get(key) not in statuses:
                    raise self._fail(
                        f"transition '{row.action}' uses state '{row.get(key)}', which is not in the states table.", "transitions"
                    )
            if (statuses[row.state], statuses[row.next_state]) not in MOVES:
                raise self._fail(
                    f"transition '{row.action}' goes from '{row.state}' (doc status {statuses[row.state]}) to "
                    f"'{row.next_state}' (doc status {statuses[row.next_state]}); only 0→0, 0→1, 1→1 and 1→2 are possible.",
                    "transitions",
                )  # fmt: skip
            if row.condition and row.condition.strip():
                try:
                    compile_expression(row.condition.strip())
                except ExpressionError as exc:
                    raise self._fail(f"the condition of '{row.action}' is not valid: {exc}.", "transitions") from exc

    def _create_names(self) -> None:
        """Workflow State and Workflow Action Master records are made for new names."""
        for doctype, key, names in (
            ("Workflow State", "workflow_state_name", {r.state for r in self.states} | {r.next_state for r in self.transitions}),
            ("Workflow Action Master", "workflow_action_name", {r.action for r in self.transitions}),
        ):
            for name in sorted(n for n in names if n):
                if not exists(doctype, name):
                    new_doc(doctype, **{key: name}).insert(ignore_permissions=True)

    def on_update(self) -> None:
        if self.is_active:
            table = get_table("Workflow")
            local.db.execute(
                table.update().where(table.c.document_type == self.document_type, table.c.name != self.name).values(is_active=0)
            )
        if self.is_active:
            self._ensure_state_field()
        bump_version(local.site)
        self._fill_missing_states()

    def on_trash(self) -> None:
        bump_version(local.site)

    def _ensure_state_field(self) -> None:
        if get_meta(self.document_type).get_field(self.workflow_state_field):
            return
        new_doc("Custom Field", dt=self.document_type, fieldname=self.workflow_state_field, label="Workflow State",
                fieldtype="Link", options="Workflow State", hidden=1, read_only=1, allow_on_submit=1, no_copy=1,
                print_hide=1).insert(ignore_permissions=True)  # fmt: skip

    def _fill_missing_states(self) -> None:
        """Documents made before the workflow take the first state of their docstatus."""
        if not self.is_active:
            return
        table = get_table(self.document_type)
        column = table.c[self.workflow_state_field]
        for docstatus in (0, 1, 2):
            state = next((r.state for r in self.states if int(r.doc_status or 0) == docstatus), None)
            if state:
                local.db.execute(
                    table.update()
                    .where(sa.or_(column.is_(None), column == ""), table.c.docstatus == docstatus)
                    .values({column.name: state})
                )
