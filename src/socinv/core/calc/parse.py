"""Read and validate a calculation TOML file into :class:`~.model.Calculation`.

Every problem is collected (not just the first) as a :class:`~.problems.Problem` naming the
field's path, e.g. ``outcomes[1].relative_effect``, and a code (the sentence is
``socinv.l10n``'s). Unknown keys are errors, so that a typo never silently becomes a
default. The rules for single values (scalars, distributions) are in :mod:`.reader`.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path
from typing import Any

from socinv.core.limits import (
    MAX_CALC_FILE_BYTES,
    MAX_CALC_NESTING,
    MAX_HORIZON,
    MAX_START_YEAR,
    MIN_HORIZON,
    MIN_START_YEAR,
)

from .catalogue import Catalogue, resolve_references
from .evidence import graded, haircut_table
from .model import (
    Calculation,
    Cost,
    Kind,
    Method,
    Outcome,
    Param,
    Repayment,
    Stakeholder,
    Value,
)
from .problems import InputError, Problem
from .problems import ProblemCode as Code
from .reader import Reader, typename
from .reader import join as _join
from .toml_depth import check_toml_size_and_depth

__all__ = ["InputError", "Problem", "from_dict", "load", "parse"]

_TOP_KEYS = {
    "name",
    "start_year",
    "horizon",
    "discount_rate",
    "success_probability",
    "participants",
    "stakeholders",
    "costs",
    "outcomes",
    "repayment",
    "price_year",  # spec unit-costs.md
    "evidence_haircut",
}
_STAKEHOLDER_KEYS = {"id", "name", "municipal", "public"}
_COST_KEYS = {"label", "stakeholder", "years", "year", "amount", "amount_per_participant"}
_OUTCOME_KEYS = {
    "label",
    "baseline_rate",
    "relative_effect",
    "cases_per_participant",
    "lag",
    "duration",
    "drop_off",
    "deadweight",
    "attribution",
    "displacement",
    "out_migration",
    "values",
    "evidence_grade",  # spec unit-costs.md
}
_VALUE_KEYS = {"stakeholder", "amount", "kind"}
_REPAYMENT_KEYS = {
    "stakeholder",
    "amount",
    "method",
    "share_of_savings",
    "period",
    "start",
    "internal_rate",
}


def parse(text: str, source: str = "<input>", catalogue: Catalogue | None = None) -> Calculation:
    """Parse TOML text. Raises :class:`InputError` listing every problem. A text over
    ``MAX_CALC_FILE_BYTES`` or nested too deep is refused before the TOML parser runs."""
    problems = check_toml_size_and_depth(text)
    if problems:
        raise InputError(problems, source)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError([_toml_problem(exc)], source) from None
    except RecursionError:  # only if the depth scan was misled: never a traceback
        problem = Problem("", Code.TOO_DEEP_UNLOCATED, {"maximum": MAX_CALC_NESTING})
        raise InputError([problem], source) from None
    except ValueError:  # an integer of more digits than Python converts
        digits = sys.get_int_max_str_digits()
        problem = Problem("", Code.INTEGER_TOO_LONG, {"max_digits": digits})
        raise InputError([problem], source) from None
    return from_dict(data, source, catalogue)


def _toml_problem(exc: tomllib.TOMLDecodeError) -> Problem:
    """tomllib's own (English) detail, and the line and column it names."""
    msg = str(exc)
    m = re.search(r"\(at line (\d+), column (\d+)\)", msg)
    if m:
        detail = msg[: m.start()].strip()
        return Problem(
            "",
            Code.TOML_SYNTAX,
            {"line": int(m.group(1)), "column": int(m.group(2)), "detail": detail},
        )
    return Problem("", Code.TOML_SYNTAX_UNLOCATED, {"detail": msg})


def load(path: str | Path, catalogue: Catalogue | None = None) -> Calculation:
    """Read a calculation file. Raises :class:`InputError` (also for an unreadable file)."""
    return parse(read_text(path), str(path), catalogue)


