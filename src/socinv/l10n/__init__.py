"""Language for the Django-free code, over the core and the standard library only.

Here: Swedish-first number formatting shared by the CLI, web pages, PDF and Excel:
``1 234 567 kr`` with a no-break space as thousands separator, a decimal comma, and a real
minus sign in Swedish; ``SEK 1,234,567`` in English.

:mod:`.catalogue`: the gettext catalogue (the web application's own) for the CLI and io;
:mod:`.messages`: the sentences for the core's problem codes (``describe(problem, lang)``).

:func:`format_params` is the one place that decides, by a param's name, which numbers of a
sentence are grouped (a limit, a count, an amount), which are a file size in words ("5 MB")
or an amount in kronor, and which stay as written (years, entry, row and line numbers, ids).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

NBSP = "\u00a0"
MINUS = "\u2212"


def format_number(value: float, decimals: int = 0, lang: str = "sv") -> str:
    if value is None:
        return "–"
    exact = isinstance(value, int) and decimals == 0  # an integer: every digit, no float
    text = f"{abs(value):,}" if exact else f"{abs(value):,.{decimals}f}"
    if lang == "sv":
        text = text.replace(",", NBSP).replace(".", ",")
        sign = MINUS
    else:
        sign = "-"
    rounded_zero = value == 0 if exact else float(f"{abs(value):.{decimals}f}") == 0.0
    return (sign if value < 0 and not rounded_zero else "") + text


def format_money(value: float | None, lang: str = "sv") -> str:
    """Whole kronor: ``1 234 567 kr`` (sv) or ``SEK 1,234,567`` (en)."""
    if value is None:
        return "–"
    if lang == "sv":
        return f"{format_number(value, 0, lang)}{NBSP}kr"
    return f"SEK{NBSP}{format_number(value, 0, lang)}"


def format_percent(fraction: float | None, decimals: int = 1, lang: str = "sv") -> str:
    if fraction is None:
        return "–"
    sep = NBSP if lang == "sv" else ""
    return f"{format_number(fraction * 100, decimals, lang)}{sep}%"


def format_decimal(value: float | None, decimals: int = 2, lang: str = "sv") -> str:
    if value is None:
        return "–"
    return format_number(value, decimals, lang)


def excel_money_format(lang: str = "sv", decimals: int = 0) -> str:
    """The number format of an amount in a workbook: ``1 234 567 kr`` (Swedish Excel
    shows the thousands with spaces) or ``1,234,567 SEK``, with ``decimals`` decimals."""
    number = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    unit = "SEK" if lang == "en" else "kr"
    return f'{number} "{unit}";-{number} "{unit}"'


_BYTES = {"sv": "byte", "en": "bytes"}
_SIZE_UNITS = (("GB", 1024**3), ("MB", 1024**2), ("kB", 1024))


def format_size(size: int, lang: str = "sv") -> str:
    """A file size in words: ``5 MB``, ``512 kB``, ``5,7 MB`` (``5.7 MB`` in English), at
    most one decimal (binary units: 1 MB = 1 048 576 bytes, as the limits are written);
    below 1 kB the bytes themselves (``800 byte``)."""
    lang = "sv" if lang == "sv" else "en"
    for unit, factor in _SIZE_UNITS:
        if abs(size) >= factor:
            value = round(size / factor, 1)
            decimals = 0 if value == int(value) else 1
            return f"{format_number(value, decimals, lang)}{NBSP}{unit}"
    return f"{format_number(size, 0, lang)}{NBSP}{_BYTES[lang]}"


def format_kronor(ore: int, lang: str = "sv") -> str:
    """An amount in öre as kronor: ``10 000 000 000 kr`` (öre shown only when there are
    any: ``12,50 kr``); ``SEK 10,000,000,000`` in English."""
    if ore % 100 == 0:
        return format_money(ore // 100, lang)
    number = format_number(ore / 100, 2, lang)
    return f"{number}{NBSP}kr" if lang == "sv" else f"SEK{NBSP}{number}"


# The params of a sentence that are quantities: grouped ("10 000 000", "10,000,000").
# Every other param stays as written, among them on purpose: year, start_year, line,
# column, column_number, position (a byte's offset), row, first_row, entry, entry_id,
# first_entry, index, last, id, reverses, target, horizon (a handful of years), cohorts.
NUMBER_PARAMS = frozenset(
    {
        "maximum",
        "minimum",
        "limit",
        "length",
        "count",
        "more",
        "ratio",
        "max_entries",
        "recorded",
        "stored",
        # amounts in öre of the ledger's errors
        "expected",
        "available",
        "outstanding",
        "receivable",
        "after",
    }
)


def format_params(params: Mapping[str, Any], lang: str = "sv") -> dict[str, Any]:
    """``params`` with their numbers worded for a sentence in ``lang``, by name: those of
    :data:`NUMBER_PARAMS` and every ``max_*``, ``min_*`` or ``*_ore`` (an amount in öre)
    grouped; every ``*_bytes`` as a file size in words (:func:`format_size`). An ``X_ore``
    also gives ``X_kr``, the amount in kronor (:func:`format_kronor`). A value that is not
    an integer (a text, a float, a bool) is left as it is."""
    lang = "sv" if lang == "sv" else "en"
    out = dict(params)
    for name, value in params.items():
        if isinstance(value, bool) or not isinstance(value, int):
            continue
        if name.endswith("_bytes"):
            out[name] = format_size(value, lang)
        elif name.endswith("_ore"):
            out[name] = format_number(value, 0, lang)
            out.setdefault(name[: -len("_ore")] + "_kr", format_kronor(value, lang))
        elif name in NUMBER_PARAMS or name.startswith(("max_", "min_")):
            out[name] = format_number(value, 0, lang)
    return out
