"""Kolada API JSON (a downloaded file; nothing is fetched) into measurement rows.

Kolada's data endpoints (``/v2/data/kpi/{kpi}/municipality/{m}/year/{y}``) answer::

    {"count": 1,
     "values": [{"kpi": "N00945", "municipality": "0180", "period": 2023,
                 "values": [{"gender": "T", "count": 1, "status": "", "value": 12.3},
                            {"gender": "K", ...}, {"gender": "M", ...}]}]}

Each entry becomes one row: ``kpi`` → indicator, ``period`` → period, the value of the
gender ``"T"`` (total) → value, ``municipality`` (or ``ou`` for organisational-unit
data) → municipality. A bare list of entries is accepted too. An entry whose total value
is ``null`` (Kolada has no figure for that year) is skipped with a warning. Row numbers
in problems are the 1-based positions of the entries in ``values``.

API version 3 (``https://api.kolada.se/v3/data/...``) answers in the same shape, adding
``"isdeleted"`` to each gender's value (and paging links ``next_page`` /
``previous_page``). A value marked deleted (``"isdeleted": true``, on the value or on the
entry) is skipped with a warning, never read as a figure. An entry of a municipality group
(``"municipality": "G124026"``: Kolada's unweighted mean of its members) is never taken
for a municipality: :func:`read_kolada` skips it with a warning; :func:`read_kolada_values`
(every gender, for baselines and comparisons) keeps it marked as a group. A municipality
code that lost its leading zero (``581``, ``"581"``) is read as ``"0581"``.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from typing import Any, NamedTuple

from socinv.core.kolada import GENDERS, group_code, municipality_code
from socinv.core.personnummer import contains_personal_number

from .cells import normalise_period, parse_number
from .formats import decode
from .problems import ImportProblem, ProblemCode, ProblemCollector, echo
from .results import MeasurementRow

__all__ = ["KoladaFile", "KoladaValue", "read_kolada", "read_kolada_file", "read_kolada_values"]

# what a problem of structure expected (JSON, the same in every language)
_DOCUMENT = '{"values": [{"kpi", "municipality", "period", "values"}, …]}'
_ENTRY = '{"kpi", "municipality", "period", "values"}'
_VALUES = '"values": [{"gender": "T", "value"}, …]'


def _scalars(value: Any, path: str):
    """(path, scalar) for every string and number in a JSON value, keys included."""
    if isinstance(value, dict):
        for k, v in value.items():
            p = f"{path}.{k}" if path else str(k)
            yield p, k
            yield from _scalars(v, p)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _scalars(v, f"{path}[{i}]")
    elif value is not None and not isinstance(value, bool):
        yield path, value


def _deleted(item: Any) -> bool:
    return isinstance(item, dict) and item.get("isdeleted") is True


def _place(entry: dict) -> tuple[str | None, bool]:
    """The entry's municipality (``581`` read as ``"0581"``), group id or organisational
    unit, and whether it is a municipality group."""
    raw = entry.get("municipality", entry.get("ou"))
    group = group_code(raw)
    if group is not None:
        return group, True
    code = municipality_code(raw)
    if code is not None:
        return code, False
    return raw, False


def _entries(text: str, reader: ProblemCollector) -> list[tuple[int, Any]] | None:
    """The numbered entries of a Kolada document, after the checks of the whole file
    and the personnummer guard (an entry holding one is left out: it is a problem)."""
    reader.row_label = "entry"
    if not text.strip():
        reader.add(ProblemCode.EMPTY_FILE)
        return None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        reader.add(
            ProblemCode.INVALID_JSON,
            line=exc.lineno,
            column_number=exc.colno,
            detail=exc.msg,
        )
        return None
    if isinstance(doc, dict) and isinstance(doc.get("values"), list):
        entries = doc["values"]
        outer = {k: v for k, v in doc.items() if k != "values"}
    elif isinstance(doc, list):
        entries, outer = doc, {}
    else:
        reader.add(ProblemCode.INVALID_STRUCTURE, expected=_DOCUMENT)
        return None
    for path, scalar in _scalars(outer, ""):
        if contains_personal_number(scalar):
            reader.personal_number(None, path)
    if not entries:
        reader.add(ProblemCode.NO_DATA_ROWS, field="values")
        return None
    kept = []
    for number, entry in enumerate(entries, 1):
        flagged = False
        for path, scalar in _scalars(entry, ""):
            if contains_personal_number(scalar):
                reader.personal_number(number, path or "values")
                flagged = True
        if not flagged:
            kept.append((number, entry))
    return kept


def _kpi_and_period(entry: dict, number: int, reader: ProblemCollector):
    """The entry's KPI id and normalised period (``None`` for each that is a problem)."""
    kpi = entry.get("kpi")
    if isinstance(kpi, int) and not isinstance(kpi, bool):
        kpi = str(kpi)
    if not isinstance(kpi, str) or not kpi.strip():
        reader.add(ProblemCode.MISSING_VALUE, number, "kpi")
        kpi = None
    else:
        kpi = kpi.strip()
    raw_period = entry.get("period")
    period = normalise_period(raw_period)
    if raw_period is None:
        reader.add(ProblemCode.MISSING_VALUE, number, "period")
    elif period is None:
        reader.add(ProblemCode.INVALID_PERIOD, number, "period", text=echo(raw_period))
    return kpi, period


