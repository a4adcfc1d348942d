"""Refusals that several apps' services give in the same words (each app's own reasons
stay in its services): the personnummer guard on a free text, a date that must not lie in
the future, and a model's own validation (Django's ``full_clean`` or a validator) as
:class:`~socinv.core.problems.Refused` reasons (one per message, Django's code, the field)."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext

from socinv.core.limits import MAX_ENTRY_ORE, MAX_FILE_NAME
from socinv.core.personnummer import contains_personal_number
from socinv.core.problems import Refusal

from .i18n import ore_to_text
from .validators import PERSONAL_NUMBER_MESSAGE, MaxLength


def amount_too_large_message(max_ore: int = MAX_ENTRY_ORE) -> str:
    """The words for ``amount_too_large`` (a form's money field, the ledger, the API)."""
    return gettext("The amount may be at most %(max)s.") % {"max": ore_to_text(max_ore)}


def personal_number(field: str | None, *texts: str | None) -> list[Refusal]:
    """``personal_number`` when any of ``texts`` holds a personal identity number: the
    system holds aggregated data only."""
    if not any(contains_personal_number(t or "") for t in texts):
        return []
    return [Refusal("personal_number", field, str(PERSONAL_NUMBER_MESSAGE))]


def file_name(name: str | None, field: str = "file") -> list[Refusal]:
    """An uploaded file's name as sent, checked before anything is written (the file in
    the media directory, the row naming it): ``personal_number`` when it holds a personal
    identity number, ``max_length`` beyond :data:`~socinv.core.limits.MAX_FILE_NAME`
    characters (refused, never cut). The messages never quote the name."""
    name = name or ""
    if contains_personal_number(name):
        message = gettext(
            "The file name contains a personal identity number: the system holds aggregated "
            "data only. Rename the file; nothing was stored."
        )
        return [Refusal("personal_number", field, message)]
    return validated(lambda: MaxLength(MAX_FILE_NAME, gettext("file name"))(name), field)


def past_date(field: str, value, *, required: bool = True) -> list[Refusal]:
    """``date_required`` (when ``required``) or ``date_in_future``."""
    if not isinstance(value, datetime.date):
        if not required and value is None:
            return []
        return [Refusal("date_required", field, gettext("Enter the date."))]
    if value > timezone.localdate():
        return [Refusal("date_in_future", field, gettext("The date cannot be in the future."))]
    return []


def refusals_of(exc: ValidationError, field: str | None = None) -> list[Refusal]:
    """Every message of ``exc`` (by its field when it has them, else ``field``)."""
    if hasattr(exc, "error_dict"):
        return [
            refusal
            for name, errors in exc.error_dict.items()
            for refusal in refusals_of(ValidationError(errors), None if name == "__all__" else name)
        ]
    return [Refusal(e.code or "invalid", field, m) for e in exc.error_list for m in e.messages]


def validated(check: Callable[[], object], field: str | None = None) -> list[Refusal]:
    """Run ``check`` (``instance.full_clean`` ...): no refusals, or what it refused."""
    try:
        check()
    except ValidationError as exc:
        return refusals_of(exc, field)
    return []
