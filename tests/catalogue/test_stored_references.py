"""A stored calculation that refers to the unit-cost catalogue (issue 15, item 3): saving
resolves the references against the organisation's catalogue and stores the reference,
the resolved (indexed) amount and the version of the catalogue part it used; the fund's
haircut table is written into a graded calculation; a later change of the catalogue never
changes the stored result but marks it ("katalogen har ändrats sedan beslutet"), and the
economist recalculates in one click with the history kept."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from socinv.catalogue import services as catalogue_services
from socinv.catalogue.selectors import as_core
from socinv.core.calc import calculate, parse
from socinv.core.calc.catalogue import (
    Catalogue,
    UnitCost,
    catalogue_from_dict,
    part_version,
    used_part,
)
from socinv.core.calc.evidence import haircut_line, with_haircut_table
from socinv.core.problems import Refused
from socinv.fund.models import SimulationSettings
from socinv.projects import simulations
from socinv.projects.models import Project, StoredCatalogue, StoredSimulation
from socinv.projects.services import (
    recalculate_with_catalogue,
    recompute_calculation,
    set_calculation,
)

CALC = """name = "Färre placeringar på HVB"
start_year = 2026
horizon = 3
discount_rate = 0.035
participants = [10]

[[stakeholders]]
id = "kommun/socialnamnd"
name = "Socialnämnden"
municipal = true
public = true

[[costs]]
label = "Behandlare"
stakeholder = "kommun/socialnamnd"
years = [0]
amount = 500000

[[outcomes]]
label = "Färre dygn på HVB"
evidence_grade = 3
cases_per_participant = 0.2
lag = 0
duration = 2

  [[outcomes.values]]
  stakeholder = "kommun/socialnamnd"
  amount = { unit_cost = "hvb-dygn", quantity = 90 }
  kind = "resource"
