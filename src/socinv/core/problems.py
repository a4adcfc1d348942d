"""What is wrong, as data (beancount's shape: ``check_x(...) -> list[Problem]``).

The core and ``io`` return :class:`Problem` values: a stable code, the field it concerns
and the values a message needs. They never hold sentences: the web layer and the CLI turn
a problem into words in the reader's language (Django's gettext, or :mod:`socinv.l10n`).

A write service that refuses raises :class:`Refused` with one :class:`Refusal` per reason:
the same stable code and field, and the message already in the user's language. Views put
it on their form (``socinv.web.forms.add_refusal``), the API answers 422 with it, the CLI
prints it. Nothing has been stored when it is raised.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any


@dataclass(frozen=True, slots=True)
class Problem:
    code: str
    field: str | None = None  # None: the whole object
    params: Mapping[str, Any] = dataclass_field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True, slots=True)
class Refusal:
    code: str
    field: str | None  # None: the whole form or request
    message: str  # in the user's language


class Refused(Exception):
    """A write service refuses; ``refusals`` lists every reason (never empty)."""

    def __init__(self, refusals: Iterable[Refusal]):
        self.refusals: list[Refusal] = list(refusals)
        if not self.refusals:
            raise ValueError("Refused needs at least one reason")
        super().__init__("; ".join(r.message for r in self.refusals))

    @classmethod
    def one(cls, code: str, message: str, field: str | None = None) -> Refused:
        return cls([Refusal(code, field, str(message))])

    @property
    def codes(self) -> list[str]:
        return [r.code for r in self.refusals]

    @property
    def errors(self) -> dict[str | None, list[str]]:
        """Field (None: the whole form) → messages, in the order given."""
        out: dict[str | None, list[str]] = {}
        for r in self.refusals:
            out.setdefault(r.field, []).append(r.message)
        return out


def refuse_if(refusals: Iterable[Refusal]) -> None:
    """Raise :class:`Refused` when there is any reason to."""
    found = list(refusals)
    if found:
        raise Refused(found)
