"""The last guard before a text reaches the database: on every ``save()`` of a socinv
model, the validators of its text fields run (the personnummer validator and the maximum
length), so a service that forgets ``full_clean`` still cannot store a personnummer or a
megabyte note. A failure raises :class:`~socinv.core.problems.Refused` naming the field,
which the pages and the API already answer; the service's transaction stores nothing.

Connected in :meth:`socinv.web.apps.WebConfig.ready`. ``QuerySet.bulk_create``,
``QuerySet.update`` and raw SQL send no ``pre_save`` and bypass this guard: a service
that writes texts that way must call :func:`text_refusals` itself.
"""

from __future__ import annotations

from functools import cache

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import pre_save

from socinv.core.problems import Refusal, refuse_if

from .refusals import refusals_of

DISPATCH_UID = "socinv.web.guards.free_texts"


@cache
def text_fields(model: type[models.Model]) -> tuple[models.Field, ...]:
    """The model's concrete text fields that carry validators."""
    return tuple(
        f
        for f in model._meta.concrete_fields
        if isinstance(f, models.CharField | models.TextField) and f.validators
    )


def _refusals(field: models.Field, value) -> list[Refusal]:
    if value in field.empty_values:
        return []
    try:
        field.run_validators(value)
    except ValidationError as exc:
        return refusals_of(exc, field.name)
    return []


def text_refusals(instance: models.Model) -> list[Refusal]:
    """What the validators of ``instance``'s text fields refuse, one refusal per message,
    on the field's name."""
    return [
        refusal
        for field in text_fields(type(instance))
        for refusal in _refusals(field, getattr(instance, field.attname))
    ]


def value_refusals(model: type[models.Model], name: str, value) -> list[Refusal]:
    """What the validators of ``model``'s field ``name`` refuse of ``value`` (a service's
    check before it builds the row: the model's own bound and personnummer guard, in the
    model's words, e.g. ``max_length`` naming the field and the limit)."""
    return _refusals(model._meta.get_field(name), value)


def guard_texts(sender, instance, **kwargs) -> None:
    if sender.__module__.startswith("socinv."):
        refuse_if(text_refusals(instance))


def connect() -> None:
    pre_save.connect(guard_texts, dispatch_uid=DISPATCH_UID, weak=False)
