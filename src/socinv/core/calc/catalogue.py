"""The unit-cost catalogue (kostnadskatalog) and the references a calculation makes to it
(contract: shared/spec/unit-costs.md).

Pure, from plain data: :func:`catalogue_from_dict` validates an already-read mapping (the
CLI reads the file with :mod:`.catalogue_file`, the application builds the mapping from
its tables), and
:func:`resolve_references` replaces each ``{ unit_cost = "…", quantity = … }`` of a
calculation by the amount it stands for, a :class:`~.model.Param`:
``quantity × amount × index_values[price_year] / index_values[unit.price_year]``.
A distribution of the quantity stays a distribution (every parameter scaled by that
factor, the clipping to ≥ 0 kept), so the Monte Carlo run and the sensitivity analysis
treat a reference like the amount written out.
"""

from __future__ import annotations

import copy
import dataclasses
import difflib
import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from socinv.core.limits import (
    MAX_START_YEAR,
    MAX_UNIT_COST_ID,
    MAX_UNIT_COST_KRONOR,
    MAX_UNIT_COSTS,
    MIN_START_YEAR,
    STALE_UNIT_COST_YEARS,
)

from .model import Param, UnitCostUse
from .problems import InputError, Problem
from .problems import ProblemCode as Code
from .reader import Reader
from .reader import join as _join

ID_PATTERN = re.compile(r"[A-Za-z0-9_-]+")
_TOP_KEYS = {"name", "index", "index_values", "unit_costs"}
# valid_from is the application's addition (when the amount applies); the spec's file has
# no need of it, and a file without it is read the same
_UNIT_KEYS = {"id", "label", "unit", "amount", "price_year", "bearer", "source", "valid_from"}
_REFERENCE_KEYS = {"unit_cost", "quantity"}


@dataclass(frozen=True)
class UnitCost:
    id: str
    label: str
    unit: str
    amount: float  # kronor per unit in price_year's prices
    price_year: int
    source: str
    bearer: str | None = None
    valid_from: date | None = None


@dataclass(frozen=True)
class Catalogue:
    name: str
    unit_costs: tuple[UnitCost, ...] = ()
    index: str | None = None
    index_values: dict[int, float] = field(default_factory=dict, hash=False)

    def get(self, uid: str) -> UnitCost | None:
        return next((u for u in self.unit_costs if u.id == uid), None)

    def ids(self) -> list[str]:
        return [u.id for u in self.unit_costs]


# -- reading a catalogue ------------------------------------------------------------------
def catalogue_from_dict(data: Any, source: str = "<catalogue>") -> Catalogue:
    """Validate a catalogue mapping; every problem is collected, then raised together."""
    r = Reader()
    top = r.table(data, "", _TOP_KEYS)
    if top is None:
        raise InputError(r.problems, source, r.count)
    name = r.string(top, "name", "")
    index = r.string(top, "index", "", default=None)
    index_values = _index_values(r, top.get("index_values", {}))
    raw_units = r.table_list(top, "unit_costs", "", required=False)
    if len(raw_units) > MAX_UNIT_COSTS:
        r.error("unit_costs", Code.TOO_MANY_UNIT_COSTS, maximum=MAX_UNIT_COSTS, got=len(raw_units))
        raw_units = []
    units: list[UnitCost] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(raw_units):
        path = f"unit_costs[{i}]"
        unit = _unit_cost(r, raw, path)
        if unit is None:
            continue
        if unit.id in seen:
            r.error(_join(path, "id"), Code.DUPLICATE_UNIT_COST, id=unit.id, index=seen[unit.id])
            continue
        seen[unit.id] = i
        units.append(unit)
    if r.problems:
        raise InputError(r.problems, source, r.count)
    return Catalogue(name or "", tuple(units), index, index_values)


