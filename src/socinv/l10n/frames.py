"""The sentences for a budget frame's problems (:mod:`socinv.core.frames`) and a budget
frames file's (:mod:`socinv.io.frames_xlsx`): one English template per code, Swedish in the
catalogue. :func:`describe` words a problem with where it is ("row 3, column “C”: ...")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import format_number, format_params
from .catalogue import gettext_noop, translator
from .measurements import MESSAGES as FILE_MESSAGES
from .measurements import _word, where

MESSAGES: dict[str, str] = {
    "frame_year_out_of_range": gettext_noop(
        "The year must be between %(min_year)s and %(max_year)s."
    ),
    "frame_amount_not_positive": gettext_noop("The budget frame must be greater than zero."),
    "frame_amount_too_large": gettext_noop("The budget frame may be at most %(max)s kr."),
    "file_too_large": gettext_noop("The file is larger than %(limit_mb)s MB: it was not read."),
    "too_many_rows": gettext_noop("The file has more than %(limit)s rows: it was not read."),
    "personal_number": gettext_noop(
        "The cell holds what looks like a personal identity number (personnummer): the "
        "file was refused and nothing was stored."
    ),
    "column_missing": gettext_noop(
        "The header row has no column “%(name)s” (the columns: Board, Year, Budget frame)."
    ),
    "board_missing": gettext_noop("The board is missing."),
    "board_unknown": gettext_noop(
        "There is no board “%(board)s” in the organisation: give its code or its name."
    ),
    "year_not_a_year": gettext_noop("The year must be a year such as 2027."),
    "amount_not_an_amount": gettext_noop(
        "The budget frame must be an amount in kronor with at most two decimals."
    ),
    "duplicate_row": gettext_noop("The board and year are already given on row %(first_row)s."),
}

COLUMN_NAMES = {
    "board": gettext_noop("Board"),
    "year": gettext_noop("Year"),
    "amount": gettext_noop("Budget frame"),
}


def describe(code: str, params: Mapping[str, Any], lang: str | None = "sv") -> str:
    """The sentence for ``code``, preceded by where it is when the params say."""
    gettext = translator(lang).gettext
    values = format_params(params, lang or "sv")  # the zip guard's sizes in words, counts grouped
    if "max_ore" in params:
        values["max"] = format_number(params["max_ore"] // 100, lang=lang or "sv")
    if "limit" in params and code == "file_too_large":
        values["limit_mb"] = params["limit"] // (1024 * 1024)
    if "name" in values and values["name"] in COLUMN_NAMES:
        values["name"] = gettext(COLUMN_NAMES[values["name"]])
    english = MESSAGES.get(code) or FILE_MESSAGES.get(code)
    sentence = code if english is None else _word(english, values, gettext)
    place = where(params.get("row"), params.get("column"), lang=lang)
    return f"{place[:1].upper()}{place[1:]}: {sentence}" if place else sentence
