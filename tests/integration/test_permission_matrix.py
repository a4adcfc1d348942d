"""Every cell of the permission matrix in docs/permissions.md, checked against the rules.

The table is parsed from the document, so the document and the code cannot drift apart:
a changed rule fails here until the table says the same, and the other way round.

The cells are some 430 tests that only read: they share one set of personas
(``shared_personas`` in tests/conftest.py, made once for the module); each cell reads its user and object afresh from the database, so no
cached role carries over from one cell to the next."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from socinv.accounts.permissions import PERMISSIONS

DOC = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"
COLUMNS = {
    "adm": "administrator",
    "own": "owner",
    "eco": "economist",
    "pl": "project_leader",
    "eva": "evaluator",
    "aud": "auditor",
    "ext": "external",
    "out": "outsider",
    "oth": "other_owner",
}


def _tables() -> list[list[list[str]]]:
    tables, current = [], []
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("|"):
            current.append([c.strip() for c in line.strip().strip("|").split("|")])
        elif current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return tables


def _cells(table, has_object: bool):
    header = table[0]
    first_role = 2 if has_object else 1
    roles = [COLUMNS[c] for c in header[first_role:]]
    for row in table[2:]:
        perm = row[0]
        obj = row[1] if has_object else None
        for role, mark in zip(roles, row[first_role:], strict=True):
            assert mark in {"✓", "–"}, f"{perm} {role}: {mark!r}"
            yield pytest.param(perm, obj, role, mark == "✓", id=f"{perm}[{obj}]-{role}")


def _table(first_heading: str):
    """The doc's table whose first column is headed ``first_heading``."""
    (table,) = [t for t in _tables() if t[0][0] == first_heading]
    return table


OBJECT_CELLS = list(_cells(_table("permission"), has_object=True))
MODEL_CELLS = list(_cells(_table("model permission (no object)"), has_object=False))


def test_the_table_covers_every_object_permission():
    documented = {cell.values[0] for cell in OBJECT_CELLS}
    assert documented == set(PERMISSIONS)


def _fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


def _object(personas, name):
    return _fresh(
        {
            "organisation": personas.organisation,
            "fund": personas.fund,
            "own project": personas.own_project,
            "other project": personas.other_project,
            "application": personas.application,
        }[name]
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("perm", "obj", "role", "allowed"), OBJECT_CELLS)
def test_object_permission(shared_personas, perm, obj, role, allowed):
    user = _fresh(shared_personas[role])
    assert user.has_perm(perm, _object(shared_personas, obj)) is allowed


@pytest.mark.django_db
@pytest.mark.parametrize(("perm", "obj", "role", "allowed"), MODEL_CELLS)
def test_model_permission(shared_personas, perm, obj, role, allowed):
    assert _fresh(shared_personas[role]).has_perm(perm) is allowed


def _write_services() -> set[str]:
    """Every public function of ours taking a keyword-only ``acting_user`` (a write)."""
    src = Path(__file__).resolve().parents[2] / "src" / "socinv"
    found = set()
    for path in src.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        module = ".".join(path.relative_to(src).with_suffix("").parts)
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if (
                isinstance(node, ast.FunctionDef)
                and not node.name.startswith("_")
                and any(a.arg == "acting_user" for a in node.args.kwonlyargs)
            ):
                found.add(f"{module}.{node.name}")
    return found


def test_every_write_service_is_in_the_table_of_services():
    """A new write service gets its row (and so its permission) in docs/permissions.md."""
    documented = set()
    for row in _table("service")[2:]:
        names = [n.strip("` ") for n in row[0].split("(")[0].replace(";", ",").split(",")]
        module = ""
        for name in names:
            if "." in name:
                module, name = name.rsplit(".", 1)
            documented.add(f"{module}.{name}")
    assert _write_services() - documented == set()
