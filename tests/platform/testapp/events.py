"""doc_events handlers of the test app."""

from __future__ import annotations

from typing import Any

CALLS: list[tuple[str, str]] = []


def count_update(doc: Any, method: str) -> None:
    CALLS.append((doc.name, method))
