"""The calculation editor's part for the unit-cost catalogue and the evidence grades: what
its own partial (``calculation/partials/unit_costs.html``) shows and what it posts.

A reference ``{ unit_cost = "…", quantity = … }`` stands in a cost's amount or an
outcome value's amount (the core's :func:`~socinv.core.calc.catalogue.reference_slots`).
The partial posts each as ``units[k].field`` (the spec path), ``units[k].unit_cost`` and
``units[k].quantity`` (``units[k].quantity_high`` for a range, a uniform distribution);
a new one as ``units.new.*`` with the button ``unit_cost:add`` (to a new cost, or to an
existing amount). Each outcome's grade is posted as ``outcomes[i].evidence_grade``.
:func:`apply_posted` puts them into the mapping :func:`.editor.build_data` made, so the
engine validates the one mapping. Searching is :func:`search` (a JSON endpoint)."""

from __future__ import annotations

import json
import re
from typing import Any

from django.utils.translation import gettext as _

from socinv.core.calc.catalogue import (
    Catalogue,
    indexed_amount,
    is_reference,
    reference_slots,
)
from socinv.core.calc.evidence import GRADES
from socinv.l10n import format_number
from socinv.l10n.evidence import grade_text
from socinv.web.i18n import current_lang

from .editor import _number
from .units import show_number

MAX_RESULTS = 10
_SLOT = re.compile(
    r"^(costs\[(\d+)\]\.(amount|amount_per_participant)|outcomes\[(\d+)\]\.values\[(\d+)\]\.amount)$"
)


def price_year_of(data: dict) -> int | None:
    year = data.get("price_year", data.get("start_year"))
    return year if isinstance(year, int) else None


def _kr(value: float | None) -> str:
    if value is None:
        return "–"
    return format_number(value, 0, current_lang()) + "\u00a0kr"


def describe(catalogue: Catalogue, uid: str, price_year: int | None) -> dict | None:
    """A unit cost as the editor shows it: its amount indexed to the price year, its source."""
    unit = catalogue.get(uid)
    if unit is None:
        return None
    indexed = indexed_amount(catalogue, unit, price_year) if price_year else None
    if indexed is None:
        text = _("%(amount)s per %(unit)s in %(year)s prices (the index lacks a year)") % {
            "amount": _kr(unit.amount),
            "unit": unit.unit,
            "year": unit.price_year,
        }
    else:
        text = _("%(amount)s per %(unit)s in %(year)s prices") % {
            "amount": _kr(indexed),
            "unit": unit.unit,
            "year": price_year,
        }
        if unit.price_year != price_year:
            text += " " + _("(%(amount)s in %(year)s prices)") % {
                "amount": _kr(unit.amount),
                "year": unit.price_year,
            }
    return {
        "id": unit.id,
        "label": unit.label,
        "unit": unit.unit,
        "amount": unit.amount,
        "price_year": unit.price_year,
        "indexed": indexed,
        "indexed_text": text,
        "source": unit.source,
        "bearer": unit.bearer or "",
    }


def search(catalogue: Catalogue, query: str, price_year: int | None) -> list[dict]:
    """The unit costs whose label or id holds every word of ``query`` (case-insensitive),
    by label; at most :data:`MAX_RESULTS`."""
    words = query.casefold().split()
    found = [
        u
        for u in sorted(catalogue.unit_costs, key=lambda u: u.label.casefold())
        if all(w in f"{u.label} {u.id}".casefold() for w in words)
    ]
    return [describe(catalogue, u.id, price_year) for u in found[:MAX_RESULTS]]


def _quantity(post, prefix: str) -> Any:
    kept = post.get(f"{prefix}.quantity_kept") or ""
    if kept:  # a normal or triangular quantity from a TOML file, kept as it was
        try:
            value = json.loads(kept)
        except ValueError:
            value = None
        return value if isinstance(value, dict) else None
    low = (post.get(f"{prefix}.quantity") or "").strip()
    high = (post.get(f"{prefix}.quantity_high") or "").strip()
    if not low:
        return None
    if high:
        return {"dist": "uniform", "low": _number(low), "high": _number(high)}
    return _number(low)


def _put(data: dict, path: str, value: Any) -> bool:
    m = _SLOT.match(path)
    if not m:
        return False
    if m.group(2) is not None:
        rows = data.get("costs") or []
        i = int(m.group(2))
        if i < len(rows) and isinstance(rows[i], dict):
            rows[i][m.group(3)] = value
            return True
        return False
    outcomes = data.get("outcomes") or []
    i, j = int(m.group(4)), int(m.group(5))
    if i < len(outcomes) and isinstance(outcomes[i], dict):
        values = outcomes[i].get("values") or []
        if j < len(values) and isinstance(values[j], dict):
            values[j]["amount"] = value
            return True
    return False