def read_text(path: str | Path) -> str:
    """A TOML file's text (a calculation's, a catalogue's): never more than
    ``MAX_CALC_FILE_BYTES`` read; :class:`InputError` naming the file otherwise."""
    p = Path(path)
    try:
        with p.open("rb") as f:  # never more than the limit (and one byte) into memory
            raw = f.read(MAX_CALC_FILE_BYTES + 1)
        if len(raw) > MAX_CALC_FILE_BYTES:
            problem = Problem(
                "",
                Code.FILE_TOO_LARGE,
                {"max_bytes": MAX_CALC_FILE_BYTES, "size_bytes": _size(p, raw)},
            )
            raise InputError([problem], str(path))
        text = raw.decode("utf-8")
    except FileNotFoundError:
        raise InputError([Problem("", Code.FILE_NOT_FOUND)], str(path)) from None
    except UnicodeDecodeError:
        raise InputError([Problem("", Code.NOT_UTF8)], str(path)) from None
    except OSError as exc:
        problem = Problem("", Code.UNREADABLE, {"reason": exc.strerror})
        raise InputError([problem], str(path)) from None
    return text


def _size(p: Path, raw: bytes) -> int:
    """The file's size in bytes (at least what was read, for a pipe or a device)."""
    try:
        return max(p.stat().st_size, len(raw))
    except OSError:
        return len(raw)


def from_dict(
    data: dict[str, Any], source: str = "<input>", catalogue: Catalogue | None = None
) -> Calculation:
    """Validate an already-parsed mapping (e.g. from a web form or the API); references to
    unit costs are resolved against ``catalogue`` (spec unit-costs.md)."""
    r = Reader()
    top = r.table(data, "", _TOP_KEYS)
    if top is None:
        raise InputError(r.problems, source, r.count)
    name = r.string(top, "name", "")
    start_year = r.integer(top, "start_year", "", minimum=MIN_START_YEAR, maximum=MAX_START_YEAR)
    horizon = r.integer(top, "horizon", "", minimum=MIN_HORIZON, maximum=MAX_HORIZON)
    discount_rate = r.number(top, "discount_rate", "", kind="rate")
    success_probability = r.number(top, "success_probability", "", default=1.0, kind="fraction")
    price_year = r.integer(
        top, "price_year", "", default=start_year, minimum=MIN_START_YEAR, maximum=MAX_START_YEAR
    )
    resolution = resolve_references(r, top, catalogue, price_year)
    top = resolution.data

    participants: list[int] = []
    raw_participants = top.get("participants", [])
    if not isinstance(raw_participants, list):
        r.error("participants", Code.NOT_INTEGER_LIST, type=typename(raw_participants))
    else:
        for i, n in enumerate(raw_participants):
            v = r.check_int(n, f"participants[{i}]", minimum=0)
            participants.append(v if v is not None else 0)
        if horizon is not None and len(raw_participants) > horizon:
            r.error(
                "participants",
                Code.TOO_MANY_COHORTS,
                cohorts=len(raw_participants),
                horizon=horizon,
                last=horizon - 1,
            )

    stakeholders = _stakeholders(r, top)
    known = {s.id: s for s in stakeholders}
    warnings = tuple(
        Problem("stakeholders", Code.MUNICIPAL_NOT_PUBLIC, {"id": s.id})
        for s in stakeholders
        if s.municipal and not s.public
    )

    def ref(tbl: dict, path: str) -> str | None:
        sid = r.string(tbl, "stakeholder", path)
        if sid is not None and stakeholders is not None and sid not in known:
            r.error(_join(path, "stakeholder"), Code.UNDECLARED_STAKEHOLDER, id=sid)
        return sid

    costs = []
    for i, raw in enumerate(r.table_list(top, "costs", "", required=False)):
        path = f"costs[{i}]"
        tbl = r.table(raw, path, _COST_KEYS)
        if tbl is None:
            continue
        label = r.string(tbl, "label", path)
        sid = ref(tbl, path)
        years = _cost_years(r, tbl, path, horizon)
        amount = r.param(tbl, "amount", path, kind="nonnegative", default=None)
        app = r.param(tbl, "amount_per_participant", path, kind="nonnegative", default=None)
        if "amount" not in tbl and "amount_per_participant" not in tbl:
            r.error(path, Code.COST_AMOUNT_MISSING)
        costs.append(Cost(label or "", sid or "", years, amount, app))

    raw_outcomes = r.table_list(top, "outcomes", "", required=False)
    outcomes = [_outcome(r, raw, f"outcomes[{i}]", ref) for i, raw in enumerate(raw_outcomes)]
    outcomes = graded(r, raw_outcomes, outcomes, haircut_table(r, top))

    repayment = None
    if "repayment" in top:
        repayment = _repayment(r, top["repayment"], horizon, known)

    if r.problems:
        raise InputError(r.problems, source, r.count)
    return Calculation(
        name=name,
        start_year=start_year,
        horizon=horizon,
        discount_rate=discount_rate,
        success_probability=success_probability,
        participants=tuple(participants),
        stakeholders=tuple(stakeholders),
        costs=tuple(costs),
        outcomes=tuple(o for o in outcomes if o is not None),
        repayment=repayment,
        warnings=warnings + tuple(resolution.warnings),
        price_year=price_year if "price_year" in top else None,
        unit_costs=tuple(resolution.uses),
    )


