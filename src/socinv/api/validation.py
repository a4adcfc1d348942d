"""The words for a request that does not fit the API's schemas (422): one sentence per
pydantic error ``type``, in the user's language, naming the field and the limit (numbers
grouped by :func:`socinv.l10n.format_number`, amounts in kronor), never pydantic's own
English. A type of our own (``max_length``, ``personal_number``: raised with the message
already in the user's language, see :func:`socinv.web.api.free_text`) keeps its message."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext, gettext_lazy

from socinv.l10n import format_number
from socinv.web.i18n import current_lang, ore_to_text
from socinv.web.refusals import amount_too_large_message

# pydantic's error type -> the sentence; %(field)s is the field's path ("decision.body"),
# %(limit)s the bound of the type's context, formatted
SENTENCES = {
    "missing": gettext_lazy("%(field)s is required."),
    "less_than_equal": gettext_lazy("%(field)s may be at most %(limit)s."),
    "less_than": gettext_lazy("%(field)s must be less than %(limit)s."),
    "greater_than_equal": gettext_lazy("%(field)s must be at least %(limit)s."),
    "greater_than": gettext_lazy("%(field)s must be greater than %(limit)s."),
    "string_too_short": gettext_lazy("%(field)s must be at least %(limit)s characters long."),
    "string_too_long": gettext_lazy(
        "%(field)s may be at most %(limit)s characters long (it has %(length)s)."
    ),
    "int_parsing": gettext_lazy("%(field)s must be a whole number."),
    "int_type": gettext_lazy("%(field)s must be a whole number."),
    "int_from_float": gettext_lazy("%(field)s must be a whole number."),
    "bool_parsing": gettext_lazy("%(field)s must be true or false."),
    "bool_type": gettext_lazy("%(field)s must be true or false."),
    "string_type": gettext_lazy("%(field)s must be a text."),
    "date_parsing": gettext_lazy("%(field)s must be a date (YYYY-MM-DD)."),
    "date_from_datetime_parsing": gettext_lazy("%(field)s must be a date (YYYY-MM-DD)."),
    "date_type": gettext_lazy("%(field)s must be a date (YYYY-MM-DD)."),
    "enum": gettext_lazy("%(field)s must be one of: %(expected)s."),
    "literal_error": gettext_lazy("%(field)s must be one of: %(expected)s."),
    "model_type": gettext_lazy("%(field)s must be an object."),
    "model_attributes_type": gettext_lazy("%(field)s must be an object."),
    "dict_type": gettext_lazy("%(field)s must be an object."),
    "list_type": gettext_lazy("%(field)s must be a list."),
    "extra_forbidden": gettext_lazy("%(field)s is not a field of this request."),
    "json_invalid": gettext_lazy("The request is not valid JSON."),
    "value_error": gettext_lazy("%(field)s is invalid."),
}
INVALID = gettext_lazy("%(field)s is invalid.")
# the bound of each type in pydantic's context ("le", "min_length" …)
BOUNDS = {
    "less_than_equal": "le",
    "less_than": "lt",
    "greater_than_equal": "ge",
    "greater_than": "gt",
    "string_too_short": "min_length",
    "string_too_long": "max_length",
}
OURS = {"max_length", "personal_number"}  # raised by socinv.web.api with our own words


def validation_message(error: dict[str, Any], field: str) -> str:
    """The sentence for one of pydantic's errors (``type``, ``ctx``, ``input``) about
    ``field`` (its path; "" for the whole request), in the active language."""
    kind = error.get("type", "")
    if kind in OURS:
        return str(error.get("msg", ""))
    ctx = error.get("ctx") or {}
    bound = ctx.get(BOUNDS.get(kind, ""))
    money = field.rsplit(".", 1)[-1].endswith("_ore") and isinstance(bound, int)
    if money and kind == "less_than_equal":
        return amount_too_large_message(bound)  # the ledger's own words
    if money and kind == "greater_than" and bound == 0:
        return gettext("The amount must be greater than zero.")
    if kind == "string_too_short" and bound == 1:
        return gettext("%(field)s must not be empty.") % {"field": field or gettext("the request")}
    lang = current_lang()
    if money:
        limit = ore_to_text(bound, lang)
    elif isinstance(bound, int | float) and not isinstance(bound, bool):
        limit = format_number(bound, lang=lang)
    else:
        limit = bound
    given = error.get("input")
    params = {
        "field": field or gettext("the request"),
        "limit": limit,
        "length": format_number(len(given), lang=lang) if isinstance(given, str) else "",
        # pydantic's "'a', 'b' or 'c'" without its English "or": a, b, c
        "expected": ", ".join(re.findall(r"'([^']*)'", str(ctx.get("expected", "")))),
    }
    return str(SENTENCES.get(kind, INVALID)) % params
