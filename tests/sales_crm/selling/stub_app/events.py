"""doc_events of the stand-in app: a hook that fails late, to prove multi-document saves are atomic."""

from __future__ import annotations

from typing import Any

from lowcode.exceptions import ValidationError

FAIL_MARK = "fail after submit"


def fail_when_marked(doc: Any, method: str) -> None:
    """Sales Order on_submit: refuse (after the quotation was updated) when the terms say so."""
    if doc.terms == FAIL_MARK:
        raise ValidationError(f"{doc.doctype} '{doc.name}': refused on purpose by a test hook.", doctype=doc.doctype, name=doc.name)
