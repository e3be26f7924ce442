"""Activity: a call, meeting, email or task about a CRM document, possibly recurring."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

import lowcode
from lowcode import share
from lowcode.context import local
from lowcode.db.tables import get_table
from lowcode.exceptions import DoesNotExistError, ValidationError
from lowcode.meta.fieldtypes import CoercionError
from lowcode.model.document import Document
from lowcode.perms import check_doc_permission
from lowcode.utils.dates import today
from sales_crm.doctype.activity.recurrence import schedule_next

OPEN, DONE = "Open", "Done"
MODULE = "Sales CRM"


def urgency(status: str | None, due_date: dt.date | None, on: dt.date | None = None) -> str | None:
    """overdue, today or future for an open activity (no due date counts as future); None once closed."""
    if status != OPEN:
        return None
    if due_date is None:
        return "future"
    on = on or today()
    return "overdue" if due_date < on else "today" if due_date == on else "future"


def refresh_next_activity(doctype: str | None, name: str | None, leaving: str | None = None) -> None:
    """Point the reference document's `next_activity` at its earliest open activity."""
    if not doctype or not name or not lowcode.get_meta(doctype).get_field("next_activity"):
        return
    table = get_table("Activity")
    query = sa.select(table.c.name).where(
        table.c.reference_doctype == doctype, table.c.reference_name == name, table.c.status == OPEN, table.c.name != (leaving or "")
    )
    query = query.order_by(sa.case((table.c.due_date.is_(None), 1), else_=0), table.c.due_date, table.c.due_time, table.c.creation)
    earliest = local.db.scalar(query.limit(1))
    target = get_table(doctype)
    local.db.execute(target.update().where(target.c.name == name).values(next_activity=earliest))


class Activity(Document):
    def validate(self) -> None:
        self._check_reference()
        if self.is_new() and not self.due_date:
            delay = lowcode.get_value("Activity Type", self.activity_type, "default_delay_days") or 0
            self.due_date = today() + dt.timedelta(days=delay)
        self._check_recurrence()
        before = self.get_doc_before_save()
        self.next_occurrence = before.next_occurrence if before is not None else None  # the server's to keep
        moved = before is None or (before.due_date, before.due_time) != (self.due_date, self.due_time)
        self.reminder_sent = 0 if moved else before.reminder_sent  # type: ignore[union-attr]
        if self.status != DONE:
            self.completed_on = None
        elif before is None or before.status != DONE:
            self.completed_on = self.modified

    def _check_reference(self) -> None:
        if bool(self.reference_doctype) != bool(self.reference_name):
            raise self._error("give both the reference type and the reference document, or neither.", "reference_name")
        if not self.reference_doctype:
            return
        try:
            meta = lowcode.get_meta(self.reference_doctype)
        except DoesNotExistError:
            raise self._error(f"'{self.reference_doctype}' is not a document type.", "reference_doctype") from None
        if meta.module != MODULE or meta.istable or meta.issingle:
            raise self._error(f"an activity can be about a CRM document (a lead, an opportunity, a customer…), not a {self.reference_doctype}.",
                              "reference_doctype")  # fmt: skip
        before = self.get_doc_before_save()
        moved = before is None or (before.reference_doctype, before.reference_name) != (self.reference_doctype, self.reference_name)
        if moved and not self.flags.ignore_permissions and lowcode.exists(self.reference_doctype, self.reference_name):
            check_doc_permission(lowcode.get_doc(self.reference_doctype, self.reference_name), "read")

    def _check_recurrence(self) -> None:
        if not self.recurrence:
            return
        if (self.repeat_interval or 0) < 1:
            raise self._error("Every must be at least 1.", "repeat_interval")
        if self.repeat_until and self.repeat_until < self.due_date:
            raise self._error(f"Until ({self.repeat_until}) is before the due date ({self.due_date}).", "repeat_until")

    def on_update(self) -> None:
        before = self.get_doc_before_save()
        self._share_with_participants()
        refresh_next_activity(self.reference_doctype, self.reference_name)
        if before is not None and (before.reference_doctype, before.reference_name) != (self.reference_doctype, self.reference_name):
            refresh_next_activity(before.reference_doctype, before.reference_name)
        if before is not None and before.status == OPEN and self.status != OPEN:
            if self.status == DONE:
                self._log_on_timeline()
            schedule_next(self)

    def _share_with_participants(self) -> None:
        """Users invited as participants may read the activity (a read share): it shows in their lists and calendar feed.
        A user taken off the participants loses a read-only share (one that gives more was given by hand)."""
        users = _participant_users(self)
        before = self.get_doc_before_save()
        for user in sorted(users - {self.owner, self.assigned_to}):
            if not lowcode.get_all("DocShare", filters={"share_doctype": "Activity", "share_name": self.name, "user": user}):
                share.add("Activity", self.name, user)  # a share given before (maybe with more rights) is left as it is
        for user in sorted((_participant_users(before) if before is not None else set()) - users):
            read_only = {"share_doctype": "Activity", "share_name": self.name, "user": user, "write": 0, "share": 0, "submit": 0}
            for name in lowcode.get_all("DocShare", filters=read_only, pluck="name"):
                lowcode.delete_doc("DocShare", name, ignore_permissions=True)

    def on_trash(self) -> None:
        refresh_next_activity(self.reference_doctype, self.reference_name, leaving=self.name)

    def _log_on_timeline(self) -> None:
        """A done call or email is logged on its reference's timeline (a Comment of that type)."""
        kind = lowcode.get_value("Activity Type", self.activity_type, "logs_as")
        if not kind or not self.reference_name:
            return
        text = f"{self.subject}: {self.outcome}" if self.outcome else self.subject
        lowcode.new_doc(
            "Comment", comment_type=kind, reference_doctype=self.reference_doctype, reference_name=self.reference_name,
            content=text, comment_email=self.assigned_to or local.user,
        ).insert(ignore_permissions=True)  # fmt: skip

    def as_dict(self, *, no_nulls: bool = False, convert: bool = False) -> dict[str, Any]:
        """The record, with its computed `urgency` (overdue, today, future; None once closed)."""
        out = super().as_dict(no_nulls=no_nulls, convert=convert)
        df = self.meta.get_field("due_date")
        try:
            value = urgency(self.status, df.ftype.coerce(self.due_date, df))  # type: ignore[union-attr]
        except CoercionError:
            value = None
        if value is not None or not no_nulls:
            out["urgency"] = value
        return out

    def _error(self, message: str, fieldname: str) -> ValidationError:
        return ValidationError(f"Activity '{self.name or 'new'}': {message}", doctype="Activity", name=self.name, fieldname=fieldname)


def _participant_users(activity: Document) -> set[str]:
    return {str(row.participant) for row in activity.participants if row.participant_type == "User" and row.participant}
