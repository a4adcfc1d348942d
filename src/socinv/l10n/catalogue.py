"""The translations of the Django-free code (core, io, cli): the standard library's
``gettext`` over the web application's own catalogue, ``socinv/locale/<lang>/LC_MESSAGES/
django.mo``, so that each sentence is translated once for the CLI and the pages alike.

Strings are English msgids. Mark one that is translated later (a template in a table) with
:func:`gettext_noop`, the name Django's ``makemessages`` extracts.
"""

from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "django"  # the web application's catalogue
LANGUAGES = ("sv", "en")


def gettext_noop(message: str) -> str:
    """Mark ``message`` as a msgid for extraction; it is translated where it is used."""
    return message


def language(lang: str | None) -> str:
    """ "sv" or "en" for a language code ("sv", "en-gb", Django's ``get_language()``).

    None (translation switched off) is English, the msgids' language."""
    code = (lang or "en").lower().replace("_", "-").split("-")[0]
    return code if code in LANGUAGES else "en"


@lru_cache(maxsize=len(LANGUAGES))
def _translations(lang: str) -> gettext.NullTranslations:
    return gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[lang], fallback=True)


def translator(lang: str | None = "en") -> gettext.NullTranslations:
    """The catalogue for ``lang`` (``.gettext``, ``.pgettext``, ``.ngettext``): English
    (the msgids themselves) when there is none."""
    return _translations(language(lang))
