"""The hash chain: each entry's hash covers every field and the previous entry's hash.

Chain version 2 (entries sealed from now on) hashes ``recorded_at`` as the instant in UTC
at whole seconds (``2026-12-03T07:30:22Z``), so that the chain does not depend on how a
database or a serializer rounds a timestamp: ``dumpdata`` keeps milliseconds, MySQL's
``DATETIME`` whole seconds. A changed ``recorded_at`` is still caught as soon as it moves to
another second; the services store new entries at whole seconds, so nothing stored goes
unhashed. Version 1 (entries sealed before) hashed ``recorded_at.isoformat()`` with its
microseconds; such an entry still verifies against its version-1 form, as long as its
timestamp is kept exactly (``socinv backup`` does; ``dumpdata`` does not). The stored hash
itself says which version sealed an entry: only one of the two forms can match it.
"""

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
CHAIN_VERSION = 2  # the canonical form new entries are sealed with


def canonical_instant(moment: datetime.datetime) -> str:
    """``moment`` as chain version 2 hashes it: UTC, whole seconds (truncated), ``Z``.

    Truncating (not rounding) is what every store with a coarser precision does; any store
    keeping at least whole seconds gives back the same string. A naive value is taken as UTC.
    """
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _plain(v: Any) -> Any:
    if isinstance(v, datetime.datetime | datetime.date):
        return v.isoformat()
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return {f.name: _plain(getattr(v, f.name)) for f in dataclasses.fields(v)}
    if isinstance(v, str):
        return str(v)  # StrEnum → its value
    return v


def canonical(entry: Entry, prev_hash: str, version: int = CHAIN_VERSION) -> str:
    """The canonical serialisation hashed: JSON, sorted keys, ISO dates, amounts as int;
    version 2 adds ``"chain": 2`` and ``recorded_at`` as :func:`canonical_instant`."""
    data = {f.name: _plain(getattr(entry, f.name)) for f in dataclasses.fields(entry)}
    del data["hash"]
    data["prev_hash"] = prev_hash
    if version == 2:
        data["chain"] = 2
        data["recorded_at"] = canonical_instant(entry.recorded_at)
    elif version != 1:
        raise ValueError(f"unknown chain version {version}")
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def entry_hash(entry: Entry, prev_hash: str, version: int = CHAIN_VERSION) -> str:
    return hashlib.sha256(canonical(entry, prev_hash, version).encode("utf-8")).hexdigest()


def sealed_intact(entry: Entry) -> bool:
    """Whether ``entry``'s stored hash matches its content under the version that sealed
    it (2, or 1 for the entries sealed before version 2)."""
    return entry.hash in (
        entry_hash(entry, entry.prev_hash, 2),
        entry_hash(entry, entry.prev_hash, 1),
    )


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
        if not sealed_intact(e):
            return [LedgerError(C.HASH_MISMATCH, "hash", e.id)]
        prev = e.hash
    if expected_head is not None and prev != expected_head:
        last = entries[-1].id if entries else None
        return [LedgerError(C.CHAIN_HEAD_MISMATCH, "hash", last)]
    return []
