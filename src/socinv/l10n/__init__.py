"""Language for the Django-free code, over the core and the standard library only.

Here: Swedish-first number formatting shared by the CLI, web pages, PDF and Excel:
``1 234 567 kr`` with a no-break space as thousands separator, a decimal comma, and a real
minus sign in Swedish; ``SEK 1,234,567`` in English.

:mod:`.catalogue`: the gettext catalogue (the web application's own) for the CLI and io;
:mod:`.messages`: the sentences for the core's problem codes (``describe(problem, lang)``).
"""

from __future__ import annotations

NBSP = "\u00a0"
MINUS = "\u2212"


def format_number(value: float, decimals: int = 0, lang: str = "sv") -> str:
    if value is None:
        return "–"
    text = f"{abs(value):,.{decimals}f}"
    if lang == "sv":
        text = text.replace(",", NBSP).replace(".", ",")
        sign = MINUS
    else:
        sign = "-"
    rounded_zero = float(f"{abs(value):.{decimals}f}") == 0.0
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
