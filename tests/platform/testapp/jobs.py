"""Job and scheduler functions of the test app: each leaves a Test Note behind."""

from __future__ import annotations

import time

import lowcode


def add_note(title: str, content: str = "") -> None:
    """Insert a Test Note whose content records who ran the job."""
    lowcode.new_doc("Test Note", title=title, content=content or lowcode.local.user).insert()


def add_note_then_fail(title: str) -> None:
    """Insert a note, then fail unless a note titled 'go' exists (so a retry can succeed)."""
    add_note(title)
    if not lowcode.exists("Test Note", {"title": "go"}):
        raise RuntimeError(f"no 'go' note yet for {title}")


def note_then_wait(title: str, seconds: float) -> None:
    """Leave a note (committed at once), then take `seconds` (a job to kill part way)."""
    add_note(title)
    lowcode.db.commit()
    time.sleep(seconds)


def noop() -> None:
    """Do nothing (throughput benchmark)."""


def tick_all() -> None:
    add_note("tick:all")


def tick_daily() -> None:
    add_note("tick:daily")


def boss_of(doc: object) -> list[str]:
    """A resolver: the 'team leader' of any document."""
    return ["boss@example.com"]
