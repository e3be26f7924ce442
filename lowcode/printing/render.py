"""Rendering one document with a print format (its own, the doctype's default, or the generic one)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from lowcode.client import get_permitted_doc
from lowcode.context import local
from lowcode.db.query import get_all, get_value
from lowcode.exceptions import DoesNotExistError, ValidationError
from lowcode.meta.meta import Meta
from lowcode.model.document import Document
from lowcode.perms import check_doc_permission, strip_unreadable
from lowcode.printing.helpers import NUMERIC, Helpers
from lowcode.printing.sandbox import PrintDoc, make_environment, render_template

TEMPLATES = Path(__file__).parent / "templates"
GENERIC = "Standard"


@dataclass
class Rendered:
    html: str
    title: str
    author: str
    format_name: str


@cache
def _trusted() -> jinja2.Environment:
    """The platform's own page templates (not user-editable)."""
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, trim_blocks=True, lstrip_blocks=True)


def choose_format(doctype: str, name: str | None) -> dict[str, Any] | None:
    """The Print Format record to use (None: the generic format)."""
    fields = ["name", "doc_type", "html", "css", "disabled", "page_size"]
    if name and name != GENERIC:
        rows = get_all("Print Format", filters={"name": name}, fields=fields, limit=1)
        if not rows:
            raise DoesNotExistError(f"Print Format '{name}' not found.", doctype="Print Format", name=name)
        record = rows[0]
        if record["doc_type"] != doctype:
            raise ValidationError(f"Print Format '{name}' is for {record['doc_type']}, not {doctype}.", doctype="Print Format", name=name)
        if record["disabled"]:
            raise ValidationError(f"Print Format '{name}' is disabled.", doctype="Print Format", name=name)
        return record
    if name == GENERIC:
        return None
    rows = get_all("Print Format", filters={"doc_type": doctype, "is_default": 1, "disabled": 0}, fields=fields, limit=1)
    return rows[0] if rows else None


def _letter_head(name: str | None, skip: bool) -> dict[str, Any] | None:
    if skip:
        return None
    fields = ["name", "image", "header_html", "footer_html"]
    filters = {"name": name} if name else {"is_default": 1, "disabled": 0}
    rows = get_all("Letter Head", filters=filters, fields=fields, limit=1)
    if name and not rows:
        raise DoesNotExistError(f"Letter Head '{name}' not found.", doctype="Letter Head", name=name)
    return rows[0] if rows else None


def print_view(doc: Document) -> PrintDoc:
    """The document (and its rows) as the current user may read it."""
    values = strip_unreadable(doc.doctype, doc.as_dict())
    for df in doc.meta.fields:
        if df.has_column and df.fieldname not in values:
            values[df.fieldname] = None
    for df in doc.meta.table_fields:
        label = df.options or df.fieldname
        values[df.fieldname] = [PrintDoc(row, label) for row in values.get(df.fieldname) or []]
    return PrintDoc(values, f"{doc.doctype} '{doc.name}'")


def linked_names(doc: Document) -> set[tuple[str, str]]:
    out = set()
    for row in [doc, *doc.get_children()]:
        for df in row.meta.link_fields + row.meta.dynamic_link_fields:
            value = row.get(df.fieldname)
            target = df.options if df.fieldtype == "Link" else row.get(df.options or "")
            if value and target:
                out.add((str(target), str(value)))
    return out


def generic_layout(doc: PrintDoc, meta: Meta, helpers: Helpers) -> list[dict[str, Any]]:
    """Sections of (label, formatted value) pairs and child tables, in form order."""
    from lowcode.meta.cache import get_meta

    sections: list[dict[str, Any]] = [{"label": None, "fields": [], "tables": []}]
    for df in meta.fields:
        if df.fieldtype in ("Section Break", "Tab Break"):
            sections.append({"label": df.label, "fields": [], "tables": []})
        elif df.print_hide or df.hidden or df.fieldname not in doc:
            continue
        elif df.ftype.is_table:
            child = get_meta(df.options or "")
            columns = [c for c in child.data_fields if not (c.print_hide or c.hidden)]
            rows = [
                [helpers.format_value(row.get(c.fieldname), c.fieldtype, c.options) for c in columns] for row in doc.get(df.fieldname, [])
            ]
            if rows:
                sections[-1]["tables"].append({"label": df.display_label, "rows": rows,
                                               "columns": [{"label": c.display_label, "numeric": c.fieldtype in NUMERIC} for c in columns]})  # fmt: skip
        elif df.has_column and doc.get(df.fieldname) not in (None, ""):
            sections[-1]["fields"].append((df.display_label, helpers.format_value(doc.get(df.fieldname), df.fieldtype, df.options)))
    return [s for s in sections if s["fields"] or s["tables"]]


def render_document(doctype: str, name: str, print_format: str | None = None, lang: str | None = None,
                    letter_head: str | None = None, no_letterhead: bool = False) -> Rendered:  # fmt: skip
    """The full HTML page of one document, for a user with read and print rights on it."""
    doc = get_permitted_doc(doctype, name, "read")
    check_doc_permission(doc, "print")
    record = choose_format(doctype, print_format)
    lang = lang or local.lang or "en"
    helpers = Helpers(lang, str(local.site.get("currency") or "EUR"), linked_names(doc))
    env = make_environment(helpers.as_globals(), helpers.as_filters())
    view = print_view(doc)
    title = f"{doctype} {doc.name}"
    context: dict[str, Any] = {"doc": view, "title": title, "lang": lang, "doctype": doctype}
    format_name = record["name"] if record else GENERIC
    if record and (record.get("html") or "").strip():
        body = render_template(env, record["html"], context, f"Print Format '{format_name}'")
    else:
        layout = generic_layout(view, doc.meta, helpers)
        body = _trusted().get_template("standard.html").render(title=title, layout=layout)
    head = _letter_head(letter_head, no_letterhead)
    header = footer = ""
    if head:
        what = f"Letter Head '{head['name']}'"
        header = render_template(env, head["header_html"], context, what) if head.get("header_html") else ""
        if not header and head.get("image"):
            header = str(Markup('<img src="{}" alt="">').format(head["image"]))
        footer = render_template(env, head["footer_html"], context, what) if head.get("footer_html") else ""
    author = str(get_value("User", local.user, "full_name") or local.user)
    html = _trusted().get_template("page.html").render(
        lang=lang, title=title, author=author, page_size=(record or {}).get("page_size") or "A4", format_name=format_name,
        css=Markup(((record or {}).get("css") or "").replace("</", "<\\/")), header=Markup(header), footer=Markup(footer), body=Markup(body),
    )  # fmt: skip
    return Rendered(html, title, author, format_name)
