"""The duplicate check: one measurement per (indicator, period) (and municipality, when
the file has that column), in memory that does not grow with the number of rows.

Each (indicator, period) pair has a slot holding the row where it was first seen (0: not
yet). The slots are one flat array, ``stride`` period slots per indicator (4 bytes each,
so 1 000 indicators × 1 024 periods take 4 MB), grown by doubling the stride. Past
``SLOT_BUDGET`` bytes (a file with very many indicators AND periods) the pairs go into a
dict instead (about 100 bytes per pair: that file's memory then grows with its rows).
Periods are normalised ones (1900–2200), fewer than 2**17, which the dict's keys rely on.
"""

from __future__ import annotations

from array import array
from collections import deque
from collections.abc import Callable, Sequence
from itertools import repeat
from operator import add, lshift, mul, setitem
from typing import Any

__all__ = ["SLOT_BUDGET", "DuplicateIndex"]

SLOT_BUDGET = 32 * 1024 * 1024  # bytes of slots before the switch to a dict


class DuplicateIndex:
    """Where each (key, period) pair was first seen; ``key`` is the indicator, or
    (indicator, municipality)."""

    def __init__(self) -> None:
        self.period_index: dict[str, int] = {}  # normalised period -> dense index
        self.indicator_index: dict[Any, int] = {}  # indicator (, municipality) -> index
        self.stride = 64  # period slots per indicator
        self.firsts = array("I")  # the slots, or:
        self.seen: dict[int, int] | None = None  # (indicator << 17 | period) -> first row

    def indicator_id(self, key: Any) -> int:
        i = self.indicator_index.get(key)
        if i is None:
            i = self.indicator_index[key] = len(self.indicator_index)
            if self.seen is None:
                if (i + 1) * self.stride * 4 > SLOT_BUDGET:
                    self._grow(self.stride * 2)  # switches to the dict
                else:
                    self.firsts.frombytes(bytes(4 * self.stride))
        return i

    def period_id(self, period: str) -> int:
        p = self.period_index.get(period)
        if p is None:
            p = self.period_index[period] = len(self.period_index)
        return p

    def first_row(self, key: Any, period: str, number: int) -> int | None:
        """The row where (key, period) was first seen, or ``None`` (and remember that it
        is first seen on row ``number``)."""
        (slot,) = self._slots([self.indicator_id(key)], [self.period_id(period)])
        if self.seen is None:
            earlier = self.firsts[slot]
            if earlier:
                return earlier
            self.firsts[slot] = number
            return None
        earlier = self.seen.get(slot)
        if earlier:
            return earlier
        self.seen[slot] = number
        return None

    def claim(self, keys: Sequence[Any], periods: Sequence[str], first: int) -> bool:
        """Rows ``first``, ``first + 1``, … have these keys and periods: remember them
        and return true, unless a pair repeats (among them or an earlier row): then
        remember none of them and return false (the row-by-row check names it)."""
        ids = _dense(self.indicator_index, keys, self.indicator_id)
        pids = _dense(self.period_index, periods, self.period_id)
        flat = self._slots(ids, pids)
        n = len(flat)
        if len(set(flat)) != n:
            return False
        numbers = range(first, first + n)
        seen = self.seen
        if seen is None:
            firsts = self.firsts
            if any(map(firsts.__getitem__, flat)):
                return False
            deque(map(setitem, repeat(firsts, n), flat, numbers), maxlen=0)
        else:
            if not seen.keys().isdisjoint(flat):
                return False
            seen.update(zip(flat, numbers, strict=False))
        return True

    def _slots(self, ids: list[int], pids: list[int]) -> list[int]:
        if self.seen is None:
            top = max(pids)
            if top >= self.stride:
                self._grow(top)
        if self.seen is None:
            s = self.stride
            return list(map(add, map(mul, ids, repeat(s)), pids))
        return list(map(add, map(lshift, ids, repeat(17)), pids))

    def _grow(self, top: int) -> None:
        s = self.stride
        new = s
        while new <= top:
            new *= 2
        n_ind = len(self.firsts) // s  # the indicators that have slots
        if n_ind * new * 4 > SLOT_BUDGET:
            seen: dict[int, int] = {}
            firsts = self.firsts
            for i in range(n_ind):
                for p in range(s):
                    row = firsts[i * s + p]
                    if row:
                        seen[(i << 17) | p] = row
            self.seen = seen
            self.firsts = array("I")
            return
        old = self.firsts
        firsts = array("I", bytes(4 * n_ind * new))
        for i in range(n_ind):
            firsts[i * new : i * new + s] = old[i * s : (i + 1) * s]
        self.firsts = firsts
        self.stride = new


def _dense(index: dict[Any, int], items: Sequence[Any], new: Callable[[Any], int]) -> list[int]:
    """The index of each item, ``new(item)`` giving one to an item not yet seen."""
    ids = list(map(index.get, items))
    if None in ids:
        for item in set(items).difference(index):
            new(item)
        ids = list(map(index.get, items))
    return ids
