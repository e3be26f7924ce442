"""`Document`: a record with its lifecycle (insert, save, submit, cancel, amend, delete).

Each operation runs in its own savepoint: any error, in a check, a controller or a hook,
undoes everything that operation wrote. The order of steps follows Frappe:

insert: create right → defaults → before_insert → name → values coerced, fetch_from →
validate, before_save → mandatory, links, unique, field levels → write → after_insert,
on_update, on_change.

save: write right → lock the row, refuse a stale `modified` → docstatus rules → values →
validate, before_save (before_submit / before_cancel / before_update_after_submit) →
checks → write → on_update (on_submit / on_cancel / on_update_after_submit), on_change →
Version.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from lowcode import perms
from lowcode.context import local
from lowcode.db.tables import get_table
from lowcode.exceptions import (
    DocstatusTransitionError,
    DoesNotExistError,
    TimestampMismatchError,
    UpdateAfterSubmitError,
    ValidationError,
)
from lowcode.meta.cache import get_meta
from lowcode.model import events, persistence, validation
from lowcode.model.base import BaseDocument
from lowcode.model.controllers import get_controller
from lowcode.model.naming import set_new_name
from lowcode.model.versions import record_version
from lowcode.utils.dates import now, today
from lowcode.utils.json import to_jsonable

DRAFT, SUBMITTED, CANCELLED = 0, 1, 2
#: what an operation changes on the object itself before it is sure to succeed
RESTORED_ON_ERROR = ("name", "owner", "creation", "modified", "modified_by", "docstatus", "_is_new", "_doc_before_save")


class Document(BaseDocument):
    """A record with its lifecycle. Controllers subclass it and define the hook methods."""

    def __init__(self, doctype: str, values: dict[str, Any] | None = None, parent_doc: BaseDocument | None = None) -> None:
        super().__init__(doctype, values, parent_doc)
        self.__dict__["_is_new"] = True
        self.__dict__["_doc_before_save"] = None

    # ---- state -------------------------------------------------------------------------
    def is_new(self) -> bool:
        return bool(self.__dict__["_is_new"])

    def get_doc_before_save(self) -> Document | None:
        return self.__dict__["_doc_before_save"]

    def has_value_changed(self, fieldname: str) -> bool:
        before = self.get_doc_before_save()
        if before is None:
            return self.get(fieldname) not in (None, "", 0)
        return to_jsonable(before.get(fieldname)) != to_jsonable(self.get(fieldname))

    def run_method(self, method: str, *args: Any, **kwargs: Any) -> Any:
        return events.run(self, method, *args, **kwargs)

    # ---- insert ------------------------------------------------------------------------
    def insert(self, *, ignore_permissions: bool | None = None, ignore_links: bool | None = None,
               ignore_mandatory: bool | None = None) -> Document:  # fmt: skip
        """Validate and write a new document; returns it with its name."""
        self._set_flags(ignore_permissions, ignore_links, ignore_mandatory)
        if not self.is_new():
            return self.save()
        with self._restored_on_error(), local.db.atomic():
            self.flags.in_insert = True
            if not self.flags.ignore_permissions:
                perms.check_doc_permission(self, "create")
            if self.docstatus not in (DRAFT, None):
                raise DocstatusTransitionError(f"A new {self.doctype} starts as a draft; submit it after saving.", doctype=self.doctype)
            self.docstatus = DRAFT
            self._set_defaults()
            self._set_timestamps(new=True)
            self.run_method("before_insert")
            set_new_name(self)
            self._validate_values(before=None, action="save")
            if self.meta.issingle:
                persistence.save_single(self)
            else:
                persistence.insert_rows(self)
            self._store_secrets()
            self.__dict__["_is_new"] = False
            self.run_method("after_insert")
            self.run_method("on_update")
            self.run_method("on_change")
            self.flags.in_insert = False
        return self

    # ---- save / submit / cancel -------------------------------------------------------------
    def save(self, *, ignore_permissions: bool | None = None, ignore_links: bool | None = None,
             ignore_mandatory: bool | None = None) -> Document:  # fmt: skip
        """Write changes to an existing document (a new one is inserted)."""
        self._set_flags(ignore_permissions, ignore_links, ignore_mandatory)
        if self.is_new():
            return self.insert()
        with self._restored_on_error(), local.db.atomic():
            before = self._lock_and_check_latest()
            action = self._action(before)
            right = {"save": "write", "update_after_submit": "write", "submit": "submit", "cancel": "cancel"}[action]
            if not self.flags.ignore_permissions:
                perms.check_doc_permission(before, right)
            self.__dict__["_doc_before_save"] = before
            known = {row.name for row in before.get_children()}
            self._set_defaults([row for row in self.get_children() if row.name not in known])
            self._set_timestamps(new=False)
            if action == "update_after_submit":
                self._check_update_after_submit(before)
            self._validate_values(before=before, action=action)
            if action == "cancel":
                from lowcode.model.links import check_no_links

                check_no_links(self, "cancel", submitted_only=True)
            if self.meta.issingle:
                persistence.save_single(self)
            else:
                persistence.update_rows(self)
            self._store_secrets()
            self._run_after_save(action)
            record_version(before, self)
        return self

    def submit(self) -> Document:
        if self.docstatus != DRAFT or not self.meta.is_submittable:
            raise DocstatusTransitionError(
                f"{self.doctype} '{self.name}' cannot be submitted: "
                + ("it is not a draft." if self.meta.is_submittable else f"{self.doctype} is not submittable."),
                doctype=self.doctype, name=self.name,
            )  # fmt: skip
        if self.is_new():
            self.insert()
        with self._restored_on_error():
            self.docstatus = SUBMITTED
            return self.save()

    def cancel(self) -> Document:
        if self.docstatus != SUBMITTED:
            raise DocstatusTransitionError(
                f"{self.doctype} '{self.name}' cannot be cancelled: only submitted documents can.",
                doctype=self.doctype, name=self.name,
            )  # fmt: skip
        with self._restored_on_error():
            self.docstatus = CANCELLED
            return self.save()

    def amend(self) -> Document:
        """A new draft copy of this cancelled document, named `<name>-1` (or the next number)."""
        if self.docstatus != CANCELLED:
            raise DocstatusTransitionError(
                f"{self.doctype} '{self.name}' cannot be amended: cancel it first.", doctype=self.doctype, name=self.name
            )
        if not self.flags.ignore_permissions:
            perms.check_doc_permission(self, "amend")
        from lowcode.model.amending import amended_name, copy_values

        values = copy_values(self)
        values["amended_from"] = self.name
        amended = new_doc(self.doctype, **values)
        amended.name = amended_name(self)
        return amended

    def _action(self, before: Document) -> str:
        old, new = before.docstatus, self.docstatus
        if old == DRAFT and new == DRAFT:
            return "save"
        if old == DRAFT and new == SUBMITTED:
            return "submit"
        if old == SUBMITTED and new == SUBMITTED:
            return "update_after_submit"
        if old == SUBMITTED and new == CANCELLED:
            return "cancel"
        if old == CANCELLED:
            raise DocstatusTransitionError(
                f"{self.doctype} '{self.name}' is cancelled and cannot be changed; amend it to make a new version.",
                doctype=self.doctype, name=self.name,
            )  # fmt: skip
        raise DocstatusTransitionError(
            f"{self.doctype} '{self.name}': cannot go from {_STATUS[old]} to {_STATUS.get(new, new)}.",
            doctype=self.doctype, name=self.name,
        )  # fmt: skip

    def _lock_and_check_latest(self) -> Document:
        values = persistence.load_values(self.doctype, self.name, for_update=True)
        before = get_controller(self.doctype)(self.doctype, values)
        before.__dict__["_is_new"] = False
        mine = self.modified
        if mine is not None and not isinstance(mine, dt.datetime):
            try:
                mine = dt.datetime.fromisoformat(str(mine).strip())
            except ValueError as exc:
                raise ValidationError(
                    f"{self.doctype} '{self.name}': 'modified' must be the timestamp the document was loaded with "
                    f"(like 2026-01-31 12:00:00.000000), not {str(self.modified)[:40]!r}.",
                    doctype=self.doctype,
                    name=self.name,
                    fieldname="modified",
                ) from exc
        if mine is not None and before.modified is not None and mine != before.modified:
            raise TimestampMismatchError(
                f"{self.doctype} '{self.name}' was changed by {before.modified_by} at "
                f"{to_jsonable(before.modified)} after you opened it. Reload it to see their change, then redo yours.",
                doctype=self.doctype, name=self.name, modified=to_jsonable(before.modified), modified_by=before.modified_by,
            )  # fmt: skip
        return before

    def _check_update_after_submit(self, before: Document) -> None:
        changed = []
        for df in self.meta.data_fields:
            if not df.allow_on_submit and to_jsonable(before.get(df.fieldname)) != to_jsonable(self.get(df.fieldname)):
                changed.append(df.display_label)
        for df in self.meta.table_fields:
            if df.allow_on_submit:
                continue
            old_rows = before.get(df.fieldname) or []
            new_rows = self.get(df.fieldname) or []
            if [r.name for r in old_rows] != [r.name for r in new_rows]:
                changed.append(df.display_label)
                continue
            for old_row, new_row in zip(old_rows, new_rows, strict=True):
                for cdf in new_row.meta.data_fields:
                    if not cdf.allow_on_submit and to_jsonable(old_row.get(cdf.fieldname)) != to_jsonable(new_row.get(cdf.fieldname)):
                        changed.append(f"{df.display_label} row {new_row.idx}: {cdf.display_label}")
        if changed:
            raise UpdateAfterSubmitError(
                f"{self.doctype} '{self.name}' is submitted; these cannot change any more: {', '.join(changed)}. "
                "Cancel and amend it to change them.",
                doctype=self.doctype, name=self.name, fields=changed,
            )  # fmt: skip

    def _run_after_save(self, action: str) -> None:
        if action == "save":
            self.run_method("on_update")
        elif action == "submit":
            self.run_method("on_update")
            self.run_method("on_submit")
        elif action == "cancel":
            self.run_method("on_cancel")
        else:
            self.run_method("on_update_after_submit")
        self.run_method("on_change")

    # ---- shared steps -----------------------------------------------------------------------
    @contextmanager
    def _restored_on_error(self) -> Iterator[None]:
        """Put the bookkeeping values back when an operation fails, so the same object can be
        corrected and saved again (the database was rolled back to the savepoint)."""
        saved = {key: self.__dict__.get(key) for key in RESTORED_ON_ERROR}
        flags = dict(self.flags)
        try:
            yield
        except BaseException:
            self.__dict__.update(saved)
            self.flags.clear()
            self.flags.update(flags)
            raise

    def _set_flags(self, ignore_permissions: bool | None, ignore_links: bool | None, ignore_mandatory: bool | None) -> None:
        for key, value in (("ignore_permissions", ignore_permissions), ("ignore_links", ignore_links),
                           ("ignore_mandatory", ignore_mandatory)):  # fmt: skip
            if value is not None:
                self.flags[key] = value

    def _set_defaults(self, rows: list[BaseDocument] | None = None) -> None:
        """Fill empty fields with their defaults: every row of a new document, or the rows given."""
        for row in validation.all_rows(self) if rows is None else rows:
            for df in row.meta.defaulted_fields:
                if row.__dict__.get(df.fieldname) not in (None, ""):
                    continue
                row.__dict__[df.fieldname] = default_value(df.default, df.fieldtype)

    def _set_timestamps(self, *, new: bool) -> None:
        stamp = now()
        user = local.user
        if new:
            self.creation = stamp
            if not self.owner or not self.flags.keep_owner:
                self.owner = user
        self.modified = stamp
        self.modified_by = user
        for row in self.get_children():
            row.__dict__["modified"] = stamp
            row.__dict__["modified_by"] = user

    def _validate_values(self, *, before: Document | None, action: str) -> None:
        coerced = validation.coerce_values(self)
        validation.fetch_linked_values(self, before)
        if action in ("save", "submit"):
            self.run_method("validate")
            self.run_method("before_save")
        if action == "submit":
            self.run_method("before_submit")
        elif action == "cancel":
            self.run_method("before_cancel")
        elif action == "update_after_submit":
            self.run_method("before_update_after_submit")
        validation.coerce_values(self, coerced)
        if action == "cancel":
            return
        if not self.flags.ignore_mandatory:
            validation.check_mandatory(self)
        if not self.flags.ignore_links:
            validation.check_links(self)
        validation.check_unique(self)
        if not self.flags.ignore_permissions:
            perms.check_field_levels(self, before)

    def _store_secrets(self) -> None:
        """Password fields are kept encrypted in __Auth, never in the doctype's table."""
        from lowcode.auth.secrets import set_secret

        for df in self.meta.fields:
            if df.fieldtype == "Password" and self.__dict__.get(df.fieldname) not in (None, ""):
                set_secret(self.doctype, self.name, df.fieldname, str(self.__dict__[df.fieldname]))
                self.__dict__[df.fieldname] = None

    def get_password(self, fieldname: str) -> str | None:
        from lowcode.auth.secrets import get_secret

        return get_secret(self.doctype, self.name, fieldname)

    # ---- other operations --------------------------------------------------------------------
    def reload(self) -> Document:
        values = persistence.load_values(self.doctype, self.name)
        fresh = get_controller(self.doctype)(self.doctype, values)
        for key in [k for k in self.__dict__ if not k.startswith("_") and k not in ("flags", "doctype")]:
            self.__dict__.pop(key, None)
        self.__dict__.update({k: v for k, v in fresh.__dict__.items() if k not in ("flags", "_is_new")})
        for row in self.get_children():
            row.__dict__["_parent_doc"] = self
        return self

    def db_set(self, fieldname: str | dict[str, Any], value: Any = None, *, update_modified: bool = True) -> None:
        """Write field values straight to the row (no validation, no hooks) and to this object."""
        values = fieldname if isinstance(fieldname, dict) else {fieldname: value}
        meta = self.meta
        for key, val in list(values.items()):
            df = meta.get_field(key)
            if df is not None:
                values[key] = df.ftype.coerce(val, df)
        if update_modified:
            values.update(modified=now(), modified_by=local.user)
        self.__dict__.update(values)
        if meta.issingle:
            persistence.save_single(self)
            return
        table = get_table(self.doctype)
        local.db.execute(table.update().where(table.c.name == self.name).values(values))

    def delete(self, *, ignore_permissions: bool | None = None) -> None:
        from lowcode.model.deletion import delete_doc

        delete_doc(self.doctype, self.name, ignore_permissions=bool(ignore_permissions or self.flags.ignore_permissions))

    def add_comment(self, comment_type: str = "Comment", text: str | None = None, **extra: Any) -> Document:
        comment = new_doc("Comment", comment_type=comment_type, reference_doctype=self.doctype,
                          reference_name=self.name, content=text, comment_email=local.user, **extra)  # fmt: skip
        comment.insert(ignore_permissions=True)
        return comment


