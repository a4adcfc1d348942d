"""Find Swedish personal identity numbers (personnummer) in free text.

The system holds aggregated data only: an import that contains a personnummer is
refused as a whole. This module only *finds* them; callers decide what to refuse.

What counts as a personnummer here (also a samordningsnummer, coordination number):

* 10 digits ``YYMMDD-NNNN``, ``YYMMDD+NNNN`` (the ``+`` marks a person over 100) or
  ``YYMMDDNNNN``; 12 digits ``YYYYMMDD-NNNN`` or ``YYYYMMDDNNNN``. An en dash (``–``)
  is accepted in place of the hyphen (word processors turn one into the other).
* The date must exist: month 1–12 and a day that exists in that month. A
  samordningsnummer has the day plus 60 (61–91). For the 10-digit form the century is
  unknown, so 29 February is accepted when YY is divisible by 4 (2000 was a leap year).
  The 12-digit form must start with 18, 19 or 20 and is checked against the real
  calendar.
* The last digit must be the Luhn check digit over the 10-digit form (YYMMDDNNN).
* The digits must not be part of a longer run of digits: ``1234811218987612`` (a
  16-digit card or account number) holds no match. A separator other than a digit,
  however (a letter, space, dot, comma, semicolon…) is a boundary, so a number at the
  end of a sentence or in a comma-separated list is found.

A :class:`Match` never carries the digits themselves (nor shows them in its ``repr``),
so it is safe to log or put into an error message.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

__all__ = [
    "Match",
    "contains_personal_number",
    "find_personal_numbers",
    "luhn_check_digit",
    "redact",
]

# Candidates: 6 or 8 digits, an optional separator, 4 digits, with no digit on either side.
# ASCII digits only: any other character (also a non-ASCII digit) is a boundary.
_CANDIDATE = re.compile(r"(?<![0-9])([0-9]{8}|[0-9]{6})([-+\u2013]?)([0-9]{4})(?![0-9])")
_SEPARATORS_12 = {"", "-", "\u2013"}


@dataclass(frozen=True, slots=True)
class Match:
    """Where a personal identity number was found (``text[start:end]``).

    ``digits`` is 10 or 12; ``coordination`` is true for a samordningsnummer.
    """

    start: int
    end: int
    digits: int
    coordination: bool = False

    @property
    def kind(self) -> str:
        return "samordningsnummer" if self.coordination else "personnummer"


def luhn_check_digit(nine_digits: str) -> int:
    """The check digit for the first nine digits of the 10-digit form (YYMMDDNNN).

    Weights 2, 1, 2, 1, … from the left; the digits of each product are summed; the
    check digit brings the total up to a multiple of ten.
    """
    total = 0
    for i, ch in enumerate(nine_digits):
        d = (ord(ch) - 48) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return (10 - total % 10) % 10


def _valid_date(year: int | None, yy: int, month: int, day: int) -> tuple[bool, bool]:
    """(valid, coordination). ``year`` is None when the century is unknown."""
    coordination = day > 60
    if coordination:
        day -= 60
    if not 1 <= month <= 12 or day < 1:
        return False, coordination
    if month == 2:
        leap = calendar.isleap(year) if year is not None else yy % 4 == 0
        last = 29 if leap else 28
    else:
        last = calendar.monthrange(2001, month)[1]
    return day <= last, coordination


def _check(date_part: str, sep: str, tail: str) -> tuple[bool, bool]:
    if len(date_part) == 8:
        if sep not in _SEPARATORS_12 or date_part[:2] not in ("18", "19", "20"):
            return False, False
        year: int | None = int(date_part[:4])
        short = date_part[2:]
    else:
        year = None
        short = date_part
    ok, coordination = _valid_date(year, int(short[0:2]), int(short[2:4]), int(short[4:6]))
    if not ok:
        return False, coordination
    ten = short + tail
    return luhn_check_digit(ten[:9]) == ord(ten[9]) - 48, coordination


def find_personal_numbers(text: str) -> list[Match]:
    """Every valid personal identity number in ``text``, in order of position."""
    if not text:
        return []
    found: list[Match] = []
    for m in _CANDIDATE.finditer(text):
        date_part, sep, tail = m.group(1), m.group(2), m.group(3)
        ok, coordination = _check(date_part, sep, tail)
        if ok:
            found.append(Match(m.start(), m.end(), len(date_part) + 4, coordination))
    return found


def contains_personal_number(value: object) -> bool:
    """True if ``value`` (any object; numbers are read as their digits) holds a
    personal identity number. ``None`` holds none."""
    if value is None:
        return False
    text = value if isinstance(value, str) else _as_text(value)
    if len(text) < 10 or _CANDIDATE.search(text) is None:
        return False
    return bool(find_personal_numbers(text))


def redact(text: str, replacement: str = "[personnummer]") -> str:
    """``text`` with every personal identity number replaced, for echoing user input."""
    found = find_personal_numbers(text)
    if not found:
        return text
    parts = []
    pos = 0
    for m in found:
        parts.append(text[pos : m.start])
        parts.append(replacement)
        pos = m.end
    parts.append(text[pos:])
    return "".join(parts)


def _as_text(value: object) -> str:
    # A spreadsheet often stores 8112189876 as the number 8112189876.0.
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
