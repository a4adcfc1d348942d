"""The sentences for the core's problems: the calculation's input problems
(:class:`socinv.core.calc.Problem`) and the ledger's errors
(:class:`socinv.core.ledger.LedgerError`). The core gives a code and params; here is the
one English template per code (a gettext msgid with ``%(name)s`` placeholders, translated
to Swedish by the catalogue), and :func:`describe` / :func:`located` word a problem in a
language.

The numbers are worded by :func:`socinv.l10n.format_params` (by name: a limit or a count
grouped, ``*_bytes`` a file size, ``*_ore`` also as ``*_kr``; years, entry and line numbers
as written), except a param the template shows with ``%%(name)r`` (a value as given).
Two params are worded, not shown as they are: ``got`` (a value read from a file: strings
quoted, ``true``/``false``, "a table", "a list") and ``type`` (a type code: "a boolean",
"an integer" ...). A ledger error's ``params["variant"]`` picks one of its code's wordings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from socinv.core.calc.problems import InputError, Problem
from socinv.core.calc.problems import ProblemCode as P
from socinv.core.ledger.errors import ErrorCode as L
from socinv.core.ledger.errors import LedgerError
from socinv.core.limits import MAX_PROBLEM_LINES

from . import format_number, format_params
from .catalogue import gettext_noop, language, translator

MAX_LINES = MAX_PROBLEM_LINES  # spec: at most 50 problem lines, then "… and N more"

# -- the calculation's input problems -----------------------------------------------------
CALC: dict[P, str] = {
    P.FILE_NOT_FOUND: gettext_noop("file not found"),
    P.NOT_UTF8: gettext_noop("not a UTF-8 text file"),
    P.UNREADABLE: gettext_noop("cannot read the file: %(reason)s"),
    P.TOML_SYNTAX: gettext_noop("TOML syntax error: line %(line)s, column %(column)s: %(detail)s"),
    P.TOML_SYNTAX_UNLOCATED: gettext_noop("TOML syntax error: %(detail)s"),
    P.FILE_TOO_LARGE: gettext_noop(
        "the file is too large: %(size_bytes)s, at most %(max_bytes)s are read"
    ),
    P.TOO_DEEP: gettext_noop(
        "line %(line)s: lists and inline tables are nested deeper than %(maximum)s levels"
    ),
    P.TOO_DEEP_UNLOCATED: gettext_noop(
        "lists and inline tables are nested deeper than %(maximum)s levels"
    ),
    P.INTEGER_TOO_LONG: gettext_noop(
        "an integer has more than %(max_digits)s digits, more than can be read"
    ),
    P.NOT_TABLE: gettext_noop("must be a table, got %(type)s"),
    P.UNKNOWN_KEY: gettext_noop("unknown key; allowed: %(allowed)s"),
    P.UNKNOWN_KEY_SUGGESTION: gettext_noop(
        "unknown key (did you mean %(suggestion)r?); allowed: %(allowed)s"
    ),
    P.NOT_TABLE_LIST: gettext_noop("must be a list of tables ([[%(key)s]]), got %(type)s"),
    P.REQUIRED: gettext_noop("is required"),
    P.NOT_STRING: gettext_noop("must be a string, got %(type)s"),
    P.EMPTY: gettext_noop("must not be empty"),
    P.NOT_BOOLEAN: gettext_noop("must be true or false, got %(got)s"),
    P.NOT_INTEGER: gettext_noop("must be a whole number, got %(got)s"),
    P.TOO_SMALL: gettext_noop("must be at least %(minimum)s, got %(got)s"),
    P.TOO_LARGE: gettext_noop("must be at most %(maximum)s, got %(got)s"),
    P.NOT_NUMBER: gettext_noop("must be a number, got %(got)s"),
    P.NOT_FINITE: gettext_noop("must be a finite number, got %(got)s"),
    P.NOT_FRACTION: gettext_noop("must be between 0 and 1, got %(got)s"),
    P.NEGATIVE: gettext_noop("must not be negative, got %(got)s"),
    P.NOT_RATE: gettext_noop("must be greater than -1, got %(got)s"),
    P.DIST_REQUIRED: gettext_noop(
        'is required for an uncertain value: "normal", "triangular" or "uniform"'
    ),
    P.DIST_UNKNOWN: gettext_noop('must be "normal", "triangular" or "uniform", got %(got)s'),
    P.SD_NEGATIVE: gettext_noop("must not be negative, got %(sd)g"),
    P.MIN_ABOVE_MAX: gettext_noop("min (%(min)g) must not be greater than max (%(max)g)"),
    P.TRIANGULAR_ORDER: gettext_noop(
        "must have low <= mode <= high, got %(low)g, %(mode)g, %(high)g"
    ),
    P.UNIFORM_ORDER: gettext_noop("must have low <= high, got %(low)g and %(high)g"),
    P.NOT_INTEGER_LIST: gettext_noop("must be a list of whole numbers, got %(type)s"),
    P.TOO_MANY_COHORTS: gettext_noop(
        "has %(cohorts)s cohorts but the horizon is %(horizon)s years "
        "(a cohort after year index %(last)s would be silently dropped)"
    ),
    P.NO_STAKEHOLDERS: gettext_noop("must declare at least one stakeholder"),
    P.DUPLICATE_STAKEHOLDER: gettext_noop("%(id)r is already declared in stakeholders[%(index)s]"),
    P.UNDECLARED_STAKEHOLDER: gettext_noop("%(id)r is not declared in [[stakeholders]]"),
    P.MUNICIPAL_NOT_PUBLIC: gettext_noop(
        "%(id)r is municipal but not public; the public perspective leaves it out"
    ),
    P.COST_AMOUNT_MISSING: gettext_noop("needs amount and/or amount_per_participant"),
    P.YEAR_AND_YEARS: gettext_noop("give either years or year, not both"),
    P.YEARS_MISSING: gettext_noop("needs years (a list of year indices) or year (one index)"),
    P.YEAR_OUTSIDE_HORIZON: gettext_noop(
        "year index %(year)s is outside the horizon (0 … %(last)s); "
        "a cost there would be silently dropped"
    ),
    P.YEARS_NOT_LIST: gettext_noop("must be a non-empty list of year indices, got %(got)s"),
    P.YEAR_TWICE: gettext_noop("year %(year)s is listed twice"),
    P.CASES_AND_PAIR: gettext_noop(
        "give either cases_per_participant or baseline_rate + relative_effect, not both"
    ),
    P.EFFECT_MISSING: gettext_noop(
        "needs cases_per_participant or baseline_rate + relative_effect"
    ),
    P.NO_VALUES: gettext_noop("must have at least one value line"),
    P.KIND_UNKNOWN: gettext_noop('must be "resource" or "transfer", got %(got)s'),
    P.NOT_MUNICIPAL: gettext_noop(
        "%(id)r must be a municipal stakeholder (the board that repays the fund)"
    ),
    P.METHOD_UNKNOWN: gettext_noop('must be "savings" or "depreciation", got %(got)s'),
    P.SAVINGS_ONLY: gettext_noop('applies only to method = "savings"'),
    P.DEPRECIATION_ONLY: gettext_noop('applies only to method = "depreciation"'),
    P.NO_CATALOGUE: gettext_noop(
        "refers to unit cost %(id)r, but no catalogue is given (socinv calc --catalogue FILE)"
    ),
    P.UNKNOWN_UNIT_COST: gettext_noop("%(id)r is not in the catalogue"),
    P.UNKNOWN_UNIT_COST_SUGGESTION: gettext_noop(
        "%(id)r is not in the catalogue (did you mean %(suggestions)s?)"
    ),
    P.INDEX_YEAR_MISSING: gettext_noop(
        "unit cost %(id)r cannot be indexed: the catalogue's index_values have no year %(year)s"
    ),
    P.NO_INDEX: gettext_noop(
        "unit cost %(id)r is priced in %(unit_year)s, the calculation in %(price_year)s, "
        "and the catalogue has no index_values to uprate it"
    ),
    P.DUPLICATE_UNIT_COST: gettext_noop("%(id)r is already used by unit_costs[%(index)s]"),
    P.BAD_UNIT_COST_ID: gettext_noop("must be at most 60 letters, digits, - and _, got %(got)s"),
    P.BAD_INDEX_YEAR: gettext_noop("must be a calendar year 1900 … 2200, got %(got)s"),
    P.INDEX_NOT_POSITIVE: gettext_noop("an index value must be greater than 0, got %(got)s"),
    P.TOO_MANY_UNIT_COSTS: gettext_noop(
        "at most %(maximum)s unit costs in one catalogue, got %(got)s"
    ),
    P.NOT_DATE: gettext_noop("must be a date (2026-01-01), got %(got)s"),
    P.STALE_UNIT_COST: gettext_noop(
        "unit cost %(id)r is priced in %(unit_year)s, %(years)s years before the "
        "calculation's price year %(price_year)s; check that it still holds"
    ),
    P.BEARER_DIFFERS: gettext_noop(
        "unit cost %(id)r is usually borne by %(bearer)r, this line by %(stakeholder)r"
    ),
    P.HAIRCUT_GRADE_MISSING: gettext_noop(
        "needs a haircut for every grade 1 … 5; grade %(grade)s is missing"
    ),
    P.RESULT_NOT_FINITE: gettext_noop(
        "the result is not a finite number: the amounts or cohorts are too large"
    ),
}

# the words for a value's type and for a table or list given where a value belongs
TYPES = {
    "boolean": gettext_noop("a boolean"),
    "integer": gettext_noop("an integer"),
    "number": gettext_noop("a number"),
    "string": gettext_noop("a string"),
    "list": gettext_noop("a list"),
    "table": gettext_noop("a table"),
}

# -- the ledger's errors: by code, or by (code, variant) ----------------------------------
LEDGER: dict[L | tuple[L, str], str] = {
    L.ID_NOT_INCREASING: gettext_noop(
        "Entry id %(entry_id)s is not greater than the last id %(last_id)s."
    ),
    L.FUND_REQUIRED: gettext_noop("Every entry belongs to a fund."),
    L.AMOUNT_NOT_POSITIVE: gettext_noop(
        "The amount must be a whole number of öre greater than zero, not %(amount_ore)r; "
        "the entry type gives the direction."
    ),
    L.AMOUNT_TOO_LARGE: gettext_noop(
        "The amount of %(amount_kr)s exceeds the largest entry the ledger takes, %(max_kr)s."
    ),
    L.LEDGER_FULL: gettext_noop(
        "The fund's ledger holds at most %(max_entries)s entries; start a new fund."
    ),
    L.PROJECT_REQUIRED: gettext_noop("A %(kind)s must name a project."),
    L.BOARD_REQUIRED: gettext_noop("A %(kind)s must name a board."),
    (L.BOARD_REQUIRED, "repayment_model"): gettext_noop(
        "A %(kind)s must name a board (in the repayment model the board that will repay it)."
    ),
    L.BEARER_REQUIRED: gettext_noop(
        "A write-down must say who bears it: central, board or project_type."
    ),
    L.BEARER_INVALID: gettext_noop(
        "Unknown bearer %(bearer)r; use central, board or project_type."
    ),
    L.BEARER_NOT_ALLOWED: gettext_noop("Only a write-down has a bearer."),
    L.REVERSES_REQUIRED: gettext_noop("A reversal must point at the entry it cancels."),
    L.REVERSES_NOT_ALLOWED: gettext_noop("Only a reversal points at another entry."),
    L.NOT_IN_BUDGET_MODEL: gettext_noop(
        "The budget model has no repayments or receivables, "
        "so a %(kind)s cannot be booked in this fund."
    ),
    L.COMMITMENT_AFTER_PERIOD: gettext_noop(
        "The fund follows the budget model and its period ended on %(period_end)s: "
        "no commitment can be made after it; the council tops the fund up or winds it down."
    ),
    L.PROJECT_IN_OTHER_FUND: gettext_noop(
        "Project %(project)r is financed by fund %(other_fund)r, not %(fund)r."
    ),
    (L.PROJECT_IN_OTHER_FUND, "reference"): gettext_noop("the project belongs to another fund"),
    L.REVERSAL_TARGET_MISSING: gettext_noop("There is no earlier entry %(reverses)s to reverse."),
    L.REVERSAL_OF_REVERSAL: gettext_noop(
        "Entry %(target)s is itself a reversal and cannot be reversed; "
        "book the original entry again instead."
    ),
    L.REVERSAL_TARGET_ALREADY_REVERSED: gettext_noop("Entry %(target)s has already been reversed."),
    L.REVERSAL_TARGET_OTHER_FUND: gettext_noop(
        "Entry %(target)s belongs to fund %(target_fund)r, not %(fund)r."
    ),
    (L.REVERSAL_TARGET_OTHER_FUND, "reference"): gettext_noop(
        "the entry to reverse belongs to another fund"
    ),
    L.REVERSAL_AMOUNT_MISMATCH: gettext_noop(
        "A reversal must have the amount of the entry it cancels: "
        "%(expected)s öre, not %(amount_ore)s."
    ),
    L.REVERSAL_PROJECT_MISMATCH: gettext_noop(
        "A reversal must name the same project and board as entry %(target)s "
        "(project %(target_project)r, board %(target_board)r)."
    ),
    L.REVERSAL_BREAKS_BALANCE: gettext_noop(
        "Reversing entry %(reverses)s would make a balance negative."
    ),
    (L.REVERSAL_BREAKS_BALANCE, "available"): gettext_noop(
        "Reversing entry %(reverses)s (%(target_type)s) would leave fund %(fund)r with "
        "%(after)s öre available to commit; the money is already committed."
    ),
    (L.REVERSAL_BREAKS_BALANCE, "outstanding"): gettext_noop(
        "Reversing entry %(reverses)s (%(target_type)s) would leave project %(project)r with "
        "a negative outstanding commitment (%(after)s öre); "
        "it has already been disbursed or released."
    ),
    (L.REVERSAL_BREAKS_BALANCE, "receivable"): gettext_noop(
        "Reversing entry %(reverses)s (%(target_type)s) would leave a negative receivable "
        "(%(after)s öre) on project %(project)r, board %(board)r; "
        "it has already been repaid or written down."
    ),
    L.EXCEEDS_AVAILABLE: gettext_noop(
        "The %(type)s of %(amount_ore)s öre exceeds the %(available)s öre "
        "available to commit in fund %(fund)r."
    ),
    L.EXCEEDS_OUTSTANDING_COMMITMENT: gettext_noop(
        "The %(type)s of %(amount_ore)s öre exceeds project %(project)r's "
        "outstanding commitment of %(outstanding)s öre."
    ),
    L.EXCEEDS_RECEIVABLE: gettext_noop(
        "The %(kind)s of %(amount_ore)s öre exceeds the %(receivable)s öre "
        "that board %(board)r owes the fund for project %(project)r."
    ),
    L.CHAIN_LINK_MISMATCH: gettext_noop(
        "Entry %(entry_id)s does not link to the entry before it: "
        "an entry was deleted, inserted or moved."
    ),
    L.HASH_MISMATCH: gettext_noop(
        "Entry %(entry_id)s has been changed after it was recorded: "
        "its stored hash does not match its content."
    ),
    L.CHAIN_HEAD_MISMATCH: gettext_noop(
        "The chain ends before the recorded head: entries were removed from the end."
    ),
    (L.CHAIN_HEAD_MISMATCH, "count"): gettext_noop(
        "the fund records %(recorded)s entries but %(stored)s are stored"
    ),
}

# the chain's head on a year-end statement (the page, the workbook, the CLI)
CHAIN_HEAD_ONE = gettext_noop("Ledger: %(count)s entry, last hash %(hash)s…")
CHAIN_HEAD_MANY = gettext_noop("Ledger: %(count)s entries, last hash %(hash)s…")
ENTRY = gettext_noop("entry %(entry)s")  # where a ledger error is: "entry 7: amount_ore: …"
MORE = gettext_noop("… and %(count)s more")  # after the first MAX_LINES problems


@dataclass(frozen=True)
class Described:
    """A problem worded in one language: what templates and forms show (``str()`` is
    ``path: message``). The web layer also makes these for its own problems (an upload
    too large ...), already translated by Django."""

    path: str
    message: str
    code: str = ""
    params: dict[str, Any] = field(default_factory=dict, hash=False)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


Item = Problem | LedgerError | Described


def template(item: Problem | LedgerError) -> str:
    """The English template (msgid) of a problem or a ledger error."""
    if isinstance(item, LedgerError):
        variant = (item.params or {}).get("variant")
        return LEDGER.get((item.code, variant), LEDGER[item.code]) if variant else LEDGER[item.code]
    return CALC[item.code]


def describe(item: Item, lang: str | None = "en") -> str:
    """The sentence for one problem or ledger error in ``lang`` ("sv" or "en")."""
    if isinstance(item, Described):
        return item.message
    gettext = translator(lang).gettext
    params = sentence_params(item, lang)
    english = template(item)
    for text in (gettext(english), english):  # a broken translation falls back to English
        try:
            return text % params
        except (KeyError, TypeError, ValueError):
            continue
    return english  # params missing (an error built by hand): the template, never a crash


def sentence_params(item: Problem | LedgerError, lang: str | None = "en") -> dict[str, Any]:
    """The values for the template's placeholders: the params, with ``got`` and ``type``
    worded in ``lang`` and a ledger error's ``entry_id``."""
    raw: dict[str, Any] = dict(item.params or {})
    english = template(item)
    params = format_params(raw, language(lang))
    for name in raw:  # shown with %(name)r: the value as given
        if f"%({name})r" in english:
            params[name] = raw[name]
    if isinstance(item, LedgerError):
        params.setdefault("entry_id", item.entry_id)
        return params
    gettext = translator(lang).gettext
    year = _as_written(item.path)
    if year:  # the bounds of a calendar year ("start_year") are years: "2200", not "2 200"
        params.update({k: raw[k] for k in ("minimum", "maximum") if k in raw})
    if "got" in params:
        got = raw["got"]
        bounded = item.code in (P.TOO_SMALL, P.TOO_LARGE) and not year
        if bounded and isinstance(got, int) and not isinstance(got, bool):
            params["got"] = format_number(got, lang=language(lang))
        else:
            params["got"] = value_text(got, gettext)
    if params.get("type") in TYPES:
        params["type"] = gettext(TYPES[params["type"]])
    return params