def _index_values(r: Reader, raw: Any) -> dict[int, float]:
    if not isinstance(raw, dict):
        r.error("index_values", Code.NOT_TABLE, type=type(raw).__name__)
        return {}
    values: dict[int, float] = {}
    for key, value in raw.items():
        path = f"index_values.{key}"
        year = int(key) if re.fullmatch(r"[0-9]{4}", str(key)) else None
        if year is None or not MIN_START_YEAR <= year <= MAX_START_YEAR:
            r.error(path, Code.BAD_INDEX_YEAR, got=key)
            continue
        v = r.check_number(value, path)
        if v is None:
            continue
        if v <= 0:
            r.error(path, Code.INDEX_NOT_POSITIVE, got=value)
            continue
        values[year] = v
    return values


def _unit_cost(r: Reader, raw: Any, path: str) -> UnitCost | None:
    tbl = r.table(raw, path, _UNIT_KEYS)
    if tbl is None:
        return None
    n_before = r.count
    uid = r.string(tbl, "id", path)
    if uid is not None and (len(uid) > MAX_UNIT_COST_ID or not ID_PATTERN.fullmatch(uid)):
        r.error(_join(path, "id"), Code.BAD_UNIT_COST_ID, got=uid)
    label = r.string(tbl, "label", path)
    unit = r.string(tbl, "unit", path)
    amount = r.number(tbl, "amount", path, kind="nonnegative")
    if amount is not None and amount > MAX_UNIT_COST_KRONOR:
        r.error(_join(path, "amount"), Code.TOO_LARGE, maximum=MAX_UNIT_COST_KRONOR, got=amount)
    year = r.integer(tbl, "price_year", path, minimum=MIN_START_YEAR, maximum=MAX_START_YEAR)
    bearer = r.string(tbl, "bearer", path, default=None)
    source = r.string(tbl, "source", path)
    valid_from = tbl.get("valid_from")
    if valid_from is not None and not isinstance(valid_from, date):
        r.error(_join(path, "valid_from"), Code.NOT_DATE, got=valid_from)
    if r.count > n_before:
        return None
    return UnitCost(uid, label, unit, amount, year, source, bearer, valid_from)


# -- references in a calculation ----------------------------------------------------------
@dataclass
class Resolution:
    """The calculation's mapping with every reference replaced, what each one resolved to
    (in file order) and the warnings (an old price, a different bearer)."""

    data: dict[str, Any]
    uses: list[UnitCostUse]
    warnings: list[Problem]


def is_reference(value: Any) -> bool:
    return isinstance(value, dict) and "unit_cost" in value


def reference_slots(top: dict[str, Any]):
    """(path, table, key, stakeholder) of every place a reference may stand, in file order:
    ``costs[].amount``, ``costs[].amount_per_participant``, ``outcomes[].values[].amount``."""
    costs = top.get("costs")
    if isinstance(costs, list):
        for i, cost in enumerate(costs):
            if isinstance(cost, dict):
                for key in ("amount", "amount_per_participant"):
                    if key in cost:
                        yield f"costs[{i}]", cost, key, cost.get("stakeholder")
    outcomes = top.get("outcomes")
    if isinstance(outcomes, list):
        for i, outcome in enumerate(outcomes):
            values = outcome.get("values") if isinstance(outcome, dict) else None
            if isinstance(values, list):
                for j, value in enumerate(values):
                    if isinstance(value, dict) and "amount" in value:
                        yield (
                            f"outcomes[{i}].values[{j}]",
                            value,
                            "amount",
                            value.get("stakeholder"),
                        )


def resolve_references(
    r: Reader, top: dict[str, Any], catalogue: Catalogue | None, price_year: int | None
) -> Resolution:
    """Replace each reference of ``top`` (not changed itself) by its amount; problems go to
    ``r`` (a reference that cannot be resolved stands as 0 so that nothing else is reported
    twice). Without references, ``top`` is returned as it is."""
    if not any(is_reference(tbl[key]) for _, tbl, key, _ in reference_slots(top)):
        return Resolution(top, [], [])
    data = copy.deepcopy(top)
    uses: list[UnitCostUse] = []
    warnings: list[Problem] = []
    for path, tbl, key, stakeholder in reference_slots(data):
        if not is_reference(tbl[key]):
            continue
        p = _join(path, key)
        resolved = _resolve(r, tbl[key], p, catalogue, price_year)
        tbl[key] = Param.fixed(0.0)
        if resolved is None:
            continue
        unit, factor, quantity = resolved
        tbl[key] = scaled(quantity, unit.amount * factor)
        uses.append(
            UnitCostUse(
                p,
                unit.id,
                unit.amount,
                unit.price_year,
                unit.amount * factor,
                quantity.central,
                unit.source,
            )
        )
        warnings.extend(_warnings(unit, p, price_year, stakeholder))
    return Resolution(data, uses, warnings)