_STATUS = {DRAFT: "draft", SUBMITTED: "submitted", CANCELLED: "cancelled"}


def default_value(default: str, fieldtype: str) -> Any:
    """A field's default: the text, or Today, Now, __user."""
    token = default.strip()
    if token.lower() == "today":
        return today()
    if token.lower() == "now":
        return now()
    if token in ("__user", "user"):
        return local.user
    return token


def new_doc(doctype: str, **values: Any) -> Document:
    """An unsaved document of `doctype` with `values` set."""
    return get_controller(doctype)(doctype, values)


def get_doc(doctype: str | dict[str, Any], name: str | None = None, *, for_update: bool = False) -> Document:
    """Load a document (`get_doc("Lead", "LEAD-1")`), a single (`get_doc("CRM Settings")`),
    or build a new one from a dict with a `doctype` key."""
    if isinstance(doctype, dict):
        values = dict(doctype)
        dt_name = values.pop("doctype")
        return new_doc(dt_name, **values)
    meta = get_meta(doctype)
    if meta.issingle:
        name = doctype
    if name is None:
        raise DoesNotExistError(f"Which {doctype}? A name is needed.", doctype=doctype)
    values = persistence.load_values(doctype, name, for_update=for_update)
    doc = get_controller(doctype)(doctype, values)
    doc.__dict__["_is_new"] = False
    return doc


def exists(doctype: str, name: str | dict[str, Any]) -> bool:
    if isinstance(name, dict):
        from lowcode.db.query import get_all

        return bool(get_all(doctype, filters=name, limit=1, pluck="name"))
    return persistence.exists(doctype, name)
