"""Pausing Python's cyclic garbage collector while WeasyPrint lays out a page.

A one-page render allocates tens of thousands of short-lived box objects. With the
collector running, young collections promote them to the older generations and every
few renders that triggers a full collection of the whole process heap (metadata, ORM,
caches): about 200 ms on the development machine, the tail of the print times. Paused,
they are freed by reference counting or by one young collection once the render ends.
The pause is shared by concurrent renders in other threads and keeps a collector that
was already disabled disabled.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_state = {"holders": 0, "was_enabled": False}


@contextmanager
def gc_paused() -> Iterator[None]:
    """Run the block with the cyclic collector off (reference counting still frees memory)."""
    with _lock:
        if _state["holders"] == 0:
            _state["was_enabled"] = gc.isenabled()
            gc.disable()
        _state["holders"] += 1
    try:
        yield
    finally:
        with _lock:
            _state["holders"] -= 1
            if _state["holders"] == 0 and _state["was_enabled"]:
                gc.enable()
