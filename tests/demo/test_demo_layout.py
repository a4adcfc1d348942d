"""Where the demo comes from: its calculations are read from files (the published examples
in one place, shipped with the package), and every app's part of it is a loader declared
on the app's AppConfig, called in the declared order."""

from __future__ import annotations

import fnmatch
import re
import tomllib
from pathlib import Path

import pytest
from django.apps import apps

import socinv
from socinv.demo import DEMO_USERS, Demo, calculations
from socinv.demo.services import PROJECTS, loaders
from socinv.web.hooks import declared

REPO = Path(__file__).resolve().parents[2]
PACKAGE = Path(socinv.__file__).resolve().parent


# The calculations ------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(calculations.ADAPTED))
def test_examples_in_the_repository_are_the_packages_files(key):
    name = calculations.ADAPTED[key].example
    in_repo = REPO / "examples" / name
    assert in_repo.is_symlink()
    assert in_repo.resolve() == (PACKAGE / "demo" / "examples" / name).resolve()
    assert in_repo.read_text(encoding="utf-8") == calculations.example(name)


def test_the_package_ships_every_calculation_file():
    """pyproject's package data names every TOML file the demo reads (an installed package
    has them too, not only a checkout)."""
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    globs = pyproject["tool"]["setuptools"]["package-data"]["socinv"]
    files = sorted((PACKAGE / "demo").rglob("*.toml"))
    assert len(files) == len(calculations.KEYS)
    for path in files:
        rel = path.relative_to(PACKAGE).as_posix()
        assert any(fnmatch.fnmatch(rel, g) for g in globs), rel


def test_every_demo_project_has_a_calculation_file_and_no_other():
    assert sorted(calculations.KEYS) == sorted(p.key for p in PROJECTS)
    assert calculations.LAXHJALP == calculations.calculation("laxhjalp")
    with pytest.raises(AttributeError):
        calculations.NOSUCHPROJECT  # noqa: B018


def _renamed(value, keys: dict[str, str]):
    """``value`` with every stakeholder id (``id``, ``stakeholder``) renamed by ``keys``."""
    if isinstance(value, dict):
        return {
            k: keys.get(v, v) if k in ("id", "stakeholder") else _renamed(v, keys)
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_renamed(v, keys) for v in value]
    return value


@pytest.mark.parametrize("key", sorted(calculations.ADAPTED))
def test_an_adapted_example_differs_only_in_start_year_name_and_keys(key):
    how = calculations.ADAPTED[key]
    text = calculations.calculation(key)
    example = tomllib.loads(calculations.example(how.example))
    declared_ids = {s["id"] for s in example["stakeholders"]}
    assert set(how.keys) <= declared_ids
    expected = _renamed(example, how.keys)
    expected["stakeholders"] = [
        s
        for s, original in zip(expected["stakeholders"], example["stakeholders"], strict=True)
        if how.keys.get(original["id"]) not in declared_ids  # merged into one it declares
    ]
    expected["start_year"] = how.start_year
    expected["name"] = how.name or example["name"]
    assert tomllib.loads(text) == expected
    assert example["start_year"] != how.start_year
    assert not text.startswith("#")  # the example's opening comment speaks of the file


# The loaders -----------------------------------------------------------------------------


def test_every_apps_demo_module_is_a_declared_loader():
    declared_paths = {path for _app, (_order, path) in declared("demo_loaders")}
    modules = {f"socinv.{path.parent.name}.demo.load" for path in PACKAGE.glob("*/demo.py")}
    assert declared_paths == modules
    for _app, (order, path) in declared("demo_loaders"):
        assert isinstance(order, int), path


def test_the_loaders_run_in_the_declared_order():
    orders = {path: order for _app, (order, path) in declared("demo_loaders")}
    found = [f"{f.__module__}.{f.__name__}" for f in loaders()]
    assert found == sorted(orders, key=orders.get)
    # the ledger first, the measurements before the gates, savings and the ex-post
    assert found.index("socinv.fund.demo.load") == 0
    for later in ("phases", "savings", "calculation"):
        assert found.index("socinv.followup.demo.load") < found.index(f"socinv.{later}.demo.load")


def test_the_demo_names_no_apps_demo_module_by_hand():
    source = (PACKAGE / "demo" / "services.py").read_text(encoding="utf-8")
    names = "|".join(config.label for config in apps.get_app_configs())
    assert not re.search(rf"socinv\.({names})\.demo|from socinv\.\w+ import demo", source)


def test_the_demo_context_finds_the_user_who_holds_a_role():
    users = {name: object() for name in DEMO_USERS}
    demo = Demo(organisation=None, fund=None, boards={}, users=users, projects={})
    assert demo.user("owner") is users["agare"]
    assert demo.user("project_leader") is users["projektledare"]
    with pytest.raises(ValueError):
        demo.user("superuser")
