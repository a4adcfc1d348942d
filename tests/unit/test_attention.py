"""When an indicator's measurement is due (socinv.core.attention): the last reporting
period that ended before today has no measurement."""

from __future__ import annotations

import datetime

import pytest

from socinv.core.attention import last_ended_period, measurement_due

DAY = datetime.date(2026, 12, 4)


@pytest.mark.parametrize(
    ("frequency", "expected"),
    [
        ("monthly", (2026, 11)),
        ("quarterly", (2026, 9)),
        ("half_yearly", (2026, 6)),
        ("yearly", (2025, 12)),
    ],
)
def test_the_last_ended_period(frequency, expected):
    assert last_ended_period(frequency, DAY) == expected


def test_the_first_of_a_year_ends_the_year_before():
    assert last_ended_period("yearly", datetime.date(2027, 1, 1)) == (2026, 12)
    assert last_ended_period("quarterly", datetime.date(2027, 1, 1)) == (2026, 12)


def test_a_measurement_is_due_when_the_last_ended_period_is_missing():
    assert measurement_due("yearly", (2024, 12), DAY)
    assert not measurement_due("yearly", (2025, 12), DAY)
    assert measurement_due("quarterly", (2026, 6), DAY)
    assert not measurement_due("quarterly", (2026, 9), DAY)
    assert not measurement_due("quarterly", (2026, 12), DAY)  # already reported ahead


def test_nothing_measured_is_due_only_once_a_period_has_ended_since_the_start():
    assert measurement_due("yearly", None, DAY)
    assert measurement_due("yearly", None, DAY, since=datetime.date(2025, 3, 1))
    assert not measurement_due("yearly", None, DAY, since=datetime.date(2026, 2, 1))
    assert not measurement_due("quarterly", None, DAY, since=datetime.date(2026, 10, 1))