def _resolve(r: Reader, ref: dict, p: str, catalogue: Catalogue | None, price_year: int | None):
    if r.table(ref, p, _REFERENCE_KEYS) is None:
        return None
    uid = r.string(ref, "unit_cost", p)
    quantity = r.param(ref, "quantity", p, kind="nonnegative")
    if uid is None or quantity is None:
        return None
    if catalogue is None:
        r.error(p, Code.NO_CATALOGUE, id=uid)
        return None
    unit = catalogue.get(uid)
    if unit is None:
        close = difflib.get_close_matches(uid, catalogue.ids(), n=3, cutoff=0.5)
        up = _join(p, "unit_cost")
        if close:
            suggestions = ", ".join(repr(c) for c in close)
            r.error(up, Code.UNKNOWN_UNIT_COST_SUGGESTION, id=uid, suggestions=suggestions)
        else:
            r.error(up, Code.UNKNOWN_UNIT_COST, id=uid)
        return None
    if price_year is None:  # the calculation's start_year is itself wrong (reported)
        return None
    factor = index_factor(catalogue, unit, price_year)
    if isinstance(factor, Problem):
        r.error(p, factor.code, **factor.params)
        return None
    return unit, factor, quantity


def index_factor(catalogue: Catalogue, unit: UnitCost, price_year: int) -> float | Problem:
    """``index_values[price_year] / index_values[unit.price_year]`` (1 for the same year),
    or the problem that prevents it."""
    if unit.price_year == price_year:
        return 1.0
    if not catalogue.index_values:
        return Problem(
            "",
            Code.NO_INDEX,
            {"id": unit.id, "unit_year": unit.price_year, "price_year": price_year},
        )
    for year in (price_year, unit.price_year):
        if year not in catalogue.index_values:
            return Problem("", Code.INDEX_YEAR_MISSING, {"id": unit.id, "year": year})
    return catalogue.index_values[price_year] / catalogue.index_values[unit.price_year]


def indexed_amount(catalogue: Catalogue, unit: UnitCost, price_year: int) -> float | None:
    """The unit's amount in ``price_year``'s prices, or None when the index lacks a year."""
    factor = index_factor(catalogue, unit, price_year)
    return None if isinstance(factor, Problem) else unit.amount * factor


def is_stale(unit_year: int, price_year: int) -> bool:
    """Priced more than ``STALE_UNIT_COST_YEARS`` years before the price year."""
    return price_year - unit_year > STALE_UNIT_COST_YEARS


def _warnings(unit: UnitCost, p: str, price_year: int, stakeholder: Any) -> list[Problem]:
    out = []
    if is_stale(unit.price_year, price_year):
        out.append(
            Problem(
                p,
                Code.STALE_UNIT_COST,
                {
                    "id": unit.id,
                    "unit_year": unit.price_year,
                    "price_year": price_year,
                    "years": price_year - unit.price_year,
                },
            )
        )
    if unit.bearer and isinstance(stakeholder, str) and stakeholder != unit.bearer:
        out.append(
            Problem(
                p,
                Code.BEARER_DIFFERS,
                {"id": unit.id, "bearer": unit.bearer, "stakeholder": stakeholder},
            )
        )
    return out


def scaled(q: Param, factor: float) -> Param:
    """``q × factor`` (factor ≥ 0): the central value, every parameter of a distribution and
    its clipping bounds, so that each draw is the quantity's draw times the factor."""

    def s(x: float | None) -> float | None:
        return None if x is None else x * factor

    return dataclasses.replace(
        q,
        central=q.central * factor,
        mean=q.mean * factor,
        sd=q.sd * factor,
        low=q.low * factor,
        mode=q.mode * factor,
        high=q.high * factor,
        lo=s(q.lo),
        hi=s(q.hi),
    )


