"""What a bulk import batches: naming-series numbers reserved in blocks, link targets memoised.

Each document is still validated on its own; these only save the round trips that repeat
the same answer (the next counter value, whether 'Website' is a Lead Source).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from lowcode.context import local
from lowcode.model.naming import SERIES_BLOCKS, SeriesBlocks
from lowcode.model.validation import LINK_MEMO

BLOCK_SIZE = 500


@contextmanager
def batch_caches(block_size: int = BLOCK_SIZE) -> Iterator[None]:
    """Turn them on for the block; they are dropped at its end, whatever happens."""
    local.flags[SERIES_BLOCKS] = SeriesBlocks(block_size)
    local.flags[LINK_MEMO] = {}
    try:
        yield
    finally:
        for key in (SERIES_BLOCKS, LINK_MEMO):
            local.flags.pop(key, None)


Mark = dict[str, int]


def mark() -> Mark | None:
    blocks = local.flags.get(SERIES_BLOCKS)
    return blocks.mark() if blocks is not None else None


def rewind(position: Mark | None) -> None:
    """After a document failed: its numbers go back, and link targets are looked up afresh."""
    blocks = local.flags.get(SERIES_BLOCKS)
    if blocks is not None and position is not None:
        blocks.rewind(position)
    if LINK_MEMO in local.flags:
        local.flags[LINK_MEMO] = {}


def settle() -> None:
    """Before each commit: give back reserved numbers nobody took, forget the link targets seen."""
    blocks = local.flags.get(SERIES_BLOCKS)
    if blocks is not None:
        blocks.settle()
    if LINK_MEMO in local.flags:
        local.flags[LINK_MEMO] = {}
