"""What a bulk import batches: naming-series numbers reserved in blocks, link targets memoised.

Each document is still validated on its own; these only save the round trips that repeat
the same answer (the next counter value, whether 'Website' is a Lead Source).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from lowcode.context import local
from lowcode.model.naming import SERIES_BLOCKS, SeriesBlocks
from lowcode.model.validation import LINK_MEMO, LinkMemo

BLOCK_SIZE = 500


@contextmanager
def batch_caches(block_size: int = BLOCK_SIZE) -> Iterator[None]:
    """Turn them on for the block; they are dropped at its end, whatever happens."""
    local.flags[SERIES_BLOCKS] = SeriesBlocks(block_size)
    local.flags[LINK_MEMO] = LinkMemo()
    try:
        yield
    finally:
        for key in (SERIES_BLOCKS, LINK_MEMO):
            local.flags.pop(key, None)


#: where the series blocks and the link memo stood before a document
Mark = tuple[dict[str, int] | None, int | None]


def mark() -> Mark:
    blocks, memo = local.flags.get(SERIES_BLOCKS), local.flags.get(LINK_MEMO)
    return (blocks.mark() if blocks is not None else None, memo.mark() if memo is not None else None)


def rewind(position: Mark) -> None:
    """After a document failed: its numbers go back, and the link targets read during it are forgotten."""
    series, learnt = position
    blocks, memo = local.flags.get(SERIES_BLOCKS), local.flags.get(LINK_MEMO)
    if blocks is not None and series is not None:
        blocks.rewind(series)
    if memo is not None and learnt is not None:
        memo.forget_since(learnt)


def settle() -> None:
    """Before each commit: give back reserved numbers nobody took, forget the link targets seen."""
    blocks = local.flags.get(SERIES_BLOCKS)
    if blocks is not None:
        blocks.settle()
    if LINK_MEMO in local.flags:
        local.flags[LINK_MEMO] = LinkMemo()
