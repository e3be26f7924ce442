"""DocType metadata in memory: `Meta` (a doctype), `DocField` and `DocPerm`.

The dataclass fields *are* the format: a key that is not a field here is unknown and is
refused at load (see `lowcode.meta.validate`). Defaults are the values a short JSON file
leaves out.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from lowcode.meta.fieldtypes import FieldType, get_fieldtype

STANDARD_FIELDS = ("name", "owner", "creation", "modified", "modified_by", "docstatus", "idx")
CHILD_FIELDS = ("parent", "parentfield", "parenttype")
RIGHTS = (
    "select", "read", "write", "create", "delete", "submit", "cancel", "amend",
    "report", "export", "import", "print", "email", "share",
)  # fmt: skip


@dataclass(slots=True)
class DocField:
    """One field of a doctype, with Frappe's keys."""

    fieldname: str
    fieldtype: str = "Data"
    label: str | None = None
    options: str | None = None
    default: str | None = None
    description: str | None = None
    placeholder: str | None = None
    reqd: int = 0
    unique: int = 0
    search_index: int = 0
    read_only: int = 0
    hidden: int = 0
    bold: int = 0
    collapsible: int = 0
    in_list_view: int = 0
    in_standard_filter: int = 0
    in_preview: int = 0
    in_global_search: int = 0
    allow_in_quick_entry: int = 0
    allow_on_submit: int = 0
    no_copy: int = 0
    print_hide: int = 0
    report_hide: int = 0
    non_negative: int = 0
    translatable: int = 0
    ignore_user_permissions: int = 0
    fetch_if_empty: int = 0
    permlevel: int = 0
    length: int = 0
    columns: int = 0
    precision: str | None = None
    width: str | None = None
    depends_on: str | None = None
    mandatory_depends_on: str | None = None
    read_only_depends_on: str | None = None
    collapsible_depends_on: str | None = None
    fetch_from: str | None = None
    #: set for fields added by a Custom Field record
    is_custom_field: int = 0
    #: Custom Field only: place after this fieldname
    insert_after: str | None = None

    @property
    def ftype(self) -> FieldType:
        return get_fieldtype(self.fieldtype)

    @property
    def has_column(self) -> bool:
        return self.ftype.has_column

    @property
    def select_options(self) -> list[str]:
        return [line.strip() for line in (self.options or "").split("\n")]

    @property
    def display_label(self) -> str:
        return self.label or self.fieldname.replace("_", " ").title()

    def as_dict(self) -> dict[str, Any]:
        """The short form: only keys that differ from their default."""
        return _short_form(self)


@dataclass(slots=True)
class DocTypeAction:
    """A button on the form: a whitelisted method called with the document, or a route to open.

    Frappe's keys (label, action_type, action, group, hidden) plus `condition` (a safe
    expression over the document), `right` (the permission the user needs on it),
    `doc_arg` (the method's argument that receives the document's name), `fields` (a
    dialog asking for more arguments, as DocFields) and `open_doctype`/`open_key` (open
    the record whose name the method answers under that key).
    """

    label: str
    action: str
    action_type: str = "Server Action"
    group: str | None = None
    hidden: int = 0
    condition: str | None = None
    right: str = "write"
    doc_arg: str = "name"
    fields: list[DocField] = field(default_factory=list)
    open_doctype: str | None = None
    open_key: str | None = None

    def as_dict(self) -> dict[str, Any]:
        out = _short_form(self, skip=("fields",))
        if self.fields:
            out["fields"] = [f.as_dict() for f in self.fields]
        return out


@dataclass(slots=True)
class DocPerm:
    """One permission rule: a role's rights at a permlevel, optionally on own documents only."""

    role: str
    permlevel: int = 0
    if_owner: int = 0
    select: int = 0
    read: int = 0
    write: int = 0
    create: int = 0
    delete: int = 0
    submit: int = 0
    cancel: int = 0
    amend: int = 0
    report: int = 0
    export: int = 0
    # "import" is a Python keyword; the JSON key is "import"
    import_: int = 0
    print: int = 0
    email: int = 0
    share: int = 0

    def has(self, right: str) -> bool:
        return bool(getattr(self, "import_" if right == "import" else right))

    def as_dict(self) -> dict[str, Any]:
        out = _short_form(self)
        if "import_" in out:
            out["import"] = out.pop("import_")
        return out


