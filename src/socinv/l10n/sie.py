"""The sentences for a SIE file's problems and warnings: one English template per code (a
gettext msgid with ``%(name)s`` placeholders, Swedish in the catalogue), for the codes of
:mod:`socinv.io.sie` and those the import of actual costs and the export add.

:func:`describe` words a code with its params, :func:`line` puts the file's line in front
("rad 3905: …"). The pages and the command line read them from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .catalogue import gettext_noop, translator

MESSAGES: dict[str, str] = {
    # the reader (socinv.io.sie): the file as a whole
    "empty_file": gettext_noop("The file is empty."),
    "too_large": gettext_noop("The file is larger than %(limit_mb)s MB: it was not read."),
    "not_sie": gettext_noop(
        "The file is not a SIE file: it has none of the records #FLAGGA, #PROGRAM, "
        "#FORMAT, #GEN or #SIETYP (%(lines)s lines are no records)."
    ),
    "encoding_fallback": gettext_noop(
        "The file is not in the character encoding SIE prescribes (PC8, codepage 437): "
        "it was read as %(encoding)s."
    ),
    "replacement_characters": gettext_noop(
        "The file holds %(count)s replacement characters (U+FFFD): letters such as the "
        "Swedish ones were lost before the file was written."
    ),
    "format_not_pc8": gettext_noop("#FORMAT is %(format)s, not PC8."),
    "not_a_record": gettext_noop(
        "%(count)s lines are no records (they do not begin with #): they were read past."
    ),
    "control_characters": gettext_noop("The line holds control characters: read as spaces."),
    "ksumma_mismatch": gettext_noop(
        "The checksum #KSUMMA does not match: the file says %(declared)s, its content gives "
        "%(computed)s. The file has been changed or is incomplete."
    ),
    "personal_number": gettext_noop(
        "The line holds a personal identity number (personnummer). The system holds "
        "aggregated data only: the file was not read."
    ),
    # the reader: records
    "stray_brace": gettext_noop("“%(brace)s” without a #VER."),
    "unclosed_object_list": gettext_noop("An object list { … } is not closed."),
    "bad_record": gettext_noop("%(label)s cannot be read: read past."),
    "unexpected_in_voucher": gettext_noop("%(label)s inside a voucher: read past."),
    "row_outside_voucher": gettext_noop("%(label)s outside a voucher (#VER … { })."),
    "missing_open_brace": gettext_noop(
        "Voucher %(series)s %(number)s: the line after #VER must be “{”."
    ),
    "unclosed_voucher": gettext_noop("Voucher %(series)s %(number)s is not closed with “}”."),
    "unbalanced": gettext_noop(
        "Voucher %(series)s %(number)s does not balance: its rows sum to %(total)s, not 0.00."
    ),
    "bad_date": gettext_noop("Voucher %(series)s %(number)s: “%(text)s” is not a date (YYYYMMDD)."),
    "bad_trans": gettext_noop("Voucher %(series)s %(number)s: a #TRANS row without an amount."),
    "bad_objects": gettext_noop(
        "Voucher %(series)s %(number)s: the object list must hold pairs of dimension and code."
    ),
    "bad_amount": gettext_noop(
        "Voucher %(series)s %(number)s: “%(text)s” is not an amount (e.g. -1234.50)."
    ),
    "amount_decimals": gettext_noop(
        "Voucher %(series)s %(number)s: the amount %(text)s has more than two decimals."
    ),
    # the import of actual costs (socinv.actuals.imports)
    "no_vouchers": gettext_noop(
        "The file holds no vouchers (#VER), so no actual costs (SIE type %(sietyp)s)."
    ),
    "no_project_rows": gettext_noop(
        "No #TRANS row carries one of the fund's project codes in dimension 6 (projekt). "
        "The fund's project codes: %(known)s."
    ),
    "unknown_project_codes": gettext_noop(
        "Rows with dimension-6 codes that are no project of the fund were not imported: %(codes)s."
    ),
    "balance_accounts": gettext_noop(
        "%(count)s rows with a project code on a balance-sheet account (class 1 or 2), an "
        "internal account (class 9) or an account that is no number were not imported (only "
        "revenues and costs, classes 3 to 8, are actual costs)."
    ),
    "already_imported": gettext_noop(
        "This file was already imported on %(date)s by %(user)s. Nothing has been stored."
    ),
    "month_already_imported": gettext_noop(
        "Actual costs of project %(code)s on account %(account)s for %(month)s were already "
        "imported from the file “%(file)s”."
    ),
    "sum_too_large": gettext_noop(
        "Project %(code)s, account %(account)s, %(month)s: the sum is larger than the system "
        "accepts."
    ),
    "file_name_personal_number": gettext_noop(
        "The file's name holds a personal identity number (personnummer): rename the file."
    ),
    "more_problems": gettext_noop("… and %(count)s more problems."),
    # the export (socinv.actuals.export)
    "not_mapped": gettext_noop(
        "Entries of the type “%(type)s” were not exported (%(count)s): the fund's account "
        "mapping has no accounts for the type."
    ),
    "project_without_code": gettext_noop(
        "The project “%(project)s” has no project code: its entries were exported without "
        "dimension 6 (projekt)."
    ),
}

LINE = gettext_noop("line")


def describe(code: str, params: Mapping[str, Any], lang: str | None = "en") -> str:
    """The sentence for ``code`` with ``params`` in ``lang``; the code itself when it has no
    template (or the params do not fit it)."""
    english = MESSAGES.get(code)
    if english is None:
        return code
    values = {
        k: ", ".join(map(str, v)) if isinstance(v, list | tuple) else v for k, v in params.items()
    }
    for text in (translator(lang).gettext(english), english):
        try:
            return text % values
        except (KeyError, TypeError, ValueError):
            continue
    return english


def line(code: str, params: Mapping[str, Any], at: int | None, lang: str | None = "en") -> str:
    """``line 3905: sentence`` (only the sentence for the whole file)."""
    text = describe(code, params, lang)
    return f"{translator(lang).gettext(LINE)} {at}: {text}" if at else text
