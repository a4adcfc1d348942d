"""The measures of a calculation and its perspectives for the pages: the one definition in
:mod:`socinv.l10n.measures` (also read by the workbooks and the command line), named in
the active language."""

from __future__ import annotations

from socinv.l10n.measures import (
    BY_KEY,
    MEASURES,
    PERSPECTIVES,
    TABLE,
    Measure,
    name,
    perspective_names,
)

from .i18n import current_lang

__all__ = [
    "BY_KEY",
    "MEASURES",
    "PERSPECTIVES",
    "TABLE",
    "Measure",
    "label",
    "perspective_label",
    "perspective_labels",
]


def label(key: str) -> str:
    """The name of the measure ``key`` in the active language."""
    return name(key, current_lang())


def perspective_labels() -> dict[str, str]:
    """Every perspective's short name in the active language, by key."""
    return perspective_names(current_lang())


def perspective_label(key: str) -> str:
    """The short name of the perspective ``key`` in the active language."""
    return perspective_labels()[key]
