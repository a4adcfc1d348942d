"""How the memo writes its values: figures in Swedish (``1 234 567 kr``, ``12 %``), dates
as ``2026-04-02``, yes and no, and a labelled fact."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from socinv.l10n import format_decimal, format_money, format_percent
from socinv.web.charts import svg_data_uri
from socinv.web.i18n import ore_to_text

LANG = "sv"  # the memo is a Swedish document whatever the reader's language


@dataclass
class Fact:
    label: str
    value: str


def kr(value: float | None) -> str:
    """Kronor from the calculation (a float) → ``1 234 567 kr``."""
    return format_money(None if value is None else round(value), LANG)


def ore(value: int | None) -> str:
    """Öre from the database → ``1 234 567 kr``."""
    return ore_to_text(value, LANG)


def decimal(value: float | None, decimals: int = 2) -> str:
    return format_decimal(value, decimals, LANG)


def percent(value: float | None, decimals: int = 0) -> str:
    return format_percent(value, decimals, LANG)


def day(value: datetime.date | datetime.datetime) -> str:
    """A date, or the local date of a moment."""
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value).isoformat()
    return value.isoformat()


def yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def svg_image(svg: str, alt: str) -> dict:
    """An SVG chart inlined as an ``<img>`` (nothing is fetched: the PDF needs no URL)."""
    return {"src": svg_data_uri(svg), "alt": alt}