def _stakeholders(r: Reader, top: dict) -> list[Stakeholder]:
    result = []
    seen: dict[str, int] = {}
    raw_list = r.table_list(top, "stakeholders", "", required=True)
    if "stakeholders" in top and isinstance(top["stakeholders"], list) and not raw_list:
        r.error("stakeholders", Code.NO_STAKEHOLDERS)
    for i, raw in enumerate(raw_list):
        path = f"stakeholders[{i}]"
        tbl = r.table(raw, path, _STAKEHOLDER_KEYS)
        if tbl is None:
            continue
        sid = r.string(tbl, "id", path)
        name = r.string(tbl, "name", path)
        municipal = r.boolean(tbl, "municipal", path, False)
        public = r.boolean(tbl, "public", path, False)
        if sid is None:
            continue
        if sid in seen:
            r.error(_join(path, "id"), Code.DUPLICATE_STAKEHOLDER, id=sid, index=seen[sid])
            continue
        seen[sid] = i
        result.append(Stakeholder(sid, name or sid, bool(municipal), bool(public)))
    return result


def _cost_years(r: Reader, tbl: dict, path: str, horizon: int | None) -> tuple[int, ...]:
    has_years, has_year = "years" in tbl, "year" in tbl
    if has_years and has_year:
        r.error(path, Code.YEAR_AND_YEARS)
        return ()
    if not has_years and not has_year:
        r.error(path, Code.YEARS_MISSING)
        return ()

    def year_index(value: Any, p: str) -> int | None:
        y = r.check_int(value, p, minimum=0)
        if y is not None and horizon is not None and y >= horizon:
            r.error(p, Code.YEAR_OUTSIDE_HORIZON, year=y, last=horizon - 1)
            return None
        return y

    if has_year:
        y = year_index(tbl["year"], _join(path, "year"))
        return () if y is None else (y,)
    raw = tbl["years"]
    if not isinstance(raw, list) or not raw:
        r.error(_join(path, "years"), Code.YEARS_NOT_LIST, got=raw)
        return ()
    years: list[int] = []
    for j, y in enumerate(raw):
        v = year_index(y, f"{path}.years[{j}]")
        if v is None:
            continue
        if v in years:
            r.error(f"{path}.years[{j}]", Code.YEAR_TWICE, year=v)
            continue
        years.append(v)
    return tuple(years)


