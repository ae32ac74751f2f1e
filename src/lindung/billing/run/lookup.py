"""Where ids are in a sorted array of ids: by direct addressing while the ids are dense, else by binary search.

A run looks up every row of a chunk in arrays of every worker, employer and account: a million binary searches
a month into arrays of a million cost more than the reads they serve. Database ids are dense (a sequence, with
the gaps of deleted rows), so an array indexed by id gives each row's position in one gather; ids too sparse for
that (more than ``DENSE`` slots a row) fall back to ``numpy.searchsorted``.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import numpy.typing as npt

I64 = npt.NDArray[np.int64]
Positions = npt.NDArray[np.intp]
#: Direct addressing while the highest id is below DENSE slots a row (plus SLACK): 4 bytes a slot.
DENSE: Final = 4
SLACK: Final = 1 << 16


class IdIndex:
    """The position of each id of ``ids`` (sorted, unique, as given), -1 for an id not in it."""

    def __init__(self, ids: I64) -> None:
        self.ids = ids
        self.slots: npt.NDArray[np.int32] | None = None
        if len(ids) and int(ids[0]) >= 0 and int(ids[-1]) < DENSE * len(ids) + SLACK:
            slots = np.full(int(ids[-1]) + 1, -1, dtype=np.int32)
            slots[ids] = np.arange(len(ids), dtype=np.int32)
            self.slots = slots

    def of(self, keys: I64) -> Positions:
        if self.slots is not None:
            size = len(self.slots)
            inside = (keys >= 0) & (keys < size)
            if bool(inside.all()):
                return self.slots[keys].astype(np.intp)
            found = np.full(len(keys), -1, dtype=np.intp)
            found[inside] = self.slots[keys[inside]]
            return found
        if len(self.ids) == 0:
            return np.full(len(keys), -1, dtype=np.intp)
        index = np.clip(np.searchsorted(self.ids, keys), 0, len(self.ids) - 1)
        return np.where(self.ids[index] == keys, index, -1)


def unique_sorted(ids: I64) -> npt.NDArray[np.bool_]:
    """Which entries of sorted ``ids`` to keep so each id is there once (the first of equal ones)."""
    keep = np.ones(len(ids), dtype=bool)
    if len(ids) > 1:
        keep[1:] = ids[1:] != ids[:-1]
    return keep


class Lookup:
    """Values by key (keys unique): ``find`` gives each key's value, 0 where the key is not there."""

    def __init__(self, keys: I64, values: I64) -> None:
        order = np.argsort(keys, kind="stable")
        self.keys, self.values = keys[order], values[order]
        self.index = IdIndex(self.keys)

    def find(self, keys: I64) -> I64:
        at = self.index.of(keys)
        found: I64 = np.where(at >= 0, self.values[np.maximum(at, 0)] if len(self.values) else 0, 0)
        return found