def read_kolada(text: str, reader: ProblemCollector) -> list[MeasurementRow]:
    """The rows of a Kolada JSON document (the total, gender ``T``, of each entry);
    problems and warnings go to ``reader``."""
    numbered = _entries(text, reader)
    if numbered is None:
        return []
    rows: list[MeasurementRow] = []
    seen: dict[tuple[str, str, str | None], int] = {}
    for number, entry in numbered:
        if not isinstance(entry, dict):
            reader.add(ProblemCode.INVALID_STRUCTURE, number, expected=_ENTRY)
            continue
        kpi, period = _kpi_and_period(entry, number, reader)
        ok = kpi is not None and period is not None
        municipality, is_group = _place(entry)
        if is_group:
            reader.warn(
                ProblemCode.GROUP_SKIPPED, number, group=echo(municipality), indicator=echo(kpi)
            )
            continue
        if municipality is not None and not isinstance(municipality, str):
            reader.add(ProblemCode.INVALID_STRUCTURE, number, "municipality", expected='"0180"')
            ok = False
        values = entry.get("values")
        total = None
        if not isinstance(values, list):
            reader.add(ProblemCode.INVALID_STRUCTURE, number, "values", expected=_VALUES)
            ok = False
        else:
            totals = [v for v in values if isinstance(v, dict) and v.get("gender") == "T"]
            if ok and (_deleted(entry) or (totals and all(_deleted(v) for v in totals))):
                reader.warn(
                    ProblemCode.VALUE_DELETED_SKIPPED, number, indicator=echo(kpi), period=period
                )
                continue
            totals = [v for v in totals if not _deleted(v)]
            if not totals:
                reader.add(ProblemCode.NO_TOTAL_VALUE, number, "values")
                ok = False
            else:
                total = totals[0]
        value = None
        if total is not None:
            raw = total.get("value")
            if raw is None:
                if ok:  # a bad kpi or period is already a problem: no warning about it
                    reader.warn(
                        ProblemCode.VALUE_MISSING_SKIPPED,
                        number,
                        indicator=echo(kpi),
                        period=period,
                    )
                continue
            value = parse_number(raw, decimal_comma=False)
            if value is None or (isinstance(raw, float) and not math.isfinite(raw)):
                reader.add(ProblemCode.NOT_A_NUMBER, number, "values[T].value", text=echo(raw))
                ok = False
        if ok:
            key = (kpi, period, municipality)
            first = seen.get(key)
            if first is not None:
                reader.add(
                    ProblemCode.DUPLICATE_MEASUREMENT,
                    number,
                    "period",
                    indicator=echo(kpi),
                    period=period,
                    municipality=echo(municipality) if municipality else None,
                    first_entry=first,
                )
                continue
            seen[key] = number
            rows.append(
                MeasurementRow(
                    indicator=kpi,
                    period=period,
                    value=value,
                    municipality=municipality,
                    row=number,
                )
            )
    return rows


