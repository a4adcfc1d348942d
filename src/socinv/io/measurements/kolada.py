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
"""

from __future__ import annotations

import json
import math
from typing import Any

from socinv.core.personnummer import contains_personal_number

from .cells import normalise_period, parse_number
from .problems import ProblemCode, ProblemCollector, echo
from .results import MeasurementRow

__all__ = ["read_kolada"]

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


def read_kolada(text: str, reader: ProblemCollector) -> list[MeasurementRow]:
    """The rows of a Kolada JSON document; problems and warnings go to ``reader``."""
    reader.row_label = "entry"
    if not text.strip():
        reader.add(ProblemCode.EMPTY_FILE)
        return []
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        reader.add(
            ProblemCode.INVALID_JSON,
            line=exc.lineno,
            column_number=exc.colno,
            detail=exc.msg,
        )
        return []
    if isinstance(doc, dict) and isinstance(doc.get("values"), list):
        entries = doc["values"]
        outer = {k: v for k, v in doc.items() if k != "values"}
    elif isinstance(doc, list):
        entries, outer = doc, {}
    else:
        reader.add(ProblemCode.INVALID_STRUCTURE, expected=_DOCUMENT)
        return []
    for path, scalar in _scalars(outer, ""):
        if contains_personal_number(scalar):
            reader.personal_number(None, path)
    if not entries:
        reader.add(ProblemCode.NO_DATA_ROWS, field="values")
        return []

    rows: list[MeasurementRow] = []
    seen: dict[tuple[str, str, str | None], int] = {}
    for number, entry in enumerate(entries, 1):
        flagged = False
        for path, scalar in _scalars(entry, ""):
            if contains_personal_number(scalar):
                reader.personal_number(number, path or "values")
                flagged = True
        if flagged:
            continue
        if not isinstance(entry, dict):
            reader.add(ProblemCode.INVALID_STRUCTURE, number, expected=_ENTRY)
            continue
        ok = True
        kpi = entry.get("kpi")
        if isinstance(kpi, int) and not isinstance(kpi, bool):
            kpi = str(kpi)
        if not isinstance(kpi, str) or not kpi.strip():
            reader.add(ProblemCode.MISSING_VALUE, number, "kpi")
            ok = False
        else:
            kpi = kpi.strip()
        raw_period = entry.get("period")
        period = normalise_period(raw_period)
        if raw_period is None:
            reader.add(ProblemCode.MISSING_VALUE, number, "period")
            ok = False
        elif period is None:
            reader.add(ProblemCode.INVALID_PERIOD, number, "period", text=echo(raw_period))
            ok = False
        municipality = entry.get("municipality", entry.get("ou"))
        if isinstance(municipality, int) and not isinstance(municipality, bool):
            municipality = f"{municipality:04d}"
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
