"""What a streaming exercise's table says about the stream that wrote it (exercises 4 to 6): a
tail of batches never read (the data released later, not read after the restart), lines or rows
written twice (a restart without its checkpoint, a replayed micro-batch appended again), and
the newest windows an append-mode aggregation has not written yet."""

from __future__ import annotations

from collections import Counter

RESTART = (
    "the data released later was not read: after Release more data, run the query again "
    "with the same checkpointLocation, and it reads only the new files"
)
NEW_CHECKPOINT = (
    "a restart with a new checkpoint (or none) reads every file again: keep the same "
    "checkpointLocation across runs, it remembers which files were read"
)
REPLAY = (
    "a micro-batch written twice (a replay after a restart, or files read again) appends its "
    "rows again: MERGE on the key instead of appending, so writing the same rows again changes nothing"
)


def missing_tail(missing: Counter, expected: Counter) -> list[str]:
    """The batches (sorted) of a tail of batches missing whole: every batch from some batch on
    has all its rows missing, and no earlier batch misses any. [] otherwise."""
    batches = sorted(expected)
    gone = [b for b in batches if missing[b] and missing[b] == expected[b]]
    if not gone or sum(missing.values()) != sum(expected[b] for b in gone):
        return []
    tail = batches[batches.index(gone[0]):]
    return gone if gone == tail else []


def doubled_batches(over: Counter, expected: Counter) -> list[str]:
    """The batches (sorted) whose every row is there once too often, when the extra rows are
    exactly those batches': what reading the same files again gives. [] otherwise."""
    whole = sorted(b for b in over if over[b] == expected[b])
    return whole if whole and sum(over.values()) == sum(expected[b] for b in whole) else []


def span(batches: list[str]) -> str:
    return batches[0] if len(batches) == 1 else f"{batches[0]} to {batches[-1]}"
