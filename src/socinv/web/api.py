"""What every app's API router shares (the routers are gathered by :mod:`socinv.api`
through the ``api_routers`` hook): the id bound and the error shapes, which the OpenAPI
text documents once."""

from __future__ import annotations

from typing import Annotated

from django.core.exceptions import ValidationError
from ninja import Field, Schema
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from socinv.core.limits import MAX_DB_INT

from .validators import MaxLength, no_personal_number

MAX_ID = MAX_DB_INT  # a database id (bigint)


def free_text(max_length: int, name, **field):
    """A free text of a request: at most ``max_length`` characters (the OpenAPI text shows
    ``maxLength``; the refusal names ``name`` and the limit, in the user's language) and no
    personal identity number. ``field``: more of ninja's ``Field`` (a default, a
    ``min_length``)."""
    checks = (MaxLength(max_length, name), no_personal_number)

    def check(value: str) -> str:
        for validator in checks:
            try:
                validator(value)
            except ValidationError as exc:
                raise PydanticCustomError(exc.code or "invalid", exc.messages[0]) from None
        return value

    schema = {"maxLength": max_length}
    return Annotated[str, Field(json_schema_extra=schema, **field), AfterValidator(check)]


class ErrorOut(Schema):
    detail: str


class FieldError(Schema):
    field: str
    code: str
    message: str


class ErrorsOut(Schema):
    errors: list[FieldError]