class KoladaValue(NamedTuple):
    """One figure of a Kolada file: a KPI's value for a place, a year and a gender."""

    kpi: str
    place: str  # a municipality ("0581"), a group ("G124026") or an organisational unit
    period: str
    gender: str  # "T", "K" or "M"
    value: float
    is_group: bool = False
    entry: int = 0  # the entry's 1-based position in "values"


def read_kolada_values(text: str, reader: ProblemCollector) -> list[KoladaValue]:
    """Every gender's value of every entry of a Kolada JSON document (API v2 or v3): for
    baselines and comparisons. Deleted values (``isdeleted``) and values Kolada lacks
    (``null``) are skipped with a warning; a group's entries are kept, marked
    ``is_group``. Problems (bad KPI, period, gender or number, a value twice) go to
    ``reader`` together, every one of the file."""
    numbered = _entries(text, reader)
    if numbered is None:
        return []
    out: list[KoladaValue] = []
    seen: dict[tuple[str, str, str, str], int] = {}
    for number, entry in numbered:
        if not isinstance(entry, dict):
            reader.add(ProblemCode.INVALID_STRUCTURE, number, expected=_ENTRY)
            continue
        kpi, period = _kpi_and_period(entry, number, reader)
        place, is_group = _place(entry)
        if not isinstance(place, str) or not place.strip():
            reader.add(ProblemCode.INVALID_STRUCTURE, number, "municipality", expected='"0180"')
            place = None
        values = entry.get("values")
        if not isinstance(values, list):
            reader.add(ProblemCode.INVALID_STRUCTURE, number, "values", expected=_VALUES)
            continue
        for i, item in enumerate(values):
            field = f"values[{i}]"
            if not isinstance(item, dict):
                reader.add(ProblemCode.INVALID_STRUCTURE, number, field, expected=_VALUES)
                continue
            gender = item.get("gender")
            if gender not in GENDERS:
                reader.add(ProblemCode.INVALID_GENDER, number, f"{field}.gender", text=echo(gender))
                continue
            if None in (kpi, period, place):
                continue  # already a problem of the entry
            if _deleted(entry) or _deleted(item):
                reader.warn(
                    ProblemCode.VALUE_DELETED_SKIPPED, number, indicator=echo(kpi), period=period
                )
                continue
            raw = item.get("value")
            if raw is None:
                reader.warn(
                    ProblemCode.VALUE_MISSING_SKIPPED, number, indicator=echo(kpi), period=period
                )
                continue
            value = parse_number(raw, decimal_comma=False)
            if value is None or isinstance(raw, bool) or not math.isfinite(value):
                reader.add(ProblemCode.NOT_A_NUMBER, number, f"{field}.value", text=echo(raw))
                continue
            key = (kpi, place, period, gender)
            first = seen.get(key)
            if first is not None:
                reader.add(
                    ProblemCode.DUPLICATE_MEASUREMENT,
                    number,
                    "period",
                    indicator=echo(kpi),
                    period=period,
                    municipality=echo(place),
                    first_entry=first,
                )
                continue
            seen[key] = number
            out.append(KoladaValue(kpi, place, period, gender, value, is_group, number))
    return out


@dataclass(frozen=True)
class KoladaFile:
    """A whole Kolada file read for baselines and comparisons: its values, every
    problem (personnummer first) and warning, and the SHA-256 of its bytes."""

    values: tuple[KoladaValue, ...]
    problems: tuple[ImportProblem, ...]
    warnings: tuple[ImportProblem, ...]
    fingerprint: str


def read_kolada_file(data: bytes) -> KoladaFile:
    """:func:`read_kolada_values` of a file's bytes (UTF-8, with or without BOM, or
    Windows-1252, as the other measurement files)."""
    reader = ProblemCollector()
    reader.row_label = "entry"
    text = decode(data, reader)
    values: list[KoladaValue] = []
    if text is not None:
        try:
            values = read_kolada_values(text, reader)
        except RecursionError:
            reader.add(ProblemCode.INVALID_STRUCTURE, nested=True)
    return KoladaFile(
        tuple(values),
        reader.all_problems(),
        tuple(reader.warnings),
        hashlib.sha256(data).hexdigest(),
    )
