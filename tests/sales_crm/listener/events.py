"""Handlers of the listener test app: it records won opportunities and can refuse a sales order late."""

from __future__ import annotations

from typing import Any

from lowcode.exceptions import ValidationError

WON: list[tuple[str, str]] = []


def record_won(doc: Any, method: str) -> None:
    WON.append((doc.name, method))


#: Sales Order terms that make the test hook refuse the submit (after the quotation was updated)
FAIL_MARK = "fail after submit"


def fail_when_marked(doc: Any, method: str) -> None:
    """Sales Order on_submit: refuse late when the terms say so, to prove multi-document saves are atomic."""
    if doc.terms == FAIL_MARK:
        raise ValidationError(f"{doc.doctype} '{doc.name}': refused on purpose by a test hook.", doctype=doc.doctype, name=doc.name)
