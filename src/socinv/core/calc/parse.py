"""Read and validate a calculation TOML file into :class:`~.model.Calculation`.

Every problem is collected (not just the first) as a :class:`Problem` naming the
field's path, e.g. ``outcomes[1].relative_effect``. Unknown keys are errors, so that a
typo never silently becomes a default.
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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

_MISSING = object()


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class InputError(ValueError):
    """The input is invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem], source: str = "<input>"):
        self.problems = problems
        self.source = source
        super().__init__("\n".join(f"{source}: {p}" for p in problems))

    def lines(self) -> list[str]:
        return [f"{self.source}: {p}" for p in self.problems]


def _fmt(v: Any) -> str:
    if isinstance(v, str):
        return repr(v)
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, dict):
        return "a table"
    if isinstance(v, list):
        return "a list"
    return str(v)


def _typename(v: Any) -> str:
    if isinstance(v, bool):
        return "a boolean"
    if isinstance(v, int):
        return "an integer"
    if isinstance(v, float):
        return "a number"
    if isinstance(v, str):
        return "a string"
    if isinstance(v, list):
        return "a list"
    if isinstance(v, dict):
        return "a table"
    return type(v).__name__


class _Reader:
    """Collects problems while reading nested tables."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def error(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    # -- tables -----------------------------------------------------------------
    def table(self, data: Any, path: str, allowed: set[str]) -> dict[str, Any] | None:
        if not isinstance(data, dict):
            self.error(path, f"must be a table, got {_typename(data)}")
            return None
        for key in data:
            if key not in allowed:
                self.error(_join(path, key), _unknown_key_message(key, allowed))
        return data

    def table_list(self, data: dict, key: str, path: str, required: bool) -> list[Any]:
        value = data.get(key, _MISSING)
        p = _join(path, key)
        if value is _MISSING:
            if required:
                self.error(p, "is required")
            return []
        if not isinstance(value, list):
            self.error(p, f"must be a list of tables ([[{key}]]), got {_typename(value)}")
            return []
        return value

    # -- scalars ----------------------------------------------------------------
    def string(self, data: dict, key: str, path: str, default: Any = _MISSING) -> str | None:
        value = data.get(key, _MISSING)
        p = _join(path, key)
        if value is _MISSING:
            if default is _MISSING:
                self.error(p, "is required")
                return None
            return default
        if not isinstance(value, str):
            self.error(p, f"must be a string, got {_typename(value)}")
            return None
        if not value.strip():
            self.error(p, "must not be empty")
            return None
        return value

    def boolean(self, data: dict, key: str, path: str, default: bool) -> bool | None:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.error(_join(path, key), f"must be true or false, got {_fmt(value)}")
            return None
        return value

    def integer(
        self,
        data: dict,
        key: str,
        path: str,
        default: Any = _MISSING,
        minimum: int | None = None,
        maximum: int | None = None,
    ) -> int | None:
        value = data.get(key, _MISSING)
        p = _join(path, key)
        if value is _MISSING:
            if default is _MISSING:
                self.error(p, "is required")
            return None if default is _MISSING else default
        return self.check_int(value, p, minimum, maximum)

    def check_int(
        self, value: Any, p: str, minimum: int | None = None, maximum: int | None = None
    ) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(p, f"must be a whole number, got {_fmt(value)}")
            return None
        if minimum is not None and value < minimum:
            self.error(p, f"must be at least {minimum}, got {value}")
            return None
        if maximum is not None and value > maximum:
            self.error(p, f"must be at most {maximum}, got {value}")
            return None
        return value

    def number(
        self,
        data: dict,
        key: str,
        path: str,
        default: Any = _MISSING,
        kind: str = "any",
    ) -> float | None:
        value = data.get(key, _MISSING)
        p = _join(path, key)
        if value is _MISSING:
            if default is _MISSING:
                self.error(p, "is required")
            return None if default is _MISSING else default
        return self.check_number(value, p, kind)

    def check_number(self, value: Any, p: str, kind: str = "any") -> float | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(p, f"must be a number, got {_fmt(value)}")
            return None
        v = float(value)
        if not math.isfinite(v):
            self.error(p, f"must be a finite number, got {value}")
            return None
        if kind == "fraction" and not 0.0 <= v <= 1.0:
            self.error(p, f"must be between 0 and 1, got {_fmt(value)}")
            return None
        if kind == "nonnegative" and v < 0:
            self.error(p, f"must not be negative, got {_fmt(value)}")
            return None
        if kind == "rate" and v <= -1:
            self.error(p, f"must be greater than -1, got {_fmt(value)}")
            return None
        return v

    # -- uncertain numbers --------------------------------------------------------
    def param(
        self, data: dict, key: str, path: str, kind: str = "any", default: Any = _MISSING
    ) -> Param | None:
        """A plain number (checked against ``kind``) or a distribution (clipped to it)."""
        value = data.get(key, _MISSING)
        p = _join(path, key)
        if value is _MISSING:
            if default is _MISSING:
                self.error(p, "is required")
                return None
            return default
        if isinstance(value, dict):
            return self.distribution(value, p, kind)
        v = self.check_number(value, p, kind)
        return None if v is None else Param.fixed(v)

    def distribution(self, data: dict, p: str, kind: str) -> Param | None:
        dist = data.get("dist", _MISSING)
        if dist is _MISSING:
            self.error(
                _join(p, "dist"),
                'is required for an uncertain value: "normal", "triangular" or "uniform"',
            )
            return None
        keys = _DIST_KEYS.get(dist) if isinstance(dist, str) else None
        if keys is None:
            self.error(
                _join(p, "dist"),
                f'must be "normal", "triangular" or "uniform", got {_fmt(dist)}',
            )
            return None
        required, optional = keys
        if self.table(data, p, {"dist", *required, *optional}) is None:
            return None
        n_before = len(self.problems)
        nums = {k: self.number(data, k, p) for k in required}
        nums.update({k: self.number(data, k, p, default=None) for k in optional})
        if len(self.problems) > n_before:
            return None
        lo, hi = _KIND_BOUNDS[kind]
        if dist == "normal":
            if nums["sd"] < 0:
                self.error(_join(p, "sd"), f"must not be negative, got {nums['sd']:g}")
                return None
            mn, mx = nums.get("min"), nums.get("max")
            if mn is not None and mx is not None and mn > mx:
                self.error(p, f"min ({mn:g}) must not be greater than max ({mx:g})")
                return None
            lo = _tighter(lo, mn, max)
            hi = _tighter(hi, mx, min)
            central = nums["mean"]
            return Param(
                central=_clip(central, lo, hi),
                dist="normal",
                mean=nums["mean"],
                sd=nums["sd"],
                lo=lo,
                hi=hi,
            )
        if dist == "triangular":
            a, c, b = nums["low"], nums["mode"], nums["high"]
            if not a <= c <= b:
                self.error(p, f"must have low <= mode <= high, got {a:g}, {c:g}, {b:g}")
                return None
            return Param(
                central=_clip(c, lo, hi), dist="triangular", low=a, mode=c, high=b, lo=lo, hi=hi
            )
        a, b = nums["low"], nums["high"]
        if a > b:
            self.error(p, f"must have low <= high, got {a:g} and {b:g}")
            return None
        return Param(
            central=_clip((a + b) / 2, lo, hi), dist="uniform", low=a, high=b, lo=lo, hi=hi
        )


_DIST_KEYS = {
    "normal": (("mean", "sd"), ("min", "max")),
    "triangular": (("low", "mode", "high"), ()),
    "uniform": (("low", "high"), ()),
}
_KIND_BOUNDS: dict[str, tuple[float | None, float | None]] = {
    "any": (None, None),
    "fraction": (0.0, 1.0),
    "nonnegative": (0.0, None),
}


def _tighter(current: float | None, new: float | None, pick) -> float | None:
    if new is None:
        return current
    if current is None:
        return new
    return pick(current, new)


def _clip(v: float, lo: float | None, hi: float | None) -> float:
    if lo is not None and v < lo:
        v = lo
    if hi is not None and v > hi:
        v = hi
    return v


def _join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _unknown_key_message(key: str, allowed: set[str]) -> str:
    import difflib

    close = difflib.get_close_matches(key, sorted(allowed), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"unknown key{hint}; allowed: {', '.join(sorted(allowed))}"


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


def parse(text: str, source: str = "<input>") -> Calculation:
    """Parse TOML text. Raises :class:`InputError` listing every problem."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(
            [Problem("", f"TOML syntax error: {_toml_message(exc)}")], source
        ) from None
    return from_dict(data, source)


