"""The validators every free text of the system carries (model fields, forms and API
schemas alike): no Swedish personal identity number, since the system holds aggregated
data only, and a maximum length whose refusal names the field and the limit
("Behov får vara högst 20 000 tecken")."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.deconstruct import deconstructible
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from socinv.core.personnummer import contains_personal_number
from socinv.l10n import format_number

PERSONAL_NUMBER_MESSAGE = _(
    "Contains a personal identity number: the system holds aggregated data only. "
    "Remove it; nothing was stored."
)
TOO_LONG_MESSAGE = _("%(field)s may be at most %(limit)s characters (it has %(count)s).")


@deconstructible
class NoPersonalNumber:
    """Refuse a text holding a personnummer or samordningsnummer (code ``personal_number``)."""

    code = "personal_number"

    def __call__(self, value) -> None:
        if value and contains_personal_number(str(value)):
            raise ValidationError(PERSONAL_NUMBER_MESSAGE, code=self.code)

    def __eq__(self, other) -> bool:
        return isinstance(other, NoPersonalNumber)

    def __hash__(self) -> int:
        return hash(NoPersonalNumber)


no_personal_number = NoPersonalNumber()


def counted(count: int) -> str:
    """A count of characters as the user's language writes it (``20 000``, ``20,000``)."""
    return format_number(count, 0, "en" if (get_language() or "sv").startswith("en") else "sv")


@deconstructible
class MaxLength(MaxLengthValidator):
    """At most ``limit_value`` characters (code ``max_length``); the message names the
    field (``name``, a model field's verbose name or a form field's label)."""

    message = TOO_LONG_MESSAGE

    def __init__(self, limit_value: int, name=None) -> None:
        super().__init__(limit_value)
        self.name = name

    def __call__(self, value) -> None:
        count = len(value)
        if count > self.limit_value:
            raise ValidationError(
                self.message,
                code=self.code,
                params={
                    "field": capfirst(self.name or _("the text")),
                    "limit": counted(self.limit_value),
                    "count": counted(count),
                    "limit_value": self.limit_value,
                    "show_value": count,
                },
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, MaxLength) and (self.limit_value, self.name) == (
            other.limit_value,
            other.name,
        )

    def __hash__(self) -> int:
        return hash((MaxLength, self.limit_value))


def named_limits(validators: list, limit: int | None, name) -> list:
    """``validators`` with Django's own maximum-length validator (which names nothing)
    replaced by :class:`MaxLength` naming ``name``."""
    kept = [v for v in validators if not isinstance(v, MaxLengthValidator)]
    return kept if limit is None else [*kept, MaxLength(limit, name)]
