"""Each bound once, in ``socinv.core.limits``: the largest database integer (an id in the
API, a posted key in a form, a TOML integer), an xlsx row's cells, a dnr and a decision
body (one line, ``MAX_SHORT_TEXT``, in every app that keeps one), and no literal bound
left in the sources that cuts a file name or repeats 2**63 - 1."""

from __future__ import annotations

import re
from pathlib import Path

from django.apps import apps

import socinv
from socinv.core import limits
from socinv.io.measurements import sheets
from socinv.web import api, fields

SRC = Path(socinv.__file__).parent
ONE_LINE = {"dnr", "decision_dnr", "decision_body"}


def test_the_database_integer_and_the_row_width_are_bounded_once():
    assert api.MAX_ID is limits.MAX_DB_INT
    assert limits.MAX_TOML_INT is limits.MAX_DB_INT
    assert limits.MAX_DB_INT == 2**63 - 1
    assert sheets.MAX_ROW_CELLS is limits.MAX_ROW_CELLS


def test_every_dnr_and_decision_body_is_one_line():
    found = {}
    for model in apps.get_models():
        if not model.__module__.startswith("socinv.") or "historical" in model.__name__.lower():
            continue
        for field in model._meta.concrete_fields:
            dnr = "(dnr)" in str(field.verbose_name)
            if isinstance(field, fields.FreeCharField) and (field.name in ONE_LINE or dnr):
                found[f"{model._meta.label}.{field.name}"] = field.max_length
    assert {"review.Decision.dnr", "phases.GatePassage.decision_dnr"} <= set(found)
    assert {"fund.LedgerEntry.decision_dnr", "scaleup.ChangedDocument.reference"} <= set(found)
    assert {label: n for label, n in found.items() if n != limits.MAX_SHORT_TEXT} == {}


def test_no_literal_bound_is_left_in_the_sources():
    literal = re.compile(r"2\s*\*\*\s*63|\[:\s*255\s*\]|\[:\s*100\s*\]")
    hits = [
        f"{path.relative_to(SRC)}:{n}"
        for path in SRC.rglob("*.py")
        if path.name != "limits.py" and "migrations" not in path.parts
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if literal.search(line.split("#")[0])
    ]
    assert hits == []
