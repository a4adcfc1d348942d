"""How the calculation editor shows the engine's numbers and reads them back: each rule of
the form's units once.

- Swedish numbers in and out: typed text is read by
  :func:`socinv.io.measurements.cells.parse_number` (decimal comma, digits grouped by
  spaces, a real minus sign; a decimal point is accepted too), and shown by
  :func:`socinv.l10n.format_number` with every significant digit (``1 200 000``, ``3,5``).
- Percent ↔ fraction: the form shows rates and shares in percent (``3,5``), the engine
  keeps fractions (``0.035``). :data:`PERCENT_FIELDS` names them. A percent may be typed
  with its sign (``3,5 %``, :func:`read_percent`).
- Calendar years ↔ year indices: the form shows 2026, 2027 … from the calculation's start
  year, the engine counts 0, 1 … (a year is never grouped).

Text that is not a number is returned as typed, so that the engine reports it and the page
shows it again unchanged.
"""

from __future__ import annotations

import re
from typing import Any

from socinv.io.measurements.cells import parse_number
from socinv.l10n import format_number

# the engine's fractions that the form shows in percent (keys of the spec's tables)
PERCENT_FIELDS = frozenset(
    {
        "discount_rate",
        "success_probability",
        "baseline_rate",
        "relative_effect",
        "drop_off",
        "deadweight",
        "attribution",
        "displacement",
        "out_migration",
        "share_of_savings",
        "internal_rate",
    }
)
_DECIMAL_MARK = re.compile(r"[.,eE]")
_PERCENT_SIGN = re.compile(r"[\s\u00a0\u202f]*%$")
_LIST_SEPARATOR = re.compile(r"[;,\s]+")
_ROUND = 12  # digits kept after a conversion (3.5 / 100 is 0.035, not 0.035000000000000003)


def is_percent(path: str) -> bool:
    """Whether the field at a spec path (``outcomes[0].relative_effect``, also a
    distribution's ``….relative_effect.normal.sd``) is shown in percent."""
    keys = re.findall(r"[A-Za-z_]+", path)
    return any(k in PERCENT_FIELDS for k in keys)


def read_number(text: str) -> Any:
    """``'1 200 000'`` → 1200000, ``'3,5'`` → 3.5, ``'−110 000'`` → -110000; a whole
    number without a decimal mark stays an ``int``; anything else is returned as typed."""
    typed = (text or "").strip()
    value = parse_number(typed, decimal_comma=True) if typed else None
    if value is None:
        return typed
    if value.is_integer() and not _DECIMAL_MARK.search(typed):
        return int(value)
    return value


def read_percent(text: str) -> Any:
    """A rate or a share typed in percent → the engine's fraction: ``'3,5'`` and
    ``'3,5 %'`` → 0.035; anything else is returned as typed (sign and all)."""
    typed = (text or "").strip()
    value = read_number(_PERCENT_SIGN.sub("", typed))
    return from_percent(value) if isinstance(value, int | float) else typed


def read_numbers(text: str) -> list[Any]:
    """A list of whole numbers as typed: ``'20, 20, 20'``, ``'20 20 20'``, ``'2026; 2027'``."""
    return [read_number(t) for t in _LIST_SEPARATOR.split((text or "").strip()) if t]


def _tidy(value: float) -> int | float:
    value = round(float(value), _ROUND)
    return int(value) if value.is_integer() else value


def from_percent(value: Any) -> Any:
    """A number typed in percent → the engine's fraction (3.5 → 0.035); text unchanged."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return round(value / 100, _ROUND)


def to_percent(value: Any) -> Any:
    """The engine's fraction → percent (0.035 → 3.5); anything else unchanged."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return _tidy(value * 100)


def show_number(value: Any, lang: str = "sv") -> str:
    """A number as the form shows it: grouped, decimal comma, every significant digit
    (``1 200 000``, ``3,5``, ``−110 000``); text as it is, nothing for ``None``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return format_number(value, 0, lang)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return format_number(int(value), 0, lang)
        digits = f"{abs(value):.{_ROUND}f}".rstrip("0").split(".")[1]
        return format_number(value, len(digits), lang)
    return str(value)


def show_percent(value: Any, lang: str = "sv") -> str:
    """A fraction as the form shows it in percent: 0.035 → ``3,5``."""
    return show_number(to_percent(value), lang)


def to_indices(years: list[Any], start_year: Any) -> list[Any]:
    """Calendar years → the engine's year indices (2027 → 1 when the start year is 2026);
    unchanged when the start year is not a whole number."""
    if not isinstance(start_year, int) or isinstance(start_year, bool):
        return years
    return [y - start_year if isinstance(y, int) and not isinstance(y, bool) else y for y in years]


def to_years(indices: list[Any], start_year: Any) -> list[Any]:
    """The engine's year indices → calendar years (1 → 2027 when the start year is 2026)."""
    if not isinstance(start_year, int) or isinstance(start_year, bool):
        return indices
    return [
        i + start_year if isinstance(i, int) and not isinstance(i, bool) else i for i in indices
    ]


def show_list(values: Any) -> str:
    """A list of whole numbers (years, cohorts) as written, never grouped: ``2026, 2027``."""
    if values is None:
        return ""
    if isinstance(values, list):
        return ", ".join(str(v) for v in values)
    return str(values)
