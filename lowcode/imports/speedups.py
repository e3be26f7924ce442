"""What a bulk import batches: naming-series numbers reserved in blocks, link targets memoised,
duplicate keys written once per batch.

Each document is still validated on its own; these only save the round trips that repeat
the same answer (the next counter value, whether 'Website' is a Lead Source).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from lowcode.context import local
from lowcode.duplicates.keys import KEY_BUFFER, flush_buffer
from lowcode.model.naming import SERIES_BLOCKS, SeriesBlocks
from lowcode.model.validation import LINK_MEMO

BLOCK_SIZE = 500


@contextmanager
def batch_caches(block_size: int = BLOCK_SIZE) -> Iterator[None]:
    """Turn them on for the block; they are dropped at its end, whatever happens."""
    local.flags[SERIES_BLOCKS] = SeriesBlocks(block_size)
    local.flags[LINK_MEMO] = {}
    local.flags[KEY_BUFFER] = []
    try:
        yield
    finally:
        for key in (SERIES_BLOCKS, LINK_MEMO, KEY_BUFFER):
            local.flags.pop(key, None)


Mark = tuple[dict[str, int], int]


def mark() -> Mark | None:
    blocks = local.flags.get(SERIES_BLOCKS)
    return (blocks.mark(), len(local.flags[KEY_BUFFER])) if blocks is not None else None


def rewind(position: Mark | None) -> None:
    """After a document failed: its numbers and keys go back, and link targets are looked up afresh."""
    blocks = local.flags.get(SERIES_BLOCKS)
    if blocks is not None and position is not None:
        blocks.rewind(position[0])
        del local.flags[KEY_BUFFER][position[1] :]
    if LINK_MEMO in local.flags:
        local.flags[LINK_MEMO] = {}


def settle() -> None:
    """Before each commit: give back reserved numbers nobody took, write the buffered keys, forget the link targets seen."""
    blocks = local.flags.get(SERIES_BLOCKS)
    if blocks is not None:
        blocks.settle()
    flush_buffer()
    if LINK_MEMO in local.flags:
        local.flags[LINK_MEMO] = {}