@dataclass
class Meta:
    """A doctype: its settings, fields and permission rules, customisations merged in."""

    name: str
    module: str
    doctype: str = "DocType"
    custom: int = 0
    istable: int = 0
    issingle: int = 0
    is_submittable: int = 0
    is_tree: int = 0
    nsm_parent_field: str | None = None
    track_changes: int = 0
    title_field: str | None = None
    image_field: str | None = None
    search_fields: str | None = None
    sort_field: str = "modified"
    sort_order: str = "DESC"
    autoname: str | None = None
    naming_rule: str | None = None
    description: str | None = None
    icon: str | None = None
    quick_entry: int = 0
    allow_rename: int = 0
    in_create: int = 0
    read_only: int = 0
    editable_grid: int = 0
    show_title_field_in_link: int = 0
    max_attachments: int = 0
    #: the field whose user counts as an owner for "own documents" rules
    assignee_field: str | None = None
    field_order: list[str] = field(default_factory=list)
    fields: list[DocField] = field(default_factory=list)
    permissions: list[DocPerm] = field(default_factory=list)
    #: buttons on the form (Frappe's DocType Action), see lowcode.meta.actions
    actions: list[DocTypeAction] = field(default_factory=list)
    #: where the metadata came from: the JSON file, or "DocType record"
    source: str = ""
    #: the app that owns the doctype ("" for custom doctypes)
    app: str = ""

    @cached_property
    def _fields_map(self) -> dict[str, DocField]:
        return {f.fieldname: f for f in self.fields}

    @property
    def table_name(self) -> str:
        return f"tab{self.name}"

    def get_field(self, fieldname: str) -> DocField | None:
        return self._fields_map.get(fieldname)

    def has_field(self, fieldname: str) -> bool:
        return fieldname in self._fields_map or fieldname in self.standard_fieldnames

    @cached_property
    def standard_fieldnames(self) -> tuple[str, ...]:
        return STANDARD_FIELDS + (CHILD_FIELDS if self.istable else ())

    @cached_property
    def data_fields(self) -> list[DocField]:
        """Fields stored in a column, in form order."""
        return [f for f in self.fields if f.has_column]

    @cached_property
    def column_names(self) -> tuple[str, ...]:
        return self.standard_fieldnames + tuple(f.fieldname for f in self.data_fields)

    @cached_property
    def table_fields(self) -> list[DocField]:
        return [f for f in self.fields if f.ftype.is_table]

    @cached_property
    def table_fieldnames(self) -> frozenset[str]:
        return frozenset(f.fieldname for f in self.table_fields)

    @cached_property
    def blank_values(self) -> dict[str, Any]:
        """A new row's values before its own: None everywhere, 0 for docstatus and idx (tables get a fresh list each)."""
        values: dict[str, Any] = dict.fromkeys(self.standard_fieldnames)
        values.update(docstatus=0, idx=0)
        values.update(dict.fromkeys(f.fieldname for f in self.fields if f.ftype.is_table or f.has_column or f.fieldtype == "Password"))
        return values

    @cached_property
    def defaulted_fields(self) -> list[DocField]:
        """Stored fields with a default value."""
        return [f for f in self.data_fields if f.default not in (None, "")]

    @cached_property
    def coercions(self) -> list[tuple[DocField, Callable[[Any, DocField], Any], bool, bool]]:
        """(field, its fieldtype's coerce, whether it must not be negative, whether it keeps None as None) per stored field."""
        return [(f, f.ftype.coerce, bool(f.non_negative and f.ftype.numeric), _keeps_none(f)) for f in self.data_fields]

    @cached_property
    def maybe_mandatory(self) -> list[DocField]:
        """Stored and table fields that are required, always or depending on the row."""
        return [f for f in self.fields if (f.has_column or f.ftype.is_table) and (f.reqd or f.mandatory_depends_on)]

    @cached_property
    def link_fields(self) -> list[DocField]:
        return [f for f in self.fields if f.fieldtype == "Link"]

    @cached_property
    def dynamic_link_fields(self) -> list[DocField]:
        return [f for f in self.fields if f.fieldtype == "Dynamic Link"]

    @property
    def is_custom(self) -> bool:
        return bool(self.custom)

    def get_search_fields(self) -> list[str]:
        names = [s.strip() for s in (self.search_fields or "").split(",") if s.strip()]
        if self.title_field and self.title_field not in names:
            names.insert(0, self.title_field)
        return names

    def get_title_field(self) -> str:
        return self.title_field or "name"

    def as_dict(self) -> dict[str, Any]:
        """The merged metadata in the short JSON form (what `get_meta` answers)."""
        out = _short_form(self, skip=("fields", "permissions", "actions", "source", "app", "field_order"))
        out["fields"] = [f.as_dict() for f in self.fields]
        out["permissions"] = [p.as_dict() for p in self.permissions]
        if self.actions:
            out["actions"] = [a.as_dict() for a in self.actions]
        return out


def _keeps_none(df: DocField) -> bool:
    """Whether coercing None gives None (then an empty value needs no coercion)."""
    try:
        return df.ftype.coerce(None, df) is None
    except Exception:  # noqa: BLE001 (a fieldtype refusing None is coerced every time)
        return False


def _short_form(obj: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        if f.name in skip:
            continue
        value = getattr(obj, f.name)
        default = f.default if f.default is not dataclasses.MISSING else None
        if f.default_factory is not dataclasses.MISSING:
            default = f.default_factory()
        if (value != default and value not in (None, "")) or (
            f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        ):
            out[f.name] = value
    return out


DOCFIELD_KEYS = {f.name: f for f in dataclasses.fields(DocField)}
DOCPERM_KEYS = {("import" if f.name == "import_" else f.name): f for f in dataclasses.fields(DocPerm)}
DOCTYPE_ACTION_KEYS = {f.name: f for f in dataclasses.fields(DocTypeAction)}
DOCTYPE_KEYS = {f.name: f for f in dataclasses.fields(Meta) if f.name not in ("source", "app")}
