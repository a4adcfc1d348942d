"""What every app's API router shares (the routers are gathered by :mod:`socinv.api`
through the ``api_routers`` hook): the id bound and the error shapes, which the OpenAPI
text documents once."""

from __future__ import annotations

from ninja import Schema

MAX_ID = 2**63 - 1  # a database id (bigint)


class ErrorOut(Schema):
    detail: str


class FieldError(Schema):
    field: str
    code: str
    message: str


class ErrorsOut(Schema):
    errors: list[FieldError]
