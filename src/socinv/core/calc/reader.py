"""The rules for one value of a calculation file: tables, scalars and uncertain numbers
(distributions). :class:`Reader` collects every problem (by path and code) instead of
stopping at the first."""

from __future__ import annotations

import difflib
import math
from typing import Any

from socinv.core.limits import MAX_CALC_PROBLEMS_KEPT, MAX_TOML_INT

from .model import Param
from .problems import Problem
from .problems import ProblemCode as Code

MISSING = object()


# the type codes of values read from TOML, bool before int (a bool is an int in Python)
_TYPE_CODES = (
    (bool, "boolean"),
    (int, "integer"),
    (float, "number"),
    (str, "string"),
    (list, "list"),
    (dict, "table"),
)


def typename(v: Any) -> str:
    """The type code of a value read from TOML (``socinv.l10n`` words it)."""
    return next((code for t, code in _TYPE_CODES if isinstance(v, t)), type(v).__name__)


class Reader:
    """Collects problems while reading nested tables: counts them all, keeps the first
    ``MAX_CALC_PROBLEMS_KEPT`` (a hostile file's million problems must not fill memory)."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.count = 0

    def error(self, path: str, code: Code, **params: Any) -> None:
        self.count += 1
        if len(self.problems) < MAX_CALC_PROBLEMS_KEPT:
            self.problems.append(Problem(path, code, params))

    # -- tables -----------------------------------------------------------------
    def table(self, data: Any, path: str, allowed: set[str]) -> dict[str, Any] | None:
        if not isinstance(data, dict):
            self.error(path, Code.NOT_TABLE, type=typename(data))
            return None
        for key in data:
            if key not in allowed:
                self.unknown_key(join(path, key), key, allowed)
        return data

    def unknown_key(self, path: str, key: str, allowed: set[str]) -> None:
        names = ", ".join(sorted(allowed))
        close = difflib.get_close_matches(key, sorted(allowed), n=1)
        if close:
            self.error(
                path, Code.UNKNOWN_KEY_SUGGESTION, key=key, suggestion=close[0], allowed=names
            )
        else:
            self.error(path, Code.UNKNOWN_KEY, key=key, allowed=names)

    def table_list(self, data: dict, key: str, path: str, required: bool) -> list[Any]:
        value = data.get(key, MISSING)
        p = join(path, key)
        if value is MISSING:
            if required:
                self.error(p, Code.REQUIRED)
            return []
        if not isinstance(value, list):
            self.error(p, Code.NOT_TABLE_LIST, key=key, type=typename(value))
            return []
        return value

    def lookup(self, data: dict, key: str, path: str, default: Any) -> tuple[Any, str]:
        """``data[key]`` (MISSING when absent, reported when there is no default) and its path."""
        value = data.get(key, MISSING)
        p = join(path, key)
        if value is MISSING and default is MISSING:
            self.error(p, Code.REQUIRED)
        return value, p

    # -- scalars ----------------------------------------------------------------
    def string(self, data: dict, key: str, path: str, default: Any = MISSING) -> str | None:
        value, p = self.lookup(data, key, path, default)
        if value is MISSING:
            return None if default is MISSING else default
        if not isinstance(value, str):
            self.error(p, Code.NOT_STRING, type=typename(value))
            return None
        if not value.strip():
            self.error(p, Code.EMPTY)
            return None
        return value

    def boolean(self, data: dict, key: str, path: str, default: bool) -> bool | None:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.error(join(path, key), Code.NOT_BOOLEAN, got=value)
            return None
        return value

    def integer(
        self,
        data: dict,
        key: str,
        path: str,
        default: Any = MISSING,
        minimum: int | None = None,
        maximum: int | None = None,
    ) -> int | None:
        value, p = self.lookup(data, key, path, default)
        if value is MISSING:
            return None if default is MISSING else default
        return self.check_int(value, p, minimum, maximum)

    def check_int(
        self, value: Any, p: str, minimum: int | None = None, maximum: int | None = None
    ) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(p, Code.NOT_INTEGER, got=value)
            return None
        if maximum is None and value > MAX_TOML_INT:  # beyond TOML's 64-bit integers
            maximum = MAX_TOML_INT
        if minimum is not None and value < minimum:
            self.error(p, Code.TOO_SMALL, minimum=minimum, got=value)
            return None
        if maximum is not None and value > maximum:
            self.error(p, Code.TOO_LARGE, maximum=maximum, got=value)
            return None
        return value

    def number(
        self,
        data: dict,
        key: str,
        path: str,
        default: Any = MISSING,
        kind: str = "any",
    ) -> float | None:
        value, p = self.lookup(data, key, path, default)
        if value is MISSING:
            return None if default is MISSING else default
        return self.check_number(value, p, kind)

    def check_number(self, value: Any, p: str, kind: str = "any") -> float | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.error(p, Code.NOT_NUMBER, got=value)
            return None
        try:
            v = float(value)
        except OverflowError:  # an integer beyond any float
            v = math.inf
        if not math.isfinite(v):
            self.error(p, Code.NOT_FINITE, got=value)
            return None
        if kind == "fraction" and not 0.0 <= v <= 1.0:
            self.error(p, Code.NOT_FRACTION, got=value)
            return None
        if kind == "nonnegative" and v < 0:
            self.error(p, Code.NEGATIVE, got=value)
            return None
        if kind == "rate" and v <= -1:
            self.error(p, Code.NOT_RATE, got=value)
            return None
        return v

    # -- uncertain numbers --------------------------------------------------------
    def param(
        self, data: dict, key: str, path: str, kind: str = "any", default: Any = MISSING
    ) -> Param | None:
        """A plain number (checked against ``kind``) or a distribution (clipped to it)."""
        value, p = self.lookup(data, key, path, default)
        if value is MISSING:
            return None if default is MISSING else default
        if isinstance(value, Param):  # already resolved (a catalogue reference)
            return value
        if isinstance(value, dict):
            return self.distribution(value, p, kind)
        v = self.check_number(value, p, kind)
        return None if v is None else Param.fixed(v)

    def distribution(self, data: dict, p: str, kind: str) -> Param | None:
        dist = data.get("dist", MISSING)
        if dist is MISSING:
            self.error(join(p, "dist"), Code.DIST_REQUIRED)
            return None
        keys = DIST_KEYS.get(dist) if isinstance(dist, str) else None
        if keys is None:
            self.error(join(p, "dist"), Code.DIST_UNKNOWN, got=dist)
            return None
        required, optional = keys
        if self.table(data, p, {"dist", *required, *optional}) is None:
            return None
        n_before = self.count
        nums = {k: self.number(data, k, p) for k in required}
        nums.update({k: self.number(data, k, p, default=None) for k in optional})
        if self.count > n_before:
            return None
        lo, hi = KIND_BOUNDS[kind]
        if dist == "normal":
            if nums["sd"] < 0:
                self.error(join(p, "sd"), Code.SD_NEGATIVE, sd=nums["sd"])
                return None
            mn, mx = nums.get("min"), nums.get("max")
            if mn is not None and mx is not None and mn > mx:
                self.error(p, Code.MIN_ABOVE_MAX, min=mn, max=mx)
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
                self.error(p, Code.TRIANGULAR_ORDER, low=a, mode=c, high=b)
                return None
            return Param(
                central=_clip(c, lo, hi), dist="triangular", low=a, mode=c, high=b, lo=lo, hi=hi
            )
        a, b = nums["low"], nums["high"]
        if a > b:
            self.error(p, Code.UNIFORM_ORDER, low=a, high=b)
            return None
        return Param(
            central=_clip((a + b) / 2, lo, hi), dist="uniform", low=a, high=b, lo=lo, hi=hi
        )


DIST_KEYS = {
    "normal": (("mean", "sd"), ("min", "max")),
    "triangular": (("low", "mode", "high"), ()),
    "uniform": (("low", "high"), ()),
}
KIND_BOUNDS: dict[str, tuple[float | None, float | None]] = {
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


def join(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key