# -- the part of a catalogue a calculation used ------------------------------------------
def referenced_ids(top: Any) -> list[str]:
    """The unit-cost ids a calculation's mapping refers to, in file order, each once."""
    if not isinstance(top, dict):
        return []
    ids: list[str] = []
    for _path, tbl, key, _stakeholder in reference_slots(top):
        ref = tbl[key]
        if is_reference(ref) and isinstance(ref["unit_cost"], str) and ref["unit_cost"] not in ids:
            ids.append(ref["unit_cost"])
    return ids


def used_part(catalogue: Catalogue | None, top: Any) -> dict[str, Any]:
    """What of ``catalogue`` the calculation ``top`` uses, as a catalogue mapping that
    :func:`catalogue_from_dict` reads back: the unit costs it refers to (an id the
    catalogue lacks is left out) and the index values of the years that index them (the
    calculation's price year and each unit's). Empty when it makes no reference."""
    ids = referenced_ids(top)
    if not ids or catalogue is None:
        return {}
    units = [u for u in (catalogue.get(i) for i in ids) if u is not None]
    price_year = top.get("price_year", top.get("start_year"))
    years = {u.price_year for u in units} | {price_year}
    index = {str(y): v for y, v in sorted(catalogue.index_values.items()) if y in years}
    part: dict[str, Any] = {"name": catalogue.name, "index_values": index}
    if catalogue.index:
        part["index"] = catalogue.index
    part["unit_costs"] = [
        {
            k: v
            for k, v in {
                "id": u.id,
                "label": u.label,
                "unit": u.unit,
                "amount": u.amount,
                "price_year": u.price_year,
                "bearer": u.bearer,
                "source": u.source,
            }.items()
            if v is not None
        }
        for u in units
    ]
    return part


def part_version(part: dict[str, Any]) -> str:
    """The SHA-256 of what decides the figures in a used part (the unit costs' ids,
    amounts, years, bearers and sources and the index values; not the catalogue's name):
    two parts with the same version give a calculation the same amounts. "" for none."""
    if not part:
        return ""
    decisive = {"unit_costs": part.get("unit_costs", []), "index": part.get("index_values", {})}
    text = json.dumps(decisive, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# -- writing a catalogue ------------------------------------------------------------------
def catalogue_toml(catalogue: Catalogue) -> str:
    """The catalogue as the spec's TOML (read back by :func:`parse_catalogue` to the same)."""
    lines = [f"name = {_toml_str(catalogue.name)}"]
    if catalogue.index:
        lines.append(f"index = {_toml_str(catalogue.index)}")
    if catalogue.index_values:
        lines += ["", "[index_values]"]
        lines += [f"{year} = {value!r}" for year, value in sorted(catalogue.index_values.items())]
    for u in catalogue.unit_costs:
        lines += ["", "[[unit_costs]]", f"id = {_toml_str(u.id)}", f"label = {_toml_str(u.label)}"]
        lines.append(f"unit = {_toml_str(u.unit)}")
        lines.append(f"amount = {u.amount!r}")
        lines.append(f"price_year = {u.price_year}")
        if u.bearer:
            lines.append(f"bearer = {_toml_str(u.bearer)}")
        lines.append(f"source = {_toml_str(u.source)}")
        if u.valid_from:
            lines.append(f"valid_from = {u.valid_from.isoformat()}")
    return "\n".join(lines) + "\n"


def _toml_str(s: str) -> str:
    out = ['"']
    for ch in s:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch < " " or ch == "\x7f":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


__all__ = [
    "Catalogue",
    "Resolution",
    "UnitCost",
    "catalogue_from_dict",
    "catalogue_toml",
    "index_factor",
    "indexed_amount",
    "is_reference",
    "is_stale",
    "part_version",
    "referenced_ids",
    "resolve_references",
    "scaled",
    "used_part",
]
