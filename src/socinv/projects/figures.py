"""A project's calculation as key figures per perspective (NPV, expected NPV, the
benefit–cost ratio...), with P(NPV > 0) from the stored simulation: the project page and
the review page show the same table (``projects/partials/calculation_table.html``)."""

from __future__ import annotations

from socinv.web import measures

from . import simulations
from .models import Project


def calculation_table(project: Project) -> dict | None:
    """The stored calculation's three perspectives as rows × columns (see the spec's JSON);
    the measures named once (:mod:`socinv.web.measures`), the payback year as a calendar
    year; the last row P(NPV > 0), from the project's stored simulation
    (:mod:`.simulations`) or else from the result's own simulation. ``None`` when no
    calculation is stored."""
    result = project.calculation_result
    if not result or not isinstance(result.get("perspectives"), dict):
        return None
    persp = result["perspectives"]
    keys = [p for p in measures.PERSPECTIVES if isinstance(persp.get(p), dict)]
    start = result.get("start_year") or 0
    rows = []
    for key in measures.TABLE:
        kind = measures.BY_KEY[key].kind
        values = [persp[c].get(key) for c in keys]
        if all(v is None for v in values) and key not in ("npv",):
            continue
        if kind == "year":
            values = [None if v is None else start + v for v in values]
        rows.append({"key": key, "label": measures.label(key), "kind": kind, "values": values})
    stored = simulations.stored(project)
    if stored is not None:
        prob = stored.prob_positive
    else:
        mc = (result.get("monte_carlo") or {}).get("perspectives") or {}
        prob = {c: (mc.get(c) or {}).get("prob_positive") for c in keys}
    if any(prob.get(c) is not None for c in keys):
        rows.append(
            {
                "key": "prob_positive",
                "label": measures.label("prob_positive"),
                "kind": "percent",
                "values": [prob.get(c) for c in keys],
            }
        )
    labels = measures.perspective_labels()
    by_key = {r["key"]: dict(zip(keys, r["values"], strict=True)) for r in rows}
    # the few figures at the top of the project page: NPV (municipal, societal) and the
    # municipal P(NPV > 0)
    key_figures = [
        {"label": f"{r['label']}, {str(labels[p]).lower()}", "kind": r["kind"], "value": v}
        for r, p in (
            (next((r for r in rows if r["key"] == "npv"), None), "municipal"),
            (next((r for r in rows if r["key"] == "npv"), None), "societal"),
            (next((r for r in rows if r["key"] == "prob_positive"), None), "municipal"),
        )
        if r is not None and (v := by_key[r["key"]].get(p)) is not None
    ]
    return {
        "key_figures": key_figures,
        "keys": keys,
        "columns": [labels[c] for c in keys],
        "rows": rows,
        "by_key": by_key,
        "start_year": result.get("start_year"),
        "horizon": result.get("horizon"),
        "discount_rate": result.get("discount_rate"),
    }
