"""`BaseDocument`: a record's values as attributes, its child rows, and its dict form."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from lowcode.meta.cache import get_meta
from lowcode.meta.meta import CHILD_FIELDS, STANDARD_FIELDS

if TYPE_CHECKING:
    from lowcode.meta.meta import Meta


class Flags(dict[str, Any]):
    """Per-document switches (`doc.flags.ignore_permissions = True`)."""

    def __getattr__(self, name: str) -> Any:
        return self.get(name)

    def __setattr__(self, name: str, value: Any) -> None:
        self[name] = value


class BaseDocument:
    """Values live in `__dict__` (fast attribute access, like Frappe); child rows are lists."""

    doctype: str

    def __init__(self, doctype: str, values: dict[str, Any] | None = None, parent_doc: BaseDocument | None = None) -> None:
        self.__dict__["doctype"] = doctype
        self.__dict__["flags"] = Flags()
        self.__dict__["_parent_doc"] = parent_doc
        meta = self.__dict__["_meta"] = get_meta(doctype)
        self.__dict__.update(meta.blank_values)
        for name in meta.table_fieldnames:
            self.__dict__[name] = []
        if values:
            self.update(values)

    @property
    def meta(self) -> Meta:
        """The doctype's metadata as it was when this object was made."""
        return self.__dict__["_meta"]

    @property
    def parent_doc(self) -> BaseDocument | None:
        return self.__dict__["_parent_doc"]

    def get(self, key: str, default: Any = None) -> Any:
        value = self.__dict__.get(key, default)
        return default if value is None else value

    def set(self, key: str, value: Any) -> None:
        if key in self.meta.table_fieldnames:
            self.__dict__[key] = []
            for row in value or []:
                self.append(key, row)
        else:
            self.__dict__[key] = value

    def update(self, values: dict[str, Any]) -> BaseDocument:
        tables, own = self.meta.table_fieldnames, self.__dict__
        for key, value in values.items():
            if key in ("doctype", "flags") or key.startswith("_"):
                continue
            if key in tables:
                self.set(key, value)
            else:
                own[key] = value
        return self

    def append(self, tablefield: str, row: dict[str, Any] | BaseDocument | None = None) -> BaseDocument:
        """Add a child row to a Table field and return it."""
        from lowcode.model.controllers import get_controller

        df = self.meta.get_field(tablefield)
        if df is None or not df.ftype.is_table:
            from lowcode.exceptions import ValidationError

            raise ValidationError(f"{self.doctype} has no table field '{tablefield}'.", doctype=self.doctype, fieldname=tablefield)
        rows = self.__dict__.setdefault(tablefield, [])
        if isinstance(row, BaseDocument):
            child = row
            child.__dict__["_parent_doc"] = self
        else:
            data = dict(row or {})
            data.pop("doctype", None)
            child = get_controller(df.options or "")(df.options or "", data, parent_doc=self)
        child.__dict__.update(parentfield=tablefield, parenttype=self.doctype, parent=self.name)
        rows.append(child)
        child.__dict__["idx"] = len(rows)
        return child

    def get_children(self) -> Iterator[BaseDocument]:
        for df in self.meta.table_fields:
            yield from self.__dict__.get(df.fieldname) or []

    def as_dict(self, *, no_nulls: bool = False, convert: bool = False) -> dict[str, Any]:
        """The record as a dict: standard fields, data fields and child rows (as dicts)."""
        meta = self.meta
        out: dict[str, Any] = {"doctype": self.doctype}
        names = list(STANDARD_FIELDS) + (list(CHILD_FIELDS) if meta.istable else [])
        for name in names:
            out[name] = self.__dict__.get(name)
        for df in meta.fields:
            if df.ftype.is_table:
                out[df.fieldname] = [row.as_dict(no_nulls=no_nulls, convert=convert) for row in self.__dict__.get(df.fieldname) or []]
            elif df.has_column:
                out[df.fieldname] = self.__dict__.get(df.fieldname)
        if no_nulls:
            out = {k: v for k, v in out.items() if v is not None}
        if convert:
            from lowcode.utils.json import to_jsonable

            out = {k: (v if isinstance(v, list) else to_jsonable(v)) for k, v in out.items()}
        return out

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.doctype} {self.__dict__.get('name')!r}>"

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        raise AttributeError(f"{self.doctype} has no field '{name}'")
