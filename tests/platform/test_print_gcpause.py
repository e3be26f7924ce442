"""The garbage-collector pause around PDF renders: nested, shared across threads, and restoring the previous state."""

from __future__ import annotations

import gc
import threading

from lowcode.printing.gcpause import gc_paused


def test_the_collector_is_off_inside_and_back_on_after_the_last_holder():
    assert gc.isenabled()
    started, release = threading.Event(), threading.Event()

    def other_render() -> None:
        with gc_paused():
            started.set()
            release.wait(5)

    worker = threading.Thread(target=other_render)
    with gc_paused():
        assert not gc.isenabled()
        worker.start()
        started.wait(5)
    assert not gc.isenabled(), "still paused while the other thread renders"
    release.set()
    worker.join(5)
    assert gc.isenabled()


def test_a_collector_disabled_before_stays_disabled():
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