AS_WRITTEN = {"--port"}  # a number that is a label: never grouped ("65535")


def _as_written(path: str) -> bool:
    """Whether a problem's path names a calendar year (``start_year``) or a label such as
    a port, whose numbers are shown as written."""
    last = (path or "").rsplit(".", 1)[-1].split("[", 1)[0]
    return last.endswith("year") or last in AS_WRITTEN


def located(item: Item, lang: str | None = "en") -> str:
    """The sentence with where it applies: ``path: sentence`` for an input problem,
    ``entry 7: field: sentence`` for a ledger error (what ``str()`` said before)."""
    message = describe(item, lang)
    if isinstance(item, LedgerError):
        where = f"{item.field}: {message}"
        if item.entry_id is None:
            return where
        return f"{translator(lang).gettext(ENTRY) % {'entry': item.entry_id}}: {where}"
    return f"{item.path}: {message}" if item.path else message


def localise(problems: Iterable[Problem | Described], lang: str | None = "en") -> list[Described]:
    """Each problem worded in ``lang`` (a :class:`Described` stays as it is)."""
    return [
        p
        if isinstance(p, Described)
        else Described(p.path, describe(p, lang), str(p.code), dict(p.params))
        for p in problems
    ]


def input_error_lines(
    exc: InputError, lang: str | None = "en", limit: int = MAX_LINES
) -> list[str]:
    """``file: path: message`` per problem, at most ``limit`` lines, then
    ``file: … and N more`` (the CLI's stderr, spec "Errors")."""
    lines = exc.lines(lambda p: located(p, lang))
    total = max(len(lines), getattr(exc, "total", 0))  # problems counted beyond those kept
    if total <= limit:
        return lines
    more = translator(lang).gettext(MORE) % format_params({"count": total - limit}, language(lang))
    return [*lines[:limit], f"{exc.source}: {more}"]


def value_text(value: Any, gettext=None) -> str:
    """A value as read from a file, as the sentence shows it: ``'text'``, ``true``, ``1.3``,
    or "a table" / "a list" (translated by ``gettext``)."""
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        key = TYPES["table"] if isinstance(value, dict) else TYPES["list"]
        return gettext(key) if gettext else key
    return str(value)


def chain_head_line(count: int, hash: str, lang: str | None = "en") -> str:
    """The chain's head on a statement: "Huvudboken: 12 verifikationer, sista hash 3f2a…"
    (the first 16 hex digits of the last entry's hash).

    Swedish and English both have one form for 1 and one for every other number."""
    template = CHAIN_HEAD_ONE if count == 1 else CHAIN_HEAD_MANY
    params = {"count": format_number(count, lang=language(lang)), "hash": (hash or "")[:16]}
    return translator(lang).gettext(template) % params
