"""Strict validation of DocType metadata: raw JSON in, a `Meta` out, or one clear error.

`build_meta` checks one doctype on its own (keys, types, fieldtypes, names, naming rule);
`check_references` checks what needs the other doctypes (Link and Table targets,
fetch_from sources). Errors name the source file (or record) and the field.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from typing import Any

from lowcode.exceptions import MetadataError
from lowcode.meta.fieldtypes import FIELDTYPES
from lowcode.meta.meta import (
    CHILD_FIELDS,
    DOCFIELD_KEYS,
    DOCPERM_KEYS,
    DOCTYPE_ACTION_KEYS,
    DOCTYPE_KEYS,
    RIGHTS,
    STANDARD_FIELDS,
    DocField,
    DocPerm,
    DocTypeAction,
    Meta,
)
from lowcode.utils.safe_expr import ExpressionError, compile_expression

FIELDNAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,61}$")
DOCTYPE_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9 _-]{0,59}$")
NAMING_RULES = {
    "Set by user": "prompt",
    "Autoincrement": "autoincrement",
    "By fieldname": "field:",
    'By "Naming Series" field': "naming_series:",
    "Expression": "format:",
    "Expression (old style)": ".",
    "Random": "hash",
    "By script": "",
}
#: attributes of Document the platform itself uses; a field may not hide them
RESERVED_FIELDNAMES = {
    "doctype", "meta", "flags", "parent_doc", "insert", "save", "reload", "get", "set", "append",
    "as_dict", "update", "validate", "run_method", "is_new", "get_doc_before_save", "db_set",
    "add_comment", "has_value_changed", "get_children",
}  # fmt: skip
#: lifecycle methods a submittable doctype's fields may not hide
SUBMIT_METHODS = {"submit", "cancel", "amend", "delete"}
INT_LIKE = (int,)


def _fail(source: str, message: str, fieldname: str | None = None) -> MetadataError:
    where = f"{source}: field '{fieldname}'" if fieldname else source
    return MetadataError(f"{where}: {message}", fieldname=fieldname)


def _coerce_keys(
    raw: Mapping[str, Any],
    keys: Mapping[str, dataclasses.Field[Any]],
    source: str,
    what: str,
    fieldname: str | None = None,
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in raw.items():
        spec = keys.get(key)
        if spec is None:
            raise _fail(source, f"unknown {what} key '{key}'", fieldname)
        attr = "import_" if key == "import" else key
        out[attr] = _coerce_value(spec, value, source, key, fieldname)
    return out


def _coerce_value(spec: dataclasses.Field[Any], value: Any, source: str, key: str, fieldname: str | None) -> Any:
    kind = str(spec.type)
    if kind == "int":
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, int):
            return value
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            return int(value)
        raise _fail(source, f"key '{key}' must be a number, not {value!r}", fieldname)
    if kind in ("str | None", "str"):
        if value is None and kind == "str | None":
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise _fail(source, f"key '{key}' must be text, not {value!r}", fieldname)
        return str(value)
    if kind.startswith("list"):
        if not isinstance(value, list):
            raise _fail(source, f"key '{key}' must be a list", fieldname)
        return value
    return value


def build_field(raw: Mapping[str, Any], source: str) -> DocField:
    if not isinstance(raw, Mapping):
        raise _fail(source, f"each entry of 'fields' must be an object, not {raw!r}")
    fieldname = raw.get("fieldname")
    if not isinstance(fieldname, str) or not fieldname:
        raise _fail(source, f"a field has no fieldname (label {raw.get('label')!r})")
    values = _coerce_keys(raw, DOCFIELD_KEYS, source, "field", fieldname)
    df = DocField(**values)
    if df.fieldtype not in FIELDTYPES:
        raise _fail(source, f"unknown fieldtype '{df.fieldtype}'", fieldname)
    if not FIELDNAME_RE.match(fieldname):
        raise _fail(source, "fieldname must be lower case letters, digits and _, starting with a letter", fieldname)
    if fieldname in STANDARD_FIELDS or fieldname in CHILD_FIELDS or fieldname in RESERVED_FIELDNAMES:
        raise _fail(source, "this fieldname is reserved by the platform", fieldname)
    ftype = df.ftype
    if ftype.needs_options and not (df.options or "").strip():
        raise _fail(source, f"a {df.fieldtype} field needs options", fieldname)
    if df.fieldtype == "Select" and not [c for c in df.select_options if c]:
        raise _fail(source, "a Select field needs at least one option", fieldname)
    if df.fieldtype == "Select" and df.default and df.default not in df.select_options:
        raise _fail(source, f"default '{df.default}' is not one of the options", fieldname)
    if df.length and not (ftype.has_column and hasattr(ftype, "max_length")):
        raise _fail(source, f"'length' applies to short text fields, not {df.fieldtype}", fieldname)
    if not 0 <= df.length <= 1000:
        raise _fail(source, "length must be between 1 and 1000", fieldname)
    if not 0 <= df.permlevel <= 9:
        raise _fail(source, "permlevel must be between 0 and 9", fieldname)
    if df.unique and not ftype.has_column:
        raise _fail(source, f"a {df.fieldtype} field cannot be unique", fieldname)
    if df.precision not in (None, "") and not str(df.precision).isdigit():
        raise _fail(source, "precision must be a number of decimals (0-9)", fieldname)
    for key in ("depends_on", "mandatory_depends_on", "read_only_depends_on", "collapsible_depends_on"):
        expr = getattr(df, key)
        if expr:
            try:
                compile_expression(expr)
            except ExpressionError as exc:
                raise _fail(source, f"{key}: {exc}", fieldname) from exc
    if df.fetch_from and not re.fullmatch(r"[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*", df.fetch_from):
        raise _fail(source, "fetch_from must look like link_field.source_field", fieldname)
    return df


def build_perm(raw: Mapping[str, Any], source: str) -> DocPerm:
    if not isinstance(raw, Mapping) or not raw.get("role"):
        raise _fail(source, f"each permission needs a role: {raw!r}")
    return DocPerm(**_coerce_keys(raw, DOCPERM_KEYS, source, "permission"))


ACTION_TYPES = ("Server Action", "Route")
DOTTED_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$")


def build_action(raw: Mapping[str, Any], source: str) -> DocTypeAction:
    """One form button; its dialog fields are checked like any field."""
    if not isinstance(raw, Mapping) or not raw.get("label") or not raw.get("action"):
        raise _fail(source, f"each action needs a label and an action: {raw!r}")
    where = f"{source}: action '{raw['label']}'"
    values = _coerce_keys({k: v for k, v in raw.items() if k != "fields"}, DOCTYPE_ACTION_KEYS, where, "action")
    action = DocTypeAction(**values, fields=[build_field(f, where) for f in raw.get("fields") or []])
    if action.action_type not in ACTION_TYPES:
        raise _fail(where, f"action_type must be one of {', '.join(ACTION_TYPES)}")
    if action.action_type == "Server Action" and not DOTTED_RE.match(action.action):
        raise _fail(where, f"'{action.action}' is not a dotted path to a whitelisted method")
    if action.action_type == "Route" and not action.action.startswith("/"):
        raise _fail(where, "a Route action must be a path starting with /")
    if action.right not in RIGHTS:
        raise _fail(where, f"right must be one of {', '.join(RIGHTS)}")
    if bool(action.open_doctype) != bool(action.open_key):
        raise _fail(where, "open_doctype and open_key go together")
    if action.condition:
        try:
            compile_expression(action.condition)
        except ExpressionError as exc:
            raise _fail(where, f"condition: {exc}") from exc
    return action


def build_meta(raw: Mapping[str, Any], source: str, app: str = "") -> Meta:
    """Validate one doctype on its own and return its Meta."""
    if not isinstance(raw, Mapping):
        raise _fail(source, "a DocType file must hold one JSON object")
    if raw.get("doctype", "DocType") != "DocType":
        raise _fail(source, f"'doctype' must be \"DocType\", not {raw.get('doctype')!r}")
    for key in ("name", "module"):
        if not raw.get(key):
            raise _fail(source, f"'{key}' is required")
    values = _coerce_keys({k: v for k, v in raw.items() if k not in ("fields", "permissions", "actions")}, DOCTYPE_KEYS, source, "DocType")
    if not DOCTYPE_NAME_RE.match(values["name"]):
        raise _fail(source, f"DocType name '{values['name']}' must start with a letter and use letters, digits, spaces, - and _")
    fields_raw = raw.get("fields", [])
    perms_raw = raw.get("permissions", [])
    if not isinstance(fields_raw, list) or not isinstance(perms_raw, list):
        raise _fail(source, "'fields' and 'permissions' must be lists")
    actions_raw = raw.get("actions", [])
    if not isinstance(actions_raw, list):
        raise _fail(source, "'actions' must be a list")
    fields = [build_field(f, source) for f in fields_raw]
    perms = [build_perm(p, source) for p in perms_raw]
    actions = [build_action(a, source) for a in actions_raw]
    seen: set[str] = set()
    for df in fields:
        if df.fieldname in seen:
            raise _fail(source, "duplicate fieldname", df.fieldname)
        seen.add(df.fieldname)
    if values.get("is_submittable") and "amended_from" not in seen:
        fields.append(DocField("amended_from", "Link", "Amended From", options=values["name"], read_only=1, no_copy=1, print_hide=1))
    meta = Meta(**values, fields=_ordered(fields, values.get("field_order") or [], source), permissions=perms, actions=actions)
    meta.source, meta.app = source, app
    _check_doctype_settings(meta, source)
    return meta


def _ordered(fields: list[DocField], order: list[str], source: str) -> list[DocField]:
    if not order:
        return fields
    by_name = {f.fieldname: f for f in fields}
    unknown = [n for n in order if n not in by_name]
    if unknown:
        raise _fail(source, f"field_order names unknown fields: {', '.join(unknown)}")
    ordered = [by_name[n] for n in order]
    return ordered + [f for f in fields if f.fieldname not in order]


def _check_doctype_settings(meta: Meta, source: str) -> None:
    if meta.istable and meta.issingle:
        raise _fail(source, "a doctype cannot be both a child table (istable) and a single")
    if meta.istable and meta.is_submittable:
        raise _fail(source, "a child table cannot be submittable; its parent is")
    if meta.is_submittable:
        for df in meta.fields:
            if df.fieldname in SUBMIT_METHODS:
                raise _fail(source, "this fieldname is reserved in submittable doctypes", df.fieldname)
    for key in ("title_field", "image_field", "assignee_field", "nsm_parent_field"):
        value = getattr(meta, key)
        if value and not meta.get_field(value):
            raise _fail(source, f"{key} '{value}' is not a field of {meta.name}")
    if meta.sort_field and not meta.has_field(meta.sort_field):
        raise _fail(source, f"sort_field '{meta.sort_field}' is not a field of {meta.name}")
    if meta.sort_order.upper() not in ("ASC", "DESC"):
        raise _fail(source, "sort_order must be ASC or DESC")
    for name in meta.get_search_fields():
        if not meta.has_field(name):
            raise _fail(source, f"search_fields names '{name}', which is not a field of {meta.name}")
    if meta.is_tree and not meta.nsm_parent_field:
        raise _fail(source, "a tree doctype (is_tree) needs nsm_parent_field, the Link to its parent")
    _check_naming(meta, source)
    for df in meta.fields:
        if df.fetch_from:
            link = meta.get_field(df.fetch_from.split(".")[0])
            if not link or link.fieldtype != "Link":
                raise _fail(source, f"fetch_from '{df.fetch_from}' must start with a Link field of {meta.name}", df.fieldname)
        if df.fieldtype == "Dynamic Link":
            source_field = meta.get_field(df.options or "")
            if not source_field or source_field.fieldtype not in ("Link", "Select", "Data"):
                raise _fail(source, f"Dynamic Link options must name the field that holds the doctype, not '{df.options}'", df.fieldname)


def _check_naming(meta: Meta, source: str) -> None:
    autoname = (meta.autoname or "").strip()
    rule = meta.naming_rule
    if rule is not None and rule not in NAMING_RULES:
        raise _fail(source, f"unknown naming_rule '{rule}' (one of: {', '.join(NAMING_RULES)})")
    kind = naming_kind(autoname)
    if kind is None:
        raise _fail(
            source,
            f"bad autoname '{autoname}': use field:<fieldname>, naming_series:, format:..., hash, autoincrement, prompt or a series like PRE-.#####",
        )
    if rule and rule != "By script" and NAMING_RULES[rule] != kind:
        raise _fail(source, f"naming_rule '{rule}' does not match autoname '{autoname}'")
    if kind == "field:":
        target = autoname.split(":", 1)[1].strip()
        if not meta.get_field(target):
            raise _fail(source, f"autoname '{autoname}' names a field that {meta.name} does not have")
    if kind == "naming_series:":
        series = meta.get_field("naming_series")
        if not series or series.fieldtype not in ("Select", "Data"):
            raise _fail(source, "autoname 'naming_series:' needs a Select field named naming_series")
    if kind == "format:":
        for ref in re.findall(r"\{([^}]+)\}", autoname):
            if not (re.fullmatch(r"#+|YYYY|YY|MM|DD|MON", ref) or meta.get_field(ref)):
                raise _fail(source, f"autoname '{autoname}' uses {{{ref}}}, which is neither a field nor YYYY, MM, DD or #")
        if not re.search(r"\{#+\}", autoname) and not re.findall(r"\{([a-z][a-z0-9_]*)\}", autoname):
            raise _fail(source, f"autoname '{autoname}' needs a counter {{#####}} or a field")


def naming_kind(autoname: str) -> str | None:
    """Classify an autoname value; None when it is not a valid rule."""
    if not autoname or autoname.lower() in ("hash", "random"):
        return "hash"
    lowered = autoname.lower()
    if lowered in ("prompt", "autoincrement"):
        return lowered
    for prefix in ("field:", "naming_series:", "format:"):
        if lowered.startswith(prefix):
            return prefix
    if "#" in autoname and "." in autoname and re.fullmatch(r"[A-Za-z0-9_./\- ]+", autoname):
        return "."
    return None


def check_references(metas: Mapping[str, Meta], doctypes: Iterable[str] | None = None) -> None:
    """Check Link/Table targets and fetch_from sources against the set of known doctypes."""
    for name in doctypes or metas:
        meta = metas[name]
        for df in meta.fields:
            if df.fieldtype == "Link" or df.ftype.is_table:
                target = metas.get(df.options or "")
                if target is None:
                    raise _fail(meta.source, f"{df.fieldtype} to '{df.options}', which is not a known doctype", df.fieldname)
                if df.ftype.is_table and not target.istable:
                    raise _fail(meta.source, f"Table field points to '{df.options}', which is not a child table (istable)", df.fieldname)
                if df.fieldtype == "Link" and target.istable:
                    raise _fail(meta.source, f"Link to '{df.options}', which is a child table", df.fieldname)
            if df.fetch_from:
                link_name, source_field = df.fetch_from.split(".")
                link = meta.get_field(link_name)
                target = metas.get(link.options or "") if link else None
                if target and not target.has_field(source_field):
                    raise _fail(meta.source, f"fetch_from '{df.fetch_from}': {target.name} has no field '{source_field}'", df.fieldname)
