"""The active language of the request, and money in it (pages, forms, messages)."""

from __future__ import annotations

from django.utils.translation import get_language

from socinv.l10n import format_kronor


def current_lang() -> str:
    """``"sv"`` or ``"en"``: the language the request is answered in (Swedish first)."""
    return "en" if (get_language() or "sv").startswith("en") else "sv"


def ore_to_text(ore: int | None, lang: str | None = None) -> str:
    """Öre → ``1 234 567 kr`` (öre shown only when there are any: ``1 234 567,50 kr``)."""
    if ore is None or ore == "":
        return "–"
    return format_kronor(int(ore), lang or current_lang())
