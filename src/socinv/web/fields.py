"""Model fields for texts, each with a maximum length that :meth:`full_clean` (and the
pre-save guard, :mod:`socinv.web.guards`) checks and whose refusal names the field and
the limit (``Behov får vara högst 20 000 tecken``).

- :class:`FreeCharField`: one line typed by a person (a name, a title, a dnr): the
  personnummer validator and the named limit.
- :class:`FreeTextField`: a free text (a need, a comment, a condition): the same, on a
  ``TextField``.
- :class:`LimitedTextField`: a ``TextField`` whose ``max_length`` is checked (Django
  enforces a ``TextField``'s ``max_length`` only in the form it makes, never on the model).

The validators are added when the field joins its model (its verbose name is known then),
not through ``validators=``, so migrations do not repeat them.
"""

from __future__ import annotations

from django.db import models

from .validators import named_limits, no_personal_number


class _Limited:
    personal_number = False

    def contribute_to_class(self, cls, name, private_only=False):
        super().contribute_to_class(cls, name, private_only=private_only)
        validators = named_limits(self.validators, self.max_length, self.verbose_name)
        if self.personal_number and no_personal_number not in validators:
            validators.append(no_personal_number)
        self.validators[:] = validators


class LimitedTextField(_Limited, models.TextField):
    def __init__(self, *args, max_length: int | None = None, **kwargs):
        if max_length is None:
            raise TypeError("LimitedTextField needs a max_length (see socinv.core.limits)")
        super().__init__(*args, max_length=max_length, **kwargs)


class FreeTextField(LimitedTextField):
    personal_number = True


class FreeCharField(_Limited, models.CharField):
    personal_number = True