"""
INDEXED = 4200 * 114.9 / 106.1  # the unit's amount in 2026's prices


def _catalogue(personas, amount=4200):
    org, economist = personas.organisation, personas["economist"]
    catalogue_services.set_index(
        acting_user=economist, organisation=org, name="PKV", values={2023: 106.1, 2026: 114.9}
    )
    for code, value in (("hvb-dygn", amount), ("bup-besok", 3000)):
        catalogue_services.save_unit_cost(
            acting_user=economist,
            organisation=org,
            code=code,
            label="Placering på HVB" if code == "hvb-dygn" else "Besök på BUP",
            unit="dygn" if code == "hvb-dygn" else "besök",
            amount=value,
            price_year=2023,
            source="Egen uppföljning 2023",
        )


def _change(personas, code="hvb-dygn", amount=5000):
    item = as_core(personas.organisation).get(code)
    from socinv.catalogue.models import UnitCost as UnitCostRow

    row = UnitCostRow.objects.get(code=code, catalogue__organisation=personas.organisation)
    catalogue_services.save_unit_cost(
        acting_user=personas["economist"],
        organisation=personas.organisation,
        code=code,
        label=item.label,
        unit=item.unit,
        amount=amount,
        price_year=item.price_year,
        source=item.source,
        unit_cost=row,
    )


@pytest.fixture
def fast(personas):
    SimulationSettings.objects.create(fund=personas.fund, draws=1000, seed=1)
    return personas


def _save(personas, text=CALC):
    return set_calculation(
        acting_user=personas["economist"], project=personas.own_project, toml_text=text
    )


@pytest.mark.django_db
def test_saving_stores_the_reference_the_indexed_amount_and_the_catalogue_version(fast):
    _catalogue(fast)
    project = _save(fast)
    run = simulations.latest(project)
    part = StoredCatalogue.objects.get(simulation=run)
    assert [u["id"] for u in part.catalogue["unit_costs"]] == ["hvb-dygn"]  # only the used
    assert part.catalogue["index_values"] == {"2023": 106.1, "2026": 114.9}
    (use,) = part.uses
    assert use["field"] == "outcomes[0].values[0].amount"
    assert use["quantity"] == 90
    assert use["unit_amount"] == 4200
    assert use["indexed_unit_amount"] == pytest.approx(INDEXED)
    assert use["source"] == "Egen uppföljning 2023"
    assert part.version == part_version(part.catalogue)
    assert 'unit_cost = "hvb-dygn"' in project.calculation_toml  # the reference is kept
    written = calculate(
        parse(CALC.replace('{ unit_cost = "hvb-dygn", quantity = 90 }', repr(90 * INDEXED)))
    )
    for key, figures in written["perspectives"].items():
        assert run.result["perspectives"][key]["npv"] == pytest.approx(figures["npv"])


@pytest.mark.django_db
def test_the_funds_haircut_table_is_written_into_the_stored_calculation(fast):
    _catalogue(fast)
    table = {1: 0.5, 2: 0.35, 3: 0.25, 4: 0.1, 5: 0.0}
    catalogue_services.set_evidence_haircuts(
        acting_user=fast["economist"], fund=fast.fund, table=table
    )
    project = _save(fast)
    assert project.calculation_toml.startswith(haircut_line(table) + "\n")
    assert project.calculation_result["outcomes_adjusted"] == [
        {"outcome": 0, "grade": 3, "haircut": 0.25}
    ]
    own = "evidence_haircut = { 1 = 0.4, 2 = 0.3, 3 = 0.3, 4 = 0.1, 5 = 0.0 }\n" + CALC
    assert with_haircut_table(own, table) == own  # the calculation's own table wins
    ungraded = CALC.replace("evidence_grade = 3\n", "")
    assert with_haircut_table(ungraded, table) == ungraded


@pytest.mark.django_db
def test_a_changed_catalogue_marks_the_decided_project_and_changes_nothing_silently(fast):
    _catalogue(fast)
    project = _save(fast)
    Project.objects.filter(pk=project.pk).update(phase=Project.Phase.IMPLEMENTATION)
    project.refresh_from_db()
    before = project.calculation_result
    assert not simulations.stored(project).stale
    _change(fast, "bup-besok", 3500)  # not used by the calculation: no mark
    assert not simulations.stored(project).catalogue_changed
    _change(fast)
    current = simulations.stored(project)
    assert current.catalogue_changed and current.stale
    with translation.override("sv"):
        assert "katalogen har ändrats sedan beslutet" in current.stale_text().lower()
    project.refresh_from_db()
    assert project.calculation_result == before
    # recomputing with the running engine keeps the catalogue it was stored with
    recompute_calculation(acting_user=fast["economist"], project=project)
    project.refresh_from_db()
    assert project.calculation_result["unit_costs"] == before["unit_costs"]
    assert simulations.stored(project).catalogue_changed
    # the one click: today's catalogue
    run = recalculate_with_catalogue(acting_user=fast["economist"], project=project)
    assert run.reason == StoredSimulation.Reason.CATALOGUE
    assert run.result["unit_costs"][0]["indexed_unit_amount"] == pytest.approx(5000 * 114.9 / 106.1)
    assert not simulations.stored(project).stale
    assert StoredSimulation.objects.filter(project=project).count() == 3  # history kept
    assert StoredCatalogue.objects.filter(simulation__project=project).count() == 3


@pytest.mark.django_db
def test_the_project_page_marks_and_recalculates_in_one_click(fast):
    _catalogue(fast)
    project = _save(fast)
    Project.objects.filter(pk=project.pk).update(phase=Project.Phase.IMPLEMENTATION)
    _change(fast)
    c = Client()
    c.force_login(fast["economist"])
    page = c.get(reverse("projects:project", args=[project.pk])).content.decode()
    assert "Katalogen har ändrats sedan beslutet" in page
    assert 'id="stored-unit-costs"' in page and "Egen uppföljning 2023" in page
    editor = c.get(reverse("calculation:editor", args=[project.pk])).content.decode()
    assert "Katalogen har ändrats sedan beslutet" in editor
    r = c.post(reverse("projects:recalculate", args=[project.pk]))
    assert r.status_code == 302
    page = c.get(reverse("projects:project", args=[project.pk])).content.decode()
    assert "Katalogen har ändrats sedan beslutet" not in page


@pytest.mark.django_db
def test_only_who_may_change_the_calculation_recalculates(fast):
    _catalogue(fast)
    project = _save(fast)
    _change(fast)
    with pytest.raises(PermissionDenied):
        recalculate_with_catalogue(acting_user=fast["auditor"], project=project)
    assert StoredSimulation.objects.filter(project=project).count() == 1


@pytest.mark.django_db
def test_an_unknown_reference_is_refused_and_nothing_is_stored(fast):
    _catalogue(fast)
    with pytest.raises(Refused) as exc:
        _save(fast, CALC.replace('"hvb-dygn"', '"hvb-dyg"'))
    assert "hvb-dygn" in " ".join(r.message for r in exc.value.refusals)
    assert not StoredSimulation.objects.filter(project=fast.own_project).exists()


# --- the core: the part a calculation uses and its version --------------------------------
AMOUNTS = st.floats(min_value=0, max_value=1e6, allow_nan=False)


def _core(hvb: float, other: float, index_2026: float = 114.9) -> Catalogue:
    return Catalogue(
        "k",
        (
            UnitCost("hvb-dygn", "HVB", "dygn", hvb, 2023, "s"),
            UnitCost("bup-besok", "BUP", "besök", other, 2023, "s"),
        ),
        "PKV",
        {2023: 106.1, 2026: index_2026, 2030: 130.0},
    )


@given(AMOUNTS, AMOUNTS, AMOUNTS)
def test_the_version_follows_the_used_units_only(hvb, other, other2):
    data = parse_mapping()
    a = used_part(_core(hvb, other), data)
    b = used_part(_core(hvb, other2), data)
    assert part_version(a) == part_version(b)  # an unused unit changes nothing
    c = used_part(_core(hvb + 1, other), data)
    assert part_version(a) != part_version(c)
    assert list(a["index_values"]) == ["2023", "2026"]  # only the years that price it
    assert part_version(a) != part_version(used_part(_core(hvb, other, 120.0), data))


@given(
    st.floats(min_value=1, max_value=1e6, allow_nan=False),
    st.floats(min_value=0.5, max_value=1000, allow_nan=False),
)
def test_the_stored_part_resolves_like_the_whole_catalogue(hvb, quantity):
    text = CALC.replace("quantity = 90", f"quantity = {quantity!r}")
    whole = _core(hvb, 1.0)
    part = catalogue_from_dict(used_part(whole, parse_mapping(text)))
    assert calculate(parse(text, catalogue=part)) == calculate(parse(text, catalogue=whole))


def parse_mapping(text: str = CALC) -> dict:
    import tomllib

    return tomllib.loads(text)


# --- the editor: search, use, see the amount and source -------------------------------------
@pytest.mark.django_db
def test_the_editor_searches_uses_a_unit_cost_and_shows_its_amount_and_source(fast):
    _catalogue(fast)
    project = _save(fast, CALC.replace('{ unit_cost = "hvb-dygn", quantity = 90 }', "370000"))
    c = Client()
    c.force_login(fast["economist"])
    url = reverse("calculation:unit_cost_search", args=[project.pk])
    found = c.get(url, {"q": "plac hvb", "price_year": "2026"}).json()["results"]
    assert [r["id"] for r in found] == ["hvb-dygn"]
    assert found[0]["indexed"] == pytest.approx(INDEXED)
    assert found[0]["source"] == "Egen uppföljning 2023"
    assert c.get(url, {"q": "inget sådant"}).json()["results"] == []
    editor = reverse("calculation:editor", args=[project.pk])
    page = c.get(editor).content.decode()
    assert 'id="unit-cost-search"' in page and 'role="combobox"' in page
    form = _form_of(c, editor)
    form.update(
        {
            "action": "unit_cost:add",
            "units.new.unit_cost": "hvb-dygn",
            "units.new.quantity": "80",
            "units.new.quantity_high": "100",
            "units.new.field": "outcomes[0].values[0].amount",
        }
    )
    r = c.post(editor, form)
    text = r.content.decode().replace("\u00a0", " ")
    assert 'id="unit-cost-uses"' in text
    assert "Egen uppföljning 2023" in text
    assert f"{round(INDEXED):,}".replace(",", " ") + " kr per dygn i 2026 års priser" in text
    form = _form_of(c, editor, r)
    form["action"] = "save"
    assert c.post(editor, form).status_code == 302
    project.refresh_from_db()
    assert '{ unit_cost = "hvb-dygn", quantity = { dist = "uniform"' in project.calculation_toml
    assert "evidence_grade = 3" in project.calculation_toml  # the grade's select kept it
    (use,) = StoredCatalogue.objects.get(simulation=simulations.latest(project)).uses
    assert use["quantity"] == pytest.approx(90)  # the range's central value


def _form_of(c, url, response=None) -> dict:
    """Every named input, select and checked box of the page's calculation form."""
    import html
    import re

    text = (response or c.get(url)).content.decode()
    form = text[text.index('id="calc-form"') : text.index("</form>", text.index('id="calc-form"'))]
    data: dict = {}
    for m in re.finditer(r"<input([^>]*)>", form):
        attrs = dict(re.findall(r'(\w[\w.-]*)="([^"]*)"', m.group(1)))
        if "name" not in attrs or attrs.get("type") == "submit":
            continue
        if attrs.get("type") == "checkbox" and "checked" not in m.group(1):
            continue
        data.setdefault(html.unescape(attrs["name"]), []).append(
            html.unescape(attrs.get("value", ""))
        )
    for m in re.finditer(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', m.group(2))
        first = re.search(r'<option value="([^"]*)"', m.group(2))
        value = chosen.group(1) if chosen else (first.group(1) if first else "")
        data[html.unescape(m.group(1))] = [html.unescape(value)]
    return {k: v if len(v) > 1 else v[0] for k, v in data.items()}


# --- evidence grades: the evidence chain and the portfolio's profile -------------------------
def test_a_projects_grade_is_its_weakest_outcome_and_the_profile_sums_committed_money():
    from socinv.core.calc.evidence import evidence_profile, project_grade

    assert project_grade([3, None, 2, 5]) == 2
    assert project_grade([None]) is None and project_grade([]) is None
    profile = evidence_profile([(2, 100), (None, 50), (2, 25), (5, 1)])
    assert profile == {1: 0, 2: 125, 3: 0, 4: 0, 5: 1, None: 50}
    assert list(profile) == [1, 2, 3, 4, 5, None]


@pytest.mark.django_db
def test_the_evidence_chain_and_the_portfolio_show_the_grades(fast):
    from socinv.review.evidence import profile_rows
    from socinv.review.selectors import PortfolioRow

    _catalogue(fast)
    project = _save(fast)
    c = Client()
    c.force_login(fast["owner"])
    page = c.get(reverse("review:portfolio", args=[fast.fund.pk])).content.decode()
    assert 'id="evidence-profile"' in page and "Evidensprofil" in page
    with translation.override("sv"):
        rows = profile_rows([PortfolioRow(project, 1_000_000_00, 0, {})])
    assert [(r["grade"], r["committed"], r["projects"]) for r in rows][2] == ("3", 100_000_000, 1)
    assert rows[2]["meaning"] == "Vi har jämfört med en grupp som inte fick insatsen"
    assert rows[2]["share"] == 1.0 and rows[5]["committed"] == 0

    from socinv.applications.selectors import evidence_grades

    with translation.override("sv"):
        (row,) = evidence_grades(project)
    assert (row["label"], row["grade"], row["haircut"]) == ("Färre dygn på HVB", "3", 0.2)
    assert row["meaning"] == "Vi har jämfört med en grupp som inte fick insatsen"


@pytest.mark.django_db
def test_the_editor_keeps_a_triangular_quantity_and_removes_a_reference(fast):
    _catalogue(fast)
    triangular = '{ dist = "triangular", low = 60, mode = 90, high = 120 }'
    project = _save(fast, CALC.replace("quantity = 90", f"quantity = {triangular}"))
    c = Client()
    c.force_login(fast["economist"])
    editor = reverse("calculation:editor", args=[project.pk])
    form = _form_of(c, editor)
    assert "units[0].quantity_kept" in form
    form["action"] = "save"
    assert c.post(editor, form).status_code == 302
    project.refresh_from_db()
    assert 'dist = "triangular"' in project.calculation_toml
    assert "unit_cost" in project.calculation_toml
    form = _form_of(c, editor)
    form["action"] = "unit_cost:remove:0"
    page = c.post(editor, form).content.decode()
    assert 'id="unit-cost-uses"' not in page
