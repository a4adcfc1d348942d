"""One cell: text as written, a number, a period."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

__all__ = ["cell_text", "normalise_period", "parse_number", "xlsx_text"]

_NBSP = "\u00a0"
_NNBSP = "\u202f"
_MINUS = "\u2212"
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_GROUPED = re.compile(r"[+-]?[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+(?:[.,][0-9]+)?")
_PERIOD_YEAR = re.compile(r"([0-9]{4})")
_PERIOD_QUARTER = re.compile(r"([0-9]{4})[- ]?[QqKk]([1-4])")
_PERIOD_MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})")
_PERIOD_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


def cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return str(value)


def xlsx_text(value: Any) -> str:
    """A spreadsheet cell as text: numbers exactly (``repr``), a date at midnight as an
    ISO date (so that it reads as a period)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dt.datetime) and value.time() == dt.time(0, 0):
        return value.date().isoformat()
    if isinstance(value, float) and not value.is_integer():
        return repr(value)
    return cell_text(value)


def parse_number(value: Any, decimal_comma: bool) -> float | None:
    """A finite float, or ``None`` when ``value`` is not a number. Text may use a
    decimal point, or a decimal comma when ``decimal_comma``; thousands may be grouped
    with a space or no-break space; ``−`` is a minus sign."""
    if type(value) is str:
        # fast path: what float() accepts, less its extras (nan, inf, 1_000)
        s = value
        if "," in s:
            if not decimal_comma or "." in s:
                return None
            s = s.replace(",", ".")
        try:
            v = float(s)
        except ValueError:
            return _parse_number_text(value, decimal_comma)
        if v - v == 0 and "_" not in s:  # finite
            return v
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        v = float(value)
        return v if math.isfinite(v) else None
    return None


def _parse_number_text(value: str, decimal_comma: bool) -> float | None:
    s = value.strip().replace(_MINUS, "-")
    if " " in s or _NBSP in s or _NNBSP in s:
        if not _GROUPED.fullmatch(s):
            return None
        s = s.replace(" ", "").replace(_NBSP, "").replace(_NNBSP, "")
    if "," in s:
        if not decimal_comma or "." in s:
            return None
        s = s.replace(",", ".")
    if _NUMBER.fullmatch(s):
        return float(s)
    return None


def normalise_period(value: Any) -> str | None:
    """``"2026"``, ``"2026-Q1"`` (also ``2026Q1``, ``2026 K1``), ``"2026-03"`` or an ISO
    date ``"2026-03-31"``; a year as a number, or a date (from a spreadsheet). ``None``
    when it is none of them. Years 1900–2200."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            return None
        return str(int(value)) if 1900 <= value <= 2200 else None
    if isinstance(value, dt.datetime):
        if value.time() != dt.time(0, 0):
            return None
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat() if 1900 <= value.year <= 2200 else None
    if not isinstance(value, str):
        return None
    s = value.strip()
    if m := _PERIOD_YEAR.fullmatch(s):
        year = int(m.group(1))
        return s if 1900 <= year <= 2200 else None
    if m := _PERIOD_QUARTER.fullmatch(s):
        year = int(m.group(1))
        return f"{year}-Q{m.group(2)}" if 1900 <= year <= 2200 else None
    if m := _PERIOD_MONTH.fullmatch(s):
        year, month = int(m.group(1)), int(m.group(2))
        return f"{year}-{month:02d}" if 1900 <= year <= 2200 and 1 <= month <= 12 else None
    if m := _PERIOD_DATE.fullmatch(s):
        try:
            d = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
        return d.isoformat() if 1900 <= d.year <= 2200 else None
    return None