def _outcome(r: Reader, raw: Any, path: str, ref) -> Outcome | None:
    tbl = r.table(raw, path, _OUTCOME_KEYS)
    if tbl is None:
        return None
    label = r.string(tbl, "label", path)
    has_pair = "baseline_rate" in tbl or "relative_effect" in tbl
    has_cases = "cases_per_participant" in tbl
    baseline = relative = cases = None
    if has_pair and has_cases:
        r.error(path, Code.CASES_AND_PAIR)
    elif has_cases:
        cases = r.param(tbl, "cases_per_participant", path, kind="nonnegative")
    elif has_pair:
        baseline = r.param(tbl, "baseline_rate", path, kind="fraction")
        relative = r.param(tbl, "relative_effect", path, kind="fraction")
    else:
        r.error(path, Code.EFFECT_MISSING)
    lag = r.integer(tbl, "lag", path, default=0, minimum=0)
    duration = r.integer(tbl, "duration", path, default=1, minimum=1)
    fractions = {
        k: r.param(tbl, k, path, kind="fraction", default=Param(0.0))
        for k in ("drop_off", "deadweight", "attribution", "displacement", "out_migration")
    }
    values = []
    raw_values = r.table_list(tbl, "values", path, required=True)
    if "values" in tbl and isinstance(tbl["values"], list) and not raw_values:
        r.error(_join(path, "values"), Code.NO_VALUES)
    for j, rv in enumerate(raw_values):
        vpath = f"{path}.values[{j}]"
        vt = r.table(rv, vpath, _VALUE_KEYS)
        if vt is None:
            continue
        sid = ref(vt, vpath)
        amount = r.param(vt, "amount", vpath)
        kind = vt.get("kind", "resource")
        if kind not in ("resource", "transfer"):
            r.error(_join(vpath, "kind"), Code.KIND_UNKNOWN, got=kind)
            kind = "resource"
        values.append(Value(sid or "", amount or Param(0.0), Kind(kind)))
    return Outcome(
        label=label or "",
        values=tuple(values),
        baseline_rate=baseline,
        relative_effect=relative,
        cases_per_participant=cases,
        lag=lag if lag is not None else 0,
        duration=duration if duration is not None else 1,
        **{k: v if v is not None else Param(0.0) for k, v in fractions.items()},
    )


def _repayment(r: Reader, raw: Any, horizon: int | None, known: dict) -> Repayment | None:
    path = "repayment"
    tbl = r.table(raw, path, _REPAYMENT_KEYS)
    if tbl is None:
        return None
    sid = r.string(tbl, "stakeholder", path)
    if sid is not None:
        if sid not in known:
            r.error(_join(path, "stakeholder"), Code.UNDECLARED_STAKEHOLDER, id=sid)
        elif not known[sid].municipal:
            r.error(_join(path, "stakeholder"), Code.NOT_MUNICIPAL, id=sid)
    amount = r.number(tbl, "amount", path, kind="nonnegative")
    method = tbl.get("method", "savings")
    if method not in ("savings", "depreciation"):
        r.error(_join(path, "method"), Code.METHOD_UNKNOWN, got=method)
        method = "savings"
    share = r.number(tbl, "share_of_savings", path, default=1.0, kind="fraction")
    period = None
    if method == "depreciation":
        period = r.integer(tbl, "period", path, minimum=1)
        if "share_of_savings" in tbl:
            r.error(_join(path, "share_of_savings"), Code.SAVINGS_ONLY)
    elif "period" in tbl:
        r.error(_join(path, "period"), Code.DEPRECIATION_ONLY)
    maximum = None if horizon is None else horizon - 1
    start = r.integer(tbl, "start", path, default=0, minimum=0, maximum=maximum)
    internal_rate = r.number(tbl, "internal_rate", path, default=0.0, kind="rate")
    if None in (sid, amount, share, start, internal_rate) or (
        method == "depreciation" and period is None
    ):
        return None
    return Repayment(sid, amount, Method(method), share, period, start, internal_rate)
