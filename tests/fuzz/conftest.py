"""Fixtures of the fuzz tests (issue 11): the personas once per module with money in the
fund, a client per persona, the row counts of every socinv model, the examples' budget.

``SOCINV_FUZZ_EXAMPLES`` sets the number of generated examples per persona and form (or
API operation); the default keeps the whole fuzz run of ``make test`` near a minute. The
runs are derandomized (the same examples on every machine) and never shrink (a failure is
reported with the example that found it, so that a known bug costs no extra time)."""

from __future__ import annotations

import datetime
import os

import pytest
from django.apps import apps
from django.db import connection, transaction
from hypothesis import HealthCheck, Phase, settings
from tests.conftest import ROLES, make_personas

EXAMPLES = int(os.environ.get("SOCINV_FUZZ_EXAMPLES", "0") or 0)


def hypothesis_settings(examples: int):
    return settings(
        max_examples=max(1, examples),
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )


def examples(default: int) -> int:
    """``SOCINV_FUZZ_EXAMPLES`` when set, else ``default``."""
    return EXAMPLES or default


def socinv_tables() -> list[str]:
    """Every table of a socinv model (history tables and the ledger's entries included)."""
    return sorted(
        model._meta.db_table
        for model in apps.get_models()
        if model.__module__.startswith("socinv.") and model._meta.managed
    )


def row_counts(tables: list[str]) -> dict[str, int]:
    """The number of rows of each table, in one query."""
    quote = connection.ops.quote_name
    columns = ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}")
        return dict(zip(tables, cursor.fetchone(), strict=True))


def changed(before: dict[str, int], after: dict[str, int]) -> dict[str, tuple[int, int]]:
    return {t: (before[t], after[t]) for t in before if before[t] != after[t]}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The personas once for the module, the fund holding 1 000 000 000 kr so that
    generated commitments and disbursements can be booked. Each example runs in a
    savepoint rolled back after it, so every example starts from this same state."""
    from tests.ledger_helpers import record_attested

    with django_db_blocker.unblock(), transaction.atomic():
        personas = make_personas()
        record_attested(
            acting_user=personas["economist"],
            fund=personas.fund,
            type="contribution",
            date=datetime.date(2026, 1, 1),
            amount_ore=10**11,
        )
        yield personas
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def tables(django_db_setup):
    return socinv_tables()


__all__ = ["ROLES", "changed", "examples", "hypothesis_settings", "row_counts"]
