"""A model's own validation (Django's ``full_clean`` or a validator) as a write service's
:class:`~socinv.core.problems.Refused`: one reason per message, Django's code, the field."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError

from socinv.core.problems import Refusal


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
