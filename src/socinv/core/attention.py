"""When an indicator's measurement is due (the overview's attention list).

An indicator is reported at its frequency (monthly, quarterly, every six months, yearly).
Its measurement is **due** when the last reporting period that has ended before ``today``
has no measurement: the latest measured period ends (as ``(year, month)`` of its last
month) before that period's end. An indicator with no measurement at all is due as soon
as one period has ended since ``since`` (e.g. the project's start), so that a new project
is not reported late on its first day.
"""

from __future__ import annotations

import datetime

__all__ = ["FREQUENCY_MONTHS", "last_ended_period", "measurement_due"]

# months per reporting period, by the indicator's frequency
FREQUENCY_MONTHS = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}


def last_ended_period(frequency: str, today: datetime.date) -> tuple[int, int]:
    """(year, last month) of the last reporting period that ended before ``today``'s month
    began: for quarterly on 2026-12-04 the third quarter, (2026, 9)."""
    months = FREQUENCY_MONTHS.get(frequency, 12)
    index = today.year * 12 + (today.month - 1)  # months since year 0, this month
    end = index - index % months - 1  # the last month of the previous period
    return end // 12, end % 12 + 1


def measurement_due(
    frequency: str,
    latest_end: tuple[int, int] | None,
    today: datetime.date,
    since: datetime.date | None = None,
) -> bool:
    """Whether the indicator's measurement for the last ended period is missing.

    ``latest_end``: (year, last month) of the latest measured period, or None when nothing
    has been measured; ``since``: when reporting began (None: a missing measurement is
    always due)."""
    due_end = last_ended_period(frequency, today)
    if latest_end is None:
        if since is None:
            return True
        return (since.year, since.month) <= due_end
    return tuple(latest_end) < due_end