def _toml_message(exc: tomllib.TOMLDecodeError) -> str:
    msg = str(exc)
    m = re.search(r"\(at line (\d+), column (\d+)\)", msg)
    if m:
        return f"line {m.group(1)}, column {m.group(2)}: {msg[: m.start()].strip()}"
    return msg


def load(path: str | Path) -> Calculation:
    """Read a calculation file. Raises :class:`InputError` (also for an unreadable file)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError([Problem("", "file not found")], str(path)) from None
    except UnicodeDecodeError:
        raise InputError([Problem("", "not a UTF-8 text file")], str(path)) from None
    except OSError as exc:
        raise InputError(
            [Problem("", f"cannot read the file: {exc.strerror}")], str(path)
        ) from None
    return parse(text, str(path))


def from_dict(data: dict[str, Any], source: str = "<input>") -> Calculation:
    """Validate an already-parsed mapping (e.g. from a web form or the API)."""
    r = _Reader()
    top = r.table(data, "", _TOP_KEYS)
    if top is None:
        raise InputError(r.problems, source)
    name = r.string(top, "name", "")
    start_year = r.integer(top, "start_year", "", minimum=1900, maximum=2200)
    horizon = r.integer(top, "horizon", "", minimum=1, maximum=200)
    discount_rate = r.number(top, "discount_rate", "", kind="rate")
    success_probability = r.number(top, "success_probability", "", default=1.0, kind="fraction")

    participants: list[int] = []
    raw_participants = top.get("participants", [])
    if not isinstance(raw_participants, list):
        r.error(
            "participants", f"must be a list of whole numbers, got {_typename(raw_participants)}"
        )
    else:
        for i, n in enumerate(raw_participants):
            v = r.check_int(n, f"participants[{i}]", minimum=0)
            participants.append(v if v is not None else 0)
        if horizon is not None and len(raw_participants) > horizon:
            r.error(
                "participants",
                f"has {len(raw_participants)} cohorts but the horizon is {horizon} years "
                f"(a cohort after year index {horizon - 1} would be silently dropped)",
            )

    stakeholders = _stakeholders(r, top)
    known = {s.id: s for s in stakeholders}
    warnings = tuple(
        f"stakeholders: {s.id!r} is municipal but not public; the public perspective leaves it out"
        for s in stakeholders
        if s.municipal and not s.public
    )

    def ref(tbl: dict, path: str) -> str | None:
        sid = r.string(tbl, "stakeholder", path)
        if sid is not None and stakeholders is not None and sid not in known:
            r.error(_join(path, "stakeholder"), f"{sid!r} is not declared in [[stakeholders]]")
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
            r.error(path, "needs amount and/or amount_per_participant")
        costs.append(Cost(label or "", sid or "", years, amount, app))

    outcomes = [
        _outcome(r, raw, f"outcomes[{i}]", ref)
        for i, raw in enumerate(r.table_list(top, "outcomes", "", required=False))
    ]

    repayment = None
    if "repayment" in top:
        repayment = _repayment(r, top["repayment"], horizon, known)

    if r.problems:
        raise InputError(r.problems, source)
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
        warnings=warnings,
    )


def _stakeholders(r: _Reader, top: dict) -> list[Stakeholder]:
    result = []
    seen: dict[str, int] = {}
    raw_list = r.table_list(top, "stakeholders", "", required=True)
    if "stakeholders" in top and isinstance(top["stakeholders"], list) and not raw_list:
        r.error("stakeholders", "must declare at least one stakeholder")
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
            r.error(_join(path, "id"), f"{sid!r} is already declared in stakeholders[{seen[sid]}]")
            continue
        seen[sid] = i
        result.append(Stakeholder(sid, name or sid, bool(municipal), bool(public)))
    return result


def _cost_years(r: _Reader, tbl: dict, path: str, horizon: int | None) -> tuple[int, ...]:
    has_years, has_year = "years" in tbl, "year" in tbl
    if has_years and has_year:
        r.error(path, "give either years or year, not both")
        return ()
    if not has_years and not has_year:
        r.error(path, "needs years (a list of year indices) or year (one index)")
        return ()

    def year_index(value: Any, p: str) -> int | None:
        y = r.check_int(value, p, minimum=0)
        if y is not None and horizon is not None and y >= horizon:
            r.error(
                p,
                f"year index {y} is outside the horizon (0 … {horizon - 1}); "
                "a cost there would be silently dropped",
            )
            return None
        return y

    if has_year:
        y = year_index(tbl["year"], _join(path, "year"))
        return () if y is None else (y,)
    raw = tbl["years"]
    if not isinstance(raw, list) or not raw:
        r.error(_join(path, "years"), f"must be a non-empty list of year indices, got {_fmt(raw)}")
        return ()
    years: list[int] = []
    for j, y in enumerate(raw):
        v = year_index(y, f"{path}.years[{j}]")
        if v is None:
            continue
        if v in years:
            r.error(f"{path}.years[{j}]", f"year {v} is listed twice")
            continue
        years.append(v)
    return tuple(years)


def _outcome(r: _Reader, raw: Any, path: str, ref) -> Outcome | None:
    tbl = r.table(raw, path, _OUTCOME_KEYS)
    if tbl is None:
        return None
    label = r.string(tbl, "label", path)
    has_pair = "baseline_rate" in tbl or "relative_effect" in tbl
    has_cases = "cases_per_participant" in tbl
    baseline = relative = cases = None
    if has_pair and has_cases:
        r.error(
            path, "give either cases_per_participant or baseline_rate + relative_effect, not both"
        )
    elif has_cases:
        cases = r.param(tbl, "cases_per_participant", path, kind="nonnegative")
    elif has_pair:
        baseline = r.param(tbl, "baseline_rate", path, kind="fraction")
        relative = r.param(tbl, "relative_effect", path, kind="fraction")
    else:
        r.error(path, "needs cases_per_participant or baseline_rate + relative_effect")
    lag = r.integer(tbl, "lag", path, default=0, minimum=0)
    duration = r.integer(tbl, "duration", path, default=1, minimum=1)
    fractions = {
        k: r.param(tbl, k, path, kind="fraction", default=Param(0.0))
        for k in ("drop_off", "deadweight", "attribution", "displacement", "out_migration")
    }
    values = []
    raw_values = r.table_list(tbl, "values", path, required=True)
    if "values" in tbl and isinstance(tbl["values"], list) and not raw_values:
        r.error(_join(path, "values"), "must have at least one value line")
    for j, rv in enumerate(raw_values):
        vpath = f"{path}.values[{j}]"
        vt = r.table(rv, vpath, _VALUE_KEYS)
        if vt is None:
            continue
        sid = ref(vt, vpath)
        amount = r.param(vt, "amount", vpath)
        kind = vt.get("kind", "resource")
        if kind not in ("resource", "transfer"):
            r.error(_join(vpath, "kind"), f'must be "resource" or "transfer", got {_fmt(kind)}')
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


def _repayment(r: _Reader, raw: Any, horizon: int | None, known: dict) -> Repayment | None:
    path = "repayment"
    tbl = r.table(raw, path, _REPAYMENT_KEYS)
    if tbl is None:
        return None
    sid = r.string(tbl, "stakeholder", path)
    if sid is not None:
        if sid not in known:
            r.error(_join(path, "stakeholder"), f"{sid!r} is not declared in [[stakeholders]]")
        elif not known[sid].municipal:
            r.error(
                _join(path, "stakeholder"),
                f"{sid!r} must be a municipal stakeholder (the board that repays the fund)",
            )
    amount = r.number(tbl, "amount", path, kind="nonnegative")
    method = tbl.get("method", "savings")
    if method not in ("savings", "depreciation"):
        r.error(_join(path, "method"), f'must be "savings" or "depreciation", got {_fmt(method)}')
        method = "savings"
    share = r.number(tbl, "share_of_savings", path, default=1.0, kind="fraction")
    period = None
    if method == "depreciation":
        period = r.integer(tbl, "period", path, minimum=1)
        if "share_of_savings" in tbl:
            r.error(_join(path, "share_of_savings"), 'applies only to method = "savings"')
    elif "period" in tbl:
        r.error(_join(path, "period"), 'applies only to method = "depreciation"')
    maximum = None if horizon is None else horizon - 1
    start = r.integer(tbl, "start", path, default=0, minimum=0, maximum=maximum)
    internal_rate = r.number(tbl, "internal_rate", path, default=0.0, kind="rate")
    if None in (sid, amount, share, start, internal_rate) or (
        method == "depreciation" and period is None
    ):
        return None
    return Repayment(sid, amount, Method(method), share, period, start, internal_rate)
