"""Write a calculation mapping (the spec's TOML subset) as TOML text.

Django-free and deterministic: keys in the order given, tables and arrays of tables in the
shapes the spec uses (top-level scalars and arrays, ``[[stakeholders]]``, ``[[costs]]``,
``[[outcomes]]`` with ``[[outcomes.values]]``, ``[repayment]``, and inline tables for
distributions). ``tomllib.loads(dumps(data)) == data`` for every such mapping.
"""

from __future__ import annotations

import json
import math
from typing import Any

TABLE_LISTS = ("stakeholders", "costs", "outcomes")


def _key(k: str) -> str:
    if k and all(c.isalnum() or c in "_-" for c in k) and k.isascii():
        return k
    return _string(k)


def _string(s: str) -> str:
    # JSON string escapes are valid TOML basic-string escapes (\uXXXX, \", \\, \n …)
    # (TOML also forbids a raw DEL, which JSON leaves as it is)
    return json.dumps(s, ensure_ascii=False).replace("\x7f", "\\u007f")


def _value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, str):
        return _string(v)
    if isinstance(v, list | tuple):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_value(x)}" for k, x in v.items()) + " }"
    raise TypeError(f"cannot write {type(v).__name__} as TOML")


def _is_table_list(v: Any) -> bool:
    return isinstance(v, list) and bool(v) and all(isinstance(x, dict) for x in v)


def _table_body(data: dict, prefix: str, indent: str) -> list[str]:
    """Scalars first, then nested arrays of tables (``[[prefix.key]]``)."""
    lines = []
    nested = []
    for k, v in data.items():
        if _is_table_list(v) and k == "values":
            nested.append((k, v))
        else:
            lines.append(f"{indent}{_key(k)} = {_value(v)}")
    for k, items in nested:
        for item in items:
            lines.append("")
            lines.append(f"{indent}  [[{prefix}.{_key(k)}]]")
            lines.extend(_table_body(item, f"{prefix}.{_key(k)}", indent + "  "))
    return lines


def dumps(data: dict[str, Any]) -> str:
    """The mapping as TOML text, ending in a newline."""
    lines: list[str] = []
    tables: list[tuple[str, Any]] = []
    for k, v in data.items():
        if (k in TABLE_LISTS and isinstance(v, list) and v) or (
            isinstance(v, dict) and k == "repayment"
        ):
            tables.append((k, v))
        elif k in TABLE_LISTS and isinstance(v, list) and not v:
            lines.append(f"{_key(k)} = []")
        else:
            lines.append(f"{_key(k)} = {_value(v)}")
    for k, v in tables:
        if isinstance(v, dict):
            lines.append("")
            lines.append(f"[{_key(k)}]")
            lines.extend(_table_body(v, _key(k), ""))
            continue
        for item in v:
            if not isinstance(item, dict):
                raise TypeError(f"{k} must be a list of tables")
            lines.append("")
            lines.append(f"[[{_key(k)}]]")
            lines.extend(_table_body(item, _key(k), ""))
    return "\n".join(lines) + "\n"
