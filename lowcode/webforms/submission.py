"""What a web form submission writes, as Guest.

Guest has no create right on the doctype; the form grants it for its own fields only
(anything else sent is dropped). When a dedupe field's normalised value matches an
existing record, that record's empty fields are filled and a comment notes the new
submission instead of a duplicate being created.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lowcode.context import local
from lowcode.db.query import get_all
from lowcode.duplicates.finder import matching_names
from lowcode.duplicates.rules import rules_for
from lowcode.exceptions import ValidationError
from lowcode.model.document import Document, get_doc, new_doc


@dataclass
class Outcome:
    name: str
    updated: bool
    errors: dict[str, str] = field(default_factory=dict)


def form_values(form: Document, posted: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """The posted values of the form's fields (others dropped; hidden ones take their default) and the missing mandatory ones."""
    values: dict[str, Any] = {}
    missing: dict[str, str] = {}
    for row in form.web_form_fields:
        value = row.default if row.hidden else posted.get(row.fieldname)
        value = value.strip() if isinstance(value, str) else None
        if value:
            values[row.fieldname] = value[:5000]
        elif row.reqd:
            missing[row.fieldname] = f"{row.label or row.fieldname} is required"
    return values, missing


def existing_match(form: Document, values: dict[str, Any]) -> str | None:
    """The oldest record sharing a dedupe field's normalised value, if any."""
    from lowcode.core.doctype.web_form.web_form import dedupe_fieldnames

    wanted = set(dedupe_fieldnames(form.dedupe_fields))
    labels = {r.label for r in rules_for(form.doc_type) if len(r.fields) == 1 and r.fields[0][0] in wanted}
    if not labels:
        return None
    names = [name for name, rules in matching_names(form.doc_type, values).items() if labels & set(rules)]
    if not names:
        return None
    return get_all(form.doc_type, filters=[["name", "in", names]], order_by="creation asc", limit=1, pluck="name")[0]


def submit(form: Document, posted: dict[str, Any]) -> Outcome:
    """Create the record (or update the matching one); raises ValidationError naming the fields."""
    values, missing = form_values(form, posted)
    if missing:
        raise ValidationError(f"{form.title}: " + "; ".join(missing.values()) + ".", doctype=form.doc_type, errors=missing)
    match = existing_match(form, values)
    if match is None:
        doc = new_doc(form.doc_type, **values)
        doc.insert(ignore_permissions=True)
        return Outcome(str(doc.name), updated=False)
    doc = get_doc(form.doc_type, match, for_update=True)
    filled = [k for k, v in values.items() if doc.get(k) in (None, "", 0) and v]
    for key in filled:
        doc.set(key, values[key])
    if filled:
        doc.save(ignore_permissions=True)
    summary = "\n".join(f"{_label(form, k)}: {v}" for k, v in values.items())
    doc.add_comment(
        "Comment", f"Submitted again through the web form '{form.title}' from {local.request_ip or 'an unknown address'}:\n{summary}"
    )
    return Outcome(str(doc.name), updated=True)


def _label(form: Document, fieldname: str) -> str:
    return next((r.label or fieldname for r in form.web_form_fields if r.fieldname == fieldname), fieldname)
