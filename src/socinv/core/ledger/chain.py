"""The hash chain: each entry's hash covers every field and the previous entry's hash."""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
from collections.abc import Sequence
from typing import Any

from .entries import Entry
from .errors import ErrorCode as C
from .errors import LedgerError

GENESIS_HASH = "0" * 64  # the prev_hash of the first entry


def _plain(v: Any) -> Any:
    if isinstance(v, datetime.datetime | datetime.date):
        return v.isoformat()
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return {f.name: _plain(getattr(v, f.name)) for f in dataclasses.fields(v)}
    if isinstance(v, str):
        return str(v)  # StrEnum → its value
    return v


def canonical(entry: Entry, prev_hash: str) -> str:
    """The canonical serialisation hashed: JSON, sorted keys, ISO dates, amounts as int."""
    data = {f.name: _plain(getattr(entry, f.name)) for f in dataclasses.fields(entry)}
    del data["hash"]
    data["prev_hash"] = prev_hash
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def entry_hash(entry: Entry, prev_hash: str) -> str:
    return hashlib.sha256(canonical(entry, prev_hash).encode("utf-8")).hexdigest()


def seal(entry: Entry, prev_hash: str) -> Entry:
    """``entry`` linked to ``prev_hash`` and carrying its own hash, ready to insert."""
    return dataclasses.replace(entry, prev_hash=prev_hash, hash=entry_hash(entry, prev_hash))


def seal_all(entries: Sequence[Entry]) -> list[Entry]:
    """Chain a list of entries from the genesis hash (for tests, imports and demo data)."""
    out: list[Entry] = []
    prev = GENESIS_HASH
    for e in entries:
        e = seal(e, prev)
        out.append(e)
        prev = e.hash
    return out


def head(entries: Sequence[Entry]) -> str:
    """The hash the next entry links to."""
    return entries[-1].hash if entries else GENESIS_HASH


def verify_chain(entries: Sequence[Entry], expected_head: str | None = None) -> list[LedgerError]:
    """The first break in the chain (empty list: intact).

    A changed field breaks that entry's hash; a deleted, inserted or moved entry breaks the
    next entry's link. Deleting entries from the end leaves a shorter but valid chain: pass
    the head hash kept elsewhere (``expected_head``) to catch that too.
    """
    prev = GENESIS_HASH
    for e in entries:
        if e.prev_hash != prev:
            return [LedgerError(C.CHAIN_LINK_MISMATCH, "prev_hash", e.id)]
        if e.hash != entry_hash(e, e.prev_hash):
            return [LedgerError(C.HASH_MISMATCH, "hash", e.id)]
        prev = e.hash
    if expected_head is not None and prev != expected_head:
        last = entries[-1].id if entries else None
        return [LedgerError(C.CHAIN_HEAD_MISMATCH, "hash", last)]
    return []