def apply_posted(post, data: dict, catalogue: Catalogue, action: str = "") -> None:
    """The posted references and grades into ``data`` (in place)."""
    try:
        count = max(0, min(200, int(post.get("units.count", "0"))))
    except ValueError:
        count = 0
    for k in range(count):
        prefix = f"units[{k}]"
        uid = (post.get(f"{prefix}.unit_cost") or "").strip()
        quantity = _quantity(post, prefix)
        if uid and quantity is not None and action != f"unit_cost:remove:{k}":
            _put(data, post.get(f"{prefix}.field", ""), {"unit_cost": uid, "quantity": quantity})
    for i, outcome in enumerate(data.get("outcomes") or []):
        grade = (post.get(f"outcomes[{i}].evidence_grade") or "").strip()
        if isinstance(outcome, dict) and grade:
            outcome["evidence_grade"] = _number(grade)
    if action == "unit_cost:add":
        _add(post, data, catalogue)


def _add(post, data: dict, catalogue: Catalogue) -> None:
    uid = (post.get("units.new.unit_cost") or "").strip()
    if not uid:  # without JavaScript: the first unit cost the typed words find
        query = (post.get("units.new.search") or "").strip()
        found = search(catalogue, query, None) if query else []
        uid = found[0]["id"] if found else ""
    unit = catalogue.get(uid)
    quantity = _quantity(post, "units.new")
    if unit is None or quantity is None:
        return
    reference = {"unit_cost": unit.id, "quantity": quantity}
    target = post.get("units.new.field") or "new"
    if target == "new" or not _put(data, target, reference):
        cost: dict[str, Any] = {"label": unit.label, "years": [0], "amount": reference}
        declared = {s.get("id") for s in data.get("stakeholders") or [] if isinstance(s, dict)}
        if unit.bearer in declared:
            cost["stakeholder"] = unit.bearer
        data.setdefault("costs", []).append(cost)


def _slot_label(path: str, data: dict) -> str:
    m = _SLOT.match(path)
    if m and m.group(2) is not None:
        i = int(m.group(2))
        row = (data.get("costs") or [])[i]
        label = row.get("label") if isinstance(row, dict) else ""
        what = _("amount per year") if m.group(3) == "amount" else _("amount per participant")
        return _("Cost %(n)s (%(label)s): %(what)s") % {
            "n": i + 1,
            "label": label or "–",
            "what": what,
        }
    if m:
        i, j = int(m.group(4)), int(m.group(5))
        row = (data.get("outcomes") or [])[i]
        label = row.get("label") if isinstance(row, dict) else ""
        return _("Outcome %(n)s (%(label)s): value %(j)s") % {
            "n": i + 1,
            "label": label or "–",
            "j": j + 1,
        }
    return path


def _shown(value: Any) -> tuple[str, str]:
    """A quantity as the two inputs show it: (number or low, high)."""
    lang = current_lang()
    if isinstance(value, dict) and value.get("dist") == "uniform":
        return show_number(value.get("low"), lang), show_number(value.get("high"), lang)
    if isinstance(value, dict):
        return show_number(value.get("mode", value.get("mean")), lang), ""
    return show_number(value, lang), ""


def context(data: dict, catalogue: Catalogue, readonly: bool) -> dict:
    """What the partial shows: the calculation's references (each with its indexed amount
    and source), the places a new one can go, each outcome's grade."""
    year = price_year_of(data)
    rows, slots = [], []
    for path, tbl, key, _stakeholder in reference_slots(data):
        p = f"{path}.{key}"
        slots.append({"path": p, "label": _slot_label(p, data)})
        ref = tbl[key]
        if not is_reference(ref):
            continue
        uid = ref.get("unit_cost") if isinstance(ref.get("unit_cost"), str) else ""
        quantity = ref.get("quantity")
        low, high = _shown(quantity)
        kept = (
            json.dumps(quantity)
            if isinstance(quantity, dict) and quantity.get("dist") != "uniform"
            else ""
        )
        unit = describe(catalogue, uid, year) if uid else None
        central = _number(low) if low else None
        total = (
            central * unit["indexed"]
            if unit and unit["indexed"] is not None and isinstance(central, int | float)
            else None
        )
        rows.append(
            {
                "field": p,
                "field_label": _slot_label(p, data),
                "id": uid,
                "unit": unit,
                "quantity": low,
                "quantity_high": high,
                "quantity_kept": kept,
                "total_text": _kr(total) if total is not None else "–",
            }
        )
    grades = [
        {
            "index": i,
            "label": o.get("label", "") if isinstance(o, dict) else "",
            "value": o.get("evidence_grade") if isinstance(o, dict) else None,
            "id": f"f-outcomes-{i}-evidence_grade",
        }
        for i, o in enumerate(data.get("outcomes") or [])
    ]
    return {
        "unit_rows": rows,
        "unit_slots": slots,
        "unit_catalogue_empty": not catalogue.unit_costs,
        "grade_rows": grades,
        "grade_choices": [(g, grade_text(g, current_lang())) for g in GRADES],
        "units_readonly": readonly,
        "units_price_year": year,
    }
