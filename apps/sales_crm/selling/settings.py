"""Selling Settings with their metadata defaults, whether or not an admin saved them yet."""

from __future__ import annotations

from lowcode.model.document import Document, get_doc


def selling_settings() -> Document:
    doc = get_doc("Selling Settings")
    for df in doc.meta.data_fields:
        if doc.__dict__.get(df.fieldname) is None and df.default not in (None, ""):
            doc.__dict__[df.fieldname] = df.ftype.coerce(df.default, df)
    return doc
