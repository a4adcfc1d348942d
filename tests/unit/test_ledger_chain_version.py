"""Chain version 2: the hash does not depend on how a store rounds ``recorded_at``, still
catches a changed second, and the entries sealed with version 1 keep verifying."""

from __future__ import annotations

import dataclasses
import datetime as dt

from socinv.core.ledger import (
    CHAIN_VERSION,
    GENESIS_HASH,
    Entry,
    EntryType,
    ErrorCode,
    canonical,
    canonical_instant,
    entry_hash,
    seal,
    seal_all,
    verify_chain,
)

AT = dt.datetime(2026, 12, 3, 7, 30, 22, 654321, tzinfo=dt.UTC)


def _entries(n: int = 3) -> list[Entry]:
    return [
        Entry(
            id=i,
            fund="1",
            type=EntryType.CONTRIBUTION,
            date=dt.date(2026, 1, i),
            amount_ore=100 * i,
            recorded_by="7",
            recorded_at=AT + dt.timedelta(minutes=i),
        )
        for i in range(1, n + 1)
    ]


def _codes(errors):
    return [e.code for e in errors]


def _reseal_v1(entries: list[Entry]) -> list[Entry]:
    """Entries sealed as before version 2 (recorded_at hashed with its microseconds)."""
    out, prev = [], GENESIS_HASH
    for e in entries:
        e = dataclasses.replace(e, prev_hash=prev, hash=entry_hash(e, prev, 1))
        out.append(e)
        prev = e.hash
    return out


def test_the_instant_is_utc_at_whole_seconds_truncated():
    stockholm = dt.timezone(dt.timedelta(hours=1))
    assert canonical_instant(AT) == "2026-12-03T07:30:22Z"
    assert canonical_instant(AT.astimezone(stockholm)) == "2026-12-03T07:30:22Z"
    assert canonical_instant(AT.replace(microsecond=999999)) == "2026-12-03T07:30:22Z"
    assert canonical_instant(AT.replace(tzinfo=None)) == "2026-12-03T07:30:22Z"
    assert CHAIN_VERSION == 2
    assert '"chain":2' in canonical(_entries(1)[0], GENESIS_HASH)


def test_a_timestamp_kept_at_milliseconds_or_seconds_still_verifies():
    chain = seal_all(_entries())
    for precision in (1000, 1_000_000):
        rounded = [
            dataclasses.replace(
                e,
                recorded_at=e.recorded_at.replace(
                    microsecond=e.recorded_at.microsecond // precision * precision
                ),
            )
            for e in chain
        ]
        assert rounded[0].recorded_at != chain[0].recorded_at
        assert verify_chain(rounded, expected_head=chain[-1].hash) == []


def test_a_recorded_at_moved_by_a_second_is_caught():
    chain = seal_all(_entries())
    moved = dataclasses.replace(
        chain[1], recorded_at=chain[1].recorded_at + dt.timedelta(seconds=1)
    )
    errors = verify_chain([chain[0], moved, chain[2]])
    assert _codes(errors) == [ErrorCode.HASH_MISMATCH]
    assert errors[0].entry_id == 2


def test_entries_sealed_with_version_1_still_verify_and_catch_a_changed_microsecond():
    old = _reseal_v1(_entries())
    assert old[0].hash != seal(_entries(1)[0], GENESIS_HASH).hash
    assert verify_chain(old, expected_head=old[-1].hash) == []
    touched = dataclasses.replace(old[0], recorded_at=old[0].recorded_at.replace(microsecond=0))
    assert _codes(verify_chain([touched, *old[1:]])) == [ErrorCode.HASH_MISMATCH]


def test_a_version_2_entry_may_follow_version_1_entries():
    old = _reseal_v1(_entries(2))
    new = seal(_entries(3)[2], old[-1].hash)
    assert verify_chain([*old, new], expected_head=new.hash) == []
