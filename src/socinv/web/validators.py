"""The validators every free text of the system carries (model fields, forms and API
schemas alike): no Swedish personal identity number, since the system holds aggregated
data only."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from socinv.core.personnummer import contains_personal_number

PERSONAL_NUMBER_MESSAGE = _(
    "Contains a personal identity number: the system holds aggregated data only. "
    "Remove it; nothing was stored."
)


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
