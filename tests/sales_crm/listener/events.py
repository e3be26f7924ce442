"""The listener's handler: it records which opportunities were won."""

from __future__ import annotations

from typing import Any

WON: list[tuple[str, str]] = []


def record_won(doc: Any, method: str) -> None:
    WON.append((doc.name, method))
