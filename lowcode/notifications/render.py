"""A Notification's subject and message: Jinja in the print sandbox, seeing only the document."""

from __future__ import annotations

from functools import cache
from typing import Any

import jinja2

from lowcode.printing.sandbox import PrintDoc, check_syntax, make_environment, render_template


@cache
def environment() -> jinja2.Environment:
    return make_environment({}, {})


def context(doc: Any) -> dict[str, Any]:
    values = doc.as_dict()
    for df in doc.meta.table_fields:
        values[df.fieldname] = [PrintDoc(row, df.options or df.fieldname) for row in values.get(df.fieldname) or []]
    return {"doc": PrintDoc(values, f"{doc.doctype} '{doc.name}'"), "doctype": doc.doctype}


def render_rule(rule: dict[str, Any], doc: Any) -> tuple[str, str]:
    """(subject, message) for `doc`; TemplateError names the Notification."""
    env, ctx = environment(), context(doc)
    what = f"Notification '{rule['name']}'"
    subject = " ".join(render_template(env, rule["subject"] or "", ctx, f"{what} subject").split())
    message = render_template(env, rule["message"] or "", ctx, f"{what} message") if rule["message"] else ""
    return subject, message


def check_templates(subject: str | None, message: str | None, what: str) -> None:
    check_syntax(subject or "", f"{what} subject")
    check_syntax(message or "", f"{what} message")
